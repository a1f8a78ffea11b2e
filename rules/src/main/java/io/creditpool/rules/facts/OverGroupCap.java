package io.creditpool.rules.facts;

/** Derived: the consumption would take the member's group past its monthly cap. */
public final class OverGroupCap {
}
