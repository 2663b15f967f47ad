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
 * The journal records concerning one user, one of the user's orders or timers, or one product, in order.
 * <ul>
 *   <li>A user lives on one island (the router decides which), so only that island's journal is read. It is
 *   replayed from its start, in memory, so that besides the user's own records ({@code PLACE_ORDER},
 *   {@code CANCEL_ORDER}, {@code PLACE_HOLD}, {@code CONFIRM_HOLD}, {@code RELEASE_HOLD}, {@code SCHEDULE},
 *   {@code CANCEL_SCHEDULE}) the history shows the records that changed the state of one of the user's orders or
 *   holds (the grant that completed it, the tick that rejected it at its deadline or expired a held hold) or fired
 *   one of the user's timers, with the change.</li>
 *   <li>One order or hold of the user: the same, for the records naming that id and the changes of its state.</li>
 *   <li>One timer of the user: the records naming its key, and the tick that fired it.</li>
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
     * A change of an order's or a hold's state caused by a record.
     *
     * @param login   the user.
     * @param orderId the order or hold.
     * @param hold    true for a hold.
     * @param from    the state before the record ({@link OrderState#UNKNOWN} before it was placed).
     * @param to      the state after it.
     * @param reason  why it was rejected, or {@code null}.
     */
    public record OrderChange(String login, long orderId, boolean hold, OrderState from, OrderState to,
        ResultCode reason)
    {
    }

    /**
     * What a record did to one of the user's timers.
     */
    public enum TimerEvent
    {
        /** Set, with nothing pending under its key before. */
        SCHEDULED,
        /** Set again while pending: the new due time replaces the old one. */
        RESCHEDULED,
        /** Fired by a tick. */
        FIRED,
        /** Cancelled by its user. */
        CANCELLED
    }

    /**
     * A change of one of the user's timers caused by a record.
     *
     * @param login the user.
     * @param key   the timer's key.
     * @param event what happened.
     * @param due   the due time it has now (scheduled, rescheduled), or had (fired, cancelled), epoch ms.
     */
    public record TimerChange(String login, long key, TimerEvent event, long due)
    {
    }

    /**
     * Receives the history, record by record.
     */
    @FunctionalInterface
    public interface Sink
    {
        /**
         * @param entry        a record.
         * @param changes      the order and hold state changes it caused (empty for product histories).
         * @param timerChanges what it did to the user's timers (empty for product histories).
         * @return false to stop reading.
         */
        boolean accept(JournalEntry entry, List<OrderChange> changes, List<TimerChange> timerChanges);
    }

    /**
     * The subject of a user's history: the user, one of the user's orders or holds, or one of the user's timers.
     *
     * @param login    the user.
     * @param orderId  one order or hold of the user, or {@code null}.
     * @param timerKey one timer of the user, or {@code null}.
     */
    public record UserSubject(String login, Long orderId, Long timerKey)
    {
        boolean namesOrder(final Command command)
        {
            final CommandType type = command.type();
            return (type == CommandType.PLACE_ORDER || type == CommandType.CANCEL_ORDER ||
                type == CommandType.PLACE_HOLD || type == CommandType.CONFIRM_HOLD ||
                type == CommandType.RELEASE_HOLD) && null == timerKey && login.equals(command.login()) &&
                (null == orderId || orderId == command.orderId());
        }

        boolean namesTimer(final Command command)
        {
            final CommandType type = command.type();
            return (type == CommandType.SCHEDULE || type == CommandType.CANCEL_SCHEDULE) && null == orderId &&
                login.equals(command.login()) && (null == timerKey || timerKey == command.orderId());
        }

        boolean followsOrder(final long id)
        {
            return null == timerKey && (null == orderId || orderId == id);
        }

        boolean followsTimer(final long key)
        {
            return null == orderId && (null == timerKey || timerKey == key);
        }
    }

    /**
     * @param data    the data directory.
     * @param subject the user, or one of the user's orders, holds or timers.
     * @param sink    receives the records.
     */
    public static void ofUser(final ReadOnlyDataDirectory data, final UserSubject subject, final Sink sink)
    {
        final String login = subject.login();
        final int partition = data.partitionOf(login);
        final InventoryLogic logic = new InventoryLogic(partition, data.partitions(), OfflineReplay.defaultStrategy());
        final Map<Long, Shown> undecided = new TreeMap<>();
        final Set<Long> holds = new HashSet<>();
        final Map<Long, Long> timers = new TreeMap<>();
        final HistoryOutput output = new HistoryOutput(login);
        final List<OrderChange> changes = new ArrayList<>();
        final List<TimerChange> timerChanges = new ArrayList<>();
        try (Journal journal = data.openJournal(partition); JournalReader reader = journal.reader())
        {
            while (reader.next())
            {
                final RecordHeader header = reader.header();
                final Command command = reader.command();
                final boolean namesOrder = subject.namesOrder(command);
                final boolean namesTimer = subject.namesTimer(command);
                final long namedId = namesOrder || namesTimer ? command.orderId() : 0;
                final CommandType type = command.type();
                final OrderState before = namesOrder ? stateOf(logic.order(login, namedId)) : null;
                final long dueBefore = namesTimer ? logic.scheduledDue(login, namedId) : -1;

                output.clear();
                logic.apply(command, header.timestamp(), header.source(), header.sourceSequence(), output);

                changes.clear();
                timerChanges.clear();
                if (namesOrder)
                {
                    final Order order = logic.order(login, namedId);
                    final OrderState after = stateOf(order);
                    if (type == CommandType.PLACE_HOLD && before == OrderState.UNKNOWN && after != OrderState.UNKNOWN)
                    {
                        holds.add(namedId);
                    }
                    if (after != before)
                    {
                        changes.add(new OrderChange(login, namedId, holds.contains(namedId), before, after,
                            reasonOf(order)));
                    }
                    if (undecided(after))
                    {
                        undecided.put(namedId, new Shown(order, after));
                    }
                    else
                    {
                        undecided.remove(namedId);
                    }
                }
                undecided.values().removeIf(shown ->
                {
                    final OrderState now = shown.order.state();
                    if (now != shown.state)
                    {
                        changes.add(new OrderChange(login, shown.order.orderId(), holds.contains(shown.order.orderId()),
                            shown.state, now, shown.order.reason()));
                        shown.state = now;
                    }
                    return !undecided(now);
                });
                if (namesTimer)
                {
                    final long dueAfter = logic.scheduledDue(login, namedId);
                    if (type == CommandType.SCHEDULE && output.result == ResultCode.SCHEDULED)
                    {
                        timerChanges.add(new TimerChange(login, namedId, dueBefore < 0 ? TimerEvent.SCHEDULED :
                            TimerEvent.RESCHEDULED, dueAfter));
                        timers.put(namedId, dueAfter);
                    }
                    else if (type == CommandType.CANCEL_SCHEDULE && output.result == ResultCode.SCHEDULE_CANCELLED)
                    {
                        timerChanges.add(new TimerChange(login, namedId, TimerEvent.CANCELLED, dueBefore));
                        timers.remove(namedId);
                    }
                }
                for (final long key : output.fired)
                {
                    if (subject.followsTimer(key))
                    {
                        final Long due = timers.remove(key);
                        timerChanges.add(new TimerChange(login, key, TimerEvent.FIRED, null == due ? -1 : due));
                    }
                }
                if ((namesOrder || namesTimer || !changes.isEmpty() || !timerChanges.isEmpty()) &&
                    !sink.accept(JournalEntry.of(partition, header, command), List.copyOf(changes),
                        List.copyOf(timerChanges)))
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
                if (!sink.accept(cursor.head, List.of(), List.of()))
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

    private static OrderState stateOf(final Order order)
    {
        return null == order ? OrderState.UNKNOWN : order.state();
    }

    private static ResultCode reasonOf(final Order order)
    {
        return null == order ? null : order.reason();
    }

    /**
     * @return true for the states an order or hold leaves later by a record that need not name it (a grant, a tick).
     */
    private static boolean undecided(final OrderState state)
    {
        return state == OrderState.PENDING || state == OrderState.HELD;
    }

    /**
     * An order or hold not yet decided: the island's own object, which follows it, and the state last shown.
     */
    private static final class Shown
    {
        final Order order;
        OrderState state;

        Shown(final Order order, final OrderState state)
        {
            this.order = order;
            this.state = state;
        }
    }

    /**
     * Discards replies and events except what the history shows: the reply to the record (did a {@code SCHEDULE}
     * or {@code CANCEL_SCHEDULE} take effect) and the keys of the user's timers a tick fired.
     */
    private static final class HistoryOutput implements LogicOutput
    {
        private final String login;
        private final List<Long> fired = new ArrayList<>();
        private ResultCode result;

        HistoryOutput(final String login)
        {
            this.login = login;
        }

        void clear()
        {
            fired.clear();
            result = null;
        }

        @Override
        public void reply(final ResultCode result)
        {
            this.result = result;
        }

        @Override
        public long deferReply()
        {
            return 0;
        }

        @Override
        public void replyDeferred(final long handle, final ResultCode result)
        {
        }

        @Override
        public void scheduleFired(final String login, final long key, final byte[] payload)
        {
            if (this.login.equals(login))
            {
                fired.add(key);
            }
        }
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
