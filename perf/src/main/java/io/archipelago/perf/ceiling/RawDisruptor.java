package io.archipelago.perf.ceiling;

import java.util.concurrent.atomic.AtomicLong;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;

/**
 * The raw Disruptor hand-off under an island: one producer (the caller) and one consumer thread with a handler that
 * only adds a long, on a ring of {@value #RING_SIZE} like the engine's default.
 */
public final class RawDisruptor implements AutoCloseable
{
    /** Slots in the ring. */
    public static final int RING_SIZE = 16_384;

    private final SummingHandler handler = new SummingHandler();
    private final Disruptor<ValueEvent> disruptor;
    private final RingBuffer<ValueEvent> ring;

    /**
     * Starts the consumer.
     *
     * @param waitStrategy how the consumer waits for events.
     */
    public RawDisruptor(final WaitStrategy waitStrategy)
    {
        disruptor = new Disruptor<>(ValueEvent::new, RING_SIZE, DaemonThreadFactory.INSTANCE, ProducerType.SINGLE,
            waitStrategy);
        disruptor.handleEventsWith(handler);
        ring = disruptor.start();
    }

    /**
     * Publishes events without waiting for the consumer beyond what the ring's capacity requires.
     *
     * @param count events to publish.
     * @return the sequence of the last one.
     */
    public long publish(final int count)
    {
        final RingBuffer<ValueEvent> ring = this.ring;
        long sequence = ring.getCursor();
        for (int i = 0; i < count; i++)
        {
            sequence = ring.next();
            ring.get(sequence).value = i;
            ring.publish(sequence);
        }
        return sequence;
    }

    /**
     * Yields until the consumer has handled an event.
     *
     * @param sequence the event's sequence.
     * @return the consumer's running sum.
     */
    public long awaitConsumed(final long sequence)
    {
        final AtomicLong processed = handler.processed;
        while (processed.get() < sequence)
        {
            Thread.yield();
        }
        return handler.sum;
    }

    /**
     * Stops the consumer once it has handled every event published.
     */
    @Override
    public void close()
    {
        disruptor.shutdown();
    }

    /**
     * A ring slot.
     */
    static final class ValueEvent
    {
        long value;
    }

    /**
     * Adds each value; publishes how far it got at the end of each batch.
     */
    static final class SummingHandler implements EventHandler<ValueEvent>
    {
        final AtomicLong processed = new AtomicLong(-1);
        long sum;

        @Override
        public void onEvent(final ValueEvent event, final long sequence, final boolean endOfBatch)
        {
            sum += event.value;
            if (endOfBatch)
            {
                processed.lazySet(sequence);
            }
        }
    }
}
