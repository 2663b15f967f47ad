package io.archipelago.engine.stream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.RecordDescriptor;
import io.archipelago.engine.codec.RecordHeader;
import io.archipelago.engine.events.EventLog;
import io.archipelago.engine.journal.CorruptJournalException;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.journal.JournalReader;
import io.archipelago.engine.model.Event;
import io.archipelago.engine.model.HistoryEntry;
import io.archipelago.engine.model.InputType;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.UserInput;

/**
 * Reads one user's stream from the user's island: the user's own inputs and the events that decided the user's
 * orders, holds and timers, in island-sequence order, found through the island's {@link UserIndex} and read from the
 * journal and the event log themselves. Every record and event an index entry points at is checked to be the user's;
 * one that is not (and is not another user's whose login hashes the same) shows the index is damaged.
 */
public final class UserStream
{
    private UserStream()
    {
    }

    /**
     * How far a read went.
     *
     * @param decisionsThrough the last island sequence whose events the stream includes (what the index covers).
     * @param lastSequence     the last island sequence the journal holds, when the read scanned past the index for
     *                         inputs; else {@code decisionsThrough}.
     */
    public record Coverage(long decisionsThrough, long lastSequence)
    {
    }

    /**
     * Receives a user's stream, record by record.
     */
    @FunctionalInterface
    public interface Visitor
    {
        /**
         * @param header   the record's header (reused after the call).
         * @param command  the record (reused after the call).
         * @param ownInput true when the record is the user's own input; false for another record that decided
         *                 something of the user's (a grant, a denial, a tick).
         * @param events   the user's events the record caused, in order (empty for an input that decided nothing yet,
         *                 and for inputs past what the index covers).
         * @return false to stop.
         */
        boolean record(RecordHeader header, Command command, boolean ownInput, List<Event> events);
    }

    /**
     * Reads a user's stream.
     *
     * @param index         the island's index, caught up as far as the caller wants decisions.
     * @param journal       the island's journal.
     * @param events        the island's event log.
     * @param login         the user.
     * @param fromSequence  the first island sequence wanted (1 for the whole stream).
     * @param inputsAfter   true to also scan the journal past what the index covers for the user's own inputs (their
     *                      events are not in the event log yet): the tools, reading a directory an engine left
     *                      without writing every event; false to stop where the index stops.
     * @param visitor       receives the records.
     * @return how far it read.
     * @throws DamagedIndexException when an entry points at something that is not the user's.
     */
    public static Coverage read(final UserIndex index, final Journal journal, final EventLog events, final String login,
        final long fromSequence, final boolean inputsAfter, final Visitor visitor)
    {
        final byte[] loginBytes = login.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        final long hash = UserIndex.hash(loginBytes, 0, loginBytes.length);
        final long[] coverage = index.coverage();
        final long covered = coverage[0];
        final IndexEntries entries = index.lookup(hash);
        try (JournalReader records = journal.reader(); EventLog.Reader batches = events.reader())
        {
            final List<Event> mine = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++)
            {
                final long sequence = entries.sequence(i);
                if (sequence < fromSequence || sequence > covered)
                {
                    continue;
                }
                if (!moveTo(records, entries.journalIndex(i), sequence))
                {
                    throw new DamagedIndexException("island " + journal.island() + ": the user index points at " +
                        "island sequence " + sequence + " at journal index 0x" +
                        Long.toHexString(entries.journalIndex(i)) + ", which the journal does not hold");
                }
                final Command command = records.command();
                boolean own = false;
                if ((entries.flags(i) & UserIndexDescriptor.INPUT) != 0)
                {
                    if (!UserIndex.isUserInput(command.type()) ||
                        UserIndex.hash(command.loginBytes(), 0, command.loginLength()) != hash)
                    {
                        throw new DamagedIndexException("island " + journal.island() + ": the user index says " +
                            "island sequence " + sequence + " is an input of a user it is not");
                    }
                    own = sameLogin(command, loginBytes);
                }
                mine.clear();
                if ((entries.flags(i) & UserIndexDescriptor.EVENTS) != 0 &&
                    !eventsOf(batches, entries.eventIndex(i), sequence, login, hash, mine))
                {
                    throw new DamagedIndexException("island " + journal.island() + ": the user index says island " +
                        "sequence " + sequence + " decided something of a user, but the event log at index 0x" +
                        Long.toHexString(entries.eventIndex(i)) + " holds no such event");
                }
                if ((own || !mine.isEmpty()) && !visitor.record(records.header(), command, own, List.copyOf(mine)))
                {
                    return new Coverage(covered, covered);
                }
            }
            if (inputsAfter)
            {
                return new Coverage(covered, readInputsAfter(journal, coverage[1], covered,
                    fromSequence, loginBytes, visitor));
            }
        }
        return new Coverage(covered, covered);
    }

    /**
     * Reads a user's stream as API entries: for each record, the user's input (if it is one) and then the user's
     * events it caused.
     *
     * @param index        the island's index, caught up as far as the caller wants decisions.
     * @param journal      the island's journal.
     * @param events       the island's event log.
     * @param login        the user.
     * @param fromSequence the first island sequence wanted.
     * @param inputsAfter  as for {@link #read}.
     * @return the entries.
     */
    public static List<HistoryEntry> entries(final UserIndex index, final Journal journal, final EventLog events,
        final String login, final long fromSequence, final boolean inputsAfter)
    {
        final List<HistoryEntry> entries = new ArrayList<>();
        final int island = journal.island();
        read(index, journal, events, login, fromSequence, inputsAfter, (header, command, own, decided) ->
        {
            if (own)
            {
                entries.add(new HistoryEntry(island, header.sequence(), header.timestamp(),
                    input(command, header.timestamp()), null));
            }
            for (final Event event : decided)
            {
                entries.add(new HistoryEntry(island, header.sequence(), header.timestamp(), null, event));
            }
            return true;
        });
        return entries;
    }

    /**
     * @param command   a user's input.
     * @param timestamp its journaled time.
     * @return it as the API shows it.
     */
    public static UserInput input(final Command command, final long timestamp)
    {
        final InputType type = switch (command.type())
        {
            case PLACE_ORDER -> InputType.PLACE_ORDER;
            case CANCEL_ORDER -> InputType.CANCEL_ORDER;
            case PLACE_HOLD -> InputType.PLACE_HOLD;
            case CONFIRM_HOLD -> InputType.CONFIRM_HOLD;
            case RELEASE_HOLD -> InputType.RELEASE_HOLD;
            case SCHEDULE -> InputType.SCHEDULE;
            case CANCEL_SCHEDULE -> InputType.CANCEL_SCHEDULE;
            default -> throw new IllegalArgumentException("not a user's input: " + command.type());
        };
        final boolean ordered = type == InputType.PLACE_ORDER || type == InputType.PLACE_HOLD;
        final List<OrderLine> lines = new ArrayList<>(ordered ? command.lineCount() : 0);
        if (ordered)
        {
            for (int i = 0; i < command.lineCount(); i++)
            {
                lines.add(new OrderLine(command.lineProductId(i), command.lineQuantity(i)));
            }
        }
        final boolean scheduled = type == InputType.SCHEDULE;
        final long due = !scheduled ? 0 : command.whenKind() == RecordDescriptor.WHEN_AFTER ?
            timestamp + command.when() : command.when();
        return new UserInput(type, command.orderId(), List.copyOf(lines), ordered ? command.timeoutMillis() : 0,
            type == InputType.PLACE_HOLD ? command.holdForMillis() : 0, due,
            scheduled ? Arrays.copyOf(command.payload(), command.payloadLength()) : Event.NO_PAYLOAD);
    }

    /**
     * @return the last sequence in the journal.
     */
    private static long readInputsAfter(final Journal journal, final long coveredJournalIndex, final long covered,
        final long fromSequence, final byte[] login, final Visitor visitor)
    {
        long last = covered;
        try (JournalReader tail = journal.reader())
        {
            if (covered > 0 && !tail.startAfter(coveredJournalIndex, covered))
            {
                return last;
            }
            boolean wanted = true;
            while (tail.next())
            {
                final long sequence = tail.header().sequence();
                last = sequence;
                final Command command = tail.command();
                if (wanted && sequence >= fromSequence && UserIndex.isUserInput(command.type()) &&
                    sameLogin(command, login))
                {
                    wanted = visitor.record(tail.header(), command, true, List.of());
                }
            }
        }
        return last;
    }

    private static boolean moveTo(final JournalReader records, final long journalIndex, final long sequence)
    {
        try
        {
            return records.seek(journalIndex, sequence);
        }
        catch (final CorruptJournalException ex)
        {
            // Another record there: the entry is wrong. A journal damaged there is found again by the rebuild.
            return false;
        }
    }

    /**
     * Collects the user's events of one record from the event document at {@code eventIndex} (an island writes all the
     * events one input caused into one document).
     *
     * @return false when no event of that record there carries a login with the user's hash (the entry is wrong).
     */
    private static boolean eventsOf(final EventLog.Reader batches, final long eventIndex, final long sequence,
        final String login, final long hash, final List<Event> into)
    {
        if (eventIndex < 0 || !batches.moveTo(eventIndex))
        {
            return false;
        }
        final List<Event> batch = batches.next(sequence);
        boolean hashSeen = false;
        for (final Event event : null == batch ? List.<Event>of() : batch)
        {
            if (null != event.login() && UserIndex.hash(event.login()) == hash)
            {
                hashSeen = true;
                if (event.login().equals(login))
                {
                    into.add(event);
                }
            }
        }
        return hashSeen;
    }

    private static boolean sameLogin(final Command command, final byte[] bytes)
    {
        return bytes.length == command.loginLength() &&
            Arrays.equals(bytes, 0, bytes.length, command.loginBytes(), 0, bytes.length);
    }
}
