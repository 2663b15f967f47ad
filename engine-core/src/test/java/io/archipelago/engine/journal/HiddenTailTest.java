package io.archipelago.engine.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.RecordCodec;
import io.archipelago.engine.codec.RecordDescriptor;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A damaged excerpt header makes Chronicle treat the rest of the file as unwritten. Every bit of the header of a record
 * in the middle, at the start and next to the end is flipped (and the header zeroed): reading must then fail naming
 * the journal, never end early as if the journal were shorter. Only the last record may disappear (that is what a
 * write torn by {@code kill -9} looks like, and such a record was never acknowledged).
 */
class HiddenTailTest
{
    private static final int RECORDS = 100;

    @TempDir
    Path dir;

    private Path file;
    private final long[] headerOffsets = new long[RECORDS + 1];

    @BeforeEach
    void writeJournal() throws IOException
    {
        final RecordCodec codec = new RecordCodec();
        final Command command = new Command();
        try (Journal journal = Journal.open(0, dir))
        {
            for (int i = 1; i <= RECORDS; i++)
            {
                command.placeOrder("user-" + i, i).addLine(1, 1 + i % 5);
                journal.append(codec.bytes(), codec.encode(command, i, 1_000 + i, RecordDescriptor.SOURCE_CLIENT, 0));
            }
        }
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(dir).readOnly(true).build();
            ExcerptTailer tailer = queue.createTailer())
        {
            for (int i = 1; i <= RECORDS; i++)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    assertTrue(dc.isPresent());
                    headerOffsets[i] = dc.wire().bytes().readPosition() - 4;
                }
            }
        }
        try (Stream<Path> files = Files.list(dir))
        {
            file = files.filter(path -> path.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
    }

    @Test
    void shouldRefuseToEndEarlyWhenAnyBitOfAnEarlierRecordHeaderIsFlipped() throws IOException
    {
        int refused = 0;
        for (final int victim : new int[] {1, 2, 50, RECORDS - 1})
        {
            for (int bit = 0; bit < 32; bit++)
            {
                final int original = header(victim);
                writeHeader(victim, original ^ (1 << bit));
                try
                {
                    final long read = readAll();
                    assertEquals(RECORDS, read, "record " + victim + ", bit " + bit + ": the journal read as " +
                        read + " records instead of being refused");
                }
                catch (final CorruptJournalException expected)
                {
                    assertTrue(expected.getMessage().contains(dir.toString()), expected.getMessage());
                    refused++;
                }
                finally
                {
                    writeHeader(victim, original);
                }
            }
        }
        assertEquals(4 * 32, refused, "every flip of a header before the last record is refused");
        assertEquals(RECORDS, readAll(), "the journal reads whole again once repaired");
    }

    @Test
    void shouldRefuseWhenAnEarlierRecordHeaderIsZeroed() throws IOException
    {
        for (final int victim : new int[] {1, 50, RECORDS - 1})
        {
            final int original = header(victim);
            writeHeader(victim, 0);
            try
            {
                final long read = readAll();
                fail("record " + victim + "'s header zeroed: the journal read as " + read + " records");
            }
            catch (final CorruptJournalException expected)
            {
                assertTrue(expected.getMessage().contains("hidden"), expected.getMessage());
            }
            finally
            {
                writeHeader(victim, original);
            }
        }
    }

    @Test
    void shouldDropOnlyAnUnfinishedLastRecord() throws IOException
    {
        writeHeader(RECORDS, header(RECORDS) | 0x8000_0000);

        assertEquals(RECORDS - 1, readAll(), "a last record whose header says unfinished is a torn write");
        assertThrows(CorruptJournalException.class, () ->
        {
            writeHeader(RECORDS - 1, header(RECORDS - 1) | 0x8000_0000);
            readAll();
        }, "but an unfinished record followed by another is a hidden tail");
    }

    /**
     * A batch torn by a crash leaves its excerpt header unfinished with no length yet; up to the longest document, its
     * frame included, may follow it. A document holding the most records a document holds, with its header set back to
     * unfinished, is dropped (not a hidden tail), and a byte right after it is refused.
     */
    @Test
    void shouldDropATornDocumentAsLongAsTheLongestFramedOne() throws IOException
    {
        final RecordCodec codec = new RecordCodec();
        final Command command = new Command();
        final int loginLength = 60;
        int bytes = 0;
        try (Journal journal = Journal.open(0, dir))
        {
            for (int i = RECORDS + 1; bytes < RecordDescriptor.MAX_DOCUMENT_LENGTH; i++)
            {
                final String login = ("user-" + i + "-".repeat(loginLength)).substring(0, loginLength);
                command.placeOrder(login, i).addLine(1, 1);
                final int length = codec.encode(command, i, 1_000 + i, RecordDescriptor.SOURCE_CLIENT, 0);
                journal.add(codec.bytes(), length);
                bytes += length;
            }
            journal.commit();
            journal.closeAppender();
        }
        assertEquals(RecordDescriptor.MAX_DOCUMENT_LENGTH, bytes, "records of 128 bytes fill a document exactly");
        long lastHeader = -1;
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(dir).readOnly(true).build();
            ExcerptTailer tailer = queue.createTailer())
        {
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    lastHeader = dc.wire().bytes().readPosition() - 4;
                    assertEquals(lastHeader + 4 + dc.wire().bytes().readRemaining(), dc.wire().bytes().readLimit());
                }
            }
        }
        final long end = lastHeader + 4 + JournalFrameDescriptor.MAX_FRAMED_DOCUMENT_LENGTH;
        assertEquals(JournalFrameDescriptor.MAX_FRAMED_DOCUMENT_LENGTH, (readInt(lastHeader) & 0x3FFF_FFFF));
        writeInt(lastHeader, 0x8000_0000);

        assertEquals(RECORDS, readAll(), "the torn batch is dropped, nothing of it is a hidden tail");
        writeInt(end, 0x0102_0304);
        final CorruptJournalException hidden = assertThrows(CorruptJournalException.class, this::readAll,
            "a byte right after the longest torn document is a hidden tail");
        assertTrue(hidden.getMessage().contains("hidden") && hidden.getMessage().contains("offset " + end),
            hidden.getMessage());
    }

    private long readAll()
    {
        try (Journal journal = Journal.openReadOnly(0, dir); JournalReader reader = journal.reader())
        {
            long read = 0;
            while (reader.next())
            {
                read++;
            }
            return read;
        }
    }

    private int header(final int record) throws IOException
    {
        return readInt(headerOffsets[record]);
    }

    private void writeHeader(final int record, final int value) throws IOException
    {
        writeInt(headerOffsets[record], value);
    }

    private int readInt(final long offset) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final ByteBuffer buffer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(buffer, offset);
            return buffer.getInt(0);
        }
    }

    private void writeInt(final long offset, final int value) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final ByteBuffer buffer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value);
            channel.write(buffer, offset);
        }
    }
}
