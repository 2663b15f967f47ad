package io.archipelago.engine.runtime;

import io.archipelago.engine.logic.InventoryLogic;

/**
 * A read-only look at an island's state, run on the island's thread between inputs. Not journaled.
 */
@FunctionalInterface
public interface IslandQuery
{
    /**
     * @param logic    the island's state; must not be changed.
     * @param sequence the island sequence of the last input applied.
     */
    void run(InventoryLogic logic, long sequence);
}
