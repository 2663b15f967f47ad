package io.archipelago.tool.inspection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.CommandType;
import io.archipelago.engine.codec.RecordHeader;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.journal.JournalReader;
import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.engine.logic.LogicOutput;
import io.archipelago.engine.logic.Order;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.recovery.OfflineReplay;

/**
 * The journal records concerning one user, one order or one product, in order.
 * <ul>
 *   <li>A user or an order lives on one island (the router decides which), so only that island's journal is read.
 *   It is replayed from its start, in memory, so that besides the user's {@code PLACE_ORDER} and
 *   {@code CANCEL_ORDER} records the history shows the records that changed the state of one of the user's orders
 *   (the grant that completed it, the tick that rejected it at its deadline), with the change.</li>
 *   <li>A product concerns every island: each island's journal is read, and the records that create, restock,
 *   order, cancel an order of, or move units of the product are merged by journaled time, then island, then
 *   island sequence.</li>
 * </ul>
 */
public final class History
{
    private History()
    {
    }

    /**
     * A change of an order's state caused by a record.
     *
     * @param login   the user.
     * @param orderId the order.
     * @param from    the state before the record ({@link OrderState#UNKNOWN} before it was placed).
     * @param to      the state after it.
     * @param reason  why it was rejected, or {@code null}.
     */
    public record OrderChange(String login, long orderId, OrderState from, OrderState to, ResultCode reason)
    {
    }

    /**
     * Receives the history, record by record.
     */
    @FunctionalInterface
    public interface Sink
    {
        /**
         * @param entry   a record.
         * @param changes the order state changes it caused (empty for product histories).
         * @return false to stop reading.
         */
        boolean accept(JournalEntry entry, List<OrderChange> changes);
    }

    /**
     * @param data    the data directory.
     * @param login   the user.
     * @param orderId one order of the user, or {@code null} for all of them.
     * @param sink    receives the records.
     */
    public static void ofUser(final ReadOnlyDataDirectory data, final String login, final Long orderId, final Sink sink)
    {
        final int partition = data.partitionOf(login);
        final InventoryLogic logic = new InventoryLogic(partition, data.partitions(), OfflineReplay.defaultStrategy());
        final Map<Long, Order> pending = new TreeMap<>();
        final List<OrderChange> changes = new ArrayList<>();
        try (Journal journal = data.openJournal(partition); JournalReader reader = journal.reader())
        {
            while (reader.next())
            {
                final RecordHeader header = reader.header();
                final Command command = reader.command();
                final boolean named = names(command, login, orderId);
                final long namedId = named ? command.orderId() : 0;
                final OrderState namedBefore = named ? stateOf(logic.order(login, namedId)) : null;

                logic.apply(command, header.timestamp(), header.source(), header.sourceSequence(),
                    LogicOutput.DISCARD);

                changes.clear();
                if (named)
                {
                    final Order order = logic.order(login, namedId);
                    final OrderState after = stateOf(order);
                    if (after != namedBefore)
                    {
                        changes.add(new OrderChange(login, namedId, namedBefore, after, reasonOf(order)));
                    }
                    if (after == OrderState.PENDING)
                    {
                        pending.put(namedId, order);
                    }
                }
                pending.values().removeIf(order ->
                {
                    if (order.state() == OrderState.PENDING)
                    {
                        return false;
                    }
                    if (!named || order.orderId() != namedId)
                    {
                        changes.add(new OrderChange(login, order.orderId(), OrderState.PENDING, order.state(),
                            order.reason()));
                    }
                    return true;
                });
                if ((named || !changes.isEmpty()) &&
                    !sink.accept(JournalEntry.of(partition, header, command), List.copyOf(changes)))
                {
                    return;
                }
            }
        }
    }

    /**
     * @param data      the data directory.
     * @param productId the product.
     * @param sink      receives the records of every island, merged.
     */
    public static void ofProduct(final ReadOnlyDataDirectory data, final long productId, final Sink sink)
    {
        final List<ProductCursor> cursors = new ArrayList<>(data.partitions());
        try
        {
            final PriorityQueue<ProductCursor> heads = new PriorityQueue<>(Math.max(1, data.partitions()),
                Comparator.comparingLong((ProductCursor cursor) -> cursor.head.timestamp())
                    .thenComparingInt(cursor -> cursor.head.partition())
                    .thenComparingLong(cursor -> cursor.head.sequence()));
            for (int partition = 0; partition < data.partitions(); partition++)
            {
                final ProductCursor cursor = new ProductCursor(partition, data.openJournal(partition), productId);
                cursors.add(cursor);
                if (cursor.advance())
                {
                    heads.add(cursor);
                }
            }
            while (!heads.isEmpty())
            {
                final ProductCursor cursor = heads.poll();
                if (!sink.accept(cursor.head, List.of()))
                {
                    return;
                }
                if (cursor.advance())
                {
                    heads.add(cursor);
                }
            }
        }
        finally
        {
            for (final ProductCursor cursor : cursors)
            {
                cursor.close();
            }
        }
    }

    private static boolean names(final Command command, final String login, final Long orderId)
    {
        final CommandType type = command.type();
        return (type == CommandType.PLACE_ORDER || type == CommandType.CANCEL_ORDER ||
            type == CommandType.PLACE_HOLD || type == CommandType.CONFIRM_HOLD || type == CommandType.RELEASE_HOLD ||
            type == CommandType.SCHEDULE || type == CommandType.CANCEL_SCHEDULE) &&
            login.equals(command.login()) && (null == orderId || orderId == command.orderId());
    }

    private static OrderState stateOf(final Order order)
    {
        return null == order ? OrderState.UNKNOWN : order.state();
    }

    private static ResultCode reasonOf(final Order order)
    {
        return null == order ? null : order.reason();
    }

    /**
     * One island's journal, read up to its next record concerning the product.
     */
    private static final class ProductCursor
    {
        private final int partition;
        private final Journal journal;
        private final JournalReader reader;
        private final long productId;
        private final Set<String> orders = new HashSet<>();
        private JournalEntry head;

        ProductCursor(final int partition, final Journal journal, final long productId)
        {
            this.partition = partition;
            this.journal = journal;
            this.reader = journal.reader();
            this.productId = productId;
        }

        /**
         * @return false when the journal holds no further record concerning the product.
         */
        boolean advance()
        {
            while (reader.next())
            {
                final Command command = reader.command();
                final boolean concerns;
                if (command.type() == CommandType.CANCEL_ORDER || command.type() == CommandType.CONFIRM_HOLD ||
                    command.type() == CommandType.RELEASE_HOLD)
                {
                    concerns = orders.contains(key(command));
                }
                else
                {
                    concerns = JournalEntry.namesProduct(command, productId);
                    if (concerns && (command.type() == CommandType.PLACE_ORDER ||
                        command.type() == CommandType.PLACE_HOLD))
                    {
                        orders.add(key(command));
                    }
                }
                if (concerns)
                {
                    head = JournalEntry.of(partition, reader.header(), command);
                    return true;
                }
            }
            head = null;
            return false;
        }

        private static String key(final Command command)
        {
            return command.orderId() + "/" + command.login();
        }

        void close()
        {
            reader.close();
            journal.close();
        }
    }
}
