package io.archipelago.engine.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulator over scarce stock: multi-unit, multi-line orders over a few units per product on 1..64 islands,
 * with crashes, checked against a single-threaded reference with one global stock (see
 * {@link Simulation#checkScarce()}). Rerun a failing seed alone with {@code -Dsim.seed=N}.
 * <p>
 * Runs only with {@code -Dsim.scarce=true}: the search's sold-out rule does not yet pass it. Over seeds 1..300
 * without crashes, orders on 27 or more islands (and seed 180 on 4) still wait until their deadline, because a
 * round asks every other island in turn and a single "units may come" answer starts it again; and on seeds 34, 195
 * and 243 a product is left with a unit or two more than the single-threaded reference leaves.
 */
@EnabledIfSystemProperty(named = "sim.scarce", matches = "true")
class ScarceStockSimulationTest
{
    private static final int SEEDS = Integer.getInteger("sim.scarceSeeds", 400);

    @Test
    void shouldSellEveryUnitThatCanBeSoldWithoutWaitingForDeadlines()
    {
        final Long only = Long.getLong("sim.seed");
        final long first = null == only ? 1 : only;
        final long last = null == only ? SEEDS : only;
        long confirmed = 0;
        long left = 0;
        long referenceLeft = 0;
        long slowest = 0;
        long slowestSeed = 0;
        long crashes = 0;
        long manyIslands = 0;
        for (long seed = first; seed <= last; seed++)
        {
            final Simulation simulation = new Simulation(seed, true);
            simulation.run();
            simulation.check();
            simulation.checkScarce();
            confirmed += simulation.confirmedOrders();
            left += simulation.unitsLeft();
            referenceLeft += simulation.referenceUnitsLeft;
            if (simulation.lastDecisionAfterInputMillis > slowest)
            {
                slowest = simulation.lastDecisionAfterInputMillis;
                slowestSeed = seed;
            }
            crashes += simulation.crashes;
            manyIslands += simulation.islandCount > 16 ? 1 : 0;
        }
        System.out.println("scarce stock: " + (last - first + 1) + " seeds, " + confirmed + " orders confirmed, " +
            left + " units left unsold (the reference leaves " + referenceLeft + "), " + crashes + " crashes, last decision at most " + slowest + " ms of journaled time after input (seed " +
            slowestSeed + ")");
        assertTrue(confirmed > 0, "the seeds confirmed orders");
        assertTrue(null != only || manyIslands > 0, "some seeds ran more than 16 islands");
    }
}
