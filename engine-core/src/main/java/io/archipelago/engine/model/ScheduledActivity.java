package io.archipelago.engine.model;

/**
 * Holds and users' timers waiting on journaled time, on one island or summed over islands.
 *
 * @param heldHolds     holds covered and held, waiting for their confirm, release or expiry.
 * @param pendingTimers users' timers still to fire.
 * @param nextDue       the earliest time (epoch ms) a timer fires or a hold expires; {@link Long#MAX_VALUE} when
 *                      nothing waits.
 */
public record ScheduledActivity(long heldHolds, long pendingTimers, long nextDue)
{
    /** Nothing waits. */
    public static final ScheduledActivity NONE = new ScheduledActivity(0, 0, Long.MAX_VALUE);

    /**
     * @param other another island's.
     * @return both added up (the earlier next due time).
     */
    public ScheduledActivity plus(final ScheduledActivity other)
    {
        return new ScheduledActivity(heldHolds + other.heldHolds, pendingTimers + other.pendingTimers,
            Math.min(nextDue, other.nextDue));
    }
}
