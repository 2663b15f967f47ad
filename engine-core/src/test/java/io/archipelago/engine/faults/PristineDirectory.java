package io.archipelago.engine.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.model.Activity;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * A data directory written by a real engine (4 islands, transfers between them, snapshots taken mid-way with more
 * orders after, clean close), with an older copy of itself for rollbacks, the digests it opens to and where each
 * island's Chronicle file keeps its header and its excerpts.
 */
final class PristineDirectory
{
    static final int ISLANDS = 4;
    static final long SCARCE = 11;
    static final long PLENTY = 12;
    private static final int ORDERS_PER_PHASE = 24;

    private final Path root;
    private final Path older;
    private final List<String> digests;
    private final long[] excerptStart = new long[ISLANDS];
    private final long[] excerptEnd = new long[ISLANDS];
    private final Map<Path, Long> writtenLengths = new ConcurrentHashMap<>();

    private PristineDirectory(final Path root, final Path older, final List<String> digests)
    {
        this.root = root;
        this.older = older;
        this.digests = digests;
    }

    /**
     * @param data a directory to create.
     * @return the configuration every case opens with.
     */
    static ArchipelagoConfig config(final Path data)
    {
        return ArchipelagoConfig.builder().partitions(ISLANDS).dataDirectory(data).ringSize(1024).islandThreads(2)
            .replayThreads(2).build();
    }

    /**
     * Writes the pristine directory and its older copy under {@code work}.
     *
     * @param work an empty directory.
     * @return the pristine directory.
     * @throws Exception when the engine fails.
     */
    static PristineDirectory create(final Path work) throws Exception
    {
        final Path root = work.resolve("pristine");
        final Path older = work.resolve("older");
        try (Archipelago engine = Archipelago.open(config(root)))
        {
            engine.createProduct(SCARCE, 8L * ISLANDS).get(10, TimeUnit.SECONDS);
            engine.createProduct(PLENTY, 10_000).get(10, TimeUnit.SECONDS);
            placeOrders(engine, 0);
            engine.snapshot();
            placeOrders(engine, 1);
            settle(engine);
        }
        copy(root, older);
        final List<String> digests;
        try (Archipelago engine = Archipelago.open(config(root)))
        {
            engine.restock(SCARCE, 4L * ISLANDS).get(10, TimeUnit.SECONDS);
            placeOrders(engine, 2);
            engine.snapshot();
            placeOrders(engine, 3);
            settle(engine);
            if (engine.statistics().requestsSent() == 0)
            {
                throw new IllegalStateException("the workload moved no stock between islands");
            }
            engine.close();
            digests = engine.closeDigests();
        }
        final PristineDirectory pristine = new PristineDirectory(root, older, digests);
        pristine.findExcerpts(work.resolve("regions"));
        return pristine;
    }

    private static void placeOrders(final Archipelago engine, final int phase) throws Exception
    {
        for (int i = 0; i < ORDERS_PER_PHASE; i++)
        {
            final long orderId = phase * 1_000L + i;
            engine.placeOrder("user-" + (i % 16), orderId, new OrderLine(SCARCE, 1 + i % 3), new OrderLine(PLENTY, 2))
                .get(30, TimeUnit.SECONDS);
        }
    }

    private static void settle(final Archipelago engine) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline)
        {
            final Activity activity = engine.activity().get(10, TimeUnit.SECONDS);
            if (activity.pendingOrders() == 0 && activity.activeSearches() == 0)
            {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the islands did not settle");
    }

    private void findExcerpts(final Path scratch) throws IOException
    {
        copy(root, scratch);
        final DataDirectoryLayout layout = new DataDirectoryLayout(scratch);
        for (int p = 0; p < ISLANDS; p++)
        {
            long start = Long.MAX_VALUE;
            long end = 0;
            try (ChronicleQueue queue = ChronicleQueue.singleBuilder(layout.journal(p)).readOnly(true).build();
                 ExcerptTailer tailer = queue.createTailer())
            {
                while (true)
                {
                    try (DocumentContext document = tailer.readingDocument())
                    {
                        if (!document.isPresent())
                        {
                            break;
                        }
                        start = Math.min(start, document.wire().bytes().readPosition() - Integer.BYTES);
                        end = Math.max(end, document.wire().bytes().readLimit());
                    }
                }
            }
            if (end <= start)
            {
                throw new IllegalStateException("island " + p + " journaled nothing");
            }
            excerptStart[p] = start;
            excerptEnd[p] = end;
        }
        delete(scratch);
    }

    /**
     * @return the pristine directory.
     */
    Path root()
    {
        return root;
    }

    /**
     * @return the directory as it was at the first clean close, before the later orders.
     */
    Path older()
    {
        return older;
    }

    /**
     * @return every island's digest.
     */
    List<String> digests()
    {
        return digests;
    }

    /**
     * @param island an island.
     * @return file offset of the island's first excerpt header in its Chronicle file.
     */
    long excerptStart(final int island)
    {
        return excerptStart[island];
    }

    /**
     * @param island an island.
     * @return file offset just after the island's last excerpt.
     */
    long excerptEnd(final int island)
    {
        return excerptEnd[island];
    }

    /**
     * @param island an island.
     * @return the island's snapshot files, oldest first.
     */
    List<Path> snapshots(final int island)
    {
        return list(new DataDirectoryLayout(root).snapshots(island), ".snap");
    }

    /**
     * @param directory a directory.
     * @param suffix    how the wanted names end.
     * @return its files with that suffix, by name.
     */
    static List<Path> list(final Path directory, final String suffix)
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Copies part of the finished pristine directory or of its older copy; each file's written length is measured
     * once.
     *
     * @param from a directory under {@link #root()} or {@link #older()}.
     * @param to   where the copy goes; must not exist.
     * @throws IOException when copying fails.
     */
    void copyFrozen(final Path from, final Path to) throws IOException
    {
        copy(from, to, writtenLengths);
    }

    /**
     * Copies a directory tree.
     *
     * @param from a directory.
     * @param to   where the copy goes; must not exist.
     * @throws IOException when copying fails.
     */
    static void copy(final Path from, final Path to) throws IOException
    {
        copy(from, to, null);
    }

    private static void copy(final Path from, final Path to, final Map<Path, Long> writtenLengths) throws IOException
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
                else if (!path.getFileName().toString().equals("archipelago.lock"))
                {
                    copySparse(path, target, null == writtenLengths ? writtenLength(path) :
                        writtenLengths.computeIfAbsent(path, PristineDirectory::writtenLength));
                }
            }
        }
    }

    /**
     * Copies the written prefix of a file (up to its last non-zero block) and extends the copy to the same length,
     * so the zeros Chronicle preallocates stay a hole instead of being written out for every case.
     */
    private static void copySparse(final Path from, final Path to, final long written) throws IOException
    {
        final long size = Files.size(from);
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
        {
            long copied = 0;
            while (copied < written)
            {
                copied += in.transferTo(copied, written - copied, out);
            }
            if (size > written)
            {
                out.write(ByteBuffer.wrap(new byte[1]), size - 1);
            }
        }
    }

    private static long writtenLength(final Path file)
    {
        final int block = 1 << 16;
        final ByteBuffer buffer = ByteBuffer.allocate(block);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ))
        {
            for (long start = (in.size() - 1) / block * block; start >= 0; start -= block)
            {
                buffer.clear();
                in.read(buffer, start);
                for (int i = buffer.position() - 1; i >= 0; i--)
                {
                    if (buffer.get(i) != 0)
                    {
                        return start + i + 1;
                    }
                }
            }
            return 0;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Deletes a directory tree.
     *
     * @param directory the tree.
     * @throws IOException when deleting fails.
     */
    static void delete(final Path directory) throws IOException
    {
        if (!Files.exists(directory))
        {
            return;
        }
        final List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(directory))
        {
            walk.forEach(paths::add);
        }
        paths.sort(Comparator.reverseOrder());
        for (final Path path : paths)
        {
            Files.delete(path);
        }
    }

    /**
     * @param root a data directory.
     * @return every file and directory under it except the lock file, with each file's size and content checksum.
     */
    static Map<String, String> fingerprint(final Path root)
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
                else if (!path.getFileName().toString().equals("archipelago.lock"))
                {
                    entries.put(name, Files.size(path) + " bytes, crc " + checksum(path));
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
}
