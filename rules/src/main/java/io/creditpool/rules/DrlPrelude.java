package io.creditpool.rules;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adds what an analyst's DRL file may leave out: the {@code package} line and an {@code import} of every fact
 * Creditpool gives the rules. They go on the file's first line (or on its package line), so every line of the file
 * keeps its number and errors still point at the analyst's text.
 */
final class DrlPrelude {
    static final String PACKAGE = "io.creditpool.rules";
    /** The facts rules can name without importing them. */
    static final List<String> FACTS = List.of("AutoTopUpChange", "AutoTopUpState", "Consumption", "CycleGrant",
            "LowBalance", "OverGroupCap", "OverMemberLimit", "OverPool", "PlanParameters", "TopUpPurchase", "Verdict");

    private static final Pattern PACKAGE_LINE = Pattern.compile("(?m)^\\s*package\\s+[\\w.]+\\s*;?[ \\t]*$");

    private DrlPrelude() {
    }

    /** {@code drl} with its missing package and fact imports added, line numbers unchanged. */
    static String complete(String drl) {
        StringBuilder imports = new StringBuilder();
        for (String fact : FACTS) {
            if (!Pattern.compile("(?m)^\\s*import\\s+[\\w.]*\\b" + fact + "\\s*;?\\s*$").matcher(drl).find()) {
                imports.append(" import ").append(PACKAGE).append(".facts.").append(fact).append(';');
            }
        }
        Matcher pkg = PACKAGE_LINE.matcher(drl);
        if (pkg.find()) {
            String line = pkg.group().strip();
            return drl.substring(0, pkg.start()) + line + (line.endsWith(";") ? "" : ";") + imports
                    + drl.substring(pkg.end());
        }
        return "package " + PACKAGE + ";" + imports + " " + drl;
    }
}
