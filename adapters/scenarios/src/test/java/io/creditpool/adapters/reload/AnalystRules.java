package io.creditpool.adapters.reload;

/** Rule files an analyst adds to a rules folder in the tests of reloading. */
public final class AnalystRules {
    /** A rule an analyst adds: no consumption above 100 credits at once (denied as over the member's limit). */
    public static final String CAP = """
            package io.creditpool.rules;

            import io.creditpool.rules.facts.Consumption;
            import io.creditpool.rules.facts.OverMemberLimit;

            rule "No consumption above 100 credits at once"
                agenda-group "classify"
            when
                Consumption( credits > 100 )
            then
                insertLogical( new OverMemberLimit() );
            end
            """;

    /** The same rule with a mistake on line 11 of its file. */
    public static final String BROKEN_CAP = CAP.replace("insertLogical( new OverMemberLimit() );",
            "new OverMemberLimit().neverExpire();");

    private AnalystRules() {
    }
}
