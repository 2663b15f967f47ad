package io.archipelago.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.Durability;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import io.archipelago.engine.recovery.DataDirectoryLocked;
import io.archipelago.engine.recovery.DirectoryLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SingleWriterTest
{
    private static final long PRODUCT = 7;
    private static final long UNITS = 80;
    private static final int ORDERS = 120;
    private static final long THIS_PID = ProcessHandle.current().pid();

    @TempDir
    Path dir;

    private static ArchipelagoConfig config(final Path data)
    {
        return ArchipelagoConfig.builder().partitions(1).dataDirectory(data).build();
    }

    @Test
    void shouldRefuseSecondOpenInThisProcessWhileTheFirstKeepsSelling() throws Exception
    {
        final Path data = dir.resolve("data");
        final List<String> digests;
        try (Archipelago first = Archipelago.open(config(data)))
        {
            assertEquals(ResultCode.CREATED, first.createProduct(PRODUCT, UNITS).get(10, TimeUnit.SECONDS));
            final Map<String, String> before = notWrittenByTheLiveEngine(DataDirectoryFiles.snapshot(data));

            for (final Path spelling : List.of(data, data.resolve("partition-000").resolve(".."),
                Files.createSymbolicLink(dir.resolve("link"), data)))
            {
                final DataDirectoryLocked refused = assertThrows(DataDirectoryLocked.class,
                    () -> Archipelago.open(config(spelling)));
                assertTrue(refused.getMessage().startsWith("data directory " + data.toRealPath() +
                    " is in use by pid " + THIS_PID + " on host "), refused.getMessage());
                assertTrue(refused.getMessage().contains(" since "), refused.getMessage());
            }
            assertEquals(before, notWrittenByTheLiveEngine(DataDirectoryFiles.snapshot(data)),
                "a refused open writes nothing");

            int confirmed = 0;
            int outOfStock = 0;
            for (int i = 0; i < ORDERS; i++)
            {
                final ResultCode result = first.placeOrder("login-" + i, i, new OrderLine(PRODUCT, 1))
                    .get(10, TimeUnit.SECONDS);
                confirmed += result == ResultCode.CONFIRMED ? 1 : 0;
                outOfStock += result == ResultCode.OUT_OF_STOCK ? 1 : 0;
            }
            assertEquals(UNITS, confirmed, "one writer sells the stock once");
            assertEquals(ORDERS - UNITS, outOfStock);
            first.close();
            digests = first.closeDigests();
        }

        try (Archipelago next = Archipelago.open(config(data)))
        {
            assertEquals(digests, next.digests(), "the next writer opens what the first one left");
            assertEquals(ResultCode.OUT_OF_STOCK, next.placeOrder("late", ORDERS, new OrderLine(PRODUCT, 1))
                .get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldLetExactlyOneOfConcurrentOpensWin() throws Exception
    {
        for (int round = 0; round < 3; round++)
        {
            final Path data = dir.resolve("data-" + round);
            final CountDownLatch start = new CountDownLatch(1);
            final List<CompletableFuture<Archipelago>> opens = new ArrayList<>();
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++)
            {
                final CompletableFuture<Archipelago> open = new CompletableFuture<>();
                opens.add(open);
                final Thread thread = new Thread(() ->
                {
                    try
                    {
                        start.await();
                        open.complete(Archipelago.open(config(data)));
                    }
                    catch (final Throwable ex)
                    {
                        open.completeExceptionally(ex);
                    }
                }, "opener-" + t);
                threads.add(thread);
                thread.start();
            }
            start.countDown();
            final List<Archipelago> winners = new ArrayList<>();
            for (final CompletableFuture<Archipelago> open : opens)
            {
                try
                {
                    winners.add(open.get(60, TimeUnit.SECONDS));
                }
                catch (final ExecutionException ex)
                {
                    assertInstanceOf(DataDirectoryLocked.class, ex.getCause());
                }
            }
            for (final Thread thread : threads)
            {
                thread.join();
            }
            assertEquals(1, winners.size(), "exactly one of four concurrent opens wins");
            try (Archipelago winner = winners.get(0))
            {
                assertEquals(ResultCode.CREATED, winner.createProduct(PRODUCT, UNITS).get(10, TimeUnit.SECONDS));
            }
            assertNull(DirectoryLock.holder(data));
        }
    }

    @Test
    void shouldNotLockWithoutDurability() throws Exception
    {
        final Path data = dir.resolve("data");
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(1).dataDirectory(data)
            .durability(Durability.NONE).build();
        try (Archipelago first = Archipelago.open(config);
             Archipelago second = Archipelago.open(config))
        {
            assertEquals(ResultCode.CREATED, first.createProduct(PRODUCT, UNITS).get(10, TimeUnit.SECONDS));
            assertEquals(ResultCode.CREATED, second.createProduct(PRODUCT, UNITS).get(10, TimeUnit.SECONDS));
            assertNull(DirectoryLock.holder(data));
        }
    }

    /**
     * The running first engine keeps writing its journal files and the manifest on its own (it forces its journal
     * and advances the manifest once a second), so those are left out when checking that a refused second open wrote
     * nothing; every other file and the listing of every directory are compared.
     */
    private static Map<String, String> notWrittenByTheLiveEngine(final Map<String, String> files)
    {
        final Map<String, String> kept = new java.util.TreeMap<>();
        for (final Map.Entry<String, String> file : files.entrySet())
        {
            final boolean liveFile = file.getKey().equals(DataDirectoryLayout.MANIFEST) ||
                ((file.getKey().contains("/" + DataDirectoryLayout.JOURNAL + "/") ||
                    file.getKey().contains("/" + DataDirectoryLayout.EVENTS + "/")) && !file.getKey().endsWith("/"));
            kept.put(file.getKey(), liveFile ? "written by the live engine" : file.getValue());
        }
        return kept;
    }
}
