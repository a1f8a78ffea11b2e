package io.creditpool.rules.facts;

/** Derived: the consumption would take the member past their monthly limit. */
public final class OverMemberLimit {
}
