package io.archipelago.engine.recovery;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The digest an island had when the engine last closed cleanly, with the island sequence it was taken at. Reopening
 * replays the journal and, when it reaches the same sequence, must reach the same digest. A
 * {@link ChecksummedTextFile}; files written before it carried a checksum stay readable.
 * <pre>
 *   sequence=1234
 *   digest=0f3c...
 *   checksum=1a2b3c4d
 * </pre>
 *
 * @param sequence the island sequence at the clean close.
 * @param digest   the island's digest then.
 */
public record CleanShutdownFile(long sequence, String digest)
{
    private static final String SEQUENCE = "sequence";
    private static final String DIGEST = "digest";
    private static final Pattern DIGEST_FORMAT = Pattern.compile("[0-9a-f]{32}");

    /**
     * @param file the island's clean-shutdown file ({@link DataDirectoryLayout#cleanShutdown}).
     * @return the record, or {@code null} when the file does not exist.
     * @throws IllegalStateException naming the file when it exists but is unreadable or damaged.
     */
    public static CleanShutdownFile read(final Path file)
    {
        final Map<String, String> entries = ChecksummedTextFile.read(file, false);
        if (null == entries)
        {
            return null;
        }
        final String digest = entries.get(DIGEST);
        final long sequence;
        try
        {
            sequence = Long.parseLong(entries.getOrDefault(SEQUENCE, "-1"));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalStateException("unreadable clean-shutdown record " + file + ": sequence '" +
                entries.get(SEQUENCE) + "'", ex);
        }
        if (sequence < 0 || null == digest || !DIGEST_FORMAT.matcher(digest).matches() || entries.size() != 2)
        {
            throw new IllegalStateException("unreadable clean-shutdown record " + file);
        }
        return new CleanShutdownFile(sequence, digest);
    }

    /**
     * Writes the record atomically (temporary file, force, rename) with its checksum.
     *
     * @param file the island's clean-shutdown file ({@link DataDirectoryLayout#cleanShutdown}).
     */
    public void write(final Path file)
    {
        final Map<String, String> entries = new LinkedHashMap<>();
        entries.put(SEQUENCE, Long.toString(sequence));
        entries.put(DIGEST, digest);
        ChecksummedTextFile.write(file, entries);
    }
}
