package io.archipelago.engine.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.CommandType;
import io.archipelago.engine.events.EventDecoder;
import io.archipelago.engine.events.EventLog;
import io.archipelago.engine.journal.CorruptJournalException;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.journal.JournalReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One island's user index: for each user, where in the journal and the event log the records concerning the user
 * are, so a user's stream is read in time proportional to the user's records, not the island's.
 * <p>
 * The index is derived: it is built by reading the journal and the event log together ({@link #catchUp}), never by
 * the island's thread, and it is never trusted over them (the reader checks every record and event it points at).
 * It lives in {@code partition-NNN/users/} as segment files ({@link UserIndexDescriptor}), each covering a run of
 * island sequences, plus a tail in memory not yet written. Segments are merged pairwise when the newer covers at least
 * half as many sequences as the older, so an island holds O(log n) of them and a lookup is a binary search in each.
 * A damaged, foreign or stale segment makes a writable index start again from the journal's first record; a read-only
 * index (the tools) keeps everything in memory instead and says why in {@link #damage()}.
 * <p>
 * Thread safe: every method is synchronized.
 */
public final class UserIndex implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(UserIndex.class);
    private static final long SEED = 0x41524348495045L;
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
        ByteOrder.LITTLE_ENDIAN);
    /** Entries kept in memory before a writable index writes them as a segment (about 18 MB). */
    static final int PERSIST_ENTRIES = 1 << 19;
    private static final int MERGE_CHUNK = 16 * 1024;

    private final int island;
    private final Path directory;
    private final boolean writable;
    private final List<IndexSegment> segments = new ArrayList<>();
    private final IndexEntries tail = new IndexEntries();
    private final Users users = new Users();
    private final Batch batch = new Batch();
    private String damage;

    private long persistedTo;
    private long coveredTo;
    private long coveredJournalIndex = -1;
    private long coveredEventIndex = -1;
    private int coveredFingerprint;
    /** Every segment's last record was found in the journal with its checksum (checked at the first catch-up). */
    private boolean segmentsVerified;

    private UserIndex(final int island, final Path directory, final boolean writable)
    {
        this.island = island;
        this.directory = directory;
        this.writable = writable;
    }

    /**
     * Opens an island's index: its segments are checked (headers, lengths, that they cover sequences 1..n without a
     * gap); entries are checked as they are read.
     *
     * @param island    the island.
     * @param directory the index directory ({@code partition-NNN/users}); need not exist.
     * @param writable  true for the engine (it writes segments and repairs); false for the read-only tools.
     * @return the index.
     */
    public static UserIndex open(final int island, final Path directory, final boolean writable)
    {
        final UserIndex index = new UserIndex(island, directory, writable);
        try
        {
            index.load();
        }
        catch (final DamagedIndexException ex)
        {
            index.reset(ex.getMessage());
        }
        return index;
    }

    /**
     * The user's hash in the index: 64 bits over the login's UTF-8 bytes, eight at a time (little-endian), each mixed
     * as murmur3 mixes its blocks, then murmur3's 64-bit finaliser. Nothing is allocated.
     *
     * @param login  the login's UTF-8 bytes.
     * @param offset where they start.
     * @param length how many there are.
     * @return the hash.
     */
    public static long hash(final byte[] login, final int offset, final int length)
    {
        long h = SEED ^ (length * C1);
        int at = offset;
        final int end = offset + length;
        for (; at + Long.BYTES <= end; at += Long.BYTES)
        {
            h ^= mixBlock((long)LONGS.get(login, at));
            h = Long.rotateLeft(h, 27) * 5 + 0x52dce729L;
        }
        long last = 0;
        for (int shift = 0; at < end; at++, shift += Byte.SIZE)
        {
            last |= (login[at] & 0xFFL) << shift;
        }
        h ^= mixBlock(last);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private static long mixBlock(final long block)
    {
        return Long.rotateLeft(block * C1, 31) * C2;
    }

    /**
     * @param login a login.
     * @return the user's hash in the index.
     */
    public static long hash(final String login)
    {
        final byte[] bytes = login.getBytes(StandardCharsets.UTF_8);
        return hash(bytes, 0, bytes.length);
    }

    private void load()
    {
        if (!Files.isDirectory(directory))
        {
            return;
        }
        final List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(directory))
        {
            for (final Path file : (Iterable<Path>)list::iterator)
            {
                final String name = file.getFileName().toString();
                if (name.startsWith(UserIndexDescriptor.PREFIX) && name.endsWith(".tmp") && writable)
                {
                    Files.deleteIfExists(file);
                }
                else if (name.startsWith(UserIndexDescriptor.PREFIX) && name.endsWith(UserIndexDescriptor.SUFFIX))
                {
                    files.add(file);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new DamagedIndexException("island " + island + ": user index " + directory + " cannot be listed: " +
                ex, ex);
        }
        final List<IndexSegment> opened = new ArrayList<>();
        try
        {
            for (final Path file : files)
            {
                opened.add(IndexSegment.open(island, file));
            }
            opened.sort(Comparator.comparingLong(IndexSegment::from).thenComparingLong(s -> -s.to()));
            long next = 1;
            for (final IndexSegment segment : opened)
            {
                if (segment.to() < next)
                {
                    // Left behind by a merge cut short: the merged segment covers it.
                    segment.close();
                    if (writable)
                    {
                        deleteFile(segment.file());
                    }
                    continue;
                }
                if (segment.from() != next)
                {
                    throw IndexSegment.damaged(island, segment.file(), "it starts at sequence " + segment.from() +
                        " but the segments before it end at " + (next - 1));
                }
                segments.add(segment);
                next = segment.to() + 1;
            }
        }
        catch (final DamagedIndexException ex)
        {
            for (final IndexSegment segment : opened)
            {
                segment.close();
            }
            segments.clear();
            throw ex;
        }
        if (!segments.isEmpty())
        {
            final IndexSegment last = segments.get(segments.size() - 1);
            persistedTo = last.to();
            coveredTo = last.to();
            coveredJournalIndex = last.toJournalIndex();
            coveredEventIndex = last.toEventIndex();
            coveredFingerprint = last.toFingerprint();
        }
    }

    /**
     * @return the last island sequence the index covers (0 when it covers none).
     */
    public synchronized long coveredThrough()
    {
        return coveredTo;
    }

    /**
     * @return the journal index of the document holding the last record covered (-1 when none is).
     */
    public synchronized long coveredJournalIndex()
    {
        return coveredJournalIndex;
    }

    /**
     * @return the last sequence covered and its document's journal index, taken together.
     */
    synchronized long[] coverage()
    {
        return new long[] {coveredTo, coveredJournalIndex};
    }

    /**
     * @return why the index written on disk was set aside (damaged, foreign or stale) and built again, or
     *         {@code null}.
     */
    public synchronized String damage()
    {
        return damage;
    }

    /**
     * @return how many segment files the index has on disk.
     */
    public synchronized int segmentCount()
    {
        return segments.size();
    }

    /**
     * Forgets everything (a writable index deletes its files) so the next {@link #catchUp} reads the journal from its
     * first record.
     *
     * @param why what was wrong, logged and kept in {@link #damage()}.
     */
    public synchronized void reset(final String why)
    {
        if (null != why)
        {
            damage = why;
            LOG.warn("island {}: user index set aside and built again from the journal: {}", island, why);
        }
        for (final IndexSegment segment : segments)
        {
            segment.close();
            if (writable)
            {
                deleteFile(segment.file());
            }
        }
        segments.clear();
        tail.clear();
        persistedTo = 0;
        coveredTo = 0;
        coveredJournalIndex = -1;
        coveredEventIndex = -1;
        coveredFingerprint = 0;
        segmentsVerified = true;
    }

    /**
     * Reads the journal and the event log from where the index ends up to {@code limit}, adding an entry for every
     * user each record concerns. Only records whose events are all in the event log may be indexed: the caller
     * passes a limit it knows that of (the live island's sequence after it wrote its events, the clean-shutdown
     * sequence, or the last event's input). The next catch-up reads again the event document it stopped in, stepping
     * over the events it indexed already.
     *
     * @param journal the island's journal.
     * @param events  the island's event log.
     * @param limit   the last island sequence to index.
     * @return the last sequence now covered.
     */
    public synchronized long catchUp(final Journal journal, final EventLog events, final long limit)
    {
        try
        {
            if (!segmentsVerified)
            {
                try (JournalReader records = journal.reader())
                {
                    verifySegments(records);
                }
            }
            return limit <= coveredTo ? coveredTo : read(journal, events, limit);
        }
        catch (final DamagedIndexException ex)
        {
            reset(ex.getMessage());
            return limit <= coveredTo ? coveredTo : read(journal, events, limit);
        }
    }

    private long read(final Journal journal, final EventLog events, final long limit)
    {
        try (JournalReader records = journal.reader(); EventLog.Reader batches = events.reader())
        {
            position(records, batches);
            final long indexedBefore = coveredTo;
            final Batch batch = this.batch;
            batch.clear();
            long batchIndex = coveredEventIndex;
            int next = 0;
            boolean logEnded = false;
            while (coveredTo < limit && records.next())
            {
                final long sequence = records.header().sequence();
                users.clear();
                final Command command = records.command();
                if (isUserInput(command.type()))
                {
                    users.add(hash(command.loginBytes(), 0, command.loginLength()), UserIndexDescriptor.INPUT, -1);
                }
                while (!logEnded)
                {
                    if (next == batch.size)
                    {
                        batch.clear();
                        if (!batches.next(batch))
                        {
                            logEnded = true;
                            break;
                        }
                        batchIndex = batches.index();
                        next = 0;
                        continue;
                    }
                    final long eventSequence = batch.sequences[next];
                    if (eventSequence < sequence)
                    {
                        if (eventSequence > indexedBefore)
                        {
                            throw new DamagedIndexException("island " + island + ": event log " +
                                events.directory() + " holds an event of island sequence " + eventSequence +
                                " the index did not meet in the journal (the index resumed at the wrong place)");
                        }
                        next++;
                        continue;
                    }
                    if (eventSequence > sequence)
                    {
                        break;
                    }
                    if (batch.named[next])
                    {
                        users.add(batch.hashes[next], UserIndexDescriptor.EVENTS, batchIndex);
                    }
                    next++;
                }
                for (int i = 0; i < users.size; i++)
                {
                    tail.add(users.hashes[i], sequence, records.index(), users.eventIndexes[i], users.flags[i]);
                }
                coveredTo = sequence;
                coveredJournalIndex = records.index();
                coveredFingerprint = records.header().checksum();
                coveredEventIndex = batchIndex;
                if (writable && tail.size() >= PERSIST_ENTRIES)
                {
                    persist();
                }
            }
        }
        return coveredTo;
    }

    /**
     * Moves both readers to just after what the index covers; a journal or event log that does not hold what the
     * index says it covered makes the index stale.
     */
    private void position(final JournalReader records, final EventLog.Reader batches)
    {
        if (coveredTo == 0)
        {
            return;
        }
        checkInJournal(records, coveredTo, coveredJournalIndex, coveredFingerprint);
        if (coveredEventIndex >= 0 && !batches.moveTo(coveredEventIndex))
        {
            throw new DamagedIndexException("island " + island + ": user index " + directory + " read the event " +
                "log up to index 0x" + Long.toHexString(coveredEventIndex) + " but it holds no such document");
        }
    }

    private void verifySegments(final JournalReader records)
    {
        for (final IndexSegment segment : segments)
        {
            checkInJournal(records, segment.to(), segment.toJournalIndex(), segment.toFingerprint());
        }
        segmentsVerified = true;
    }

    /**
     * Moves the reader to a record the index covers and checks it is the one the index was built from.
     */
    private void checkInJournal(final JournalReader records, final long sequence, final long journalIndex,
        final int fingerprint)
    {
        final boolean found;
        try
        {
            found = records.startAfter(journalIndex, sequence);
        }
        catch (final CorruptJournalException ex)
        {
            throw new DamagedIndexException("island " + island + ": user index " + directory + " covers island " +
                "sequence " + sequence + " at journal index 0x" + Long.toHexString(journalIndex) +
                " but the journal holds another record there", ex);
        }
        if (!found)
        {
            throw new DamagedIndexException("island " + island + ": user index " + directory + " covers island " +
                "sequence " + sequence + " but the journal has no record at index 0x" +
                Long.toHexString(journalIndex));
        }
        if (records.header().checksum() != fingerprint)
        {
            throw new DamagedIndexException("island " + island + ": user index " + directory + " was built from " +
                "another journal (island sequence " + sequence + " there has checksum " +
                Integer.toHexString(fingerprint) + ", here " + Integer.toHexString(records.header().checksum()) +
                ")");
        }
    }

    /**
     * Writes what is in memory as a segment and merges segments as needed. Writable indexes only; nothing to do when
     * the index on disk already covers everything.
     */
    public synchronized void persist()
    {
        if (!writable || coveredTo == persistedTo)
        {
            return;
        }
        final int[] order = tail.sortedByHash();
        try (IndexSegment.Writer writer = new IndexSegment.Writer(island, directory))
        {
            for (final int i : order)
            {
                writer.add(tail.hash(i), tail.sequence(i), tail.journalIndex(i), tail.eventIndex(i), tail.flags(i));
            }
            segments.add(writer.finish(persistedTo + 1, coveredTo, coveredJournalIndex, coveredEventIndex,
                coveredFingerprint));
        }
        tail.clear();
        persistedTo = coveredTo;
        mergeWhileUnbalanced();
    }

    private void mergeWhileUnbalanced()
    {
        while (segments.size() >= 2)
        {
            final IndexSegment newer = segments.get(segments.size() - 1);
            final IndexSegment older = segments.get(segments.size() - 2);
            if (2 * span(newer) < span(older))
            {
                return;
            }
            final IndexSegment merged = merge(older, newer);
            segments.remove(segments.size() - 1);
            segments.set(segments.size() - 1, merged);
            older.close();
            newer.close();
            deleteFile(older.file());
            deleteFile(newer.file());
        }
    }

    private static long span(final IndexSegment segment)
    {
        return segment.to() - segment.from() + 1;
    }

    private IndexSegment merge(final IndexSegment older, final IndexSegment newer)
    {
        final Run a = new Run(older);
        final Run b = new Run(newer);
        try (IndexSegment.Writer writer = new IndexSegment.Writer(island, directory))
        {
            while (a.ready() || b.ready())
            {
                final Run take = !b.ready() || (a.ready() && a.hash() <= b.hash()) ? a : b;
                take.copyTo(writer);
            }
            return writer.finish(older.from(), newer.to(), newer.toJournalIndex(), newer.toEventIndex(),
                newer.toFingerprint());
        }
    }

    /**
     * Finds a user's entries, in island-sequence order (entries of other users whose hash is the same come too; the
     * reader tells them apart).
     *
     * @param hash the user's {@link #hash}.
     * @return the entries.
     * @throws DamagedIndexException when a segment fails a check.
     */
    synchronized IndexEntries lookup(final long hash)
    {
        final IndexEntries found = new IndexEntries();
        for (final IndexSegment segment : segments)
        {
            segment.lookup(hash, found);
        }
        for (int i = 0; i < tail.size(); i++)
        {
            if (tail.hash(i) == hash)
            {
                found.add(hash, tail.sequence(i), tail.journalIndex(i), tail.eventIndex(i), tail.flags(i));
            }
        }
        return found;
    }

    @Override
    public synchronized void close()
    {
        for (final IndexSegment segment : segments)
        {
            segment.close();
        }
        segments.clear();
    }

    /**
     * @param type a record type.
     * @return true for the inputs a user submits (they carry the user's login).
     */
    public static boolean isUserInput(final CommandType type)
    {
        return switch (type)
        {
            case PLACE_ORDER, CANCEL_ORDER, PLACE_HOLD, CONFIRM_HOLD, RELEASE_HOLD, SCHEDULE, CANCEL_SCHEDULE -> true;
            default -> false;
        };
    }

    private void deleteFile(final Path file)
    {
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("island " + island + ": cannot delete user index " + file, ex);
        }
    }

    /**
     * The users one record concerns, each once.
     */
    private static final class Users
    {
        long[] hashes = new long[8];
        int[] flags = new int[8];
        long[] eventIndexes = new long[8];
        int size;

        void clear()
        {
            size = 0;
        }

        void add(final long hash, final int flag, final long eventIndex)
        {
            for (int i = 0; i < size; i++)
            {
                if (hashes[i] == hash)
                {
                    flags[i] |= flag;
                    if (eventIndexes[i] < 0)
                    {
                        eventIndexes[i] = eventIndex;
                    }
                    return;
                }
            }
            if (size == hashes.length)
            {
                hashes = java.util.Arrays.copyOf(hashes, size * 2);
                flags = java.util.Arrays.copyOf(flags, size * 2);
                eventIndexes = java.util.Arrays.copyOf(eventIndexes, size * 2);
            }
            hashes[size] = hash;
            flags[size] = flag;
            eventIndexes[size] = eventIndex;
            size++;
        }
    }

    /**
     * One event document's events: each one's input sequence and, when it names a user, the user's hash.
     */
    private static final class Batch implements EventDecoder.LoginVisitor
    {
        long[] sequences = new long[256];
        long[] hashes = new long[256];
        boolean[] named = new boolean[256];
        int size;

        void clear()
        {
            size = 0;
        }

        @Override
        public void event(final long sequence, final byte[] bytes, final int loginOffset, final int loginLength)
        {
            if (size == sequences.length)
            {
                sequences = java.util.Arrays.copyOf(sequences, size * 2);
                hashes = java.util.Arrays.copyOf(hashes, size * 2);
                named = java.util.Arrays.copyOf(named, size * 2);
            }
            sequences[size] = sequence;
            named[size] = loginLength > 0;
            hashes[size] = loginLength > 0 ? hash(bytes, loginOffset, loginLength) : 0;
            size++;
        }
    }

    /**
     * A segment read in chunks for a merge.
     */
    private static final class Run
    {
        private final IndexSegment segment;
        private final IndexEntries chunk = new IndexEntries();
        private long read;
        private int at;

        Run(final IndexSegment segment)
        {
            this.segment = segment;
            fill();
        }

        private void fill()
        {
            chunk.clear();
            at = 0;
            read += segment.readRun(read, MERGE_CHUNK, chunk);
        }

        boolean ready()
        {
            return at < chunk.size();
        }

        long hash()
        {
            return chunk.hash(at);
        }

        void copyTo(final IndexSegment.Writer writer)
        {
            writer.add(chunk.hash(at), chunk.sequence(at), chunk.journalIndex(at), chunk.eventIndex(at),
                chunk.flags(at));
            at++;
            if (at == chunk.size())
            {
                fill();
            }
        }
    }

}
