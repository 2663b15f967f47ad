package io.archipelago.tool.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.archipelago.engine.recovery.DataDirectoryLayout;
import io.archipelago.engine.recovery.DirectoryLock;
import io.archipelago.router.DataDirectoryException;
import io.archipelago.router.MetaFile;
import io.archipelago.tool.ExitCodes;
import io.archipelago.tool.ToolException;

/**
 * Decides whether the demo may write into a data directory, and empties one it may reuse. The demo marks every
 * directory it writes with {@link #MARKER}; it reuses a marked directory, and any other non-empty one only when asked
 * to ({@code --reset}). It then deletes Archipelago's own entries ({@code archipelago.meta}, {@code .manifest},
 * {@code .lock}, the {@code partition-NNN} directories, the consumer groups' {@code groups} directory and the marker)
 * and nothing else: a directory holding anything
 * else is refused untouched, as is one a live engine holds or whose {@code archipelago.meta} is damaged.
 */
final class DataDirectories
{
    /** The file that marks a data directory the demo wrote. */
    static final String MARKER = "archipelago.demo";

    private static final Pattern ISLAND_DIRECTORY = Pattern.compile("partition-\\d{3,}");
    private static final Set<String> OWN_FILES = Set.of(MetaFile.FILE_NAME, MetaFile.FILE_NAME + ".tmp",
        DataDirectoryLayout.MANIFEST, MetaFile.LOCK_FILE_NAME, MARKER);

    private DataDirectories()
    {
    }

    /**
     * Makes {@code directory} ready for a fresh demo run: missing or empty is fine as it is; a directory the demo
     * marked, or with {@code reset} any directory holding only Archipelago's entries, has those deleted (the
     * directory itself stays).
     *
     * @param directory the data directory, absolute.
     * @param reset     whether the operator asked to delete the data of a directory the demo did not mark.
     * @return true when an earlier run's data was deleted.
     * @throws ToolException with exit code 2 when the path is not a directory, is held by a live engine, holds
     *                       anything but Archipelago's entries, is not the demo's and {@code reset} is not given,
     *                       or cannot be read or emptied.
     */
    static boolean resetForDemo(final Path directory, final boolean reset)
    {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS))
        {
            return false;
        }
        if (!Files.isDirectory(directory))
        {
            throw ToolException.usage(directory + " exists and is not a directory; choose another --data");
        }
        final List<Path> entries = entries(directory);
        if (entries.isEmpty())
        {
            return false;
        }
        final DirectoryLock.Holder holder;
        try
        {
            holder = DirectoryLock.holder(directory);
        }
        catch (final UncheckedIOException ex)
        {
            throw new ToolException(ExitCodes.USAGE, ex.getMessage(), ex);
        }
        if (null != holder)
        {
            throw ToolException.usage("data directory " + directory + " is in use by " + holder.describe() +
                "; refusing to touch it; choose another --data");
        }
        final boolean hasMeta = Files.exists(directory.resolve(MetaFile.FILE_NAME), LinkOption.NOFOLLOW_LINKS);
        if (hasMeta)
        {
            try
            {
                MetaFile.read(directory);
            }
            catch (final DataDirectoryException ex)
            {
                throw new ToolException(ExitCodes.USAGE, "refusing to reset " + directory + ": " +
                    ex.getMessage() + "; delete it yourself or choose another --data", ex);
            }
        }
        final boolean marked = Files.isRegularFile(directory.resolve(MARKER), LinkOption.NOFOLLOW_LINKS);
        if (!marked && !reset)
        {
            throw ToolException.usage(hasMeta ?
                "refusing to reset " + directory + ": it is an Archipelago data directory the demo did not write " +
                "(no " + MARKER + "); pass --reset to delete its data, or choose another --data" :
                directory + " is not empty and is not an Archipelago data directory (no " + MetaFile.FILE_NAME +
                "); refusing to touch it; choose another --data or an empty directory");
        }
        for (final Path entry : entries)
        {
            if (!isOwn(entry))
            {
                throw ToolException.usage("refusing to reset " + directory + ": it holds " + entry +
                    ", which is not Archipelago's; delete it yourself or choose another --data");
            }
        }
        for (final Path entry : entries)
        {
            try
            {
                deleteTree(entry);
            }
            catch (final IOException ex)
            {
                throw new ToolException(ExitCodes.USAGE, "cannot empty " + directory + ": " + ex, ex);
            }
        }
        return true;
    }

    /**
     * Marks a directory as one the demo wrote, once the engine made it a data directory.
     *
     * @param directory the data directory, absolute.
     * @throws ToolException with exit code 2 when the marker cannot be written.
     */
    static void mark(final Path directory)
    {
        try
        {
            Files.writeString(directory.resolve(MARKER), "written by archipelago demo; archipelago demo may " +
                "delete this directory's data\n", StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new ToolException(ExitCodes.USAGE, "cannot write " + directory.resolve(MARKER) + ": " + ex, ex);
        }
    }

    private static boolean isOwn(final Path entry)
    {
        final String name = entry.getFileName().toString();
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS))
        {
            return ISLAND_DIRECTORY.matcher(name).matches() || DataDirectoryLayout.GROUPS.equals(name);
        }
        return OWN_FILES.contains(name) && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS);
    }

    private static List<Path> entries(final Path directory)
    {
        final List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory))
        {
            stream.forEach(entries::add);
        }
        catch (final IOException ex)
        {
            throw new ToolException(ExitCodes.USAGE, "cannot read " + directory + ": " + ex, ex);
        }
        entries.sort(null);
        return entries;
    }

    private static void deleteTree(final Path root) throws IOException
    {
        Files.walkFileTree(root, new SimpleFileVisitor<>()
        {
            @Override
            public FileVisitResult visitFile(final Path file, final BasicFileAttributes attributes) throws IOException
            {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(final Path dir, final IOException failure) throws IOException
            {
                if (null != failure)
                {
                    throw failure;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
