package io.archipelago.perf.timers;

import io.archipelago.engine.logic.LogicOutput;
import io.archipelago.engine.model.ResultCode;

/**
 * Receives one island's replies and timer firings: counts replies that were not {@code SCHEDULED}, and notes the key
 * of every timer fired, in order, so that {@link #expectFiredInDueOrder} can check afterwards, outside the measured
 * time, that each fired once and in due order.
 */
final class FiringOutput implements LogicOutput
{
    private final TimerPlan plan;
    private final int[] firedKeys;
    private long scheduled;
    private long otherReplies;
    private ResultCode otherReply;
    private int fired;

    /**
     * @param plan the timers scheduled.
     */
    FiringOutput(final TimerPlan plan)
    {
        this.plan = plan;
        this.firedKeys = new int[plan.timers()];
    }

    @Override
    public void reply(final ResultCode result)
    {
        if (result == ResultCode.SCHEDULED)
        {
            scheduled++;
        }
        else
        {
            otherReplies++;
            otherReply = result;
        }
    }

    @Override
    public long deferReply()
    {
        throw new IllegalStateException("a timer's reply was deferred");
    }

    @Override
    public void replyDeferred(final long handle, final ResultCode result)
    {
    }

    @Override
    public void scheduleFired(final String login, final long key, final byte[] payload)
    {
        if (fired == firedKeys.length)
        {
            throw new IllegalStateException("more timers fired than were scheduled");
        }
        firedKeys[fired++] = (int)key;
    }

    /**
     * @throws IllegalStateException unless every timer of the plan fired exactly once, in due order.
     */
    void expectFiredInDueOrder()
    {
        if (fired != firedKeys.length)
        {
            throw new IllegalStateException(fired + " of " + firedKeys.length + " timers fired");
        }
        final boolean[] seen = new boolean[fired];
        long lastOffset = Long.MIN_VALUE;
        for (int i = 0; i < fired; i++)
        {
            final int key = firedKeys[i];
            final long offset = plan.offset(key);
            if (seen[key] || offset < lastOffset)
            {
                throw new IllegalStateException("timer " + key + " fired " + (seen[key] ? "twice" : "out of due order"));
            }
            seen[key] = true;
            lastOffset = offset;
        }
    }

    /**
     * @param expected timers that should have been scheduled.
     * @throws IllegalStateException when another reply came back or a reply is missing.
     */
    void expectScheduled(final long expected)
    {
        if (otherReplies != 0 || scheduled != expected)
        {
            throw new IllegalStateException(scheduled + " of " + expected + " timers scheduled; " + otherReplies +
                " other replies (last " + otherReply + ")");
        }
    }
}
