package io.archipelago.perf.bench;

import java.util.ArrayList;
import java.util.List;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import com.lmax.disruptor.RingBuffer;
import io.archipelago.router.PartitionRouter;

/**
 * The latency ceiling beside the engine: a bare Disruptor hand-off with the engine's shape and nothing else. One ring
 * per island ({@value #RING_SIZE} slots, multi-producer, {@link BlockingWaitStrategy} like the engine's default) and
 * one consumer thread per ring, whose handler completes the order at once (confirmed); an order goes to the ring of
 * its user's island (the engine's router), as in the engine. No journal, no logic, no reply buffering: what a stepped open-loop generator
 * measures against it is the cost of handing work to a parked thread on this machine.
 */
public final class HandOffService implements OrderService
{
    static final int RING_SIZE = 16_384;

    private final int islands;
    private final List<Disruptor<Slot>> disruptors = new ArrayList<>();
    private final List<RingBuffer<Slot>> rings = new ArrayList<>();
    private Workload workload;
    private PartitionRouter router;

    /**
     * One order in a ring.
     */
    private static final class Slot
    {
        int order;
        CompletionSink sink;
    }

    /**
     * @param islands rings (and consumer threads): the engine's island count in the run it is set beside.
     */
    public HandOffService(final int islands)
    {
        this.islands = islands;
    }

    @Override
    public String name()
    {
        return "handoff";
    }

    @Override
    public void start(final Workload workload)
    {
        this.workload = workload;
        this.router = new PartitionRouter(islands);
        final EventHandler<Slot> complete = (slot, sequence, endOfBatch) ->
        {
            final CompletionSink sink = slot.sink;
            slot.sink = null;
            sink.completed(slot.order, true);
        };
        for (int i = 0; i < islands; i++)
        {
            final Disruptor<Slot> disruptor = new Disruptor<>(Slot::new, RING_SIZE, DaemonThreadFactory.INSTANCE,
                ProducerType.MULTI, new BlockingWaitStrategy());
            disruptor.handleEventsWith(complete);
            rings.add(disruptor.start());
            disruptors.add(disruptor);
        }
    }

    @Override
    public void submit(final int order, final CompletionSink sink)
    {
        final RingBuffer<Slot> ring = rings.get(router.partitionOf(workload.login(order)));
        final long sequence = ring.next();
        try
        {
            final Slot slot = ring.get(sequence);
            slot.order = order;
            slot.sink = sink;
        }
        finally
        {
            ring.publish(sequence);
        }
    }

    @Override
    public void close()
    {
        for (final Disruptor<Slot> disruptor : disruptors)
        {
            disruptor.shutdown();
        }
    }
}
