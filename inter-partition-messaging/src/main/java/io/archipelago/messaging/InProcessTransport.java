package io.archipelago.messaging;

import java.util.concurrent.atomic.AtomicLongArray;

import org.agrona.DirectBuffer;

/**
 * Links between islands of one process: an offer hands the message straight to the target's {@link LinkReceiver}
 * (its ingress ring), and acknowledgements are published in a shared matrix of sequence numbers.
 */
public final class InProcessTransport implements LinkTransport
{
    private final int islands;
    private final LinkReceiver[] receivers;
    private final AtomicLongArray acknowledged;

    /**
     * @param islands how many islands take part.
     */
    public InProcessTransport(final int islands)
    {
        if (islands < 1)
        {
            throw new IllegalArgumentException("islands must be positive, was " + islands);
        }
        this.islands = islands;
        this.receivers = new LinkReceiver[islands];
        this.acknowledged = new AtomicLongArray(islands * islands);
    }

    /**
     * @param island   an island.
     * @param receiver its ingress; must be set before any message is offered to it.
     */
    public void register(final int island, final LinkReceiver receiver)
    {
        checkIsland(island);
        receivers[island] = receiver;
    }

    @Override
    public boolean offer(final int source, final int target, final long sequence, final DirectBuffer buffer,
        final int offset, final int length)
    {
        checkIsland(target);
        final LinkReceiver receiver = receivers[target];
        return null != receiver && receiver.tryReceive(source, sequence, buffer, offset, length);
    }

    @Override
    public void acknowledge(final int source, final int target, final long sequence)
    {
        acknowledged.lazySet(link(source, target), sequence);
    }

    @Override
    public long acknowledged(final int source, final int target)
    {
        return acknowledged.get(link(source, target));
    }

    private int link(final int source, final int target)
    {
        checkIsland(source);
        checkIsland(target);
        return source * islands + target;
    }

    private void checkIsland(final int island)
    {
        if (island < 0 || island >= islands)
        {
            throw new IllegalArgumentException("island " + island + " outside [0, " + islands + ")");
        }
    }
}
