package io.archipelago.engine.runtime;

import java.util.concurrent.CompletableFuture;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.ResultListener;

/**
 * The one way client threads put work into island rings. It owns the bounded claim protocol: a claim waits at most
 * the submit timeout for room, is refused at once when the island is closed or failed, and every claimed slot is
 * published (filled, or given back empty), so a ring never stalls on a slot nobody publishes.
 * <pre>
 *   long slot = publisher.claim(island);          // or REFUSED_CLOSED / REFUSED_OVERLOADED
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
    /** A claim refused because the island takes no more commands (closed, closing or failed). */
    public static final long REFUSED_CLOSED = -1;
    /** A claim refused because the ring stayed full for the submit timeout. */
    public static final long REFUSED_OVERLOADED = -2;

    private final Island[] islands;

    IngressPublisher(final Island[] islands)
    {
        this.islands = islands;
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
     * @return the slot, or {@link #REFUSED_CLOSED} / {@link #REFUSED_OVERLOADED}.
     */
    public long claim(final int partition)
    {
        final Island island = islands[partition];
        if (!island.takesCommands() || !island.beginSubmit())
        {
            return REFUSED_CLOSED;
        }
        final long slot = island.claim();
        if (slot < 0)
        {
            island.endSubmit();
            return island.isClosed() || null != island.failure() ? REFUSED_CLOSED : REFUSED_OVERLOADED;
        }
        return slot;
    }

    /**
     * @param claimed a refused claim.
     * @return the result a client is given for it.
     */
    public static ResultCode refusal(final long claimed)
    {
        return claimed == REFUSED_CLOSED ? ResultCode.CLOSED : ResultCode.OVERLOADED;
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
     * @return null when queued, else why not (closed or overloaded).
     */
    public String query(final int partition, final IslandQuery query)
    {
        final Island island = islands[partition];
        if (island.submitQuery(query))
        {
            return null;
        }
        return island.isClosed() ? "engine is closed" : null != island.failure() ?
            "island " + partition + " has failed" : "island " + partition + " is overloaded";
    }
}
