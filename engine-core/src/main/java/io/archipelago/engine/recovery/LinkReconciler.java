package io.archipelago.engine.recovery;

import java.util.function.IntFunction;

import io.archipelago.engine.core.IslandCore;
import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.messaging.LinkTransport;

/**
 * Restarts delivery on links after islands were rebuilt. Replay regenerates each outbox with every message its island
 * ever sent; each link {@code s -> d} then restarts at the receiver's high-water mark + 1: what {@code d} journaled is
 * dropped, what it never journaled (it was still in its ring at a crash) is delivered again. The engine reconciles
 * every link after opening; the simulator reconciles the links of the island it crashed.
 */
public final class LinkReconciler
{
    private static final IntFunction<String> NAMED_BY_ISLAND = island -> "the journal of island " + island;

    private LinkReconciler()
    {
    }

    /**
     * Reconciles every link between the islands.
     *
     * @param cores     every island, by index.
     * @param transport the links.
     * @return per sender, messages it will deliver again.
     */
    public static long[] reconcileAll(final IslandCore[] cores, final LinkTransport transport)
    {
        return reconcileAll(cores, transport, NAMED_BY_ISLAND);
    }

    /**
     * Reconciles every link between the islands.
     *
     * @param cores       every island, by index.
     * @param transport   the links.
     * @param journalName names an island's journal in a refusal.
     * @return per sender, messages it will deliver again.
     * @throws IslandRefusedException when a receiver applied more than its sender ever sent: their journals disagree
     *                                (one was rolled back or replaced).
     */
    public static long[] reconcileAll(final IslandCore[] cores, final LinkTransport transport,
        final IntFunction<String> journalName)
    {
        final long[] redelivered = new long[cores.length];
        for (final IslandCore sender : cores)
        {
            for (final IslandCore receiver : cores)
            {
                if (sender != receiver)
                {
                    redelivered[sender.index()] += reconcile(sender.logic(), receiver.logic(), transport,
                        journalName);
                }
            }
        }
        return redelivered;
    }

    /**
     * Reconciles the links to and from one island that was rebuilt while the others kept running.
     *
     * @param island    the rebuilt island.
     * @param cores     every island, by index.
     * @param transport the links.
     */
    public static void reconcileIsland(final int island, final IslandCore[] cores, final LinkTransport transport)
    {
        for (final IslandCore other : cores)
        {
            if (other.index() != island)
            {
                reconcile(other.logic(), cores[island].logic(), transport, NAMED_BY_ISLAND);
                reconcile(cores[island].logic(), other.logic(), transport, NAMED_BY_ISLAND);
            }
        }
    }

    /**
     * Restarts one link at the receiver's high-water mark + 1.
     *
     * @return messages the sender will deliver again.
     */
    private static long reconcile(final InventoryLogic sender, final InventoryLogic receiver,
        final LinkTransport transport, final IntFunction<String> journalName)
    {
        final long highWaterMark = receiver.inbound().highWaterMark(sender.island());
        final long sent = sender.outbox().link(receiver.island()).nextSequence() - 1;
        if (highWaterMark > sent)
        {
            throw new IslandRefusedException(receiver.island(), journalName.apply(receiver.island()),
                IslandRefusedException.Kind.STATE_DIFFERS, "island " + receiver.island() + ": " +
                journalName.apply(receiver.island()) + " applied " + highWaterMark + " messages from island " +
                sender.island() + " but " + journalName.apply(sender.island()) + " sent only " + sent + "; one of " +
                "the two journals was rolled back or replaced, refusing to run on them");
        }
        try
        {
            sender.outbox().rewind(receiver.island(), highWaterMark + 1);
        }
        catch (final IllegalStateException ex)
        {
            throw new IslandRefusedException(receiver.island(), journalName.apply(receiver.island()),
                IslandRefusedException.Kind.MISSING_RECORDS, "island " + receiver.island() + ": " +
                journalName.apply(receiver.island()) + " applied only " + highWaterMark + " messages from island " +
                sender.island() + ", which already knew more of them delivered (" + ex.getMessage() + "); the " +
                "journal of island " + receiver.island() + " was rolled back or replaced, refusing to run on it");
        }
        transport.acknowledge(sender.island(), receiver.island(), highWaterMark);
        return unapplied(sender, receiver);
    }

    /**
     * @param sender   the sending island's state.
     * @param receiver the receiving island's state.
     * @return messages the sender has sent on the link that the receiver has not applied.
     */
    public static long unapplied(final InventoryLogic sender, final InventoryLogic receiver)
    {
        return sender.outbox().link(receiver.island()).nextSequence() - 1 -
            receiver.inbound().highWaterMark(sender.island());
    }
}
