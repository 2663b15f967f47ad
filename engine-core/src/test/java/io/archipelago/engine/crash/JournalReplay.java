package io.archipelago.engine.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.RecordHeader;
import io.archipelago.engine.core.IslandCore;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.journal.JournalReader;
import io.archipelago.engine.journal.RecordSource;
import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import io.archipelago.messaging.InProcessTransport;

/**
 * A fresh replay of every island's journal, read-only, with nothing else of the data directory used: what each island
 * would be rebuilt to before it starts. Optionally stops at a checkpoint sequence on the way to take the digest there,
 * so a later replay can show that an earlier crash cut is still the exact prefix of the journal.
 */
final class JournalReplay
{
    private JournalReplay()
    {
    }

    /**
     * One island rebuilt from its journal.
     *
     * @param partition          the island.
     * @param logic              its rebuilt state.
     * @param sequence           island sequence of the last record replayed (0 for an empty journal).
     * @param digest             the state's digest.
     * @param checkpointSequence the sequence asked for as checkpoint.
     * @param checkpointDigest   the digest at the checkpoint, or {@code null} when the journal ends before it.
     */
    record Island(int partition, InventoryLogic logic, long sequence, String digest, long checkpointSequence,
        String checkpointDigest)
    {
    }

    /**
     * @param dataDirectory a data directory no process is writing to.
     * @param partitions    its islands.
     * @param checkpoints   per island, a sequence at which to take a digest on the way (0 for none).
     * @return every island rebuilt, by partition.
     */
    static List<Island> replay(final Path dataDirectory, final int partitions, final long[] checkpoints)
    {
        final List<Island> islands = new ArrayList<>(partitions);
        for (int partition = 0; partition < partitions; partition++)
        {
            islands.add(replayIsland(dataDirectory, partition, partitions, checkpoints[partition]));
        }
        return islands;
    }

    private static Island replayIsland(final Path dataDirectory, final int partition, final int partitions,
        final long checkpoint)
    {
        final IslandCore core = new IslandCore(partition, new InventoryLogic(partition, partitions), null,
            new InProcessTransport(partitions), false, 64);
        final Path journalDirectory = new DataDirectoryLayout(dataDirectory).journal(partition);
        String checkpointDigest = 0 == checkpoint ? core.logic().digest() : null;
        if (hasQueueFiles(journalDirectory))
        {
            try (Journal journal = Journal.openReadOnly(partition, journalDirectory);
                 JournalReader reader = journal.reader())
            {
                if (checkpoint > 0)
                {
                    core.replay(new UpToSequence(reader, checkpoint));
                    if (core.sequence() == checkpoint)
                    {
                        checkpointDigest = core.logic().digest();
                    }
                }
                core.replay(reader);
            }
        }
        return new Island(partition, core.logic(), core.sequence(), core.logic().digest(), checkpoint,
            checkpointDigest);
    }

    private static boolean hasQueueFiles(final Path journalDirectory)
    {
        if (!Files.isDirectory(journalDirectory))
        {
            return false;
        }
        try (Stream<Path> files = Files.list(journalDirectory))
        {
            return files.anyMatch(file -> file.getFileName().toString().endsWith(".cq4"));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * The records of a source up to and including a sequence; the source stays positioned after that record.
     */
    private static final class UpToSequence implements RecordSource
    {
        private final RecordSource source;
        private final long last;
        private long sequence;

        UpToSequence(final RecordSource source, final long last)
        {
            this.source = source;
            this.last = last;
        }

        @Override
        public boolean next()
        {
            if (sequence >= last || !source.next())
            {
                return false;
            }
            sequence = source.header().sequence();
            return true;
        }

        @Override
        public RecordHeader header()
        {
            return source.header();
        }

        @Override
        public Command command()
        {
            return source.command();
        }
    }
}
