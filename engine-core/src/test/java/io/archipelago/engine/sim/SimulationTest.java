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
        long firings = 0;
        final long[] holds = new long[4];
        for (long seed = first; seed <= last; seed++)
        {
            final Simulation simulation = new Simulation(seed);
            simulation.run();
            simulation.check();
            crashes += simulation.crashes;
            fromSnapshot += simulation.snapshotRecoveries;
            confirmed += simulation.confirmedOrders();
            events += simulation.eventsChecked;
            firings += simulation.firings;
            for (int i = 0; i < holds.length; i++)
            {
                holds[i] += simulation.holdEvents[i];
            }
        }
        assertTrue(null != only || crashes > 0, "the seeds exercised crashes");
        assertTrue(null != only || fromSnapshot > 0, "some crashes recovered from a snapshot");
        assertTrue(confirmed > 0, "the seeds confirmed orders");
        assertTrue(events > 0, "event logs were compared with their journals");
        if (null == only)
        {
            assertTrue(firings > 0, "users' timers fired");
            assertTrue(holds[0] > 0 && holds[1] > 0 && holds[2] > 0 && holds[3] > 0,
                "holds were held, confirmed, released and expired: " + java.util.Arrays.toString(holds));
        }
    }
}
