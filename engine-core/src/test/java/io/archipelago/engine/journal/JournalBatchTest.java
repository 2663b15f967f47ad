package io.archipelago.engine.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.RecordCodec;
import io.archipelago.engine.codec.RecordDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records added as a batch share one Chronicle document, committed at once: read back record by record in order,
 * found again by the document's index and a sequence inside it, and lost whole (never in part) when writing one of
 * them fails.
 */
class JournalBatchTest
{
    private final RecordCodec codec = new RecordCodec();
    private final Command command = new Command();

    @TempDir
    Path dir;

    private int encode(final long sequence)
    {
        command.placeOrder("user-" + sequence, sequence).addLine(1, 1 + (int)(sequence % 5));
        return codec.encode(command, sequence, 1_000 + sequence, RecordDescriptor.SOURCE_CLIENT, 0);
    }

    @Test
    void shouldReadBatchesBackRecordByRecordAndFindARecordInsideOne()
    {
        final List<Long> commits = new ArrayList<>();
        try (Journal journal = Journal.open(0, dir))
        {
            long sequence = 0;
            for (final int size : new int[] {1, 7, 100, 1, 33})
            {
                for (int i = 0; i < size; i++)
                {
                    assertEquals(-1, journal.add(codec.bytes(), encode(++sequence)));
                }
                commits.add(journal.commit());
            }
            assertEquals(142, sequence);
            assertEquals(-1, journal.commit(), "nothing waits");
            journal.append(codec.bytes(), encode(++sequence));
            journal.closeAppender();

            try (JournalReader reader = journal.reader())
            {
                long read = 0;
                final List<Long> indexes = new ArrayList<>();
                while (reader.next())
                {
                    assertEquals(++read, reader.header().sequence());
                    assertEquals("user-" + read, reader.command().login());
                    if (indexes.isEmpty() || indexes.get(indexes.size() - 1) != reader.index())
                    {
                        indexes.add(reader.index());
                    }
                }
                assertEquals(143, read);
                assertEquals(6, indexes.size(), "one document per batch, one for the single append");
                assertEquals(commits, indexes.subList(0, 5), "commit returns the index of the batch's document");
            }
            try (JournalReader reader = journal.reader())
            {
                assertTrue(reader.startAfter(commits.get(2), 108), "the last record of the third batch");
                assertTrue(reader.next());
                assertEquals(109, reader.header().sequence());
            }
            try (JournalReader reader = journal.reader())
            {
                assertTrue(reader.startAfter(commits.get(2), 50), "a record inside the third batch");
                assertTrue(reader.next());
                assertEquals(51, reader.header().sequence());
            }
            try (JournalReader reader = journal.reader())
            {
                assertThrows(CorruptJournalException.class, () -> reader.startAfter(commits.get(2), 120),
                    "a sequence the document does not hold");
            }
        }
    }

    @Test
    void shouldLoseAWholeBatchWhenWritingOneOfItsRecordsFails()
    {
        try (Journal journal = Journal.open(4, dir))
        {
            for (long sequence = 1; sequence <= 10; sequence++)
            {
                journal.add(codec.bytes(), encode(sequence));
            }
            journal.commit();
            for (long sequence = 11; sequence <= 15; sequence++)
            {
                journal.add(codec.bytes(), encode(sequence));
            }
            final int length = encode(16);
            final JournalWriteException failure = assertThrows(JournalWriteException.class,
                () -> journal.add(codec.bytes(), length, (target, record, size) ->
                {
                    target.write(record, 0, size / 2);
                    throw new InternalError("a fault occurred in an unsafe memory access operation");
                }));
            assertSame(failure, assertThrows(JournalWriteException.class, journal::commit),
                "the batch cannot be committed after it was rolled back");
            assertThrows(JournalWriteException.class, journal::commit, "nor later");
            journal.closeAppender();
        }
        try (Journal journal = Journal.open(4, dir); JournalReader reader = journal.reader())
        {
            long read = 0;
            while (reader.next())
            {
                assertEquals(++read, reader.header().sequence());
            }
            assertEquals(10, read, "the first batch whole, nothing of the second");
        }
        try (Journal journal = Journal.open(4, dir))
        {
            journal.add(codec.bytes(), encode(11));
            journal.commit();
            journal.closeAppender();
            try (JournalReader reader = journal.reader())
            {
                long read = 0;
                while (reader.next())
                {
                    read++;
                }
                assertEquals(11, read, "appending goes on after the last committed record");
            }
        }
    }

    /**
     * A flipped bit anywhere in a record inside a batch (its checksum, its length, its header, its payload) makes the
     * journal refused at that document, never read as other records: every header byte and every third payload byte
     * of a record in the middle of a batch, every seventh byte of the first, the last and the next batch's first.
     */
    @Test
    void shouldRefuseAFlippedBitInAnyRecordInsideABatch() throws IOException
    {
        final Path pristine = dir.resolve("pristine");
        writeTwoBatches(pristine);
        final Path file = queueFile(pristine);
        final byte[] pristineBytes = Files.readAllBytes(file);
        int flips = 0;
        for (final long sequence : new long[] {1, 10, 20, 21})
        {
            final int length = encode(sequence);
            final byte[] record = java.util.Arrays.copyOf(codec.bytes(), length);
            final int at = indexOf(pristineBytes, record);
            assertTrue(at > 0, "record " + sequence + " found in the queue file");
            for (int offset = 0; offset < length; offset += sequence != 10 ? 7 : offset < RecordDescriptor.HEADER_LENGTH ? 1 : 3)
            {
                assertRefused(pristine, file, at + offset, offset % 8, sequence,
                    "record " + sequence + ", byte " + offset + " flipped");
                flips++;
            }
        }
        assertTrue(flips > 80);
        assertEquals(25, readAll(pristine), "the journal reads whole once every bit is back");
    }

    /**
     * Every bit of both documents' frames ({@link JournalFrameDescriptor}: field code, name, length code, array length,
     * array code) flipped one at a time: the document is refused, never read with fewer or other records.
     */
    @Test
    void shouldRefuseAFlippedBitInTheFrameOfABatch() throws IOException
    {
        final Path pristine = dir.resolve("pristine");
        writeTwoBatches(pristine);
        final Path file = queueFile(pristine);
        final byte[] pristineBytes = Files.readAllBytes(file);
        int flips = 0;
        for (final long firstSequence : new long[] {1, 21})
        {
            final int recordsLength = firstSequence == 1 ? recordsLength(1, 20) : recordsLength(21, 25);
            final int length = encode(firstSequence);
            final int frame = indexOf(pristineBytes, java.util.Arrays.copyOf(codec.bytes(), length)) -
                JournalFrameDescriptor.FRAME_LENGTH;
            assertTrue(frame > 0, "the document of record " + firstSequence + " found in the queue file");
            final long expected = JournalFrameDescriptor.frame(recordsLength);
            for (int i = 0; i < JournalFrameDescriptor.FRAME_LENGTH; i++)
            {
                assertEquals((byte)(expected >>> (i * 8)), pristineBytes[frame + i], "frame byte " + i);
            }
            for (int offset = 0; offset < JournalFrameDescriptor.FRAME_LENGTH; offset++)
            {
                for (int bit = 0; bit < 8; bit++)
                {
                    assertRefused(pristine, file, frame + offset, bit, firstSequence,
                        "frame of record " + firstSequence + "'s document, byte " + offset + " bit " + bit);
                    flips++;
                }
            }
        }
        assertEquals(2 * JournalFrameDescriptor.FRAME_LENGTH * 8, flips);
        assertEquals(25, readAll(pristine), "the journal reads whole once every bit is back");
    }

    private static long readAll(final Path journalDirectory)
    {
        try (Journal journal = Journal.openReadOnly(5, journalDirectory); JournalReader reader = journal.reader())
        {
            long read = 0;
            while (reader.next())
            {
                read++;
            }
            return read;
        }
    }

    /**
     * Records 1 to 20 in one document, 21 to 25 in the next.
     */
    private void writeTwoBatches(final Path directory)
    {
        try (Journal journal = Journal.open(5, directory))
        {
            for (long sequence = 1; sequence <= 20; sequence++)
            {
                journal.add(codec.bytes(), encode(sequence));
            }
            journal.commit();
            for (long sequence = 21; sequence <= 25; sequence++)
            {
                journal.add(codec.bytes(), encode(sequence));
            }
            journal.commit();
            journal.closeAppender();
        }
    }

    private int recordsLength(final long first, final long last)
    {
        int length = 0;
        for (long sequence = first; sequence <= last; sequence++)
        {
            length += encode(sequence);
        }
        return length;
    }

    private static Path queueFile(final Path directory) throws IOException
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.filter(path -> path.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
    }

    /**
     * Flips one bit of the journal's queue file, checks the reader refuses the journal at the damaged document after
     * reading only records before it, and flips the bit back.
     */
    private static void assertRefused(final Path journalDirectory, final Path file, final int at, final int bit,
        final long firstDamagedSequence, final String what) throws IOException
    {
        flip(file, at, bit);
        try (Journal journal = Journal.openReadOnly(5, journalDirectory); JournalReader reader = journal.reader())
        {
            final CorruptJournalException refused = assertThrows(CorruptJournalException.class, () ->
            {
                while (reader.next())
                {
                    assertTrue(reader.header().sequence() < firstDamagedSequence, "only records before the damaged one");
                }
            }, what);
            assertTrue(refused.getMessage().contains("island 5"), refused.getMessage());
        }
        finally
        {
            flip(file, at, bit);
        }
    }

    private static void flip(final Path file, final long at, final int bit) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final ByteBuffer value = ByteBuffer.allocate(1);
            channel.read(value, at);
            value.put(0, (byte)(value.get(0) ^ (1 << bit)));
            value.rewind();
            channel.write(value, at);
        }
    }

    private static int indexOf(final byte[] haystack, final byte[] needle)
    {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++)
        {
            for (int j = 0; j < needle.length; j++)
            {
                if (haystack[i + j] != needle[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void shouldRefuseARecordThatWouldOverfillTheDocument()
    {
        try (Journal journal = Journal.open(0, dir))
        {
            long sequence = 0;
            int bytes = 0;
            int length = encode(sequence + 1);
            while (bytes + length <= RecordDescriptor.MAX_DOCUMENT_LENGTH)
            {
                journal.add(codec.bytes(), length);
                bytes += length;
                length = encode(++sequence + 1);
            }
            final int last = length;
            assertThrows(IllegalStateException.class, () -> journal.add(codec.bytes(), last));
            assertTrue(journal.commit() >= 0);
            journal.closeAppender();
            try (JournalReader reader = journal.reader())
            {
                long read = 0;
                while (reader.next())
                {
                    read++;
                }
                assertEquals(sequence, read);
                assertFalse(reader.next());
            }
        }
    }
}
