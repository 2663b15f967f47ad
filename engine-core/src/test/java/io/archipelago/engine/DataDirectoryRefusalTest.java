package io.archipelago.engine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import io.archipelago.router.DataDirectoryException;
import io.archipelago.router.MetaFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataDirectoryRefusalTest
{
    private static final long PRODUCT = 3;

    @TempDir
    Path dir;

    private static ArchipelagoConfig config(final Path data, final int partitions)
    {
        return ArchipelagoConfig.builder().partitions(partitions).dataDirectory(data).build();
    }

    private static void mentionsNumber(final String message, final int number)
    {
        assertTrue(Pattern.compile("\\b" + number + "\\b").matcher(message).find(),
            "message names " + number + ": " + message);
    }

    @Test
    void shouldRefuseReopeningWithAnotherPartitionCountAndChangeNothing() throws Exception
    {
        final Path data = dir.resolve("data");
        final List<String> digests;
        try (Archipelago engine = Archipelago.open(config(data, 4)))
        {
            assertEquals(ResultCode.CREATED, engine.createProduct(PRODUCT, 400).get(10, TimeUnit.SECONDS));
            for (int i = 0; i < 20; i++)
            {
                assertEquals(ResultCode.CONFIRMED, engine.placeOrder("p-" + i, i, new OrderLine(PRODUCT, 1))
                    .get(10, TimeUnit.SECONDS));
            }
            engine.close();
            digests = engine.closeDigests();
        }
        final Map<String, String> before = DataDirectoryFiles.snapshot(data);
        Thread.sleep(20);

        for (final int other : new int[] {3, 5, 1})
        {
            final DataDirectoryException ex = assertThrows(DataDirectoryException.class,
                () -> Archipelago.open(config(data, other)));
            mentionsNumber(ex.getMessage(), 4);
            mentionsNumber(ex.getMessage(), other);
        }

        assertEquals(before, DataDirectoryFiles.snapshot(data), "the refused directory is untouched");
        try (Archipelago engine = Archipelago.open(config(data, 4)))
        {
            assertEquals(digests, engine.digests(), "the right partition count still opens the same state");
        }
    }

    @Test
    void shouldRefuseNonEmptyForeignDirectoryAndLeaveItUntouched() throws Exception
    {
        final Path foreign = dir.resolve("photos");
        Files.createDirectories(foreign.resolve("2024"));
        Files.writeString(foreign.resolve("notes.txt"), "not an engine's data", StandardCharsets.UTF_8);
        Files.write(foreign.resolve("2024").resolve("beach.jpg"), new byte[] {1, 2, 3, 4, 5});
        final Map<String, String> before = DataDirectoryFiles.snapshot(foreign);
        Thread.sleep(20);

        final DataDirectoryException ex = assertThrows(DataDirectoryException.class,
            () -> Archipelago.open(config(foreign, 2)));

        assertTrue(ex.getMessage().contains(foreign.getFileName().toString()), ex.getMessage());
        assertEquals(before, DataDirectoryFiles.snapshot(foreign));
        assertFalse(Files.exists(foreign.resolve(MetaFile.FILE_NAME)));
        assertFalse(Files.exists(new DataDirectoryLayout(foreign).island(0)));
    }

    @Test
    void shouldRefuseDirectoryWhoseOnlyContentIsAPartitionDirectory() throws Exception
    {
        final Path data = dir.resolve("data");
        Files.createDirectories(new DataDirectoryLayout(data).journal(0));
        final Map<String, String> before = DataDirectoryFiles.snapshot(data);

        assertThrows(DataDirectoryException.class, () -> Archipelago.open(config(data, 1)));

        assertEquals(before, DataDirectoryFiles.snapshot(data));
    }

    @Test
    void shouldRefuseDataDirectoryPathThatIsAFile() throws Exception
    {
        final Path file = dir.resolve("data");
        Files.writeString(file, "x", StandardCharsets.UTF_8);

        assertThrows(DataDirectoryException.class, () -> Archipelago.open(config(file, 2)));

        assertEquals("x", Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void shouldRefuseDamagedMetaFileAndLeaveDirectoryUntouched() throws Exception
    {
        final Path data = dir.resolve("data");
        try (Archipelago engine = Archipelago.open(config(data, 2)))
        {
            assertEquals(ResultCode.CREATED, engine.createProduct(PRODUCT, 10).get(10, TimeUnit.SECONDS));
        }
        final Path meta = data.resolve(MetaFile.FILE_NAME);
        Files.writeString(meta, Files.readString(meta, StandardCharsets.UTF_8).replace("partitions=2", "partitions=3"),
            StandardCharsets.UTF_8);
        final Map<String, String> before = DataDirectoryFiles.snapshot(data);

        assertThrows(DataDirectoryException.class, () -> Archipelago.open(config(data, 2)));
        assertThrows(DataDirectoryException.class, () -> Archipelago.open(config(data, 3)));

        assertEquals(before, DataDirectoryFiles.snapshot(data));
    }

    @Test
    void shouldClaimExistingEmptyDirectory() throws Exception
    {
        final Path data = dir.resolve("empty");
        Files.createDirectories(data);

        try (Archipelago engine = Archipelago.open(config(data, 2)))
        {
            assertEquals(ResultCode.CREATED, engine.createProduct(PRODUCT, 10).get(10, TimeUnit.SECONDS));
        }

        assertTrue(Files.exists(data.resolve(MetaFile.FILE_NAME)));
        assertTrue(Files.isDirectory(new DataDirectoryLayout(data).island(1)));
        assertEquals("partition-001", new DataDirectoryLayout(data).island(1).getFileName().toString());
    }
}
