package io.archipelago.engine.journal;

import java.io.IOException;
import java.nio.file.Path;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.RecordCodec;
import io.archipelago.engine.codec.RecordDescriptor;
import io.archipelago.engine.disk.SmallFilesystem;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A write that fails part-way (Chronicle's {@code InternalError} on a full device) leaves nothing of the record in the
 * journal: the document is rolled back, the journal reads whole with no record failing its checksum and no hidden
 * tail, and the next append follows the last good record.
 */
class JournalWriteFailureTest
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
    void shouldRollBackARecordWhoseWriteFailsHalfWay()
    {
        try (Journal journal = Journal.open(3, dir))
        {
            for (long sequence = 1; sequence <= 10; sequence++)
            {
                journal.append(codec.bytes(), encode(sequence));
            }
            final int length = encode(11);
            final JournalWriteException failure = assertThrows(JournalWriteException.class,
                () -> journal.append(codec.bytes(), length, (target, record, size) ->
                {
                    target.write(record, 0, size / 2);
                    throw new InternalError("a fault occurred in an unsafe memory access operation");
                }));
            assertInstanceOf(InternalError.class, failure.getCause());
            assertEquals(3, failure.island());
            assertTrue(failure.getMessage().contains("island 3") && failure.getMessage().contains(dir.toString()),
                failure.getMessage());
            assertTrue(failure.getMessage().contains("unsafe memory access"), "names the cause when the device " +
                "has room: " + failure.getMessage());

            journal.append(codec.bytes(), encode(11));
            journal.closeAppender();
        }
        assertEquals(11, readAllInOrder(dir), "the rolled-back record left nothing; the next append took its place");
    }

    @Test
    @Tag("full-disk")
    void shouldLeaveAReadableJournalWhenTheDeviceFills(@TempDir final Path mount) throws IOException
    {
        try (SmallFilesystem filesystem = SmallFilesystem.mountOrSkip(mount, 16))
        {
            final Path directory = filesystem.root().resolve("journal");
            long appended = 0;
            JournalWriteException failure = null;
            try (Journal journal = Journal.open(0, directory))
            {
                journal.append(codec.bytes(), encode(1));
                appended = 1;
                filesystem.fillLeaving(256 * 1024);
                while (null == failure && appended < 10_000_000)
                {
                    try
                    {
                        journal.append(codec.bytes(), encode(appended + 1));
                        appended++;
                    }
                    catch (final JournalWriteException ex)
                    {
                        failure = ex;
                    }
                }
                journal.closeAppender();
            }
            catch (final JournalWriteException ex)
            {
                failure = null == failure ? ex : failure;
            }
            assertTrue(null != failure, "the device filled up");
            assertTrue(failure.deviceFull() && failure.getMessage().contains("no space left on the device"),
                failure.getMessage());
            filesystem.free();

            assertEquals(appended, readAllInOrder(directory), "every record appended is read back, nothing else");
            try (Journal journal = Journal.open(0, directory))
            {
                journal.append(codec.bytes(), encode(appended + 1));
                journal.closeAppender();
            }
            assertEquals(appended + 1, readAllInOrder(directory), "appending goes on once space is back");
        }
    }

    private static long readAllInOrder(final Path directory)
    {
        try (Journal journal = Journal.openReadOnly(0, directory); JournalReader reader = journal.reader())
        {
            long read = 0;
            while (reader.next())
            {
                read++;
                assertEquals(read, reader.header().sequence(), "records are read in order, none missing");
            }
            return read;
        }
    }
}
