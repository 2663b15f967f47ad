package io.archipelago.tool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copying and deleting directory trees for the tests that damage a copy of a directory.
 */
final class DirectoryTrees
{
    private DirectoryTrees()
    {
    }

    static void copyTree(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> paths = Files.walk(from))
        {
            for (final Path path : (Iterable<Path>)paths::iterator)
            {
                final Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path))
                {
                    Files.createDirectories(target);
                }
                else
                {
                    Files.copy(path, target);
                }
            }
        }
    }

    static void deleteTree(final Path root) throws IOException
    {
        final List<Path> paths;
        try (Stream<Path> walk = Files.walk(root))
        {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (final Path path : paths)
        {
            Files.delete(path);
        }
    }
}
