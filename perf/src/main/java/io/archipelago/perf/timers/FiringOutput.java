package io.archipelago.perf.timers;

import io.archipelago.engine.logic.LogicOutput;
import io.archipelago.engine.model.ResultCode;

/**
 * Receives one island's replies and timer firings: counts replies that were not {@code SCHEDULED}, counts firings,
 * and checks that timers fire in due order (the due time of a fired key comes from the plan).
 */
final class FiringOutput implements LogicOutput
{
    private final TimerPlan plan;
    private final long start;
    private long scheduled;
    private long otherReplies;
    private ResultCode otherReply;
    private long fired;
    private long lastDue = Long.MIN_VALUE;

    /**
     * @param plan  the timers scheduled.
     * @param start the time their offsets count from.
     */
    FiringOutput(final TimerPlan plan, final long start)
    {
        this.plan = plan;
        this.start = start;
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
        final long due = start + plan.offset((int)key);
        if (due < lastDue)
        {
            throw new IllegalStateException("timer " + key + " due at " + due + " fired after one due at " + lastDue);
        }
        lastDue = due;
        fired++;
    }

    long fired()
    {
        return fired;
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
