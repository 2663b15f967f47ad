package io.archipelago.engine.journal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.CommandType;
import io.archipelago.engine.codec.RecordCodec;
import io.archipelago.engine.codec.RecordDescriptor;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.wire.BinaryWireCode;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every journal document is one binary Wire field holding its records ({@link JournalFrameDescriptor}): Chronicle's
 * own Wire reads the records back from it, the frame is byte for byte what Chronicle writes for a byte-array field,
 * journals written before the frame still read whole, document by document, and a document that is neither framed
 * nor a record is refused naming the island and its index.
 */
class JournalFrameTest
{
    private final RecordCodec codec = new RecordCodec();
    private final Command command = new Command();

    @TempDir
    Path dir;

    private byte[] record(final long sequence)
    {
        command.placeOrder("user-" + sequence, sequence).addLine(1, 1 + (int)(sequence % 5));
        return Arrays.copyOf(codec.bytes(), codec.encode(command, sequence, 1_000 + sequence,
            RecordDescriptor.SOURCE_CLIENT, 0));
    }

    @Test
    void shouldUseChronicleBinaryWireCodesForTheFrame()
    {
        assertEquals(BinaryWireCode.FIELD_NAME0 + 1, JournalFrameDescriptor.FIELD_CODE);
        assertEquals(BinaryWireCode.BYTES_LENGTH32, JournalFrameDescriptor.LENGTH_CODE);
        assertEquals(BinaryWireCode.U8_ARRAY, JournalFrameDescriptor.ARRAY_CODE);

        final byte[] array = new byte[1 << 16];
        new Random(7).nextBytes(array);
        final Bytes<?> written = Bytes.allocateElasticOnHeap();
        WireType.BINARY.apply(written).write("r").bytes(array);
        final ByteBuffer expected = ByteBuffer.allocate(JournalFrameDescriptor.FRAME_LENGTH)
            .order(ByteOrder.LITTLE_ENDIAN).putLong(0, JournalFrameDescriptor.frame(array.length));
        for (int i = 0; i < JournalFrameDescriptor.FRAME_LENGTH; i++)
        {
            assertEquals(expected.get(i), written.readByte(i), "byte " + i + " of what Chronicle writes for a " +
                "64 KiB array in a field named r");
        }
        assertEquals(JournalFrameDescriptor.FRAME_LENGTH + array.length, written.writePosition());
        written.releaseLast();
    }

    @Test
    void shouldKeepEveryRecordTypeCodeBetweenOneAnd255SoAnUnframedDocumentIsNeverAFrame()
    {
        for (final CommandType type : CommandType.values())
        {
            assertTrue(type.code() >= 1 && type.code() <= 255, type + " has code " + type.code() +
                ": an unframed document's bytes 6-7 would no longer tell it from a frame");
        }
        final byte[] record = record(1);
        assertTrue(record[JournalFrameDescriptor.FRAME_ZERO_OFFSET] != 0);
        assertEquals(0, record[JournalFrameDescriptor.RECORD_ZERO_OFFSET]);
        assertEquals(0, JournalFrameDescriptor.recordsOffset(record, record.length));
        final long frame = JournalFrameDescriptor.frame(RecordDescriptor.MAX_DOCUMENT_LENGTH);
        assertEquals(0, (frame >>> (JournalFrameDescriptor.FRAME_ZERO_OFFSET * 8)) & 0xFF, "the longest frame");
        assertTrue(((frame >>> (JournalFrameDescriptor.RECORD_ZERO_OFFSET * 8)) & 0xFF) != 0);
    }

    /**
     * Chronicle's Wire reads each document as the field {@code r} whose bytes are the document's records, for a batch
     * and for a single append alike.
     */
    @Test
    void shouldLetChronicleWireReadEachDocumentAsOneFieldHoldingItsRecords()
    {
        final List<byte[]> documents = new ArrayList<>();
        try (Journal journal = Journal.open(2, dir))
        {
            long sequence = 0;
            for (final int size : new int[] {1, 5, 300})
            {
                final ByteArrayOutputStream batch = new ByteArrayOutputStream();
                for (int i = 0; i < size; i++)
                {
                    final byte[] record = record(++sequence);
                    journal.add(record, record.length);
                    batch.writeBytes(record);
                }
                journal.commit();
                documents.add(batch.toByteArray());
            }
            final byte[] single = record(++sequence);
            journal.append(single, single.length);
            documents.add(single);
            journal.closeAppender();
        }
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(dir).readOnly(true).build();
             ExcerptTailer tailer = queue.createTailer())
        {
            for (final byte[] records : documents)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    assertTrue(dc.isPresent());
                    final Bytes<?> bytes = dc.wire().bytes();
                    assertEquals(JournalFrameDescriptor.FRAME_LENGTH + records.length, bytes.readRemaining());
                    assertEquals(JournalFrameDescriptor.frame(records.length), bytes.readLong(bytes.readPosition()));
                    final Wire wire = dc.wire();
                    assertArrayEquals(records, wire.read("r").bytes(), "Chronicle reads the records back");
                    assertEquals(0, bytes.readRemaining(), "nothing else in the document");
                }
            }
            try (DocumentContext dc = tailer.readingDocument())
            {
                assertFalse(dc.isPresent());
            }
        }
    }

    /**
     * A journal written before the frame (single records and batches, no frame) and then appended to by this version
     * (framed) reads whole, in order, and is found again by the index of an unframed batch.
     */
    @Test
    void shouldReadEveryRecordOfAJournalWrittenBeforeTheFrame()
    {
        final List<Long> indexes = new ArrayList<>();
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(dir).rollCycle(RollCycles.FAST_DAILY).build();
             ExcerptAppender appender = queue.createAppender())
        {
            long sequence = 0;
            for (final int size : new int[] {1, 1, 40, 1, 7})
            {
                try (DocumentContext dc = appender.writingDocument())
                {
                    for (int i = 0; i < size; i++)
                    {
                        dc.wire().bytes().write(record(++sequence));
                    }
                }
                indexes.add(appender.lastIndexAppended());
            }
            assertEquals(50, sequence);
        }
        try (Journal journal = Journal.open(6, dir))
        {
            for (long sequence = 51; sequence <= 60; sequence++)
            {
                final byte[] record = record(sequence);
                journal.add(record, record.length);
            }
            journal.commit();
            final byte[] record = record(61);
            journal.append(record, record.length);
            journal.closeAppender();
        }
        try (Journal journal = Journal.openReadOnly(6, dir); JournalReader reader = journal.reader())
        {
            long read = 0;
            while (reader.next())
            {
                assertEquals(++read, reader.header().sequence());
                assertEquals("user-" + read, reader.command().login());
                assertEquals(1 + (int)(read % 5), reader.command().lineQuantity(0));
            }
            assertEquals(61, read, "every record, unframed and framed");
        }
        try (Journal journal = Journal.openReadOnly(6, dir); JournalReader reader = journal.reader())
        {
            assertTrue(reader.startAfter(indexes.get(2), 20), "a record inside an unframed batch");
            assertTrue(reader.next());
            assertEquals(21, reader.header().sequence());
        }
    }

    @Test
    void shouldRefuseADocumentThatIsNeitherFramedNorARecord()
    {
        final byte[] record = record(2);
        final byte[] bothNonZero = record.clone();
        bothNonZero[JournalFrameDescriptor.RECORD_ZERO_OFFSET] = 1;
        final byte[] bothZero = record.clone();
        bothZero[JournalFrameDescriptor.FRAME_ZERO_OFFSET] = 0;
        final byte[] frameOfAnotherLength = ByteBuffer.allocate(JournalFrameDescriptor.FRAME_LENGTH + record.length)
            .order(ByteOrder.LITTLE_ENDIAN).putLong(0, JournalFrameDescriptor.frame(record.length + 1))
            .put(JournalFrameDescriptor.FRAME_LENGTH, record).array();
        final byte[] random = new byte[200];
        new Random(11).nextBytes(random);
        random[JournalFrameDescriptor.FRAME_ZERO_OFFSET] = 0x21;
        random[JournalFrameDescriptor.RECORD_ZERO_OFFSET] = 0x42;
        final byte[] tooShort = {(byte)JournalFrameDescriptor.FIELD_CODE, 'r', 1, 2, 3};
        int refused = 0;
        for (final byte[] garbage : List.of(bothNonZero, bothZero, frameOfAnotherLength, random, tooShort))
        {
            final Path queueDir = dir.resolve("garbage-" + refused);
            final long garbageIndex;
            try (ChronicleQueue queue = ChronicleQueue.singleBuilder(queueDir).rollCycle(RollCycles.FAST_DAILY).build();
                 ExcerptAppender appender = queue.createAppender())
            {
                final byte[] first = record(1);
                try (DocumentContext dc = appender.writingDocument())
                {
                    dc.wire().bytes().write(first);
                }
                try (DocumentContext dc = appender.writingDocument())
                {
                    dc.wire().bytes().write(garbage);
                }
                garbageIndex = appender.lastIndexAppended();
            }
            try (Journal journal = Journal.openReadOnly(9, queueDir); JournalReader reader = journal.reader())
            {
                assertTrue(reader.next(), "the record before the garbage");
                final CorruptJournalException ex = assertThrows(CorruptJournalException.class, reader::next,
                    "garbage document " + refused);
                assertEquals(9, ex.island());
                assertEquals(garbageIndex, ex.index());
                assertTrue(ex.getMessage().contains("island 9") && ex.getMessage().contains(queueDir.toString()) &&
                    ex.getMessage().contains(Long.toHexString(garbageIndex)), ex.getMessage());
            }
            refused++;
        }
        assertEquals(5, refused);
    }
}
