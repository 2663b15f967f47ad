package io.archipelago.engine;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import io.archipelago.engine.codec.CommandType;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.journal.JournalReader;
import io.archipelago.engine.recovery.DataDirectoryLayout;

/**
 * Looks at and damages the files of a data directory from the outside, as an operator or a disk would.
 */
final class DataDirectoryFiles
{
    private DataDirectoryFiles()
    {
    }

    /**
     * @param root a directory.
     * @return every entry under it (relative path) with, for files, size, modification time and content checksum.
     */
    static Map<String, String> snapshot(final Path root)
    {
        final Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : (Iterable<Path>)paths::iterator)
            {
                final String name = root.relativize(path).toString();
                if (Files.isDirectory(path))
                {
                    entries.put(name + "/", "dir");
                }
                else
                {
                    entries.put(name, Files.size(path) + " bytes, modified " +
                        Files.getLastModifiedTime(path).toMillis() + ", crc " + checksum(path));
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return entries;
    }

    private static long checksum(final Path file) throws IOException
    {
        final CRC32C crc = new CRC32C();
        final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            while (channel.read(buffer) > 0)
            {
                buffer.flip();
                crc.update(buffer);
                buffer.clear();
            }
        }
        return crc.getValue();
    }

    /**
     * @param partitionDirectory an island's directory.
     * @return the island's Chronicle queue files.
     */
    static List<Path> queueFiles(final Path partitionDirectory)
    {
        try (Stream<Path> files = Files.list(partitionDirectory.resolve("journal")))
        {
            return files.filter(f -> f.getFileName().toString().endsWith(".cq4")).sorted().toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Flips the bits of one byte of the last occurrence of {@code marker} in an island's queue files.
     *
     * @param partitionDirectory an island's directory.
     * @param marker             text that occurs in exactly the record to damage.
     * @param offsetInMarker     which byte of the marker to damage.
     * @return the file that was damaged.
     */
    static Path flipByteOfLastOccurrence(final Path partitionDirectory, final String marker, final int offsetInMarker)
    {
        final byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        Path found = null;
        long position = -1;
        for (final Path file : queueFiles(partitionDirectory))
        {
            final long at = lastIndexOf(file, needle);
            if (at >= 0)
            {
                found = file;
                position = at;
            }
        }
        if (null == found)
        {
            throw new AssertionError("'" + marker + "' not found in the queue files of " + partitionDirectory);
        }
        try (RandomAccessFile file = new RandomAccessFile(found.toFile(), "rw"))
        {
            file.seek(position + offsetInMarker);
            final int value = file.read();
            file.seek(position + offsetInMarker);
            file.write(value ^ 0xFF);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return found;
    }

    private static long lastIndexOf(final Path file, final byte[] needle)
    {
        final int chunk = 1 << 20;
        final byte[] buffer = new byte[chunk + needle.length];
        long last = -1;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r"))
        {
            final long size = in.length();
            for (long start = 0; start < size; start += chunk)
            {
                in.seek(start);
                final int read = in.read(buffer, 0, (int)Math.min(buffer.length, size - start));
                for (int i = 0; i + needle.length <= read; i++)
                {
                    if (matches(buffer, i, needle))
                    {
                        last = start + i;
                    }
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return last;
    }

    private static boolean matches(final byte[] buffer, final int offset, final byte[] needle)
    {
        for (int j = 0; j < needle.length; j++)
        {
            if (buffer[offset + j] != needle[j])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @param dataDirectory a closed engine's data directory.
     * @param partitions    how many islands it has.
     * @return journal records of every island, counted by type.
     */
    static Map<CommandType, Integer> countRecords(final Path dataDirectory, final int partitions)
    {
        final Map<CommandType, Integer> counts = new EnumMap<>(CommandType.class);
        for (int p = 0; p < partitions; p++)
        {
            final Path journalDirectory = new DataDirectoryLayout(dataDirectory).journal(p);
            try (Journal journal = Journal.openReadOnly(p, journalDirectory);
                 JournalReader reader = journal.reader())
            {
                while (reader.next())
                {
                    counts.merge(reader.command().type(), 1, Integer::sum);
                }
            }
        }
        return counts;
    }
}
