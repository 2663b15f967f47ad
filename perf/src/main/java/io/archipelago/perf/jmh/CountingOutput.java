package io.archipelago.perf.jmh;

import io.archipelago.engine.logic.LogicOutput;
import io.archipelago.engine.model.ResultCode;

/**
 * A {@link LogicOutput} that counts replies by result, and users' timers fired, so a benchmark can check after each
 * iteration that every input took the path it means to measure. Deferred replies are not expected: a deferral is
 * counted as a failure.
 */
final class CountingOutput implements LogicOutput
{
    private final long[] counts = new long[ResultCode.values().length];
    private long deferred;
    private long fired;
    private ResultCode last;

    @Override
    public void reply(final ResultCode result)
    {
        counts[result.ordinal()]++;
        last = result;
    }

    @Override
    public long deferReply()
    {
        deferred++;
        return 0;
    }

    @Override
    public void replyDeferred(final long handle, final ResultCode result)
    {
    }

    @Override
    public void scheduleFired(final String login, final long key, final byte[] payload)
    {
        fired++;
    }

    long fired()
    {
        return fired;
    }

    long count(final ResultCode result)
    {
        return counts[result.ordinal()];
    }

    ResultCode last()
    {
        return last;
    }

    /**
     * @param expected the only result every reply should have had.
     * @throws IllegalStateException when another result or a deferral was seen.
     */
    void expectOnly(final ResultCode expected)
    {
        for (final ResultCode code : ResultCode.values())
        {
            if (code != expected && counts[code.ordinal()] != 0)
            {
                throw new IllegalStateException(counts[code.ordinal()] + " replies were " + code + ", expected " +
                    "only " + expected);
            }
        }
        if (deferred != 0)
        {
            throw new IllegalStateException(deferred + " replies were deferred");
        }
    }
}
