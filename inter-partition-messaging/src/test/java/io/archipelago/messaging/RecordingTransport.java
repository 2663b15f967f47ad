package io.archipelago.messaging;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.agrona.DirectBuffer;

/**
 * A transport that records every offer in order, takes or refuses on demand, and keeps acknowledgements per link.
 */
final class RecordingTransport implements LinkTransport
{
    /**
     * One call to {@link #offer}.
     *
     * @param source   the sending island.
     * @param target   the receiving island.
     * @param sequence the link sequence.
     * @param payload  a copy of the payload.
     * @param taken    whether the transport took it.
     */
    record Attempt(int source, int target, long sequence, byte[] payload, boolean taken)
    {
    }

    private final List<Attempt> attempts = new ArrayList<>();
    private final Map<Long, Long> acknowledged = new HashMap<>();
    private long acceptBudget = Long.MAX_VALUE;

    void acceptAll()
    {
        acceptBudget = Long.MAX_VALUE;
    }

    void refuseAll()
    {
        acceptBudget = 0;
    }

    /**
     * @param count offers to take before refusing every further one.
     */
    void acceptNext(final long count)
    {
        acceptBudget = count;
    }

    List<Attempt> attempts()
    {
        return attempts;
    }

    List<Attempt> taken()
    {
        final List<Attempt> taken = new ArrayList<>();
        for (final Attempt attempt : attempts)
        {
            if (attempt.taken())
            {
                taken.add(attempt);
            }
        }
        return taken;
    }

    List<Long> takenSequences(final int target)
    {
        final List<Long> sequences = new ArrayList<>();
        for (final Attempt attempt : taken())
        {
            if (attempt.target() == target)
            {
                sequences.add(attempt.sequence());
            }
        }
        return sequences;
    }

    List<Long> attemptedSequences()
    {
        final List<Long> sequences = new ArrayList<>();
        for (final Attempt attempt : attempts)
        {
            sequences.add(attempt.sequence());
        }
        return sequences;
    }

    void clear()
    {
        attempts.clear();
    }

    @Override
    public boolean offer(final int source, final int target, final long sequence, final DirectBuffer buffer,
        final int offset, final int length)
    {
        final boolean taken = acceptBudget > 0;
        if (taken && acceptBudget != Long.MAX_VALUE)
        {
            acceptBudget--;
        }
        attempts.add(new Attempt(source, target, sequence, Payloads.copy(buffer, offset, length), taken));
        return taken;
    }

    @Override
    public void acknowledge(final int source, final int target, final long sequence)
    {
        acknowledged.put(key(source, target), sequence);
    }

    @Override
    public long acknowledged(final int source, final int target)
    {
        return acknowledged.getOrDefault(key(source, target), 0L);
    }

    private static long key(final int source, final int target)
    {
        return ((long)source << 32) | (target & 0xFFFF_FFFFL);
    }
}
