package io.archipelago.perf.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Scratch directories under {@code java.io.tmpdir} for benchmarks that write journals.
 */
public final class TempDirectory
{
    private TempDirectory()
    {
    }

    /**
     * @param prefix the directory name's prefix.
     * @return a new empty directory.
     */
    public static Path create(final String prefix)
    {
        try
        {
            return Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), prefix);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Deletes a directory and everything in it; nothing happens if it does not exist.
     *
     * @param directory the directory, or null.
     */
    public static void delete(final Path directory)
    {
        if (null == directory || !Files.exists(directory))
        {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory))
        {
            for (final Path path : (Iterable<Path>)walk.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.delete(path);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
