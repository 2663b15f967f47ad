package io.archipelago.tool.inspection;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.CommandType;
import io.archipelago.engine.events.EventLog;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.model.Event;
import io.archipelago.engine.model.EventId;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.stream.DamagedIndexException;
import io.archipelago.engine.stream.UserIndex;
import io.archipelago.engine.stream.UserStream;
import io.archipelago.tool.ToolException;

/**
 * A user's history read through the island's user index ({@link UserIndex}, {@link UserStream}): the user's own
 * records and the records that decided something of the user's, found without reading the rest of the island's
 * journal. The state changes shown beside each record are told by the stream itself: the user's decisions (the
 * island's events) give each order's and hold's new state, an order or hold placed without a decision in the same
 * record is waiting ({@code PENDING}), a placement with an id the stream already holds was refused as a duplicate, and
 * timers follow their {@code SCHEDULE}, {@code CANCEL_SCHEDULE} and firing. The result is what {@link History#ofUser}
 * shows by replaying the island (a test compares the two for every user of seeded directories).
 * <p>
 * Reads only: an index that is missing, damaged, foreign or behind is read around in memory (from the journal and
 * the event log) and reported through {@link Notices}; the engine rewrites it when it next closes.
 */
public final class IndexedHistory
{
    private IndexedHistory()
    {
    }

    /**
     * What the reader had to say about how it read.
     *
     * @param indexSetAside why the index on disk was not used, or {@code null} when it was.
     * @param decisionsThrough the last island sequence whose decisions are shown.
     * @param journalEnd       the last island sequence in the journal: past {@code decisionsThrough}, the user's own
     *                         records are shown without their decisions (their events are not in the event log yet).
     */
    public record Notices(String indexSetAside, long decisionsThrough, long journalEnd)
    {
    }

    /**
     * @param data    the data directory.
     * @param subject the user, or one of the user's orders, holds or timers.
     * @param sink    receives the records.
     * @return how the history was read.
     */
    public static Notices ofUser(final ReadOnlyDataDirectory data, final History.UserSubject subject,
        final History.Sink sink)
    {
        final String login = subject.login();
        final int partition = data.partitionOf(login);
        try (Journal journal = data.openJournal(partition);
            EventLog events = data.read(() -> Files.isDirectory(data.layout().events(partition)) ?
                EventLog.openReadOnly(partition, data.layout().events(partition)) : null);
            UserIndex index = UserIndex.open(partition, data.layout().users(partition), false))
        {
            if (null == events)
            {
                throw ToolException.usage("island " + partition + ": no event log at " +
                    data.layout().events(partition) + " (written by a version before event logs): open the directory " +
                    "with the engine once to build it, or use --replay");
            }
            final long limit = limitOf(data, partition, journal, events);
            // Read whole before anything is shown: a damaged entry found half way is read again from the journal.
            final List<Step> steps = new ArrayList<>();
            final UserStream.Visitor collect = (header, command, own, decided) ->
                steps.add(new Step(JournalEntry.of(partition, header, command), new Command().copyFrom(command), own,
                    decided));
            UserStream.Coverage read;
            try
            {
                index.catchUp(journal, events, limit);
                read = UserStream.read(index, journal, events, login, 1, true, collect);
            }
            catch (final DamagedIndexException ex)
            {
                steps.clear();
                index.reset(ex.getMessage());
                index.catchUp(journal, events, limit);
                read = UserStream.read(index, journal, events, login, 1, true, collect);
            }
            final Deriver deriver = new Deriver(subject, sink);
            for (final Step step : steps)
            {
                if (!deriver.record(step.entry, step.command, step.own, step.events))
                {
                    break;
                }
            }
            return new Notices(index.damage(), read.decisionsThrough(), read.lastSequence());
        }
    }

    /**
     * The last island sequence whose events are all in the event log: every one after a clean shutdown, else up to the
     * input of the last event written.
     */
    private static long limitOf(final ReadOnlyDataDirectory data, final int partition, final Journal journal,
        final EventLog events)
    {
        if (null != data.history(partition, journal).cleanShutdown())
        {
            return Long.MAX_VALUE;
        }
        final EventId last = events.lastEventId();
        return null == last ? 0 : last.sequence();
    }

    /**
     * One record of the user's stream, read.
     */
    private record Step(JournalEntry entry, Command command, boolean own, List<Event> events)
    {
    }

    /**
     * Tells the state changes from the stream, for the subject only.
     */
    private static final class Deriver
    {
        private final History.UserSubject subject;
        private final History.Sink sink;
        private final Map<Long, OrderState> orders = new HashMap<>();
        private final Set<Long> holds = new HashSet<>();
        private final Map<Long, Long> timers = new HashMap<>();

        Deriver(final History.UserSubject subject, final History.Sink sink)
        {
            this.subject = subject;
            this.sink = sink;
        }

        boolean record(final JournalEntry entry, final Command command, final boolean ownInput,
            final List<Event> events)
        {
            final CommandType type = command.type();
            final boolean namesOrder = ownInput && subject.namesOrder(command);
            final boolean namesTimer = ownInput && subject.namesTimer(command);
            final List<History.OrderChange> changes = new ArrayList<>();
            final List<History.TimerChange> timerChanges = new ArrayList<>();

            // The state each order or hold ends the record in, and the one it started in.
            final Map<Long, OrderState> before = new HashMap<>();
            final Map<Long, ResultCode> reasons = new HashMap<>();
            final TreeMap<Long, OrderState> after = new TreeMap<>();
            long named = Long.MIN_VALUE;
            if (ownInput && (type == CommandType.PLACE_ORDER || type == CommandType.PLACE_HOLD ||
                type == CommandType.CANCEL_ORDER || type == CommandType.CONFIRM_HOLD ||
                type == CommandType.RELEASE_HOLD))
            {
                named = command.orderId();
                before.put(named, orders.getOrDefault(named, OrderState.UNKNOWN));
                if ((type == CommandType.PLACE_ORDER || type == CommandType.PLACE_HOLD) &&
                    !orders.containsKey(named))
                {
                    after.put(named, OrderState.PENDING);
                    if (type == CommandType.PLACE_HOLD)
                    {
                        holds.add(named);
                    }
                }
            }
            final List<Long> fired = new ArrayList<>();
            for (final Event event : events)
            {
                final OrderState to = stateAfter(event);
                if (null == to)
                {
                    fired.add(event.orderId());
                    continue;
                }
                before.putIfAbsent(event.orderId(), orders.getOrDefault(event.orderId(), OrderState.UNKNOWN));
                after.put(event.orderId(), to);
                reasons.put(event.orderId(), event.reason());
            }
            if (named != Long.MIN_VALUE && after.containsKey(named) && (null == subject.orderId() ||
                subject.orderId() == named) && null == subject.timerKey())
            {
                addChange(changes, named, before.get(named), after.get(named), reasons.get(named));
            }
            for (final Map.Entry<Long, OrderState> state : after.entrySet())
            {
                final long id = state.getKey();
                if (id != named && subject.followsOrder(id))
                {
                    addChange(changes, id, before.get(id), state.getValue(), reasons.get(id));
                }
            }
            orders.putAll(after);

            if (ownInput && type == CommandType.SCHEDULE)
            {
                final long due = command.scheduledDue(entry.timestamp());
                if (due >= 0)
                {
                    final Long previous = timers.put(command.orderId(), due);
                    if (namesTimer)
                    {
                        timerChanges.add(new History.TimerChange(command.login(), command.orderId(),
                            null == previous ? History.TimerEvent.SCHEDULED : History.TimerEvent.RESCHEDULED, due));
                    }
                }
            }
            else if (ownInput && type == CommandType.CANCEL_SCHEDULE)
            {
                final Long due = timers.remove(command.orderId());
                if (null != due && namesTimer)
                {
                    timerChanges.add(new History.TimerChange(command.login(), command.orderId(),
                        History.TimerEvent.CANCELLED, due));
                }
            }
            for (final long key : fired)
            {
                final Long due = timers.remove(key);
                if (subject.followsTimer(key))
                {
                    timerChanges.add(new History.TimerChange(subject.login(), key, History.TimerEvent.FIRED,
                        null == due ? -1 : due));
                }
            }
            if (namesOrder || namesTimer || !changes.isEmpty() || !timerChanges.isEmpty())
            {
                return sink.accept(entry, List.copyOf(changes), List.copyOf(timerChanges));
            }
            return true;
        }

        private void addChange(final List<History.OrderChange> changes, final long id, final OrderState from,
            final OrderState to, final ResultCode reason)
        {
            if (from != to)
            {
                changes.add(new History.OrderChange(subject.login(), id, holds.contains(id), from, to,
                    to == OrderState.REJECTED ? reason : null));
            }
        }

        /**
         * @return the state an order or hold is in after the event, or {@code null} for a timer's firing.
         */
        private static OrderState stateAfter(final Event event)
        {
            return switch (event.type())
            {
                case ORDER_CONFIRMED, HOLD_CONFIRMED -> OrderState.CONFIRMED;
                case ORDER_REJECTED, ORDER_EXPIRED -> OrderState.REJECTED;
                case ORDER_CANCELLED -> OrderState.CANCELLED;
                case HOLD_HELD -> OrderState.HELD;
                case HOLD_RELEASED -> OrderState.RELEASED;
                case HOLD_EXPIRED -> OrderState.EXPIRED;
                case SCHEDULE_FIRED -> null;
                default -> throw new IllegalStateException("not a user's event: " + event);
            };
        }
    }
}
