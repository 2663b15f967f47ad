package io.archipelago.tool.inspection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import io.archipelago.engine.codec.CorruptRecordException;
import io.archipelago.engine.core.IslandCore;
import io.archipelago.engine.journal.CorruptJournalException;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import io.archipelago.engine.recovery.DirectoryHistory;
import io.archipelago.engine.recovery.IslandHistory;
import io.archipelago.engine.recovery.DirectoryLock;
import io.archipelago.engine.recovery.IslandLoader;
import io.archipelago.engine.recovery.IslandRefusedException;
import io.archipelago.engine.recovery.OfflineReplay;
import io.archipelago.router.DataDirectoryException;
import io.archipelago.router.MetaFile;
import io.archipelago.router.PartitionRouter;
import io.archipelago.router.RoutingIdentity;
import io.archipelago.tool.ExitCodes;
import io.archipelago.tool.ToolException;

/**
 * An Archipelago data directory opened for the operator commands, which only read: journals are opened read-only,
 * state is rebuilt in memory ({@link OfflineReplay}), and nothing is created, written or deleted under the directory.
 * <p>
 * Every way the directory can be unusable (missing, a file, empty, foreign, an unreadable or damaged
 * {@code archipelago.meta}, an island without a journal or with an empty journal directory, a damaged journal or
 * clean-shutdown record) becomes a {@link ToolException} with exit code 2 and one line naming the path and the
 * problem. So does every island the engine's {@link IslandLoader} refuses ({@link #trusted}, {@link #checkIsland},
 * {@link #loadIsland}):
 * the commands reach the engine's verdict. A directory holding only {@code archipelago.lock} counts as empty.
 */
public final class ReadOnlyDataDirectory
{
    private final Path directory;
    private final DataDirectoryLayout layout;
    private final RoutingIdentity identity;

    private ReadOnlyDataDirectory(final Path directory, final RoutingIdentity identity)
    {
        this.directory = directory;
        this.layout = new DataDirectoryLayout(directory);
        this.identity = identity;
    }

    /**
     * @param path the {@code --data} path.
     * @return the directory, checked: its meta file is intact and every island has a journal directory that is not
     *         empty.
     * @throws ToolException with exit code 2 naming the path and the problem.
     */
    public static ReadOnlyDataDirectory open(final Path path)
    {
        final Path directory = path.toAbsolutePath().normalize();
        if (!Files.exists(directory))
        {
            throw ToolException.usage("data directory " + directory + " does not exist");
        }
        if (!Files.isDirectory(directory))
        {
            throw ToolException.usage(directory + " is not a directory");
        }
        if (isEmpty(directory))
        {
            throw ToolException.usage("data directory " + directory + " is empty: no " + MetaFile.FILE_NAME +
                ", nothing to read");
        }
        final RoutingIdentity identity;
        try
        {
            identity = MetaFile.read(directory);
        }
        catch (final DataDirectoryException ex)
        {
            throw unreadable(directory, ex);
        }
        final ReadOnlyDataDirectory data = new ReadOnlyDataDirectory(directory, identity);
        for (int partition = 0; partition < identity.partitions(); partition++)
        {
            final Path journal = data.journalDirectory(partition);
            if (!Files.isDirectory(journal))
            {
                throw ToolException.usage("data directory " + directory + " has no journal for island " + partition +
                    " (expected " + journal + ")");
            }
            if (isEmpty(journal))
            {
                throw ToolException.usage("data directory " + directory + " is damaged: the journal of island " +
                    partition + " is empty (" + journal + " holds no Chronicle Queue files)");
            }
        }
        return data;
    }

    /**
     * @return the directory, absolute and normalised.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * @return what {@code archipelago.meta} records.
     */
    RoutingIdentity identity()
    {
        return identity;
    }

    /**
     * @return the number of islands.
     */
    public int partitions()
    {
        return identity.partitions();
    }

    /**
     * @return every path of the directory.
     */
    public DataDirectoryLayout layout()
    {
        return layout;
    }

    /**
     * @param partition an island.
     * @return the directory of its journal.
     */
    public Path journalDirectory(final int partition)
    {
        return layout.journal(partition);
    }

    /**
     * @param partition an island.
     * @param journal   its journal, open.
     * @return the island's history, as the engine's loader reads it.
     */
    public IslandHistory history(final int partition, final Journal journal)
    {
        return new DirectoryHistory(layout, partition, journal);
    }

    /**
     * @param login a user.
     * @return the user's island under the directory's routing.
     * @throws ToolException with exit code 2 when the directory routes with a scheme this tool does not know.
     */
    public int partitionOf(final String login)
    {
        if (!PartitionRouter.HASH_SCHEME.equals(identity.hashScheme()))
        {
            throw ToolException.usage("data directory " + directory + " routes users with '" +
                identity.hashScheme() + "'; this tool knows only '" + PartitionRouter.HASH_SCHEME + "'");
        }
        return new PartitionRouter(identity.partitions()).partitionOf(login);
    }

    /**
     * @param partition an island.
     * @return its journal, opened read-only; the caller closes it.
     */
    public Journal openJournal(final int partition)
    {
        return read(() -> Journal.openReadOnly(partition, journalDirectory(partition)));
    }

    /**
     * Rebuilds every island in memory, in parallel.
     *
     * @param threads      replay threads.
     * @param useSnapshots start from each island's newest usable snapshot.
     * @param progress     told about progress, or {@code null}.
     * @return every island, by partition.
     */
    public List<OfflineReplay.IslandState> replay(final int threads, final boolean useSnapshots,
        final IslandLoader.Progress progress)
    {
        return read(() -> OfflineReplay.replay(directory, threads, useSnapshots, OfflineReplay.defaultStrategy(),
            progress));
    }

    /**
     * @return the engine holding the directory now, or {@code null} when none does.
     */
    public DirectoryLock.Holder liveWriter()
    {
        return read(() -> DirectoryLock.holder(directory));
    }

    /**
     * Refuses what the engine would refuse to run on: the first island whose load was refused, whatever the kind.
     *
     * @param islands every island, as {@link #replay} rebuilt them.
     * @return {@code islands}, when no island was refused.
     * @throws ToolException with exit code 2 and the refusal's one line naming the island and the file.
     */
    public List<OfflineReplay.IslandState> trusted(final List<OfflineReplay.IslandState> islands)
    {
        for (final OfflineReplay.IslandState island : islands)
        {
            final IslandRefusedException refusal = island.load().refusal();
            if (null != refusal)
            {
                throw unreadable(directory, refusal);
            }
        }
        return islands;
    }

    /**
     * Loads one island as the engine would, from its newest usable snapshot, and refuses it as the engine would: a
     * command that reads the island's journal directly checks first that the engine would run on it.
     *
     * @param partition an island.
     * @throws ToolException with exit code 2 and the refusal's one line naming the island and the file.
     */
    public void checkIsland(final int partition)
    {
        loadIsland(partition);
    }

    /**
     * Loads one island as the engine would, from its newest usable snapshot and the journal after it, and refuses it
     * as the engine would.
     *
     * @param partition an island.
     * @return the island's state, rebuilt in memory.
     * @throws ToolException with exit code 2 and the refusal's one line naming the island and the file.
     */
    public InventoryLogic loadIsland(final int partition)
    {
        return read(() ->
        {
            try (Journal journal = openJournal(partition))
            {
                final IslandCore core = OfflineReplay.readOnlyCore(partition, partitions(),
                    OfflineReplay.defaultStrategy());
                IslandLoader.load(core, history(partition, journal),
                    IslandLoader.Options.engine(OfflineReplay.defaultStrategy())).orThrow();
                return core.logic();
            }
        });
    }

    /**
     * Runs a read of the directory, turning the ways a directory can be unreadable into exit code 2.
     *
     * @param read the read.
     * @param <T>  what it returns.
     * @return what it returned.
     */
    public <T> T read(final Supplier<T> read)
    {
        try
        {
            return read.get();
        }
        catch (final ToolException ex)
        {
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            if (isUnreadableInput(ex))
            {
                throw unreadable(directory, ex);
            }
            throw ex;
        }
    }

    /**
     * @param ex a failure while reading a data directory.
     * @return true when it says the directory's content is unusable (rather than this tool being wrong).
     */
    public static boolean isUnreadableInput(final RuntimeException ex)
    {
        return ex instanceof DataDirectoryException || ex instanceof CorruptJournalException ||
            ex instanceof IslandRefusedException ||
            ex instanceof CorruptRecordException || ex instanceof UncheckedIOException ||
            ex instanceof IllegalStateException || ex instanceof IllegalArgumentException ||
            ex.getClass().getName().startsWith("net.openhft.");
    }

    /**
     * @param directory the data directory.
     * @param ex        why it cannot be read.
     * @return a failure with exit code 2 whose one-line message names the directory.
     */
    public static ToolException unreadable(final Path directory, final RuntimeException ex)
    {
        final String problem = firstLine(null == ex.getMessage() ? ex.getClass().getSimpleName() : ex.getMessage());
        final String message = problem.contains(directory.toString()) ? problem :
            "cannot read data directory " + directory + ": " + problem;
        return new ToolException(ExitCodes.USAGE, message, ex);
    }

    private static String firstLine(final String text)
    {
        final int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }

    private static boolean isEmpty(final Path directory)
    {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory,
            entry -> !MetaFile.LOCK_FILE_NAME.equals(entry.getFileName().toString())))
        {
            return !entries.iterator().hasNext();
        }
        catch (final IOException ex)
        {
            throw new ToolException(ExitCodes.USAGE, "cannot read data directory " + directory + ": " +
                ex, ex);
        }
    }
}
