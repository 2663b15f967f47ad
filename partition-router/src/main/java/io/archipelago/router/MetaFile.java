package io.archipelago.router;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * Reads and writes {@code archipelago.meta}, the file that binds a data directory to one {@link RoutingIdentity}.
 * <p>
 * An engine opens its data directory with {@link #openOrCreate(Path, RoutingIdentity)}: a new or empty directory
 * is claimed for the configured identity, a directory created with the same identity is accepted, and anything
 * else is refused with a {@link DataDirectoryException} before a single byte is written. Data routed for one
 * partition count is never read with another.
 * <p>
 * The file is UTF-8 text, one {@code key=value} per line, each line ending in {@code \n}, in exactly this order:
 * <pre>
 *   magic=archipelago
 *   format=1
 *   hash=murmur3_32_fixed+jump_consistent_hash
 *   partitions=8
 *   checksum=15301c5d
 * </pre>
 * {@code checksum} is the CRC32C of every byte before the checksum line, as eight lowercase hex digits. Integers
 * are plain decimal without sign or leading zeros. Parsing is strict: any other layout is refused.
 * <p>
 * The file is written to {@code archipelago.meta.tmp}, forced to disk, then renamed atomically, so a crash leaves
 * either no meta file or a complete one. A directory holding nothing but a leftover {@code archipelago.meta.tmp}
 * is treated as an interrupted creation and claimed again.
 */
public final class MetaFile
{
    /**
     * Name of the meta file inside a data directory.
     */
    public static final String FILE_NAME = "archipelago.meta";

    /**
     * Name of the lock file a writer keeps inside a data directory. A directory holding nothing else (or that and a
     * leftover {@code archipelago.meta.tmp}) is still a new one.
     */
    public static final String LOCK_FILE_NAME = "archipelago.lock";

    static final String TEMP_FILE_NAME = FILE_NAME + ".tmp";
    private static final String MAGIC = "archipelago";

    private static final String MAGIC_LINE = "magic=" + MAGIC + "\n";
    private static final String FORMAT_KEY = "format";
    private static final String HASH_KEY = "hash";
    private static final String PARTITIONS_KEY = "partitions";
    private static final String CHECKSUM_KEY = "checksum";
    private static final int BODY_LINE_COUNT = 4;
    private static final int MAX_FILE_BYTES = 4096;
    private static final Pattern CHECKSUM_LINE = Pattern.compile(CHECKSUM_KEY + "=[0-9a-f]{8}");
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,9}");

    private MetaFile()
    {
    }

    /**
     * Reads the identity a data directory was created with.
     *
     * @param dataDir the data directory.
     * @return the identity recorded in {@code dataDir/archipelago.meta}.
     * @throws DataDirectoryException if the directory or file is missing, unreadable, foreign or damaged.
     */
    public static RoutingIdentity read(final Path dataDir)
    {
        Objects.requireNonNull(dataDir, "dataDir");
        final Path dir = dataDir.toAbsolutePath();
        if (!Files.exists(dir))
        {
            throw new DataDirectoryException("data directory " + dir + " does not exist");
        }
        if (!Files.isDirectory(dir))
        {
            throw new DataDirectoryException(dir + " is not a directory");
        }

        final Path file = dir.resolve(FILE_NAME);
        if (!Files.exists(file))
        {
            throw new DataDirectoryException(dir + " is not an Archipelago data directory: no " + FILE_NAME);
        }

        return decode(readBytes(file), file);
    }

    /**
     * Opens a data directory for an engine configured with {@code expected}, creating it if it is new.
     *
     * @param dataDir  the data directory; created with its parents if it does not exist.
     * @param expected the identity the engine is configured with.
     * @return the identity of the directory, equal to {@code expected}.
     * @throws DataDirectoryException if the directory belongs to something else or to a different identity, or
     *                                cannot be read or written. Nothing is written when the directory is refused.
     */
    public static RoutingIdentity openOrCreate(final Path dataDir, final RoutingIdentity expected)
    {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(expected, "expected");
        final Path dir = dataDir.toAbsolutePath();

        if (!Files.exists(dir))
        {
            create(dir, expected, true);
            return expected;
        }
        refuseForeign(dir);

        if (Files.exists(dir.resolve(FILE_NAME)))
        {
            final RoutingIdentity found = read(dir);
            if (!found.equals(expected))
            {
                throw new DataDirectoryException(
                    "data directory " + dir + " was created with " + found.describe() +
                    " but this engine is configured with " + expected.describe() +
                    "; refusing to open it (" + unsupportedChange(found, expected) + ")");
            }
            return found;
        }

        create(dir, expected, false);
        return expected;
    }

    /**
     * Refuses a path that {@link #openOrCreate} would refuse whatever the identity: an existing path that is not a
     * directory, or a directory that is not empty and has no meta file. Reads nothing but the directory's listing.
     *
     * @param dataDir the data directory; a missing one passes.
     * @throws DataDirectoryException if the path belongs to something else.
     */
    public static void refuseForeign(final Path dataDir)
    {
        Objects.requireNonNull(dataDir, "dataDir");
        final Path dir = dataDir.toAbsolutePath();
        if (!Files.exists(dir))
        {
            return;
        }
        if (!Files.isDirectory(dir))
        {
            throw new DataDirectoryException(
                dir + " exists and is not a directory; refusing to use it as an Archipelago data directory");
        }
        if (Files.exists(dir.resolve(FILE_NAME)))
        {
            return;
        }
        final List<String> entries = entryNames(dir);
        entries.remove(LOCK_FILE_NAME);
        if (entries.contains(FILE_NAME) || Files.exists(dir.resolve(FILE_NAME)))
        {
            return;
        }
        if (!entries.isEmpty() && !entries.equals(List.of(TEMP_FILE_NAME)))
        {
            throw new DataDirectoryException(
                dir + " is not an Archipelago data directory (it is not empty and has no " + FILE_NAME +
                "); refusing to write into it");
        }
    }

    private static byte[] encode(final RoutingIdentity identity)
    {
        final String body =
            MAGIC_LINE +
            FORMAT_KEY + "=" + identity.formatVersion() + "\n" +
            HASH_KEY + "=" + identity.hashScheme() + "\n" +
            PARTITIONS_KEY + "=" + identity.partitions() + "\n";
        final byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        final String checksumLine = CHECKSUM_KEY + "=" + hex(crc32c(bodyBytes, bodyBytes.length)) + "\n";

        final byte[] checksumBytes = checksumLine.getBytes(StandardCharsets.US_ASCII);
        final byte[] bytes = new byte[bodyBytes.length + checksumBytes.length];
        System.arraycopy(bodyBytes, 0, bytes, 0, bodyBytes.length);
        System.arraycopy(checksumBytes, 0, bytes, bodyBytes.length, checksumBytes.length);

        return bytes;
    }

    private static RoutingIdentity decode(final byte[] bytes, final Path file)
    {
        if (bytes.length == 0)
        {
            throw unparsable("it is empty", file);
        }
        final byte[] magic = MAGIC_LINE.getBytes(StandardCharsets.US_ASCII);
        if (!startsWith(bytes, magic))
        {
            throw new DataDirectoryException(
                FILE_NAME + " has the wrong magic (the first line is not 'magic=" + MAGIC + "') at " + file);
        }
        if (bytes[bytes.length - 1] != '\n')
        {
            throw unparsable("it does not end with a line break (truncated?)", file);
        }

        final int checksumLineStart = lastIndexOf(bytes, (byte)'\n', bytes.length - 2) + 1;
        final String checksumLine =
            new String(bytes, checksumLineStart, bytes.length - 1 - checksumLineStart, StandardCharsets.US_ASCII);
        if (checksumLineStart <= magic.length - 1 || !CHECKSUM_LINE.matcher(checksumLine).matches())
        {
            throw unparsable("the last line is not '" + CHECKSUM_KEY + "=<8 lowercase hex digits>'", file);
        }

        final String recorded = checksumLine.substring(CHECKSUM_KEY.length() + 1);
        final String computed = hex(crc32c(bytes, checksumLineStart));
        if (!recorded.equals(computed))
        {
            throw new DataDirectoryException(
                FILE_NAME + " is damaged: checksum mismatch at " + file +
                " (recorded " + recorded + ", computed " + computed + ")");
        }

        final String[] lines = decodeUtf8(bytes, checksumLineStart, file).split("\n", -1);
        if (lines.length != BODY_LINE_COUNT + 1)
        {
            throw unparsable("expected " + (BODY_LINE_COUNT + 1) + " lines but found " + lines.length, file);
        }

        final int formatVersion = parseDecimal(value(lines[1], FORMAT_KEY, file), FORMAT_KEY, file);
        final String hashScheme = value(lines[2], HASH_KEY, file);
        final int partitions = parseDecimal(value(lines[3], PARTITIONS_KEY, file), PARTITIONS_KEY, file);

        try
        {
            return new RoutingIdentity(hashScheme, partitions, formatVersion);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new DataDirectoryException(
                FILE_NAME + " cannot be parsed: " + ex.getMessage() + " at " + file, ex);
        }
    }

    private static void create(final Path dir, final RoutingIdentity identity, final boolean createDirectory)
    {
        final Path tempFile = dir.resolve(TEMP_FILE_NAME);
        try
        {
            if (createDirectory)
            {
                Files.createDirectories(dir);
                final Path parent = dir.getParent();
                if (parent != null)
                {
                    forceDirectory(parent);
                }
            }

            try (FileChannel channel = FileChannel.open(
                tempFile, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
            {
                final ByteBuffer buffer = ByteBuffer.wrap(encode(identity));
                while (buffer.hasRemaining())
                {
                    channel.write(buffer);
                }
                channel.force(true);
            }

            Files.move(tempFile, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
            forceDirectory(dir);
        }
        catch (final IOException ex)
        {
            throw new DataDirectoryException("cannot create " + FILE_NAME + " in " + dir + ": " + ex, ex);
        }
    }

    private static void forceDirectory(final Path dir) throws IOException
    {
        // Windows cannot open a directory as a FileChannel; there the rename's durability is up to the file system.
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows"))
        {
            return;
        }

        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ))
        {
            channel.force(true);
        }
    }

    private static List<String> entryNames(final Path dir)
    {
        final List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir))
        {
            for (final Path entry : stream)
            {
                names.add(entry.getFileName().toString());
            }
        }
        catch (final IOException ex)
        {
            throw new DataDirectoryException("cannot list data directory " + dir + ": " + ex, ex);
        }

        return names;
    }

    private static byte[] readBytes(final Path file)
    {
        try
        {
            if (!Files.isRegularFile(file))
            {
                throw new DataDirectoryException(FILE_NAME + " is not a regular file at " + file);
            }
            final long size = Files.size(file);
            if (size > MAX_FILE_BYTES)
            {
                throw unparsable("it is " + size + " bytes, larger than any valid one", file);
            }
            return Files.readAllBytes(file);
        }
        catch (final IOException ex)
        {
            throw new DataDirectoryException("cannot read " + file + ": " + ex, ex);
        }
    }

    private static String unsupportedChange(final RoutingIdentity found, final RoutingIdentity expected)
    {
        if (found.partitions() != expected.partitions() || !found.hashScheme().equals(expected.hashScheme()))
        {
            return "repartitioning is not supported";
        }

        return "converting data between format versions is not supported";
    }

    private static String value(final String line, final String key, final Path file)
    {
        final String prefix = key + "=";
        if (!line.startsWith(prefix))
        {
            throw unparsable("expected a '" + prefix + "' line but found '" + line + "'", file);
        }

        return line.substring(prefix.length());
    }

    private static int parseDecimal(final String text, final String key, final Path file)
    {
        if (DECIMAL.matcher(text).matches())
        {
            final long value = Long.parseLong(text);
            if (value <= Integer.MAX_VALUE)
            {
                return (int)value;
            }
        }

        throw unparsable("'" + key + "' is not a plain decimal int: '" + text + "'", file);
    }

    private static String decodeUtf8(final byte[] bytes, final int length, final Path file)
    {
        try
        {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, 0, length))
                .toString();
        }
        catch (final CharacterCodingException ex)
        {
            throw new DataDirectoryException(FILE_NAME + " cannot be parsed: it is not valid UTF-8 at " + file, ex);
        }
    }

    private static DataDirectoryException unparsable(final String problem, final Path file)
    {
        return new DataDirectoryException(FILE_NAME + " cannot be parsed: " + problem + " at " + file);
    }

    private static boolean startsWith(final byte[] bytes, final byte[] prefix)
    {
        if (bytes.length < prefix.length)
        {
            return false;
        }
        for (int i = 0; i < prefix.length; i++)
        {
            if (bytes[i] != prefix[i])
            {
                return false;
            }
        }

        return true;
    }

    private static int lastIndexOf(final byte[] bytes, final byte value, final int fromIndex)
    {
        for (int i = fromIndex; i >= 0; i--)
        {
            if (bytes[i] == value)
            {
                return i;
            }
        }

        return -1;
    }

    private static long crc32c(final byte[] bytes, final int length)
    {
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }

    private static String hex(final long checksum)
    {
        return String.format(Locale.ROOT, "%08x", checksum);
    }
}
