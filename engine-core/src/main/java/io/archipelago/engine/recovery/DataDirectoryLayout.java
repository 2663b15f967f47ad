package io.archipelago.engine.recovery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import io.archipelago.router.MetaFile;

/**
 * Every path and file name of a data directory, in one place. Nothing else builds a path under a data directory.
 * <pre>
 *   root/
 *     archipelago.meta                        routing identity (partition count, hash scheme, format)
 *     archipelago.manifest                    islands and the highest sequence known durable in each journal
 *     archipelago.lock                        held by the one engine writing here; names it (DirectoryLock)
 *     partition-000/                          one directory per island
 *       journal/                              Chronicle Queue
 *       snapshots/snapshot-&lt;seq&gt;.snap       whole island state after island sequence seq
 *       snapshots/snapshot-&lt;seq&gt;.snap.tmp   a snapshot being written (never read)
 *       clean-shutdown                        sequence and digest at the last clean close
 * </pre>
 *
 * @param root the data directory.
 */
public record DataDirectoryLayout(Path root)
{
    /** Name of the manifest file. */
    public static final String MANIFEST = "archipelago.manifest";
    /** Name of an island's journal directory. */
    public static final String JOURNAL = "journal";
    /** Name of an island's snapshot directory. */
    public static final String SNAPSHOTS = "snapshots";
    /** Name of an island's event log directory. */
    public static final String EVENTS = "events";
    /** Name of an island's user index directory (derived from the journal and the event log; see UserIndex). */
    public static final String USERS = "users";
    /** Name of the directory holding consumer groups' members and committed offsets. */
    public static final String GROUPS = "groups";
    /** Name of an island's clean-shutdown file. */
    public static final String CLEAN_SHUTDOWN = "clean-shutdown";
    /** Suffix of a file being written, renamed into place once complete. */
    public static final String TEMPORARY_SUFFIX = ".tmp";
    static final String SNAPSHOT_PREFIX = "snapshot-";
    static final String SNAPSHOT_SUFFIX = ".snap";

    /**
     * @return the routing identity file.
     */
    public Path metaFile()
    {
        return root.resolve(MetaFile.FILE_NAME);
    }

    /**
     * @return the manifest file.
     */
    public Path manifest()
    {
        return root.resolve(MANIFEST);
    }

    /**
     * @return the lock file of the one writer ({@link DirectoryLock}).
     */
    public Path lockFile()
    {
        return root.resolve(MetaFile.LOCK_FILE_NAME);
    }

    /**
     * @param partition an island.
     * @return its directory.
     */
    public Path island(final int partition)
    {
        return root.resolve(String.format("partition-%03d", partition));
    }

    /**
     * @param partition an island.
     * @return its journal directory.
     */
    public Path journal(final int partition)
    {
        return island(partition).resolve(JOURNAL);
    }

    /**
     * @param partition an island.
     * @return its user index directory.
     */
    public Path users(final int partition)
    {
        return island(partition).resolve(USERS);
    }

    /**
     * @param partition an island.
     * @return its event log directory.
     */
    public Path events(final int partition)
    {
        return island(partition).resolve(EVENTS);
    }

    /**
     * @param partition an island.
     * @return where its event log is rebuilt before it replaces the island's event log.
     */
    public Path eventsRebuilding(final int partition)
    {
        return island(partition).resolve(EVENTS + ".rebuilding");
    }

    /**
     * Deletes a directory tree; nothing when it does not exist.
     *
     * @param root the tree.
     * @throws IOException when something in it cannot be deleted.
     */
    public static void deleteTree(final Path root) throws IOException
    {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(path);
            }
        }
    }

    /**
     * @return the directory of the consumer groups.
     */
    public Path groups()
    {
        return root.resolve(GROUPS);
    }

    /**
     * @param partition an island.
     * @return its snapshot directory.
     */
    public Path snapshots(final int partition)
    {
        return island(partition).resolve(SNAPSHOTS);
    }

    /**
     * @param partition an island.
     * @return its clean-shutdown file.
     */
    public Path cleanShutdown(final int partition)
    {
        return island(partition).resolve(CLEAN_SHUTDOWN);
    }

    /**
     * @param partition an island.
     * @param sequence  the island sequence a snapshot covers.
     * @return the snapshot's file.
     */
    public Path snapshot(final int partition, final long sequence)
    {
        return snapshots(partition).resolve(snapshotFileName(sequence));
    }

    /**
     * @param sequence the island sequence a snapshot covers.
     * @return the snapshot file's name.
     */
    public static String snapshotFileName(final long sequence)
    {
        return String.format("%s%020d%s", SNAPSHOT_PREFIX, sequence, SNAPSHOT_SUFFIX);
    }

    /**
     * @param file a path.
     * @return the island sequence in a snapshot file's name, or -1 when the name is not a snapshot's.
     */
    public static long snapshotSequenceOf(final Path file)
    {
        final String name = file.getFileName().toString();
        if (!name.startsWith(SNAPSHOT_PREFIX) || !name.endsWith(SNAPSHOT_SUFFIX))
        {
            return -1;
        }
        try
        {
            return Long.parseLong(name.substring(SNAPSHOT_PREFIX.length(), name.length() - SNAPSHOT_SUFFIX.length()));
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }
}
