package io.creditpool.rules.facts;

/** Derived: the consumption asks for more than the pool holds. */
public final class OverPool {
}
