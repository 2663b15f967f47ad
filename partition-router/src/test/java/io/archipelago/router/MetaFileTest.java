package io.archipelago.router;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetaFileTest
{
    private static final RoutingIdentity EIGHT_ISLANDS = RoutingIdentity.of(8, 1);
    private static final String EIGHT_ISLANDS_BODY =
        "magic=archipelago\n" +
        "format=1\n" +
        "hash=murmur3_32_fixed+jump_consistent_hash\n" +
        "partitions=8\n";

    @TempDir
    Path tempDir;

    @Test
    void shouldCreateMetaFileInEmptyDirectory() throws IOException
    {
        final Path dataDir = Files.createDirectory(tempDir.resolve("data"));

        assertEquals(EIGHT_ISLANDS, MetaFile.openOrCreate(dataDir, EIGHT_ISLANDS));

        assertEquals(EIGHT_ISLANDS, MetaFile.read(dataDir));
        assertEquals(Map.of(MetaFile.FILE_NAME, EIGHT_ISLANDS_BODY + "checksum=" + crc32c(EIGHT_ISLANDS_BODY) + "\n"),
            textFilesIn(dataDir));
    }

    @Test
    void shouldWriteTheFrozenTextLayout() throws IOException
    {
        MetaFile.openOrCreate(tempDir, EIGHT_ISLANDS);

        assertEquals(EIGHT_ISLANDS_BODY + "checksum=" + crc32c(EIGHT_ISLANDS_BODY) + "\n",
            Files.readString(tempDir.resolve(MetaFile.FILE_NAME), StandardCharsets.UTF_8));
        assertEquals("15301c5d", crc32c(EIGHT_ISLANDS_BODY));
    }

    @Test
    void shouldCreateMissingDataDirectoryAndItsParents()
    {
        final Path dataDir = tempDir.resolve("a").resolve("b").resolve("data");

        assertEquals(EIGHT_ISLANDS, MetaFile.openOrCreate(dataDir, EIGHT_ISLANDS));

        assertEquals(EIGHT_ISLANDS, MetaFile.read(dataDir));
        assertFalse(Files.exists(dataDir.resolve(MetaFile.TEMP_FILE_NAME)));
    }

    @Test
    void shouldReopenDirectoryWithTheSameIdentityWithoutRewritingIt() throws IOException
    {
        MetaFile.openOrCreate(tempDir, EIGHT_ISLANDS);
        Files.createDirectory(tempDir.resolve("partition-000"));
        final Map<String, String> before = snapshot(tempDir);

        assertEquals(EIGHT_ISLANDS, MetaFile.openOrCreate(tempDir, RoutingIdentity.of(8, 1)));

        assertEquals(before, snapshot(tempDir));
    }

    @Test
    void shouldRefuseDirectoryWithDifferentPartitionCount() throws IOException
    {
        MetaFile.openOrCreate(tempDir, EIGHT_ISLANDS);
        final Map<String, String> before = snapshot(tempDir);

        final DataDirectoryException ex = assertThrows(DataDirectoryException.class,
            () -> MetaFile.openOrCreate(tempDir, RoutingIdentity.of(3, 1)));

        assertEquals("data directory " + tempDir.toAbsolutePath() + " was created with " +
            "partitions=8, hash=murmur3_32_fixed+jump_consistent_hash, format=1 but this engine is configured with " +
            "partitions=3, hash=murmur3_32_fixed+jump_consistent_hash, format=1; " +
            "refusing to open it (repartitioning is not supported)", ex.getMessage());
        assertEquals(before, snapshot(tempDir));
    }

    @Test
    void shouldRefuseDirectoryWithDifferentFormatVersion() throws IOException
    {
        MetaFile.openOrCreate(tempDir, EIGHT_ISLANDS);
        final Map<String, String> before = snapshot(tempDir);

        final DataDirectoryException ex = assertThrows(DataDirectoryException.class,
            () -> MetaFile.openOrCreate(tempDir, RoutingIdentity.of(8, 2)));

        assertContains(ex.getMessage(), "format=1", "format=2", tempDir.toAbsolutePath().toString(), "refusing");
        assertEquals(before, snapshot(tempDir));
    }

    @Test
    void shouldRefuseDirectoryWithDifferentHashScheme() throws IOException
    {
        MetaFile.openOrCreate(tempDir, EIGHT_ISLANDS);
        final Map<String, String> before = snapshot(tempDir);

        final DataDirectoryException ex = assertThrows(DataDirectoryException.class,
            () -> MetaFile.openOrCreate(tempDir, new RoutingIdentity("crc32+modulo", 8, 1)));

        assertContains(ex.getMessage(), "hash=murmur3_32_fixed+jump_consistent_hash", "hash=crc32+modulo");
        assertEquals(before, snapshot(tempDir));
    }

    @Test
    void shouldRefuseNonEmptyForeignDirectoryWithoutWritingAnything() throws IOException
    {
        Files.writeString(tempDir.resolve("notes.txt"), "not an engine's", StandardCharsets.UTF_8);
        Files.createDirectories(tempDir.resolve("photos").resolve("2024"));
        final Map<String, String> before = snapshot(tempDir);

        final DataDirectoryException ex = assertThrows(DataDirectoryException.class,
            () -> MetaFile.openOrCreate(tempDir, EIGHT_ISLANDS));

        assertEquals(tempDir.toAbsolutePath() + " is not an Archipelago data directory (it is not empty and has no " +
            "archipelago.meta); refusing to write into it", ex.getMessage());
        assertEquals(before, snapshot(tempDir));
    }

    @Test
    void shouldRefuseFileInsteadOfDirectory() throws IOException
    {
        final Path file = Files.writeString(tempDir.resolve("data"), "a file", StandardCharsets.UTF_8);

        final DataDirectoryException ex = assertThrows(DataDirectoryException.class,
            () -> MetaFile.openOrCreate(file, EIGHT_ISLANDS));

        assertContains(ex.getMessage(), file.toAbsolutePath().toString(), "not a directory");
        assertEquals("a file", Files.readString(file, StandardCharsets.UTF_8));
        assertThrows(DataDirectoryException.class, () -> MetaFile.read(file));
    }

    @Test
    void shouldRefuseCorruptedMetaFileNamingItsPath() throws IOException
    {
        MetaFile.openOrCreate(tempDir, EIGHT_ISLANDS);
        final Path meta = tempDir.resolve(MetaFile.FILE_NAME);
        final String content = Files.readString(meta, StandardCharsets.UTF_8);
        Files.writeString(meta, content.replace("partitions=8", "partitions=9"), StandardCharsets.UTF_8);
        final Map<String, String> before = snapshot(tempDir);

        final DataDirectoryException ex = assertThrows(DataDirectoryException.class,
            () -> MetaFile.openOrCreate(tempDir, RoutingIdentity.of(9, 1)));

        assertContains(ex.getMessage(), "archipelago.meta is damaged: checksum mismatch at " + meta.toAbsolutePath());
        assertEquals(before, snapshot(tempDir));
        assertContains(assertThrows(DataDirectoryException.class, () -> MetaFile.read(tempDir)).getMessage(),
            "checksum mismatch");
    }

    @Test
    void shouldRefuseMetaFileWithAnySingleBitFlipped() throws IOException
    {
        MetaFile.openOrCreate(tempDir, EIGHT_ISLANDS);
        final Path meta = tempDir.resolve(MetaFile.FILE_NAME);
        final byte[] original = Files.readAllBytes(meta);

        for (int i = 0; i < original.length; i++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                final byte[] corrupted = original.clone();
                corrupted[i] ^= (byte)(1 << bit);
                Files.write(meta, corrupted);

                final DataDirectoryException ex = assertThrows(DataDirectoryException.class,
                    () -> MetaFile.openOrCreate(tempDir, EIGHT_ISLANDS), "bit " + bit + " of byte " + i);
                assertContains(ex.getMessage(), meta.toAbsolutePath().toString());
                assertArrayEquals(corrupted, Files.readAllBytes(meta));
            }
        }
    }

    @Test
    void shouldRefuseMetaFileWithWrongMagic() throws IOException
    {
        writeMeta("magic=somethingelse\nformat=1\nhash=murmur3_32_fixed+jump_consistent_hash\npartitions=8\n");

        final DataDirectoryException ex = assertThrows(DataDirectoryException.class, () -> MetaFile.read(tempDir));

        assertContains(ex.getMessage(), "wrong magic", tempDir.resolve(MetaFile.FILE_NAME).toAbsolutePath().toString());
    }

    @Test
    void shouldRefuseTruncatedMetaFile() throws IOException
    {
        MetaFile.openOrCreate(tempDir, EIGHT_ISLANDS);
        final Path meta = tempDir.resolve(MetaFile.FILE_NAME);
        final byte[] original = Files.readAllBytes(meta);

        for (int length = 0; length < original.length; length++)
        {
            Files.write(meta, Arrays.copyOf(original, length));

            final DataDirectoryException ex = assertThrows(DataDirectoryException.class,
                () -> MetaFile.read(tempDir), "truncated to " + length + " bytes");
            assertContains(ex.getMessage(), meta.toAbsolutePath().toString());
        }
    }

    @Test
    void shouldRefuseLooselyFormattedMetaFileEvenWithValidChecksum() throws IOException
    {
        final String[] bodies = {
            "magic=archipelago\nformat=1\nhash=murmur3_32_fixed+jump_consistent_hash\npartitions=08\n",
            "magic=archipelago\nformat=1\nhash=murmur3_32_fixed+jump_consistent_hash\npartitions= 8\n",
            "magic=archipelago\nformat=1\nhash=murmur3_32_fixed+jump_consistent_hash\npartitions=+8\n",
            "magic=archipelago\nformat=1\nhash=murmur3_32_fixed+jump_consistent_hash\npartitions=99999999999\n",
            "magic=archipelago\nformat=1\nhash=murmur3_32_fixed+jump_consistent_hash\npartitions=0\n",
            "magic=archipelago\nformat=0\nhash=murmur3_32_fixed+jump_consistent_hash\npartitions=8\n",
            "magic=archipelago\nformat=1\nhash=\npartitions=8\n",
            "magic=archipelago\nhash=murmur3_32_fixed+jump_consistent_hash\nformat=1\npartitions=8\n",
            "magic=archipelago\nformat=1\nhash=murmur3_32_fixed+jump_consistent_hash\n",
            "magic=archipelago\nformat=1\nhash=murmur3_32_fixed+jump_consistent_hash\npartitions=8\nextra=1\n",
            "magic=archipelago\r\nformat=1\nhash=murmur3_32_fixed+jump_consistent_hash\npartitions=8\n",
            "magic=archipelago\nformat=1\nhash=murmur3_32_fixed+jump_consistent_hash\r\npartitions=8\n",
        };

        for (final String body : bodies)
        {
            writeMeta(body + "checksum=" + crc32c(body) + "\n");

            final DataDirectoryException ex = assertThrows(DataDirectoryException.class,
                () -> MetaFile.read(tempDir), body);
            assertContains(ex.getMessage(), tempDir.resolve(MetaFile.FILE_NAME).toAbsolutePath().toString());
        }
    }

    @Test
    void shouldRefuseChecksumLineInTheWrongShape() throws IOException
    {
        for (final String checksumLine : new String[]{
            "checksum=" + crc32c(EIGHT_ISLANDS_BODY).toUpperCase(Locale.ROOT) + "\n",
            "checksum=" + crc32c(EIGHT_ISLANDS_BODY),
            "checksum= " + crc32c(EIGHT_ISLANDS_BODY) + "\n",
            "crc=" + crc32c(EIGHT_ISLANDS_BODY) + "\n",
            ""})
        {
            writeMeta(EIGHT_ISLANDS_BODY + checksumLine);

            final DataDirectoryException ex = assertThrows(DataDirectoryException.class,
                () -> MetaFile.read(tempDir), checksumLine);
            assertContains(ex.getMessage(), "cannot be parsed", tempDir.toAbsolutePath().toString());
        }
    }

    @Test
    void shouldReadMetaFileWrittenByHand() throws IOException
    {
        final String body = "magic=archipelago\nformat=3\nhash=murmur3_32_fixed+jump_consistent_hash\npartitions=64\n";
        writeMeta(body + "checksum=" + crc32c(body) + "\n");

        assertEquals(RoutingIdentity.of(64, 3), MetaFile.read(tempDir));
    }

    @Test
    void shouldReportMissingDataDirectory()
    {
        final Path missing = tempDir.resolve("missing");

        final DataDirectoryException ex = assertThrows(DataDirectoryException.class, () -> MetaFile.read(missing));

        assertEquals("data directory " + missing.toAbsolutePath() + " does not exist", ex.getMessage());
        assertFalse(Files.exists(missing));
    }

    @Test
    void shouldReportDirectoryWithoutMetaFile() throws IOException
    {
        Files.writeString(tempDir.resolve("notes.txt"), "hello", StandardCharsets.UTF_8);

        final DataDirectoryException ex = assertThrows(DataDirectoryException.class, () -> MetaFile.read(tempDir));

        assertEquals(tempDir.toAbsolutePath() + " is not an Archipelago data directory: no archipelago.meta",
            ex.getMessage());
    }

    @Test
    void shouldRefuseMetaPathThatIsADirectory() throws IOException
    {
        Files.createDirectory(tempDir.resolve(MetaFile.FILE_NAME));

        final DataDirectoryException ex = assertThrows(DataDirectoryException.class,
            () -> MetaFile.openOrCreate(tempDir, EIGHT_ISLANDS));

        assertContains(ex.getMessage(), "not a regular file", tempDir.toAbsolutePath().toString());
    }

    @Test
    void shouldClaimDirectoryLeftWithOnlyATempFileByAnInterruptedCreation() throws IOException
    {
        Files.writeString(tempDir.resolve(MetaFile.TEMP_FILE_NAME), "magic=archi", StandardCharsets.UTF_8);

        assertEquals(EIGHT_ISLANDS, MetaFile.openOrCreate(tempDir, EIGHT_ISLANDS));

        assertEquals(EIGHT_ISLANDS, MetaFile.read(tempDir));
        assertEquals(Map.of(MetaFile.FILE_NAME, EIGHT_ISLANDS_BODY + "checksum=" + crc32c(EIGHT_ISLANDS_BODY) + "\n"),
            textFilesIn(tempDir));
    }

    private void writeMeta(final String content) throws IOException
    {
        Files.writeString(tempDir.resolve(MetaFile.FILE_NAME), content, StandardCharsets.UTF_8);
    }

    private static String crc32c(final String text)
    {
        final CRC32C crc = new CRC32C();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return String.format(Locale.ROOT, "%08x", crc.getValue());
    }

    private static void assertContains(final String message, final String... parts)
    {
        for (final String part : parts)
        {
            assertTrue(message.contains(part), "expected '" + part + "' in: " + message);
        }
    }

    private static Map<String, String> textFilesIn(final Path dir) throws IOException
    {
        final Map<String, String> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(dir))
        {
            for (final Path entry : (Iterable<Path>)entries::iterator)
            {
                files.put(entry.getFileName().toString(), Files.readString(entry, StandardCharsets.UTF_8));
            }
        }

        return files;
    }

    private static Map<String, String> snapshot(final Path root) throws IOException
    {
        final Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : (Iterable<Path>)paths::iterator)
            {
                final String name = root.relativize(path).toString();
                if (Files.isDirectory(path))
                {
                    tree.put(name + "/", "");
                }
                else
                {
                    tree.put(name, Base64.getEncoder().encodeToString(Files.readAllBytes(path)) +
                        "@" + Files.getLastModifiedTime(path).toMillis());
                }
            }
        }

        return tree;
    }
}
