package io.archipelago.engine.recovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The digest an island had when the engine last closed cleanly, with the island sequence it was taken at. Reopening
 * replays the journal and, when it reaches the same sequence, must reach the same digest.
 * <pre>
 *   sequence=1234
 *   digest=0f3c...
 * </pre>
 */
public record CleanShutdownFile(long sequence, String digest)
{
    /**
     * @param file the island's clean-shutdown file ({@link DataDirectoryLayout#cleanShutdown}).
     * @return the record, or {@code null} when the file does not exist.
     * @throws IllegalStateException when the file exists but cannot be parsed.
     */
    public static CleanShutdownFile read(final Path file)
    {
        if (!Files.exists(file))
        {
            return null;
        }
        try
        {
            long sequence = -1;
            String digest = null;
            for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8))
            {
                if (line.startsWith("sequence="))
                {
                    sequence = Long.parseLong(line.substring("sequence=".length()).trim());
                }
                else if (line.startsWith("digest="))
                {
                    digest = line.substring("digest=".length()).trim();
                }
            }
            if (sequence < 0 || null == digest || digest.isEmpty())
            {
                throw new IllegalStateException("unreadable clean-shutdown record " + file);
            }
            return new CleanShutdownFile(sequence, digest);
        }
        catch (final IOException | NumberFormatException ex)
        {
            throw new IllegalStateException("unreadable clean-shutdown record " + file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Writes the record atomically (temporary file, force, rename).
     *
     * @param file the island's clean-shutdown file ({@link DataDirectoryLayout#cleanShutdown}).
     */
    public void write(final Path file)
    {
        final Path tmp = file.resolveSibling(file.getFileName() + DataDirectoryLayout.TEMPORARY_SUFFIX);
        final byte[] content = ("sequence=" + sequence + "\ndigest=" + digest + "\n").getBytes(StandardCharsets.UTF_8);
        try
        {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
            {
                channel.write(java.nio.ByteBuffer.wrap(content));
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }
}
