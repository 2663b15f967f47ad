package io.archipelago.engine.recovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.CRC32C;

import io.archipelago.engine.Archipelago;

/**
 * An island's snapshot files: {@code snapshots/snapshot-<sequence>.snap}, each the island's whole state after the
 * journal record with that island sequence. Written to a temporary file, forced, and renamed into place, so a file
 * with the final name is complete unless the storage damaged it, which the checksum catches.
 * <pre>
 *   "ARCHSNAP" | format:int32 | island:int32 | islands:int32 | sequence:int64 | timestamp:int64
 *   | journalIndex:int64 | digest:32 ASCII hex | stateLength:int32 | state[stateLength] | crc32c:int32 (of all before)
 * </pre>
 * (big-endian)
 */
public final class SnapshotStore
{
    /** Format of the file this version writes. */
    public static final int FORMAT = 1;
    private static final byte[] MAGIC = "ARCHSNAP".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 8 + 4 + 4 + 4 + 8 + 8 + 8 + 32 + 4;

    private final DataDirectoryLayout layout;
    private final int island;
    private final Path directory;

    /**
     * @param layout the data directory.
     * @param island the island whose snapshots these are (its directory is created on first write).
     */
    public SnapshotStore(final DataDirectoryLayout layout, final int island)
    {
        this.layout = layout;
        this.island = island;
        this.directory = layout.snapshots(island);
    }

    /**
     * @return the directory.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * A snapshot as stored.
     *
     * @param file         where it is.
     * @param island       the island.
     * @param islands      how many islands the engine had.
     * @param sequence     island sequence of the last record it covers.
     * @param timestamp    journaled time of that record.
     * @param journalIndex Chronicle index of that record.
     * @param digest       the state's digest.
     * @param state        the state ({@link io.archipelago.engine.logic.LogicSnapshot}).
     */
    public record Snapshot(Path file, int island, int islands, long sequence, long timestamp, long journalIndex,
        String digest, byte[] state)
    {
        /**
         * @return the file's size in bytes as written.
         */
        public long size()
        {
            return HEADER + state.length + 4L;
        }
    }

    /**
     * Writes a snapshot atomically and deletes all but the newest {@code keep}.
     *
     * @param snapshot what to write (its file is ignored).
     * @param keep     how many snapshots to keep, at least 1.
     * @return the file written.
     */
    public Path write(final Snapshot snapshot, final int keep)
    {
        final ByteBuffer header = ByteBuffer.allocate(HEADER);
        header.put(MAGIC).putInt(FORMAT).putInt(snapshot.island()).putInt(snapshot.islands())
            .putLong(snapshot.sequence()).putLong(snapshot.timestamp()).putLong(snapshot.journalIndex());
        final byte[] digest = snapshot.digest().getBytes(StandardCharsets.US_ASCII);
        if (digest.length != 32)
        {
            throw new IllegalArgumentException("digest must be 32 hex digits: " + snapshot.digest());
        }
        header.put(digest).putInt(snapshot.state().length);
        final CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, header.position());
        crc.update(snapshot.state(), 0, snapshot.state().length);
        header.flip();
        final ByteBuffer trailer = ByteBuffer.allocate(4).putInt((int)crc.getValue()).flip();
        // The state goes out from its own array: a second copy of a large island's state would double the heap it
        // takes at every snapshot.
        final ByteBuffer[] buffers = {header, ByteBuffer.wrap(snapshot.state()), trailer};
        final Path file = layout.snapshot(island, snapshot.sequence());
        final Path tmp = file.resolveSibling(file.getFileName() + DataDirectoryLayout.TEMPORARY_SUFFIX);
        try
        {
            Files.createDirectories(directory);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
            {
                while (trailer.hasRemaining())
                {
                    channel.write(buffers);
                }
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            prune(Math.max(1, keep));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write snapshot " + file, ex);
        }
        return file;
    }

    /**
     * @return snapshot files with a final name, newest (highest sequence) first; temporary files are left out.
     */
    public List<Path> list()
    {
        final List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(directory))
        {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory,
            DataDirectoryLayout.SNAPSHOT_PREFIX + "*" + DataDirectoryLayout.SNAPSHOT_SUFFIX))
        {
            for (final Path file : stream)
            {
                if (DataDirectoryLayout.snapshotSequenceOf(file) >= 0)
                {
                    files.add(file);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list snapshots in " + directory, ex);
        }
        files.sort(Comparator.comparingLong(DataDirectoryLayout::snapshotSequenceOf).reversed());
        return files;
    }

    /**
     * Reads and verifies one snapshot file.
     *
     * @param file a snapshot file.
     * @return the snapshot.
     * @throws IllegalStateException naming the file and the problem when it is damaged or foreign.
     */
    public static Snapshot read(final Path file)
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot read snapshot " + file + ": " + ex.getMessage(), ex);
        }
        if (bytes.length < HEADER + 4)
        {
            throw new IllegalStateException("snapshot " + file + " is truncated (" + bytes.length + " bytes)");
        }
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        final ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (buffer.getInt(bytes.length - 4) != (int)crc.getValue())
        {
            throw new IllegalStateException("snapshot " + file + " is damaged: checksum mismatch");
        }
        final byte[] magic = new byte[MAGIC.length];
        buffer.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC))
        {
            throw new IllegalStateException(file + " is not an Archipelago snapshot");
        }
        final int format = buffer.getInt();
        if (format != FORMAT)
        {
            throw new IllegalStateException("snapshot " + file + " has format " + format + "; this version reads " +
                FORMAT);
        }
        final int island = buffer.getInt();
        final int islands = buffer.getInt();
        final long sequence = buffer.getLong();
        final long timestamp = buffer.getLong();
        final long journalIndex = buffer.getLong();
        final byte[] digest = new byte[32];
        buffer.get(digest);
        final int length = buffer.getInt();
        if (length != bytes.length - HEADER - 4)
        {
            throw new IllegalStateException("snapshot " + file + " says " + length + " state bytes but holds " +
                (bytes.length - HEADER - 4));
        }
        final byte[] state = new byte[length];
        buffer.get(state);
        if (sequence != DataDirectoryLayout.snapshotSequenceOf(file))
        {
            throw new IllegalStateException("snapshot " + file + " holds sequence " + sequence);
        }
        return new Snapshot(file, island, islands, sequence, timestamp, journalIndex,
            new String(digest, StandardCharsets.US_ASCII), state);
    }

    private void prune(final int keep) throws IOException
    {
        final List<Path> files = list();
        for (int i = keep; i < files.size(); i++)
        {
            Files.deleteIfExists(files.get(i));
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory,
            DataDirectoryLayout.SNAPSHOT_PREFIX + "*" + DataDirectoryLayout.SNAPSHOT_SUFFIX +
            DataDirectoryLayout.TEMPORARY_SUFFIX))
        {
            for (final Path stale : stream)
            {
                Files.deleteIfExists(stale);
            }
        }
    }
}
