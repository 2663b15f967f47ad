package io.archipelago.tool.inspection;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.CommandType;
import io.archipelago.engine.codec.RecordCodec;
import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.engine.logic.Order;
import io.archipelago.engine.logic.Product;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.recovery.CleanShutdownFile;
import io.archipelago.engine.recovery.OfflineReplay.IslandState;
import io.archipelago.engine.recovery.IslandRefusedException;
import io.archipelago.engine.recovery.OfflineReplay;
import io.archipelago.messaging.LinkOutbox;
import io.archipelago.tool.commands.ExitCodes;
import io.archipelago.tool.commands.ToolException;

/**
 * The checks of {@code archipelago audit}: the invariants of the design, from the journals alone.
 * <ul>
 *   <li><b>links</b>: each island's journal holds the link messages of each other island numbered {@code 1..n},
 *   each once ({@link LinkScan}); no island applied a message its sender never sent; every message sent and not
 *   applied is still held in the sender's outbox;</li>
 *   <li><b>allocations</b>: no island's allocation, reservation, sales or transfer counts are negative, and each
 *   island's units balance ({@code available + reserved + sold == received + transferredIn - transferredOut});</li>
 *   <li><b>conservation</b>: per product, over every island, {@code available + reserved + sold + in flight ==
 *   received} (units created and restocked), where in flight is the units of the grants held in the senders'
 *   outboxes beyond what the receivers applied, and equals {@code transferredOut - transferredIn};</li>
 *   <li><b>orders</b>: no order is still pending after its deadline passed before the island's last journaled
 *   time; orders pending with their deadline ahead are listed, not counted as violations.</li>
 * </ul>
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
        final List<LinkScan> scans = scanAll(data, threads);
        final List<Violation> violations = new ArrayList<>();
        for (final LinkScan scan : scans)
        {
            violations.addAll(scan.violations());
        }
        long linkMessages = 0;
        for (final LinkScan scan : scans)
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
            violations.add(new Violation("replay_failed", null, null, "the logic refuses the journals, so " +
                "allocations, conservation and orders were not checked: " + ex.getMessage()));
            return new AuditReport(data.directory(), data.partitions(), false, 0, 0, linkMessages, 0, 0, 0,
                List.copyOf(violations), List.of());
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
        final Map<Long, long[]> inFlightByProduct = new TreeMap<>();
        final long[] held = new long[1];
        checkLinks(islands, violations, inFlightByProduct, held);
        final Map<Long, ProductTotals> products = checkAllocations(islands, violations);
        long created = 0;
        long inFlight = 0;
        for (final Map.Entry<Long, ProductTotals> entry : products.entrySet())
        {
            final long productId = entry.getKey();
            final ProductTotals totals = entry.getValue();
            final long[] linkUnits = inFlightByProduct.get(productId);
            final long unitsOnLinks = null == linkUnits ? 0 : linkUnits[0];
            created += totals.received;
            inFlight += unitsOnLinks;
            totals.check(productId, unitsOnLinks, violations);
        }
        for (final Map.Entry<Long, long[]> entry : inFlightByProduct.entrySet())
        {
            if (!products.containsKey(entry.getKey()))
            {
                violations.add(Violation.ofProduct("conservation", entry.getKey(), entry.getValue()[0] +
                    " units are in flight between islands for a product no island knows"));
            }
        }

        final List<AuditReport.PendingOrder> pending = new ArrayList<>();
        final long orders = checkOrders(islands, scans, violations, pending);
        return new AuditReport(data.directory(), data.partitions(), true, products.size(), orders, linkMessages,
            held[0], created, inFlight, List.copyOf(violations), List.copyOf(pending));
    }

    private static List<LinkScan> scanAll(final ReadOnlyDataDirectory data, final int threads)
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
            final List<Future<LinkScan>> futures = new ArrayList<>(partitions);
            for (int partition = 0; partition < partitions; partition++)
            {
                final int island = partition;
                futures.add(pool.submit(() -> data.read(() -> LinkScan.scan(data, island))));
            }
            final List<LinkScan> scans = new ArrayList<>(partitions);
            for (final Future<LinkScan> future : futures)
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

    /**
     * Sender against receiver on every link: nothing applied that was not sent, nothing sent and not applied that is
     * no longer held; the units of grants held beyond the receiver's high-water mark are in flight.
     */
    private static void checkLinks(final List<IslandState> islands, final List<Violation> violations,
        final Map<Long, long[]> inFlightByProduct, final long[] held)
    {
        final Command message = new Command();
        for (final IslandState sender : islands)
        {
            final int source = sender.partition();
            for (final IslandState receiver : islands)
            {
                final int target = receiver.partition();
                if (source == target)
                {
                    continue;
                }
                final LinkOutbox link = sender.logic().outbox().link(target);
                final long sent = link.nextSequence() - 1;
                final long applied = receiver.logic().inbound().highWaterMark(source);
                if (applied > sent)
                {
                    violations.add(Violation.ofIsland("unsent_message_applied", target, "island " + target +
                        " applied link messages up to #" + applied + " from island " + source + ", which sent only " +
                        sent));
                    continue;
                }
                if (applied == sent)
                {
                    continue;
                }
                held[0] += sent - applied;
                if (link.firstSequence() > applied + 1)
                {
                    violations.add(Violation.ofIsland("message_lost", source, "island " + source + " sent link " +
                        "messages #" + (applied + 1) + ".." + (link.firstSequence() - 1) + " to island " + target +
                        ", which never applied them, and no longer holds them"));
                }
                link.forEach(applied + 1, (to, sequence, buffer, offset, length) ->
                {
                    if (RecordCodec.decodeLinkPayload(buffer, offset, message) == CommandType.TRANSFER_GRANT)
                    {
                        inFlightByProduct.computeIfAbsent(message.productId(), id -> new long[1])[0] +=
                            message.units();
                    }
                });
            }
        }
    }

    private static Map<Long, ProductTotals> checkAllocations(final List<IslandState> islands,
        final List<Violation> violations)
    {
        final Map<Long, ProductTotals> products = new TreeMap<>();
        for (final IslandState island : islands)
        {
            final InventoryLogic logic = island.logic();
            for (final long productId : logic.productIdsSorted())
            {
                final Product product = logic.product(productId);
                products.computeIfAbsent(productId, id -> new ProductTotals()).add(product);
                if (product.available() < 0 || product.reserved() < 0 || product.sold() < 0 ||
                    product.received() < 0 || product.transferredIn() < 0 || product.transferredOut() < 0)
                {
                    violations.add(new Violation("negative_allocation", island.partition(), productId,
                        describe(product)));
                }
                if (product.available() + product.reserved() + product.sold() !=
                    product.received() + product.transferredIn() - product.transferredOut())
                {
                    violations.add(new Violation("allocation_balance", island.partition(), productId,
                        "available + reserved + sold != received + transferred in - transferred out: " +
                        describe(product)));
                }
            }
        }
        return products;
    }

    private static String describe(final Product product)
    {
        return "available " + product.available() + ", reserved " + product.reserved() + ", sold " + product.sold() +
            ", received " + product.received() + ", transferred in " + product.transferredIn() +
            ", transferred out " + product.transferredOut();
    }

    private static long checkOrders(final List<IslandState> islands, final List<LinkScan> scans,
        final List<Violation> violations, final List<AuditReport.PendingOrder> pending)
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
                    if (order.deadline() < lastTimestamp)
                    {
                        violations.add(Violation.ofIsland("order_past_deadline", island.partition(), "order " +
                            orderId + " of " + login + " is still pending; its deadline " +
                            JournalEntry.time(order.deadline()) + " passed before the island's last journaled " +
                            "time " + JournalEntry.time(lastTimestamp)));
                    }
                    else
                    {
                        pending.add(new AuditReport.PendingOrder(island.partition(), login, orderId,
                            order.deadline()));
                    }
                }
            }
        }
        return orders;
    }

    /**
     * One product's units summed over every island.
     */
    private static final class ProductTotals
    {
        long received;
        long available;
        long reserved;
        long sold;
        long transferredIn;
        long transferredOut;

        void add(final Product product)
        {
            received += product.received();
            available += product.available();
            reserved += product.reserved();
            sold += product.sold();
            transferredIn += product.transferredIn();
            transferredOut += product.transferredOut();
        }

        void check(final long productId, final long unitsOnLinks, final List<Violation> violations)
        {
            final long accounted = available + reserved + sold + unitsOnLinks;
            final long countedInFlight = transferredOut - transferredIn;
            if (accounted != received || countedInFlight != unitsOnLinks)
            {
                violations.add(Violation.ofProduct("conservation", productId, "created and restocked " + received +
                    " but available " + available + " + reserved " + reserved + " + sold " + sold +
                    " + in flight on links " + unitsOnLinks + " = " + accounted + "; the islands count " +
                    countedInFlight + " in flight (transferred out " + transferredOut + " - transferred in " +
                    transferredIn + ")"));
            }
        }
    }
}
