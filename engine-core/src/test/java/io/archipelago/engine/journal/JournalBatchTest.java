package io.archipelago.engine.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        try (Journal journal = Journal.open(5, pristine))
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
        final Path file;
        try (Stream<Path> files = Files.list(pristine))
        {
            file = files.filter(path -> path.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
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
                final Path copy = dir.resolve("flip-" + sequence + "-" + offset);
                Files.createDirectories(copy);
                try (Stream<Path> files = Files.list(pristine))
                {
                    for (final Path source : files.toList())
                    {
                        Files.copy(source, copy.resolve(source.getFileName().toString()));
                    }
                }
                final byte[] damaged = pristineBytes.clone();
                damaged[at + offset] ^= (byte)(1 << (offset % 8));
                Files.write(copy.resolve(file.getFileName().toString()), damaged);
                try (Journal journal = Journal.openReadOnly(5, copy); JournalReader reader = journal.reader())
                {
                    final CorruptJournalException refused = assertThrows(CorruptJournalException.class, () ->
                    {
                        while (reader.next())
                        {
                            assertTrue(reader.header().sequence() < sequence, "only records before the damaged one");
                        }
                    }, "record " + sequence + ", byte " + offset + " flipped");
                    assertTrue(refused.getMessage().contains("island 5"), refused.getMessage());
                }
                flips++;
            }
        }
        assertTrue(flips > 80);
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
