package io.archipelago.tool.demo;

import java.util.concurrent.TimeUnit;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.model.Activity;

/**
 * Waits until the islands are quiet: no order pending, no search for units under way, every unit granted applied by
 * the island that asked, and the counters unchanged over several consecutive readings. Once every order is decided,
 * islands may still be exchanging transfer messages (a grant on its way, a search that has not yet given up). The
 * demo reads the stock and the transfer counters after this wait, so they describe the final state: nothing
 * reserved, nothing in flight, every grant counted.
 * <p>
 * A reading is one query per island that copies a few counters, so waiting costs next to nothing however many orders
 * the islands hold (comparing digests instead would hash every island's whole state on each reading).
 * {@link Archipelago#close()} itself waits until no order is pending, no search is under way and every link message
 * is acknowledged before it records the digests, so the digests at close do not depend on this wait; that is why the
 * limit is short.
 *
 * @param settled whether the islands went quiet before the time limit.
 * @param nanos   time spent waiting.
 */
record Quiescence(boolean settled, long nanos)
{
    static final long LIMIT_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static final long POLL_MILLIS = 20;
    private static final int QUIET_READINGS = 3;

    /**
     * @param engine          a running engine.
     * @return whether it went quiet, and how long that took.
     * @throws InterruptedException when interrupted while waiting.
     */
    static Quiescence await(final Archipelago engine) throws InterruptedException
    {
        final long start = System.nanoTime();
        Activity previous = engine.activity().join();
        int unchanged = 0;
        while (unchanged < QUIET_READINGS && System.nanoTime() - start < LIMIT_NANOS)
        {
            Thread.sleep(POLL_MILLIS);
            final Activity current = engine.activity().join();
            unchanged = current.idle() && current.equals(previous) ? unchanged + 1 : 0;
            previous = current;
        }
        return new Quiescence(unchanged >= QUIET_READINGS, System.nanoTime() - start);
    }
}
