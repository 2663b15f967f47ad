package io.archipelago.perf.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * What the measuring programs share around their results: the machine line, the JSON report file, and removing the
 * temporary data directories they measured on.
 */
public final class ResultFiles
{
    private ResultFiles()
    {
    }

    /**
     * @return processors, JVM name and version.
     */
    public static String machine()
    {
        return Runtime.getRuntime().availableProcessors() + " processors, " + System.getProperty("java.vm.name") +
            " " + System.getProperty("java.version");
    }

    /**
     * Writes a report as indented JSON.
     *
     * @param directory the results directory (created if missing).
     * @param name      the file name.
     * @param report    the report (maps, lists, numbers, strings).
     * @return the file written.
     * @throws IOException when it cannot be written.
     */
    public static Path writeJson(final Path directory, final String name, final Object report) throws IOException
    {
        Files.createDirectories(directory);
        final Path file = directory.resolve(name);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), report);
        return file;
    }

    /**
     * Deletes a directory tree.
     *
     * @param root the tree.
     */
    public static void deleteTree(final Path root)
    {
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(path);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
