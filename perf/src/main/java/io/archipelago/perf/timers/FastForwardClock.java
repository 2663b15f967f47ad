package io.archipelago.perf.timers;

import org.agrona.concurrent.EpochClock;

/**
 * The system clock plus an offset that only grows: {@link #advance} moves the engine's journaled time forward at
 * once, so timers due hours ahead fall due now.
 */
final class FastForwardClock implements EpochClock
{
    private volatile long offsetMillis;

    @Override
    public long time()
    {
        return System.currentTimeMillis() + offsetMillis;
    }

    /**
     * @param millis how far to jump ahead, at least 0.
     */
    synchronized void advance(final long millis)
    {
        if (millis < 0)
        {
            throw new IllegalArgumentException("the clock only moves forward, not by " + millis + " ms");
        }
        offsetMillis += millis;
    }
}
