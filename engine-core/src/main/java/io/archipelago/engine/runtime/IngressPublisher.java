package io.archipelago.engine.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.ResultListener;

/**
 * The one way work is put into island rings, and the one owner of the bounded claim protocol every producer uses
 * (client commands, queries, link messages, ticks and the close query): a claim waits at most its timeout for room,
 * parking with back-off (never spinning), and is refused at once when the island's lifecycle state does not take that
 * kind of input; every claimed slot is published (filled, or given back empty), so a ring never stalls on a slot
 * nobody publishes.
 * <pre>
 *   long slot = publisher.claim(island);          // or REFUSED_CLOSED / REFUSED_OVERLOADED / REFUSED_FAILED
 *   if (slot >= 0)
 *   {
 *       try { publisher.command(island, slot, listener, correlationId).placeOrder(...); }
 *       finally { publisher.publish(island, slot); }
 *   }
 * </pre>
 * Many client threads may publish at once; each ring is multi-producer.
 */
public final class IngressPublisher
{
    /** A claim refused because the island takes no more commands (closed or closing). */
    public static final long REFUSED_CLOSED = -1;
    /** A claim refused because the ring stayed full for the submit timeout. */
    public static final long REFUSED_OVERLOADED = -2;
    /** A claim refused because the island has failed. */
    public static final long REFUSED_FAILED = -3;
    /** A claim for a client command refused because the island's journal device is below its free-space floor. */
    public static final long REFUSED_STORAGE_FULL = -4;

    private static final long MIN_PARK_NANOS = 1_000;
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /**
     * Who claims a slot; the island's lifecycle state decides whom it takes.
     */
    enum Claimant
    {
        /** A client command; counted as a submission in progress. */
        COMMAND,
        /** A read-only query; counted as a submission in progress. */
        QUERY,
        /** A message from another island; never waits. */
        LINK,
        /** The ticker's wake-up; never waits. */
        TICK,
        /** The close query; counted as a submission in progress. */
        CLOSE
    }

    private final Island[] islands;

    IngressPublisher(final Island[] islands)
    {
        this.islands = islands;
    }

    /**
     * Claims a slot of an island's ring, parking with back-off while the ring is full, for at most
     * {@code timeoutNanos}; gives up at once when the island's state refuses the claimant (checked again after every
     * park, so a claim never outlives a close or a failure by more than one park). A claim by a counted claimant is a
     * submission in progress from the moment it starts until its slot is published, or until it is refused.
     *
     * @param island       the island.
     * @param claimant     who claims.
     * @param timeoutNanos longest wait for room; zero or less tries once.
     * @return the slot, or {@link #REFUSED_CLOSED} / {@link #REFUSED_OVERLOADED} / {@link #REFUSED_FAILED}.
     */
    static long claim(final Island island, final Claimant claimant, final long timeoutNanos)
    {
        final boolean counted = claimant == Claimant.COMMAND || claimant == Claimant.QUERY ||
            claimant == Claimant.CLOSE;
        if (counted)
        {
            island.beginSubmit();
        }
        final long slot = claimCounted(island, claimant, timeoutNanos);
        if (slot < 0 && counted)
        {
            island.endSubmit();
        }
        return slot;
    }

    private static long claimCounted(final Island island, final Claimant claimant, final long timeoutNanos)
    {
        final RingBuffer<IngressEvent> ring = island.ring();
        long deadline = 0;
        boolean waiting = false;
        long parkNanos = MIN_PARK_NANOS;
        while (true)
        {
            final long refusal = island.refusal(claimant);
            if (0 != refusal)
            {
                return refusal;
            }
            try
            {
                return ring.tryNext();
            }
            catch (final InsufficientCapacityException ignore)
            {
                final long now = System.nanoTime();
                if (!waiting)
                {
                    waiting = true;
                    deadline = now + timeoutNanos;
                }
                if (now - deadline >= 0)
                {
                    return REFUSED_OVERLOADED;
                }
                LockSupport.parkNanos(parkNanos);
                parkNanos = Math.min(parkNanos << 1, MAX_PARK_NANOS);
            }
        }
    }

    /**
     * @return the number of islands.
     */
    public int partitions()
    {
        return islands.length;
    }

    /**
     * Claims a ring slot of an island for a client command, waiting at most the submit timeout. On success the caller
     * must {@link #publish} the slot, filled or not.
     *
     * @param partition the island.
     * @return the slot, or {@link #REFUSED_CLOSED} / {@link #REFUSED_OVERLOADED} / {@link #REFUSED_FAILED} /
     *         {@link #REFUSED_STORAGE_FULL}.
     */
    public long claim(final int partition)
    {
        final Island island = islands[partition];
        return claim(island, Claimant.COMMAND, island.submitTimeoutNanos());
    }

    /**
     * @param claimed a refused claim.
     * @return the result a client is given for it.
     */
    public static ResultCode refusal(final long claimed)
    {
        return claimed == REFUSED_CLOSED ? ResultCode.CLOSED :
            claimed == REFUSED_FAILED ? ResultCode.ISLAND_FAILED :
            claimed == REFUSED_STORAGE_FULL ? ResultCode.STORAGE_FULL : ResultCode.OVERLOADED;
    }

    /**
     * Marks a claimed slot as a client command and returns the command to fill in place.
     *
     * @param partition     the island.
     * @param slot          a slot from {@link #claim}.
     * @param listener      receives the outcome.
     * @param correlationId passed back to the listener.
     * @return the slot's command, cleared.
     */
    public Command command(final int partition, final long slot, final ResultListener listener,
        final long correlationId)
    {
        final IngressEvent event = islands[partition].event(slot);
        event.kind = IngressEvent.COMMAND;
        event.listener = listener;
        event.correlationId = correlationId;
        return event.command;
    }

    /**
     * Publishes a claimed slot and ends the submission.
     *
     * @param partition the island.
     * @param slot      a slot from {@link #claim}.
     */
    public void publish(final int partition, final long slot)
    {
        final Island island = islands[partition];
        island.publish(slot);
        island.endSubmit();
    }

    /**
     * Sends a copy of one command to every island, all or nothing: when any island refuses the claim, the slots
     * already claimed are given back empty and nothing is applied.
     *
     * @param probe the command, validated.
     * @return the combined result of every island ({@link FanOutListener#combine}), or the refusal.
     */
    public CompletableFuture<ResultCode> toAll(final Command probe)
    {
        final FanOutListener listener = new FanOutListener(islands.length);
        final long[] slots = new long[islands.length];
        int claimed = 0;
        ResultCode refusal = null;
        for (; claimed < islands.length; claimed++)
        {
            final long slot = claim(claimed);
            if (slot < 0)
            {
                refusal = refusal(slot);
                break;
            }
            slots[claimed] = slot;
        }
        for (int i = 0; i < claimed; i++)
        {
            final IngressEvent event = islands[i].event(slots[i]);
            if (null == refusal)
            {
                event.kind = IngressEvent.COMMAND;
                event.command.copyFrom(probe);
                event.listener = listener;
            }
            else
            {
                event.clear();
            }
            publish(i, slots[i]);
        }
        return null == refusal ? listener.future() : CompletableFuture.completedFuture(refusal);
    }

    /**
     * Runs a read-only query on an island's thread, between inputs.
     *
     * @param partition the island.
     * @param query     what to run.
     * @param answer    completed exceptionally, naming the island and the cause, if the island fails before the
     *                  query runs; may be {@code null}.
     * @return null when queued, else why not (closed, failed or overloaded).
     */
    public String query(final int partition, final IslandQuery query, final CompletableFuture<?> answer)
    {
        final Island island = islands[partition];
        final long slot = claim(island, Claimant.QUERY, island.submitTimeoutNanos());
        if (slot >= 0)
        {
            final IngressEvent event = island.event(slot);
            event.kind = IngressEvent.QUERY;
            event.query = query;
            event.answer = answer;
            publish(partition, slot);
            return null;
        }
        return slot == REFUSED_CLOSED ? "engine is closed" : slot == REFUSED_FAILED ? island.failureMessage() :
            "island " + partition + " is overloaded";
    }
}
