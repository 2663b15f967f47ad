package io.archipelago.engine.recovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.router.DataDirectoryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectoryLockTest
{
    private static final long THIS_PID = ProcessHandle.current().pid();

    @TempDir
    Path dir;

    private static ArchipelagoConfig config(final Path data, final int partitions)
    {
        return ArchipelagoConfig.builder().partitions(partitions).dataDirectory(data).build();
    }

    private static Map<String, String> listing(final Path root) throws IOException
    {
        final Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : (Iterable<Path>)paths::iterator)
            {
                try
                {
                    entries.put(root.relativize(path).toString(), Files.isDirectory(path) ? "dir" :
                        Files.size(path) + " bytes, modified " + Files.getLastModifiedTime(path).toMillis() + ", " +
                        Files.readString(path, StandardCharsets.ISO_8859_1).hashCode());
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            }
        }
        return entries;
    }

    /**
     * @return the listing once the live holder stopped writing (it rewrites its manifest shortly after its last input
     *         is durable, at most once a second): two listings more than a second apart are the same.
     */
    private static Map<String, String> settledListing(final Path data) throws IOException, InterruptedException
    {
        Map<String, String> previous = listing(data);
        while (true)
        {
            Thread.sleep(1_200);
            final Map<String, String> current = listing(data);
            if (current.equals(previous))
            {
                return current;
            }
            previous = current;
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void shouldRefuseOpenWhileAnotherProcessHoldsTheDirectoryAndTakeOverAfterItIsKilled() throws Exception
    {
        final Path data = dir.resolve("data");
        final LockHolderProcess child = LockHolderProcess.startHolding(data);
        final DirectoryLock.Holder live = DirectoryLock.holder(data);
        assertNotNull(live, child.output());
        assertEquals(child.pid(), live.pid());
        assertNotNull(live.since());
        assertFalse(live.host().isEmpty());

        final Map<String, String> before = settledListing(data);
        final DataDirectoryLocked refused = assertThrows(DataDirectoryLocked.class,
            () -> Archipelago.open(config(data, LockHolderMain.PARTITIONS)));
        assertTrue(refused.getMessage().contains("pid " + child.pid() + " on host " + live.host() + " since "),
            refused.getMessage());
        assertTrue(refused.getMessage().contains(data.getFileName().toString()), refused.getMessage());
        assertFalse(refused.getMessage().contains("\n"), refused.getMessage());
        assertEquals(child.pid(), refused.holder().pid());
        assertEquals(before, listing(data), "a refused open writes nothing");

        assertEquals(LockHolderProcess.KILLED_BY_SIGKILL, child.kill());
        assertNull(DirectoryLock.holder(data), "the OS let go of a killed process's lock");
        assertTrue(Files.readString(new DataDirectoryLayout(data).lockFile(), StandardCharsets.UTF_8)
            .contains("pid=" + child.pid() + "\n"), "the killed holder's record is left behind");

        try (Archipelago engine = Archipelago.open(config(data, LockHolderMain.PARTITIONS)))
        {
            assertEquals(ResultCode.ALREADY_EXISTS,
                engine.createProduct(LockHolderMain.PRODUCT, LockHolderMain.UNITS).get(10, TimeUnit.SECONDS),
                "the killed holder's journal was recovered");
            final DirectoryLock.Holder taken = DirectoryLock.holder(data);
            assertNotNull(taken);
            assertEquals(THIS_PID, taken.pid());
            assertTrue(Files.readString(new DataDirectoryLayout(data).lockFile(), StandardCharsets.UTF_8)
                .contains("pid=" + THIS_PID + "\n"), "the stale record was overwritten");
        }
        assertNull(DirectoryLock.holder(data));
    }

    @Test
    void shouldReportTheLiveHolderAndNoneWithoutCreatingAnything() throws Exception
    {
        final Path missing = dir.resolve("missing");
        assertNull(DirectoryLock.holder(missing));
        assertFalse(Files.exists(missing), "holder creates no directory");
        final Path empty = Files.createDirectories(dir.resolve("empty"));
        assertNull(DirectoryLock.holder(empty));
        try (Stream<Path> entries = Files.list(empty))
        {
            assertEquals(List.of(), entries.toList(), "holder creates no file");
        }

        final Path data = dir.resolve("data");
        final DirectoryLock.Holder held;
        try (Archipelago engine = Archipelago.open(config(data, 2)))
        {
            held = DirectoryLock.holder(data);
            assertNotNull(held);
            assertEquals(THIS_PID, held.pid());
            assertEquals(held, DirectoryLock.holder(data.resolve("partition-000").resolve("..")),
                "another spelling of the same directory names the same holder");
            final String content = Files.readString(new DataDirectoryLayout(data).lockFile(),
                StandardCharsets.UTF_8);
            assertTrue(content.contains("pid=" + THIS_PID + "\n"), content);
            assertTrue(content.contains("token=" + held.token() + "\n"), content);
            assertTrue(content.contains("since=" + held.since() + "\n"), content);
            assertEquals(2, engine.partitions());
        }
        assertNull(DirectoryLock.holder(data), "closing let go of the directory");
        assertEquals(0, Files.size(new DataDirectoryLayout(data).lockFile()), "closing cleared the record");

        try (Archipelago engine = Archipelago.open(config(data, 2)))
        {
            final DirectoryLock.Holder again = DirectoryLock.holder(data);
            assertNotNull(again);
            assertFalse(held.token().equals(again.token()), "every taking of the lock has its own token");
            assertEquals(2, engine.partitions());
        }
    }

    @Test
    void shouldLetGoOfTheDirectoryWhenTheMetaFileRefusesIt() throws Exception
    {
        final Path data = dir.resolve("data");
        try (Archipelago engine = Archipelago.open(config(data, 2)))
        {
            assertEquals(ResultCode.CREATED, engine.createProduct(1, 10).get(10, TimeUnit.SECONDS));
        }
        final Map<String, String> before = listing(data);
        Thread.sleep(20);

        assertThrows(DataDirectoryException.class, () -> Archipelago.open(config(data, 3)));

        assertEquals(before, listing(data), "the refused open recorded no holder");
        assertNull(DirectoryLock.holder(data));
        try (Archipelago engine = Archipelago.open(config(data, 2)))
        {
            assertEquals(ResultCode.ALREADY_EXISTS, engine.createProduct(1, 10).get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldWriteNoLockFileIntoAForeignDirectory() throws Exception
    {
        final Path foreign = Files.createDirectories(dir.resolve("photos"));
        Files.writeString(foreign.resolve("notes.txt"), "not an engine's data", StandardCharsets.UTF_8);

        assertThrows(DataDirectoryException.class, () -> Archipelago.open(config(foreign, 2)));

        assertFalse(Files.exists(new DataDirectoryLayout(foreign).lockFile()));
    }

    @Test
    void shouldClaimADirectoryHoldingOnlyALeftOverLockFile() throws Exception
    {
        final Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(new DataDirectoryLayout(data).lockFile(), "pid=999999\nhost=gone\n",
            StandardCharsets.UTF_8);

        try (Archipelago engine = Archipelago.open(config(data, 2)))
        {
            assertEquals(ResultCode.CREATED, engine.createProduct(1, 10).get(10, TimeUnit.SECONDS));
            assertEquals(THIS_PID, DirectoryLock.holder(data).pid());
        }
    }
}
