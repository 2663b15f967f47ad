package io.archipelago.engine.journal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.CorruptRecordException;
import io.archipelago.engine.codec.RecordCodec;
import io.archipelago.engine.codec.RecordDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalTest
{
    private static final long T0 = 1_731_000_000_000L;

    @TempDir
    Path dir;

    private final RecordCodec codec = new RecordCodec();

    private static Command commandFor(final int i)
    {
        final Command command = new Command();
        return switch (i % 4)
        {
            case 0 -> command.createProduct(i, 10L + i);
            case 1 -> command.restock(i, 1 + i);
            case 2 -> command.placeOrder(i % 8 == 2 ? "zo\u00eb-" + i : "user-" + i, i).addLine(i, 1 + i % 7)
                .addLine(i + 1, 2);
            default -> command.cancelOrder("\u7528\u6237-" + i, i);
        };
    }

    private long append(final Journal journal, final Command command, final long sequence, final long timestamp)
    {
        final int length = codec.encode(command, sequence, timestamp, RecordDescriptor.SOURCE_CLIENT, 0);
        return journal.append(codec.bytes(), length);
    }

    @Test
    void shouldReadBackAppendedRecordsWithHeadersInOrder()
    {
        final int records = 2_000;
        final Path journalDir = dir.resolve("journal");
        final List<Long> indexes = new ArrayList<>();
        try (Journal journal = Journal.open(3, journalDir))
        {
            assertEquals(3, journal.island());
            assertEquals(journalDir, journal.directory());
            for (int i = 1; i <= records; i++)
            {
                indexes.add(append(journal, commandFor(i), i, T0 + i));
            }
            journal.closeAppender();

            try (JournalReader reader = journal.reader())
            {
                assertEquals(0, reader.lastSequence());
                for (int i = 1; i <= records; i++)
                {
                    assertTrue(reader.next(), "record " + i);
                    assertEquals(commandFor(i), reader.command(), "record " + i);
                    assertEquals(i, reader.header().sequence());
                    assertEquals(T0 + i, reader.header().timestamp());
                    assertEquals(RecordDescriptor.SOURCE_CLIENT, reader.header().source());
                    assertEquals(0, reader.header().sourceSequence());
                    assertEquals(RecordDescriptor.FORMAT_VERSION, reader.header().version());
                    assertEquals(indexes.get(i - 1), reader.index());
                    assertEquals(i, reader.lastSequence());
                }
                assertFalse(reader.next(), "nothing after the last record");
                assertFalse(reader.next(), "still nothing");
            }
        }
        for (int i = 1; i < indexes.size(); i++)
        {
            assertTrue(indexes.get(i) > indexes.get(i - 1), "Chronicle indexes increase");
        }
    }

    @Test
    void shouldReturnFalseAtOnceForEmptyJournal()
    {
        try (Journal journal = Journal.open(0, dir.resolve("empty"));
             JournalReader reader = journal.reader())
        {
            final long start = System.nanoTime();
            assertFalse(reader.next());
            assertTrue(System.nanoTime() - start < 2_000_000_000L, "does not wait for records");
            assertEquals(0, reader.lastSequence());
        }
    }

    @Test
    void shouldKeepRecordsWhenReopenedAfterClose()
    {
        final Path journalDir = dir.resolve("journal");
        try (Journal journal = Journal.open(1, journalDir))
        {
            for (int i = 1; i <= 10; i++)
            {
                append(journal, commandFor(i), i, T0 + i);
            }
            journal.closeAppender();
        }
        try (Journal journal = Journal.open(1, journalDir))
        {
            for (int i = 11; i <= 15; i++)
            {
                append(journal, commandFor(i), i, T0 + i);
            }
            journal.closeAppender();
        }
        try (Journal journal = Journal.openReadOnly(1, journalDir);
             JournalReader reader = journal.reader())
        {
            for (int i = 1; i <= 15; i++)
            {
                assertTrue(reader.next(), "record " + i);
                assertEquals(commandFor(i), reader.command());
                assertEquals(i, reader.header().sequence());
            }
            assertFalse(reader.next());
        }
    }

    @Test
    void shouldLetSeveralReadersReadTheSameRecordsIndependently()
    {
        try (Journal journal = Journal.open(0, dir.resolve("journal")))
        {
            for (int i = 1; i <= 5; i++)
            {
                append(journal, commandFor(i), i, T0 + i);
            }
            try (JournalReader first = journal.reader();
                 JournalReader second = journal.reader())
            {
                assertTrue(first.next());
                assertTrue(first.next());
                assertTrue(second.next());
                assertEquals(1, second.header().sequence());
                assertEquals(2, first.header().sequence());
            }
        }
    }

    @Test
    void shouldReadRecordsAppendedByAnotherThread() throws Exception
    {
        final int records = 500;
        try (Journal journal = Journal.open(0, dir.resolve("journal")))
        {
            final Thread writer = new Thread(() ->
            {
                final RecordCodec own = new RecordCodec();
                for (int i = 1; i <= records; i++)
                {
                    final int length = own.encode(commandFor(i), i, T0 + i, RecordDescriptor.SOURCE_CLIENT, 0);
                    journal.append(own.bytes(), length);
                }
                journal.closeAppender();
            }, "journal-writer");
            writer.start();
            writer.join(30_000);
            assertFalse(writer.isAlive());

            try (JournalReader reader = journal.reader())
            {
                int read = 0;
                while (reader.next())
                {
                    read++;
                    assertEquals(commandFor(read), reader.command());
                }
                assertEquals(records, read);
            }
        }
    }

    @Test
    void shouldRefuseJournalWhoseSequenceSkipsANumber()
    {
        try (Journal journal = Journal.open(5, dir.resolve("journal")))
        {
            append(journal, commandFor(1), 1, T0);
            append(journal, commandFor(2), 2, T0);
            final long badIndex = append(journal, commandFor(3), 4, T0);

            try (JournalReader reader = journal.reader())
            {
                assertTrue(reader.next());
                assertTrue(reader.next());
                final CorruptJournalException ex = assertThrows(CorruptJournalException.class, reader::next);
                assertTrue(ex.getMessage().contains("island 5"), ex.getMessage());
                assertTrue(ex.getMessage().contains("sequence"), ex.getMessage());
                assertTrue(ex.getMessage().contains(dir.resolve("journal").toString()), ex.getMessage());
                assertEquals(5, ex.island());
                assertEquals(badIndex, ex.index());
            }
        }
    }

    @Test
    void shouldRefuseJournalWhoseSequenceRepeatsOrDoesNotStartAtOne()
    {
        try (Journal journal = Journal.open(0, dir.resolve("repeat")))
        {
            append(journal, commandFor(1), 1, T0);
            append(journal, commandFor(2), 1, T0);
            try (JournalReader reader = journal.reader())
            {
                assertTrue(reader.next());
                assertThrows(CorruptJournalException.class, reader::next);
            }
        }
        try (Journal journal = Journal.open(0, dir.resolve("start")))
        {
            append(journal, commandFor(1), 2, T0);
            try (JournalReader reader = journal.reader())
            {
                final CorruptJournalException ex = assertThrows(CorruptJournalException.class, reader::next);
                assertTrue(ex.getMessage().contains("sequence"), ex.getMessage());
            }
        }
    }

    @Test
    void shouldRefuseRecordThatFailsItsChecksumNamingIslandAndIndex()
    {
        try (Journal journal = Journal.open(7, dir.resolve("journal")))
        {
            append(journal, commandFor(1), 1, T0);
            final int length = codec.encode(commandFor(2), 2, T0, RecordDescriptor.SOURCE_CLIENT, 0);
            codec.bytes()[length - 1] ^= 0x10;
            final long badIndex = journal.append(codec.bytes(), length);

            try (JournalReader reader = journal.reader())
            {
                assertTrue(reader.next());
                final CorruptJournalException ex = assertThrows(CorruptJournalException.class, reader::next);
                assertTrue(ex.getMessage().contains("island 7"), ex.getMessage());
                assertTrue(ex.getMessage().contains(Long.toHexString(badIndex)), ex.getMessage());
                assertInstanceOf(CorruptRecordException.class, ex.getCause());
                assertEquals(badIndex, ex.index());
            }
        }
    }

    @Test
    void shouldRefuseRecordLongerThanAnyThisVersionWrites()
    {
        try (Journal journal = Journal.open(2, dir.resolve("journal")))
        {
            final byte[] huge = new byte[RecordDescriptor.MAX_RECORD_LENGTH + 1];
            new Random(1).nextBytes(huge);
            journal.append(huge, huge.length);

            try (JournalReader reader = journal.reader())
            {
                final CorruptJournalException ex = assertThrows(CorruptJournalException.class, reader::next);
                assertTrue(ex.getMessage().contains("island 2"), ex.getMessage());
            }
        }
    }

    @Test
    void shouldRefuseRecordShorterThanAHeader()
    {
        try (Journal journal = Journal.open(2, dir.resolve("journal")))
        {
            journal.append(new byte[] {1, 2, 3}, 3);

            try (JournalReader reader = journal.reader())
            {
                assertThrows(CorruptJournalException.class, reader::next);
            }
        }
    }

    @Test
    void shouldSyncAppendedRecordsWithoutLosingThem()
    {
        try (Journal journal = Journal.open(0, dir.resolve("journal")))
        {
            journal.sync();
            append(journal, commandFor(1), 1, T0);
            journal.sync();
            try (JournalReader reader = journal.reader())
            {
                assertTrue(reader.next());
                assertEquals(commandFor(1), reader.command());
            }
        }
    }

    @Test
    void shouldRefuseReadOnlyOpenOfMissingDirectory()
    {
        final Path missing = dir.resolve("no-such-journal");

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> Journal.openReadOnly(4, missing));

        assertTrue(ex.getMessage().contains("island 4"), ex.getMessage());
        assertFalse(Files.exists(missing), "read-only open creates nothing");
    }

    @Test
    void shouldCreateMissingDirectoriesWhenOpenedForAppending()
    {
        final Path nested = dir.resolve("a").resolve("b").resolve("journal");

        try (Journal journal = Journal.open(0, nested))
        {
            append(journal, commandFor(1), 1, T0);
        }

        assertTrue(Files.isDirectory(nested));
    }
}
