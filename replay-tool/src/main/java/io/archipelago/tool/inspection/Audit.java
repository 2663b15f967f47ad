package io.archipelago.tool.inspection;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.CommandType;
import io.archipelago.engine.codec.RecordCodec;
import io.archipelago.engine.invariants.Invariants;
import io.archipelago.engine.invariants.JournalLinks;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.journal.JournalReader;
import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.engine.logic.Order;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.ProductView;
import io.archipelago.engine.recovery.CleanShutdownFile;
import io.archipelago.engine.recovery.OfflineReplay.IslandState;
import io.archipelago.engine.recovery.IslandRefusedException;
import io.archipelago.engine.recovery.OfflineReplay;
import io.archipelago.messaging.LinkOutbox;
import io.archipelago.tool.ExitCodes;
import io.archipelago.tool.ToolException;

/**
 * The checks of {@code archipelago audit}: the invariants of the design, from the journals alone.
 * <ul>
 *   <li><b>links</b>: each island's journal holds the link messages of each other island numbered {@code 1..n},
 *   each once ({@link JournalLinks}); no island applied a message its sender never sent; every message sent and not
 *   applied is still held in the sender's outbox;</li>
 *   <li><b>allocations</b>: no island's allocation, reservation, held, sales or transfer counts are negative, and
 *   each island's units balance ({@code available + reserved + held + sold == received + transferredIn -
 *   transferredOut});</li>
 *   <li><b>conservation</b>: per product, over every island, {@code available + reserved + held + sold + in flight
 *   == received} (units created and restocked), where held is the units of held holds and in flight is the units
 *   of the grants held in the senders' outboxes beyond what the receivers applied, and equals
 *   {@code transferredOut - transferredIn};</li>
 *   <li><b>orders</b>: no order is still pending after its deadline passed before the island's last journaled
 *   time, and each island's sold, reserved and held units are what its orders and holds account for; orders pending
 *   with their deadline ahead are listed, not counted as violations;</li>
 *   <li><b>timers</b>: no held hold outlives its expiry and no user's timer is left behind: nothing in an island's
 *   timer wheel is due at or before the last tick it applied ({@link Invariants#checkTimers()}); the holds still
 *   held are listed with their expiry.</li>
 * </ul>
 * The checks are engine-core's {@link Invariants}, the ones the simulator and the crash tests run; this class adds
 * only what they do not do: the units of the grants held in the senders' outboxes must equal each product's
 * transferred out minus transferred in, and the pending orders whose deadline is ahead and the holds still held are
 * listed.
 * State is rebuilt read-only by {@link OfflineReplay} from whole journals: the journals are the record, and a snapshot
 * that does not belong to its journal must not hide what the journal says. A journal the logic refuses to apply (a
 * link message out of order, say) is itself a violation ({@code replay_failed}); then only the link scan's findings
 * are reported. The journals are read once more, read-only, for the link scan.
 */
public final class Audit
{
    private Audit()
    {
    }

    /**
     * @param data    the data directory.
     * @param threads threads for the journal scans and the replay.
     * @return what the audit found.
     * @throws ToolException with exit code 2 when a journal or clean-shutdown record is damaged.
     */
    public static AuditReport run(final ReadOnlyDataDirectory data, final int threads)
    {
        for (int partition = 0; partition < data.partitions(); partition++)
        {
            final Path cleanShutdown = data.layout().cleanShutdown(partition);
            data.read(() -> CleanShutdownFile.read(cleanShutdown));
        }
        final List<JournalLinks> scans = scanAll(data, threads);
        long linkMessages = 0;
        for (final JournalLinks scan : scans)
        {
            linkMessages += scan.messages();
        }

        final List<IslandState> islands;
        try
        {
            islands = OfflineReplay.replay(data.directory(), threads, false, OfflineReplay.defaultStrategy(), null);
        }
        catch (final IslandRefusedException ex)
        {
            throw ReadOnlyDataDirectory.unreadable(data.directory(), ex);
        }
        catch (final IllegalStateException ex)
        {
            final List<Violation> violations = new ArrayList<>();
            for (final JournalLinks scan : scans)
            {
                scan.violations().forEach(violation -> violations.add(Violation.of(violation)));
            }
            violations.add(new Violation("replay_failed", null, null, "the logic refuses the journals, so " +
                "allocations, conservation and orders were not checked: " + ex.getMessage()));
            return new AuditReport(data.directory(), data.partitions(), false, 0, 0, linkMessages, 0, 0, 0, 0, 0,
                List.copyOf(violations), List.of(), List.of());
        }
        catch (final RuntimeException ex)
        {
            if (ReadOnlyDataDirectory.isUnreadableInput(ex))
            {
                throw ReadOnlyDataDirectory.unreadable(data.directory(), ex);
            }
            throw ex;
        }
        data.trusted(islands);

        final List<InventoryLogic> logics = new ArrayList<>(islands.size());
        islands.forEach(island -> logics.add(island.logic()));
        final Invariants invariants = Invariants.of(logics)
            .checkLinks()
            .checkAllocations()
            .checkConservation()
            .checkDeadlines(scans)
            .checkJournals(scans)
            .checkOrders()
            .checkTimers();
        final List<Violation> violations = new ArrayList<>();
        invariants.violations().forEach(violation -> violations.add(Violation.of(violation)));

        final Map<Long, long[]> unitsOnLinksByProduct = new TreeMap<>();
        final long held = heldMessages(logics, unitsOnLinksByProduct);
        final TreeSet<Long> products = new TreeSet<>();
        for (final InventoryLogic logic : logics)
        {
            for (final long productId : logic.productIdsSorted())
            {
                products.add(productId);
            }
        }
        long created = 0;
        long inFlight = 0;
        long unitsHeld = 0;
        for (final long productId : products)
        {
            final ProductView total = invariants.total(productId);
            final long[] linkUnits = unitsOnLinksByProduct.get(productId);
            final long unitsOnLinks = null == linkUnits ? 0 : linkUnits[0];
            created += total.created();
            inFlight += unitsOnLinks;
            unitsHeld += total.held();
            if (total.inFlight() != unitsOnLinks)
            {
                violations.add(Violation.ofProduct("conservation", productId, "the grants held in the senders' " +
                    "outboxes beyond what the receivers applied carry " + unitsOnLinks + " units but the islands " +
                    "count transferred out - transferred in = " + total.inFlight()));
            }
        }
        for (final Map.Entry<Long, long[]> entry : unitsOnLinksByProduct.entrySet())
        {
            if (!products.contains(entry.getKey()))
            {
                violations.add(Violation.ofProduct("conservation", entry.getKey(), entry.getValue()[0] +
                    " units are in flight between islands for a product no island knows"));
            }
        }

        final List<AuditReport.PendingOrder> pending = new ArrayList<>();
        final long orders = pendingBeforeDeadline(islands, scans, pending);
        final List<AuditReport.HeldHold> holds = new ArrayList<>();
        long timers = 0;
        for (final InventoryLogic logic : logics)
        {
            heldHolds(logic, holds);
            timers += logic.scheduledCount();
        }
        return new AuditReport(data.directory(), data.partitions(), true, products.size(), orders, linkMessages,
            held, created, inFlight, unitsHeld, timers, List.copyOf(violations), List.copyOf(pending),
            List.copyOf(holds));
    }

    /**
     * Lists the island's held holds in the order their expiries fire: the hold expiries in its timer wheel.
     */
    private static void heldHolds(final InventoryLogic logic, final List<AuditReport.HeldHold> holds)
    {
        logic.forEachScheduled((login, key, due, payload) ->
        {
            if (null == payload)
            {
                holds.add(new AuditReport.HeldHold(logic.island(), login, key, due));
            }
        });
    }

    private static List<JournalLinks> scanAll(final ReadOnlyDataDirectory data, final int threads)
    {
        final int partitions = data.partitions();
        final ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, partitions)), r ->
        {
            final Thread thread = new Thread(r, "archipelago-audit-scan");
            thread.setDaemon(true);
            return thread;
        });
        try
        {
            final List<Future<JournalLinks>> futures = new ArrayList<>(partitions);
            for (int partition = 0; partition < partitions; partition++)
            {
                final int island = partition;
                futures.add(pool.submit(() -> data.read(() -> scan(data, island))));
            }
            final List<JournalLinks> scans = new ArrayList<>(partitions);
            for (final Future<JournalLinks> future : futures)
            {
                scans.add(join(future));
            }
            return scans;
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    private static <T> T join(final Future<T> future)
    {
        try
        {
            return future.get();
        }
        catch (final ExecutionException ex)
        {
            if (ex.getCause() instanceof RuntimeException runtime)
            {
                throw runtime;
            }
            throw new IllegalStateException(ex.getCause());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new ToolException(ExitCodes.CHECK_FAILED, "interrupted while scanning journals", ex);
        }
    }

    private static JournalLinks scan(final ReadOnlyDataDirectory data, final int partition)
    {
        try (Journal journal = data.openJournal(partition); JournalReader reader = journal.reader())
        {
            return JournalLinks.scan(partition, data.partitions(), reader);
        }
    }

    /**
     * The messages sent and not yet applied on every link, and the units of the grants among them: in flight.
     */
    private static long heldMessages(final List<InventoryLogic> islands, final Map<Long, long[]> unitsOnLinksByProduct)
    {
        final Command message = new Command();
        long held = 0;
        for (final InventoryLogic sender : islands)
        {
            for (final InventoryLogic receiver : islands)
            {
                if (sender == receiver)
                {
                    continue;
                }
                final LinkOutbox link = sender.outbox().link(receiver.island());
                final long sent = link.nextSequence() - 1;
                final long applied = receiver.inbound().highWaterMark(sender.island());
                if (applied >= sent)
                {
                    continue;
                }
                held += sent - applied;
                link.forEach(applied + 1, (to, sequence, buffer, offset, length) ->
                {
                    if (RecordCodec.decodeLinkPayload(buffer, offset, message) == CommandType.TRANSFER_GRANT)
                    {
                        unitsOnLinksByProduct.computeIfAbsent(message.productId(), id -> new long[1])[0] +=
                            message.units();
                    }
                });
            }
        }
        return held;
    }

    /**
     * Lists the orders still pending whose deadline is ahead of their island's last journaled time (those past it are
     * {@code order_past_deadline} violations).
     *
     * @return the orders held over every island.
     */
    private static long pendingBeforeDeadline(final List<IslandState> islands, final List<JournalLinks> scans,
        final List<AuditReport.PendingOrder> pending)
    {
        long orders = 0;
        for (final IslandState island : islands)
        {
            final InventoryLogic logic = island.logic();
            final long lastTimestamp = scans.get(island.partition()).lastTimestamp();
            for (final String login : logic.loginsSorted())
            {
                for (final long orderId : logic.orderIdsSorted(login))
                {
                    orders++;
                    if (logic.orderState(login, orderId) != OrderState.PENDING)
                    {
                        continue;
                    }
                    final Order order = logic.order(login, orderId);
                    if (order.deadline() >= lastTimestamp)
                    {
                        pending.add(new AuditReport.PendingOrder(island.partition(), login, orderId,
                            order.deadline()));
                    }
                }
            }
        }
        return orders;
    }
}
