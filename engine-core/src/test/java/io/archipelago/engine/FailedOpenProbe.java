package io.archipelago.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.RecordCodec;
import io.archipelago.engine.codec.RecordDescriptor;
import io.archipelago.engine.journal.CorruptJournalException;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.journal.JournalReader;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import io.archipelago.engine.recovery.IslandLoader;
import io.archipelago.router.PartitionRouter;

/**
 * Run in its own JVM by {@link ReplayAfterFailedOpenTest}: opens a data directory whose island 0 journal is
 * damaged while island 1 has a long journal to replay, and reports whether any island was still replaying when
 * {@link Archipelago#open} had already failed (and closed every journal). Closing the journal can make the late
 * replay stop on its own before it is seen, so the open is tried several times.
 * <p>
 * Exit codes: {@link #STOPPED} when no replay outlived the failed open, {@link #STILL_REPLAYING} when one did,
 * {@link #UNEXPECTED} for anything else. A crash of the JVM (a replay reading a journal that was closed under it)
 * shows as another exit code.
 */
final class FailedOpenProbe
{
    static final int STOPPED = 0;
    static final int STILL_REPLAYING = 3;
    static final int UNEXPECTED = 4;
    static final int LONG_JOURNAL_RECORDS = 400_000;
    static final int ATTEMPTS = 10;

    private FailedOpenProbe()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path data = Path.of(args[0]);
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(2).dataDirectory(data)
            .replayThreads(2).build();
        final PartitionRouter router = new PartitionRouter(2);
        String marker = null;
        for (int i = 0; null == marker; i++)
        {
            if (router.partitionOf("zz-corrupt-me-" + i) == 0)
            {
                marker = "zz-corrupt-me-" + i;
            }
        }
        try (Archipelago engine = Archipelago.open(config))
        {
            if (engine.createProduct(1, 10).get(10, TimeUnit.SECONDS) != ResultCode.CREATED ||
                engine.placeOrder(marker, 1, new OrderLine(1, 1)).get(10, TimeUnit.SECONDS) != ResultCode.CONFIRMED)
            {
                System.exit(UNEXPECTED);
            }
        }
        lengthenJournal(new DataDirectoryLayout(data).island(1));
        DataDirectoryFiles.flipByteOfLastOccurrence(new DataDirectoryLayout(data).island(0), marker, 4);

        for (int attempt = 1; attempt <= ATTEMPTS; attempt++)
        {
            try (Archipelago engine = Archipelago.open(config))
            {
                System.err.println("opened a damaged data directory with " + engine.partitions() + " islands");
                System.exit(UNEXPECTED);
            }
            catch (final CorruptJournalException expected)
            {
                if (islandStillReplaying())
                {
                    System.err.println("attempt " + attempt + ": open threw " + expected.getMessage() +
                        " while another island was still replaying");
                    System.exit(STILL_REPLAYING);
                }
            }
        }
        System.exit(STOPPED);
    }

    private static boolean islandStillReplaying()
    {
        return Thread.getAllStackTraces().values().stream().anyMatch(stack ->
        {
            for (final StackTraceElement frame : stack)
            {
                if (frame.getClassName().equals(IslandLoader.class.getName()) && frame.getMethodName().equals("load"))
                {
                    return true;
                }
            }
            return false;
        });
    }

    private static void lengthenJournal(final Path partition) throws Exception
    {
        Files.deleteIfExists(partition.resolve(DataDirectoryLayout.CLEAN_SHUTDOWN));
        try (Journal journal = Journal.open(1, partition.resolve(DataDirectoryLayout.JOURNAL)))
        {
            long sequence = 0;
            long timestamp = 0;
            try (JournalReader reader = journal.reader())
            {
                while (reader.next())
                {
                    sequence = reader.header().sequence();
                    timestamp = reader.header().timestamp();
                }
            }
            final RecordCodec codec = new RecordCodec();
            final Command command = new Command();
            for (int i = 0; i < LONG_JOURNAL_RECORDS; i++)
            {
                command.placeOrder("long-" + (i % 1_000), i).addLine(1, 1);
                final int length = codec.encode(command, ++sequence, timestamp, RecordDescriptor.SOURCE_CLIENT, 0);
                journal.append(codec.bytes(), length);
            }
            journal.closeAppender();
        }
    }
}
