package io.archipelago.tool;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.archipelago.engine.Archipelago;

/**
 * Waits until the islands are quiet: every island's digest unchanged over several consecutive readings. Once every
 * order is decided, islands may still be exchanging transfer messages; closing in the middle of that leaves messages
 * in outboxes that recovery delivers after the next open, so the state after reopening would differ from the state at
 * close for reasons that have nothing to do with replay. Waiting first makes the digests at close a fair reference.
 *
 * @param settled whether the islands went quiet before the time limit.
 * @param nanos   time spent waiting.
 */
record Quiescence(boolean settled, long nanos)
{
    static final long LIMIT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long POLL_MILLIS = 20;
    private static final int QUIET_READINGS = 3;

    /**
     * @param engine a running engine.
     * @return whether it went quiet, and how long that took.
     * @throws InterruptedException when interrupted while waiting.
     */
    static Quiescence await(final Archipelago engine) throws InterruptedException
    {
        final long start = System.nanoTime();
        List<String> previous = engine.digests();
        int unchanged = 0;
        while (unchanged < QUIET_READINGS && System.nanoTime() - start < LIMIT_NANOS)
        {
            Thread.sleep(POLL_MILLIS);
            final List<String> current = engine.digests();
            unchanged = current.equals(previous) ? unchanged + 1 : 0;
            previous = current;
        }
        return new Quiescence(unchanged >= QUIET_READINGS, System.nanoTime() - start);
    }
}
