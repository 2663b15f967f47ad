package io.archipelago.engine.sim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deterministic simulator over many seeds. A failing seed is printed in the assertion message; rerun it alone
 * with {@code -Dsim.seed=N}.
 */
class SimulationTest
{
    private static final int SEEDS = Integer.getInteger("sim.seeds", 1_000);

    @Test
    void shouldKeepEveryInvariantOverManySeeds()
    {
        final Long only = Long.getLong("sim.seed");
        final long first = null == only ? 1 : only;
        final long last = null == only ? SEEDS : only;
        long crashes = 0;
        long fromSnapshot = 0;
        long confirmed = 0;
        long events = 0;
        for (long seed = first; seed <= last; seed++)
        {
            final Simulation simulation = new Simulation(seed);
            simulation.run();
            simulation.check();
            crashes += simulation.crashes;
            fromSnapshot += simulation.snapshotRecoveries;
            confirmed += simulation.confirmedOrders();
            events += simulation.eventsChecked;
        }
        assertTrue(null != only || crashes > 0, "the seeds exercised crashes");
        assertTrue(null != only || fromSnapshot > 0, "some crashes recovered from a snapshot");
        assertTrue(confirmed > 0, "the seeds confirmed orders");
        assertTrue(events > 0, "event logs were compared with their journals");
    }
}
