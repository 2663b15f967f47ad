package io.archipelago.tool.demo;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

import io.archipelago.router.DataDirectoryException;
import io.archipelago.router.MetaFile;
import io.archipelago.tool.commands.ExitCodes;
import io.archipelago.tool.commands.ToolException;

/**
 * Decides whether a command may write into a data directory, and empties one a demo left behind. Only a directory
 * whose {@code archipelago.meta} is intact is ever emptied; anything else that is not empty is refused untouched.
 */
final class DataDirectories
{
    private DataDirectories()
    {
    }

    /**
     * Makes {@code directory} ready for a fresh demo run: missing or empty is fine as it is; an Archipelago data
     * directory is emptied (the directory itself stays).
     *
     * @param directory the data directory, absolute.
     * @return true when an earlier run's data was deleted.
     * @throws ToolException with exit code 2 when the path is not a directory, is a non-empty directory that is not
     *                       an Archipelago data directory, or cannot be read or emptied.
     */
    static boolean resetForDemo(final Path directory)
    {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS))
        {
            return false;
        }
        if (!Files.isDirectory(directory))
        {
            throw ToolException.usage(directory + " exists and is not a directory; choose another --data");
        }
        if (Files.exists(directory.resolve(MetaFile.FILE_NAME), LinkOption.NOFOLLOW_LINKS))
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
            deleteContents(directory);
            return true;
        }
        if (isEmpty(directory))
        {
            return false;
        }
        throw ToolException.usage(directory + " is not empty and is not an Archipelago data directory (no " +
            MetaFile.FILE_NAME + "); refusing to touch it; choose another --data or an empty directory");
    }

    private static boolean isEmpty(final Path directory)
    {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory))
        {
            return !entries.iterator().hasNext();
        }
        catch (final IOException ex)
        {
            throw new ToolException(ExitCodes.USAGE, "cannot read " + directory + ": " + ex, ex);
        }
    }

    private static void deleteContents(final Path directory)
    {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory))
        {
            for (final Path entry : entries)
            {
                deleteTree(entry);
            }
        }
        catch (final IOException ex)
        {
            throw new ToolException(ExitCodes.USAGE, "cannot empty " + directory + ": " + ex, ex);
        }
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
