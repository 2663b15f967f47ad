package io.archipelago.perf.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The JVM flags Chronicle Queue and Agrona need on Java 17: the repository's argument file {@code .jvm-flags}, which
 * the build copies into this package of the benchmarks jar.
 */
final class ChronicleJvmFlags
{
    /** Name of the copy of {@code .jvm-flags} next to this class. */
    static final String RESOURCE = ".jvm-flags";

    private ChronicleJvmFlags()
    {
    }

    /**
     * The flags, one per element, in the file's order.
     *
     * @return the flags.
     */
    static List<String> flags()
    {
        try (InputStream in = ChronicleJvmFlags.class.getResourceAsStream(RESOURCE))
        {
            if (null == in)
            {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath next to " +
                    ChronicleJvmFlags.class.getName());
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + RESOURCE, ex);
        }
    }

    /**
     * Splits the text of an argument file of unquoted options into the options.
     *
     * @param text the file's text.
     * @return its options.
     */
    static List<String> parse(final String text)
    {
        final String trimmed = text.trim();
        return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
    }
}
