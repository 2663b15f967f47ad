package io.archipelago.engine.recovery;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a data directory is known to hold: which islands exist and, per island, the highest island sequence known to
 * be durable in its journal. The engine writes it after opening, at every snapshot, at a bounded interval while
 * running, and at close; the {@link IslandLoader} refuses an island whose journal ends below it, so a deleted or
 * shortened journal is never taken for a short history. A {@link ChecksummedTextFile}:
 * <pre>
 *   format=1
 *   partitions=3
 *   island.0=1234
 *   island.1=0
 *   island.2=98
 *   checksum=1a2b3c4d
 * </pre>
 */
public final class Manifest
{
    /** Format of the file this version writes. */
    public static final int FORMAT = 1;
    private static final String FORMAT_KEY = "format";
    private static final String PARTITIONS_KEY = "partitions";
    private static final String ISLAND_PREFIX = "island.";

    private final long[] durable;

    private Manifest(final long[] durable)
    {
        this.durable = durable;
    }

    /**
     * @param partitions how many islands.
     * @return a manifest that knows the islands and no record of any.
     */
    public static Manifest empty(final int partitions)
    {
        return new Manifest(new long[partitions]);
    }

    /**
     * @param layout the data directory.
     * @return its manifest, or {@code null} when it has none (a directory written before manifests existed).
     * @throws IllegalStateException naming the file when it is unreadable or damaged.
     */
    public static Manifest read(final DataDirectoryLayout layout)
    {
        final Path file = layout.manifest();
        final Map<String, String> entries = ChecksummedTextFile.read(file, true);
        if (null == entries)
        {
            return null;
        }
        try
        {
            final int format = Integer.parseInt(entries.getOrDefault(FORMAT_KEY, ""));
            if (format != FORMAT)
            {
                throw new IllegalStateException("unreadable manifest " + file + ": format " + format + "; this " +
                    "version reads " + FORMAT);
            }
            final int partitions = Integer.parseInt(entries.getOrDefault(PARTITIONS_KEY, ""));
            final long[] durable = new long[partitions];
            for (int i = 0; i < partitions; i++)
            {
                final String value = entries.get(ISLAND_PREFIX + i);
                if (null == value)
                {
                    throw new IllegalStateException("unreadable manifest " + file + ": no entry for island " + i);
                }
                durable[i] = Long.parseLong(value);
                if (durable[i] < 0)
                {
                    throw new IllegalStateException("unreadable manifest " + file + ": island " + i + " at " +
                        durable[i]);
                }
            }
            return new Manifest(durable);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalStateException("unreadable manifest " + file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @return how many islands the directory holds.
     */
    public int partitions()
    {
        return durable.length;
    }

    /**
     * @param island an island.
     * @return the highest island sequence known durable in its journal, 0 for none.
     */
    public long durable(final int island)
    {
        return durable[island];
    }

    /**
     * @param sequences per island, the highest sequence now known durable.
     * @return a manifest holding, per island, the higher of this one's and {@code sequences}.
     */
    public Manifest advancedTo(final long[] sequences)
    {
        final long[] next = Arrays.copyOf(durable, durable.length);
        for (int i = 0; i < next.length; i++)
        {
            next[i] = Math.max(next[i], sequences[i]);
        }
        return new Manifest(next);
    }

    /**
     * @param other another manifest.
     * @return true when both record the same sequences.
     */
    public boolean sameAs(final Manifest other)
    {
        return null != other && Arrays.equals(durable, other.durable);
    }

    /**
     * Writes the manifest atomically.
     *
     * @param layout the data directory.
     */
    public void write(final DataDirectoryLayout layout)
    {
        final Map<String, String> entries = new LinkedHashMap<>();
        entries.put(FORMAT_KEY, Integer.toString(FORMAT));
        entries.put(PARTITIONS_KEY, Integer.toString(durable.length));
        for (int i = 0; i < durable.length; i++)
        {
            entries.put(ISLAND_PREFIX + i, Long.toString(durable[i]));
        }
        ChecksummedTextFile.write(layout.manifest(), entries);
    }
}
