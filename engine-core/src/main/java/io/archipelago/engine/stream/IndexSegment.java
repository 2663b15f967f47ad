package io.archipelago.engine.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import static io.archipelago.engine.stream.UserIndexDescriptor.COUNT_OFFSET;
import static io.archipelago.engine.stream.UserIndexDescriptor.ENTRY_CHECKSUM_OFFSET;
import static io.archipelago.engine.stream.UserIndexDescriptor.ENTRY_LENGTH;
import static io.archipelago.engine.stream.UserIndexDescriptor.EVENT_INDEX_OFFSET;
import static io.archipelago.engine.stream.UserIndexDescriptor.FLAGS_OFFSET;
import static io.archipelago.engine.stream.UserIndexDescriptor.FROM_OFFSET;
import static io.archipelago.engine.stream.UserIndexDescriptor.HASH_OFFSET;
import static io.archipelago.engine.stream.UserIndexDescriptor.HEADER_CHECKSUM_OFFSET;
import static io.archipelago.engine.stream.UserIndexDescriptor.HEADER_LENGTH;
import static io.archipelago.engine.stream.UserIndexDescriptor.ISLAND_OFFSET;
import static io.archipelago.engine.stream.UserIndexDescriptor.JOURNAL_INDEX_OFFSET;
import static io.archipelago.engine.stream.UserIndexDescriptor.MAGIC;
import static io.archipelago.engine.stream.UserIndexDescriptor.MAGIC_OFFSET;
import static io.archipelago.engine.stream.UserIndexDescriptor.SEQUENCE_OFFSET;
import static io.archipelago.engine.stream.UserIndexDescriptor.TO_EVENT_INDEX_OFFSET;
import static io.archipelago.engine.stream.UserIndexDescriptor.TO_JOURNAL_INDEX_OFFSET;
import static io.archipelago.engine.stream.UserIndexDescriptor.TO_OFFSET;
import static io.archipelago.engine.stream.UserIndexDescriptor.VERSION;
import static io.archipelago.engine.stream.UserIndexDescriptor.VERSION_OFFSET;

/**
 * One immutable segment file of a user index ({@link UserIndexDescriptor}): found by binary search on the user hash,
 * read a user's run of entries, or streamed whole to merge with its neighbour. Not thread safe.
 */
final class IndexSegment implements AutoCloseable
{
    private final int island;
    private final Path file;
    private final FileChannel channel;
    private final long from;
    private final long to;
    private final long toJournalIndex;
    private final long toEventIndex;
    private final long count;
    private final int toFingerprint;
    private final ByteBuffer entry = ByteBuffer.allocate(ENTRY_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();

    private IndexSegment(final int island, final Path file, final FileChannel channel, final ByteBuffer header)
    {
        this.island = island;
        this.file = file;
        this.channel = channel;
        this.from = header.getLong(FROM_OFFSET);
        this.to = header.getLong(TO_OFFSET);
        this.toJournalIndex = header.getLong(TO_JOURNAL_INDEX_OFFSET);
        this.toEventIndex = header.getLong(TO_EVENT_INDEX_OFFSET);
        this.count = header.getLong(COUNT_OFFSET);
        this.toFingerprint = header.getInt(UserIndexDescriptor.TO_FINGERPRINT_OFFSET);
    }

    /**
     * Opens a segment and checks its header and length (not yet its entries, which are checked as they are read).
     *
     * @param island the island.
     * @param file   the segment.
     * @return the segment.
     * @throws DamagedIndexException when the file is unreadable, foreign or cut short.
     */
    static IndexSegment open(final int island, final Path file)
    {
        FileChannel channel = null;
        try
        {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            while (header.hasRemaining() && channel.read(header, header.position()) > 0)
            {
                continue;
            }
            if (header.hasRemaining())
            {
                throw damaged(island, file, "shorter than its header");
            }
            final CRC32C crc = new CRC32C();
            crc.update(header.array(), 0, HEADER_CHECKSUM_OFFSET);
            if (header.getLong(MAGIC_OFFSET) != MAGIC || header.getInt(VERSION_OFFSET) != VERSION ||
                header.getInt(ISLAND_OFFSET) != island || (int)crc.getValue() != header.getInt(HEADER_CHECKSUM_OFFSET))
            {
                throw damaged(island, file, "its header is damaged or belongs to another island or format");
            }
            final long count = header.getLong(COUNT_OFFSET);
            final long from = header.getLong(FROM_OFFSET);
            final long to = header.getLong(TO_OFFSET);
            if (count < 0 || from < 1 || to < from || channel.size() != HEADER_LENGTH + count * ENTRY_LENGTH ||
                !file.getFileName().toString().equals(UserIndexDescriptor.fileName(from, to)))
            {
                throw damaged(island, file, "its length or name does not match its header (" + count + " entries, " +
                    "sequences " + from + ".." + to + ", " + channel.size() + " bytes)");
            }
            final IndexSegment segment = new IndexSegment(island, file, channel, header);
            channel = null;
            return segment;
        }
        catch (final IOException ex)
        {
            throw new DamagedIndexException("island " + island + ": user index " + file + " cannot be read: " + ex,
                ex);
        }
        finally
        {
            closeQuietly(channel);
        }
    }

    long from()
    {
        return from;
    }

    long to()
    {
        return to;
    }

    long toJournalIndex()
    {
        return toJournalIndex;
    }

    long toEventIndex()
    {
        return toEventIndex;
    }

    int toFingerprint()
    {
        return toFingerprint;
    }

    long count()
    {
        return count;
    }

    Path file()
    {
        return file;
    }

    /**
     * Adds the entries of one user hash to {@code into}, in sequence order.
     *
     * @param hash the user's hash.
     * @param into where they go.
     */
    void lookup(final long hash, final IndexEntries into)
    {
        long low = 0;
        long high = count;
        while (low < high)
        {
            final long middle = (low + high) >>> 1;
            read(middle);
            if (entry.getLong(HASH_OFFSET) < hash)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        for (long i = low; i < count; i++)
        {
            read(i);
            if (entry.getLong(HASH_OFFSET) != hash)
            {
                break;
            }
            addEntry(into);
        }
    }

    /**
     * Adds a run of entries to {@code into}, in file order (for merging), read in one go and each checked.
     *
     * @param at   the first entry.
     * @param max  most entries to add.
     * @param into where they go.
     * @return the number added.
     */
    int readRun(final long at, final int max, final IndexEntries into)
    {
        final int wanted = (int)Math.min(max, count - at);
        if (wanted <= 0)
        {
            return 0;
        }
        final ByteBuffer run = ByteBuffer.allocate(wanted * ENTRY_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        final long position = HEADER_LENGTH + at * ENTRY_LENGTH;
        try
        {
            while (run.hasRemaining())
            {
                if (channel.read(run, position + run.position()) < 0)
                {
                    throw damaged(island, file, "entry " + (at + run.position() / ENTRY_LENGTH) + " is cut short");
                }
            }
        }
        catch (final IOException ex)
        {
            throw new DamagedIndexException("island " + island + ": user index " + file + " cannot be read: " + ex,
                ex);
        }
        for (int i = 0; i < wanted; i++)
        {
            final int offset = i * ENTRY_LENGTH;
            check(run.array(), offset, run.getLong(offset + SEQUENCE_OFFSET), at + i);
            into.add(run.getLong(offset + HASH_OFFSET), run.getLong(offset + SEQUENCE_OFFSET),
                run.getLong(offset + JOURNAL_INDEX_OFFSET), run.getLong(offset + EVENT_INDEX_OFFSET),
                run.getInt(offset + FLAGS_OFFSET));
        }
        return wanted;
    }

    private void check(final byte[] bytes, final int offset, final long sequence, final long i)
    {
        crc.reset();
        crc.update(bytes, offset, ENTRY_CHECKSUM_OFFSET);
        final int stored = (bytes[offset + ENTRY_CHECKSUM_OFFSET] & 0xFF) |
            (bytes[offset + ENTRY_CHECKSUM_OFFSET + 1] & 0xFF) << 8 |
            (bytes[offset + ENTRY_CHECKSUM_OFFSET + 2] & 0xFF) << 16 |
            (bytes[offset + ENTRY_CHECKSUM_OFFSET + 3] & 0xFF) << 24;
        if ((int)crc.getValue() != stored || sequence < from || sequence > to)
        {
            throw damaged(island, file, "entry " + i + " fails its checksum or lies outside the segment");
        }
    }

    private void addEntry(final IndexEntries into)
    {
        into.add(entry.getLong(HASH_OFFSET), entry.getLong(SEQUENCE_OFFSET), entry.getLong(JOURNAL_INDEX_OFFSET),
            entry.getLong(EVENT_INDEX_OFFSET), entry.getInt(FLAGS_OFFSET));
    }

    private void read(final long i)
    {
        entry.clear();
        try
        {
            final long position = HEADER_LENGTH + i * ENTRY_LENGTH;
            while (entry.hasRemaining())
            {
                if (channel.read(entry, position + entry.position()) < 0)
                {
                    throw damaged(island, file, "entry " + i + " is cut short");
                }
            }
        }
        catch (final IOException ex)
        {
            throw new DamagedIndexException("island " + island + ": user index " + file + " cannot be read: " + ex,
                ex);
        }
        check(entry.array(), 0, entry.getLong(SEQUENCE_OFFSET), i);
    }

    @Override
    public void close()
    {
        closeQuietly(channel);
    }

    private static void closeQuietly(final FileChannel channel)
    {
        if (null != channel)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignored)
            {
                // Nothing was written through it.
            }
        }
    }

    static DamagedIndexException damaged(final int island, final Path file, final String problem)
    {
        return new DamagedIndexException("island " + island + ": user index " + file + ": " + problem);
    }

    /**
     * Writes a segment: entries in (hash, sequence) order are added one by one, then {@link #finish} renames it into
     * place.
     */
    static final class Writer implements AutoCloseable
    {
        private final int island;
        private final Path directory;
        private final Path temporary;
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32C crc = new CRC32C();
        private long count;
        private long position = HEADER_LENGTH;
        private boolean finished;

        Writer(final int island, final Path directory)
        {
            this.island = island;
            this.directory = directory;
            try
            {
                Files.createDirectories(directory);
                this.temporary = Files.createTempFile(directory, UserIndexDescriptor.PREFIX, ".tmp");
                this.channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("island " + island + ": cannot write a user index segment in " +
                    directory, ex);
            }
        }

        void add(final long hash, final long sequence, final long journalIndex, final long eventIndex, final int flags)
        {
            if (buffer.remaining() < ENTRY_LENGTH)
            {
                flush();
            }
            final int at = buffer.position();
            buffer.putLong(at + HASH_OFFSET, hash);
            buffer.putLong(at + SEQUENCE_OFFSET, sequence);
            buffer.putLong(at + JOURNAL_INDEX_OFFSET, journalIndex);
            buffer.putLong(at + EVENT_INDEX_OFFSET, eventIndex);
            buffer.putInt(at + FLAGS_OFFSET, flags);
            crc.reset();
            crc.update(buffer.array(), at, ENTRY_CHECKSUM_OFFSET);
            buffer.putInt(at + ENTRY_CHECKSUM_OFFSET, (int)crc.getValue());
            buffer.position(at + ENTRY_LENGTH);
            count++;
        }

        private void flush()
        {
            buffer.flip();
            try
            {
                while (buffer.hasRemaining())
                {
                    position += channel.write(buffer, position);
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("island " + island + ": cannot write user index " + temporary, ex);
            }
            buffer.clear();
        }

        /**
         * Writes the header and renames the file into place. It is not forced: the index is derived, and a segment a
         * power failure left short or zeroed fails its length or checksums and is built again from the journal.
         *
         * @return the segment, open.
         */
        IndexSegment finish(final long from, final long to, final long toJournalIndex, final long toEventIndex,
            final int toFingerprint)
        {
            flush();
            final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            header.putLong(MAGIC_OFFSET, MAGIC);
            header.putInt(VERSION_OFFSET, VERSION);
            header.putInt(ISLAND_OFFSET, island);
            header.putLong(FROM_OFFSET, from);
            header.putLong(TO_OFFSET, to);
            header.putLong(TO_JOURNAL_INDEX_OFFSET, toJournalIndex);
            header.putLong(TO_EVENT_INDEX_OFFSET, toEventIndex);
            header.putLong(COUNT_OFFSET, count);
            header.putInt(UserIndexDescriptor.TO_FINGERPRINT_OFFSET, toFingerprint);
            crc.reset();
            crc.update(header.array(), 0, HEADER_CHECKSUM_OFFSET);
            header.putInt(HEADER_CHECKSUM_OFFSET, (int)crc.getValue());
            final Path target = directory.resolve(UserIndexDescriptor.fileName(from, to));
            try
            {
                while (header.hasRemaining())
                {
                    channel.write(header, header.position());
                }
                channel.close();
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                finished = true;
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("island " + island + ": cannot write user index " + target, ex);
            }
            return open(island, target);
        }

        @Override
        public void close()
        {
            if (!finished)
            {
                closeQuietly(channel);
                try
                {
                    Files.deleteIfExists(temporary);
                }
                catch (final IOException ignored)
                {
                    // A temporary file left behind is removed when the index is next opened.
                }
            }
        }
    }
}
