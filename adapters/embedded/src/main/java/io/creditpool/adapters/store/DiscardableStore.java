package io.creditpool.adapters.store;

/**
 * A store that can be closed and emptied for good: the folder or schema an {@link StoreSettings#isolated isolated}
 * store was given. Scenario runs and tests use it; a shared store refuses.
 */
public interface DiscardableStore {
    /** Closes the store and removes everything in it. */
    void closeAndDiscard();
}
