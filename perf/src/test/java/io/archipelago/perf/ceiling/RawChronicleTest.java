package io.archipelago.perf.ceiling;

import java.nio.file.Path;

import io.archipelago.engine.codec.RecordDescriptor;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.journal.JournalFrameDescriptor;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The raw read counts the records of an island's journal whether its documents are framed (the journal's batches and
 * single appends) or written before the frame (the raw one-record append), and the raw read of documents counts
 * documents.
 */
class RawChronicleTest
{
    @TempDir
    Path dir;

    @Test
    void shouldCountRecordsOfFramedAndUnframedDocuments()
    {
        final byte[] record = RawChronicle.placeOrderRecord();
        try (ChronicleQueue queue = RawChronicle.open(dir); ExcerptAppender appender = queue.createAppender())
        {
            for (int i = 0; i < 3; i++)
            {
                RawChronicle.append(appender, record, 1);
            }
        }
        try (Journal journal = Journal.open(0, dir))
        {
            for (int i = 0; i < 100; i++)
            {
                journal.add(record, record.length);
            }
            journal.commit();
            journal.append(record, record.length);
            while (journal.hasRoomFor(record.length))
            {
                journal.add(record, record.length);
            }
            journal.commit();
            journal.closeAppender();
        }
        final long full = RecordDescriptor.MAX_DOCUMENT_LENGTH / record.length;
        try (ChronicleQueue queue = RawChronicle.openReadOnly(dir); ExcerptTailer tailer = queue.createTailer())
        {
            assertEquals(3 + 100 + 1 + full, RawChronicle.readAllRecords(tailer,
                new byte[JournalFrameDescriptor.MAX_FRAMED_DOCUMENT_LENGTH]));
        }
        try (ChronicleQueue queue = RawChronicle.openReadOnly(dir); ExcerptTailer tailer = queue.createTailer())
        {
            assertEquals(3 + 1 + 1 + 1, RawChronicle.readAll(tailer,
                new byte[JournalFrameDescriptor.MAX_FRAMED_DOCUMENT_LENGTH]));
        }
    }
}
