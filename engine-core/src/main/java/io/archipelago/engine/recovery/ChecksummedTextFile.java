package io.archipelago.engine.recovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * The small text files of a data directory: UTF-8, one {@code key=value} per line (keys and values of letters, digits,
 * dots, dashes and underscores; every line ends in a newline; no key twice), the last line
 * {@code checksum=<crc32c of every byte before it, 8 hex digits>}. Written to a temporary file, forced, and renamed
 * into place, so a crash leaves the old file or the new one, never half of one.
 * <pre>
 *   key=value
 *   other=value
 *   checksum=1a2b3c4d
 * </pre>
 */
public final class ChecksummedTextFile
{
    static final String CHECKSUM_KEY = "checksum";
    private static final int MAX_BYTES = 1 << 20;
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]+");

    private ChecksummedTextFile()
    {
    }

    /**
     * @param file           the file.
     * @param checksumNeeded false to accept a file written before it carried a checksum.
     * @return its entries in file order (without the checksum), or {@code null} when it does not exist.
     * @throws IllegalStateException naming the file when it is unreadable, malformed or fails its checksum.
     */
    public static Map<String, String> read(final Path file, final boolean checksumNeeded)
    {
        final byte[] bytes;
        try
        {
            if (Files.size(file) > MAX_BYTES)
            {
                throw new IllegalStateException("unreadable " + file + ": larger than " + MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("unreadable " + file + ": " + ex.getMessage(), ex);
        }
        final String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n')
        {
            throw new IllegalStateException("unreadable " + file + ": its last line does not end (the file is " +
                "truncated or damaged)");
        }
        final Map<String, String> entries = new LinkedHashMap<>();
        int start = 0;
        boolean checksummed = false;
        while (start < text.length())
        {
            int end = text.indexOf('\n', start);
            end = end < 0 ? text.length() : end;
            final String line = text.substring(start, end);
            final int equals = line.indexOf('=');
            if (equals <= 0)
            {
                throw new IllegalStateException("unreadable " + file + ": line '" + line + "' is not key=value");
            }
            final String key = line.substring(0, equals);
            final String value = line.substring(equals + 1);
            if (!SAFE.matcher(key).matches() || !SAFE.matcher(value).matches() || entries.containsKey(key))
            {
                throw new IllegalStateException("unreadable " + file + ": line '" + line + "' (the file is damaged)");
            }
            if (CHECKSUM_KEY.equals(key))
            {
                final String expected = crc(bytes, start);
                if (!expected.equals(value))
                {
                    throw new IllegalStateException("unreadable " + file + ": checksum " + value + " but its content " +
                        "sums to " + expected + " (the file is damaged)");
                }
                if (end + 1 < text.length())
                {
                    throw new IllegalStateException("unreadable " + file + ": content after the checksum line");
                }
                checksummed = true;
                break;
            }
            entries.put(key, value);
            start = end + 1;
        }
        if (checksumNeeded && !checksummed)
        {
            throw new IllegalStateException("unreadable " + file + ": no checksum line (the file is truncated or " +
                "damaged)");
        }
        return entries;
    }

    /**
     * Writes the file atomically with its checksum.
     *
     * @param file    the file.
     * @param entries what to write, in order.
     */
    public static void write(final Path file, final Map<String, String> entries)
    {
        final StringBuilder text = new StringBuilder();
        for (final Map.Entry<String, String> entry : entries.entrySet())
        {
            text.append(entry.getKey()).append('=').append(entry.getValue()).append('\n');
        }
        final byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
        final byte[] checksum = (CHECKSUM_KEY + "=" + crc(body, body.length) + "\n").getBytes(StandardCharsets.UTF_8);
        final Path tmp = file.resolveSibling(file.getFileName() + DataDirectoryLayout.TEMPORARY_SUFFIX);
        try
        {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
            {
                final ByteBuffer buffer = ByteBuffer.allocate(body.length + checksum.length).put(body).put(checksum);
                buffer.flip();
                while (buffer.hasRemaining())
                {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }

    private static String crc(final byte[] bytes, final int length)
    {
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return String.format(Locale.ROOT, "%08x", crc.getValue());
    }
}
