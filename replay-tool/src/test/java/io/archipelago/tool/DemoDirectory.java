package io.archipelago.tool;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.SnapshotInfo;

import static io.archipelago.tool.Json.number;
import static io.archipelago.tool.Json.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Data directories for the operator command tests, written by the {@code demo} command in-process: 4 islands and a
 * skewed workload on scarce stock, so units move between islands. {@link #create} then reopens the directory, takes a
 * snapshot of every island, restocks {@link #PRODUCT} and has {@link #USER} place and cancel order
 * {@link #ORDER}, so the journals continue past the snapshots and hold every kind of client record.
 */
final class DemoDirectory
{
    static final int PARTITIONS = 4;
    static final int ORDERS = 3000;
    static final int PRODUCTS = 4;
    static final long PRODUCT = 1;
    static final String USER = "operator-test";
    static final long ORDER = 1;
    static final long RESTOCK = 100;

    private DemoDirectory()
    {
    }

    /**
     * @param directory where to write (must not exist).
     * @param seed      the demo's seed.
     * @return the directory, closed cleanly, with a snapshot per island before the last records.
     */
    static Path create(final Path directory, final long seed)
    {
        demo(directory, seed);
        final ArchipelagoConfig config = ArchipelagoConfig.builder()
            .partitions(PARTITIONS)
            .dataDirectory(directory)
            .build();
        try (Archipelago engine = Archipelago.open(config))
        {
            final List<SnapshotInfo> snapshots = engine.snapshot();
            snapshots.forEach(snapshot -> assertTrue(null != snapshot && snapshot.sequence() > 0));
            assertEquals(ResultCode.RESTOCKED, engine.restock(PRODUCT, RESTOCK).join());
            assertEquals(ResultCode.CONFIRMED, engine.placeOrder(USER, ORDER, new OrderLine(PRODUCT, 1)).join());
            assertEquals(ResultCode.CANCELLED, engine.cancelOrder(USER, ORDER).join());
        }
        return directory;
    }

    /**
     * @param directory where to write (must not exist).
     * @param seed      the demo's seed.
     * @return the directory as the demo left it.
     */
    static Path demo(final Path directory, final long seed)
    {
        final CliRun run = CliRun.of("demo", "--json", "--data", directory.toString(),
            "--partitions", String.valueOf(PARTITIONS), "--orders", String.valueOf(ORDERS), "--threads", "2",
            "--users", "300", "--skew", "0.8", "--products", String.valueOf(PRODUCTS), "--units", "2000",
            "--seed", String.valueOf(seed));
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(number(object(run.json(), "transfers"), "granted") > 0, "units moved between islands: " + run);
        return directory;
    }

    /**
     * @param from a directory tree.
     * @param to   where to copy it (must not exist).
     * @return {@code to}.
     */
    static Path copy(final Path from, final Path to)
    {
        try (Stream<Path> paths = Files.walk(from))
        {
            for (final Path source : paths.toList())
            {
                final Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source))
                {
                    Files.createDirectories(target);
                }
                else
                {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return to;
    }

    /**
     * @param root a directory tree.
     * @return for every file and directory under it (by relative path): its kind, size, modification time and, for
     *         files, the SHA-256 of its content.
     */
    static Map<String, String> fingerprint(final Path root)
    {
        final Map<String, String> fingerprint = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : paths.toList())
            {
                final BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                fingerprint.put(root.relativize(path).toString(), (attributes.isDirectory() ? "dir " : "file ") +
                    attributes.size() + " " + attributes.lastModifiedTime().toInstant() +
                    (attributes.isRegularFile() ? " " + sha256(path) : ""));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return fingerprint;
    }

    private static String sha256(final Path file) throws IOException
    {
        final MessageDigest digest;
        try
        {
            digest = MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
        try (InputStream in = Files.newInputStream(file))
        {
            final byte[] buffer = new byte[1 << 16];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer))
            {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
