package io.archipelago.engine.sim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulator over scarce stock: multi-unit, multi-line orders over a few units per product on 1..64 islands,
 * with crashes, checked against a single-threaded reference with one global stock (see
 * {@link Simulation#checkScarce()}). Rerun a failing seed alone with {@code -Dsim.seed=N}.
 * <p>
 * Each step also checks that no order it rejects could have been completed from units free anywhere just before
 * ({@code -Dsim.checkFreeAtRejection=false} turns that off), and three seeds in four crash islands
 * ({@code -Dsim.scarceCrashes=false}). {@code -Dsim.scarceSeeds=N} runs seeds 1..N (400 by default).
 */
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
            if (!simulation.churn())
            {
                left += simulation.unitsLeft();
                referenceLeft += simulation.referenceUnitsLeft;
            }
            if (simulation.lastDecisionAfterInputMillis > slowest)
            {
                slowest = simulation.lastDecisionAfterInputMillis;
                slowestSeed = seed;
            }
            crashes += simulation.crashes;
            manyIslands += simulation.islandCount > 16 ? 1 : 0;
        }
        System.out.println("scarce stock: " + (last - first + 1) + " seeds, " + confirmed + " orders confirmed, " +
            left + " units left unsold where no order was cancelled and nothing restocked (the reference leaves " +
            referenceLeft + "), " + crashes + " crashes, last decision at most " + slowest + " ms of journaled time after input (seed " +
            slowestSeed + ")");
        assertTrue(confirmed > 0, "the seeds confirmed orders");
        assertTrue(null != only || manyIslands > 0, "some seeds ran more than 16 islands");
        assertTrue(null != only || !Simulation.SCARCE_CRASHES || crashes > 0, "some seeds crashed islands");
    }
}
