package io.archipelago.engine.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.ProductView;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.TransferPolicy;
import io.archipelago.engine.recovery.OfflineReplay;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An engine on a real, small tmpfs fills it with orders from two client threads. With a free-space floor the islands
 * answer STORAGE_FULL before the device is full and take orders again once space is freed; without one the device
 * fills and the islands fail. Either way every order a client was told is confirmed survives: after space is freed
 * the directory reopens, every acknowledged order is confirmed, units are conserved, and replaying the journals gives
 * the engine's digests. Skipped where a tmpfs cannot be mounted ({@code JournalWriteFailureTest} and
 * {@code StorageFloorTest} simulate the same failures everywhere).
 */
@Tag("full-disk")
class FullDiskTest
{
    private static final int FILESYSTEM_MEGABYTES = 48;
    private static final long PLENTY = 100_000_000;
    private static final long SCARCE = 500;
    private static final long PLENTIFUL_PRODUCT = 1;
    private static final long SCARCE_PRODUCT = 2;
    private static final int THREADS = 2;
    private static final int REFUSALS_TO_STOP = 200;
    private static final long FILL_MILLIS = 30_000;

    @TempDir
    Path mount;

    @Test
    void shouldRefuseOrdersWithStorageFullBelowTheFloorAndLoseNoConfirmedOrder() throws Exception
    {
        final long floor = 8L * 1024 * 1024;
        try (SmallFilesystem filesystem = SmallFilesystem.mountOrSkip(mount, FILESYSTEM_MEGABYTES))
        {
            final Path data = filesystem.root().resolve("data");
            final Map<String, ResultCode> results = new ConcurrentHashMap<>();
            final List<String> firstDigests;
            try (Archipelago engine = Archipelago.open(config(data, floor)))
            {
                createProducts(engine);
                filesystem.fillLeaving(floor + 2L * 1024 * 1024);
                fill(engine, results, ResultCode.STORAGE_FULL,
                    EnumSet.of(ResultCode.CONFIRMED, ResultCode.OUT_OF_STOCK, ResultCode.DEADLINE_PASSED,
                        ResultCode.STORAGE_FULL));
                assertTrue(engine.health().storageFull(), () -> "health reports the floor: " + engine.health());
                assertTrue(engine.health().ok(), "no island failed");
                assertTrue(engine.productView(PLENTIFUL_PRODUCT).get(10, TimeUnit.SECONDS).known(),
                    "queries go on below the floor");

                filesystem.free();
                assertEquals(ResultCode.CONFIRMED, placeUntilTaken(engine, "after-free", 1),
                    "orders are taken again once space is back above the floor");
                results.put("after-free#1", ResultCode.CONFIRMED);
                assertFalse(engine.health().storageFull());
                engine.close();
                firstDigests = engine.closeDigests();
            }
            assertTrue(results.containsValue(ResultCode.CONFIRMED) && results.containsValue(ResultCode.STORAGE_FULL),
                "orders were confirmed before the floor and refused at it");
            final List<String> reopened = checkSurvivors(data, floor, results, true);
            assertEquals(firstDigests, reopened, "the reopened engine reaches the digests it closed with");
        }
    }

    @Test
    void shouldFailIslandsOnAFullDeviceWithoutAFloorAndLoseNoConfirmedOrder() throws Exception
    {
        try (SmallFilesystem filesystem = SmallFilesystem.mountOrSkip(mount, FILESYSTEM_MEGABYTES))
        {
            final Path data = filesystem.root().resolve("data");
            final Map<String, ResultCode> results = new ConcurrentHashMap<>();
            try (Archipelago engine = Archipelago.open(config(data, 0)))
            {
                createProducts(engine);
                filesystem.fillLeaving(1024 * 1024);
                fill(engine, results, ResultCode.ISLAND_FAILED,
                    EnumSet.of(ResultCode.CONFIRMED, ResultCode.OUT_OF_STOCK, ResultCode.DEADLINE_PASSED,
                        ResultCode.ISLAND_FAILED));
                assertFalse(engine.health().ok(), "an island failed on the full device");
                final String cause = engine.health().islands().stream()
                    .filter(island -> null != island.cause()).findFirst().orElseThrow().cause();
                assertTrue(cause.contains("no space left on the device") && cause.contains(data.toString()), cause);
            }
            filesystem.free();
            assertTrue(results.containsValue(ResultCode.CONFIRMED), "orders were confirmed before the device filled");
            checkSurvivors(data, 0, results, false);
        }
    }

    private static ArchipelagoConfig config(final Path data, final long floor)
    {
        return ArchipelagoConfig.builder().partitions(2).dataDirectory(data).minFreeDiskBytes(floor)
            .closeTimeout(Duration.ofSeconds(2)).build();
    }

    private static void createProducts(final Archipelago engine) throws Exception
    {
        assertEquals(ResultCode.CREATED, engine.createProduct(PLENTIFUL_PRODUCT, PLENTY).get(10, TimeUnit.SECONDS));
        assertEquals(ResultCode.CREATED, engine.createProduct(SCARCE_PRODUCT, SCARCE).get(10, TimeUnit.SECONDS));
    }

    /**
     * Two threads place orders (one in four for the scarce product, so some run out of stock) until each has been
     * refused {@code stopAt} on every island many times in a row.
     */
    private static void fill(final Archipelago engine, final Map<String, ResultCode> results, final ResultCode stopAt,
        final Set<ResultCode> allowed) throws InterruptedException
    {
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final List<Thread> threads = new ArrayList<>();
        final long deadline = System.currentTimeMillis() + FILL_MILLIS;
        for (int t = 0; t < THREADS; t++)
        {
            final String prefix = "client-" + t + "-";
            final Thread thread = new Thread(() ->
            {
                try
                {
                    int refusedInARow = 0;
                    for (long i = 1; refusedInARow < REFUSALS_TO_STOP && System.currentTimeMillis() < deadline; i++)
                    {
                        final String login = prefix + (i % 64);
                        final long product = 0 == i % 4 ? SCARCE_PRODUCT : PLENTIFUL_PRODUCT;
                        final ResultCode result = engine.placeOrder(login, i, new OrderLine(product, 1))
                            .get(20, TimeUnit.SECONDS);
                        assertTrue(allowed.contains(result), () -> "unexpected result " + result);
                        results.put(login + "#" + i, result);
                        refusedInARow = result == stopAt ? refusedInARow + 1 : 0;
                    }
                }
                catch (final Throwable ex)
                {
                    failure.compareAndSet(null, ex);
                }
            }, prefix + "thread");
            threads.add(thread);
            thread.start();
        }
        for (final Thread thread : threads)
        {
            thread.join();
        }
        if (null != failure.get())
        {
            throw new AssertionError("a client thread failed", failure.get());
        }
        assertTrue(System.currentTimeMillis() < deadline, "the device filled within " + FILL_MILLIS + " ms");
    }

    private static ResultCode placeUntilTaken(final Archipelago engine, final String login, final long orderId)
        throws Exception
    {
        final long deadline = System.currentTimeMillis() + 5_000;
        ResultCode result;
        do
        {
            Thread.sleep(20);
            result = engine.placeOrder(login, orderId, new OrderLine(PLENTIFUL_PRODUCT, 1)).get(10, TimeUnit.SECONDS);
        }
        while (result == ResultCode.STORAGE_FULL && System.currentTimeMillis() < deadline);
        return result;
    }

    /**
     * Reopens the directory and checks every acknowledged order, conservation and replay.
     *
     * @return the reopened engine's digests at close.
     */
    private static List<String> checkSurvivors(final Path data, final long floor, final Map<String, ResultCode> results,
        final boolean everyResultKnown) throws Exception
    {
        assertTrue(Files.isDirectory(data));
        final List<String> digests;
        try (Archipelago engine = Archipelago.open(config(data, floor)))
        {
            long confirmed = 0;
            for (final Map.Entry<String, ResultCode> entry : results.entrySet())
            {
                if (entry.getValue() == ResultCode.CONFIRMED)
                {
                    confirmed++;
                    final int split = entry.getKey().lastIndexOf('#');
                    final String login = entry.getKey().substring(0, split);
                    final long orderId = Long.parseLong(entry.getKey().substring(split + 1));
                    assertEquals(OrderState.CONFIRMED, engine.orderStatus(login, orderId).get(10, TimeUnit.SECONDS)
                        .state(), () -> "acknowledged order " + entry.getKey() + " survives");
                }
            }
            final ProductView plentiful = engine.productView(PLENTIFUL_PRODUCT).get(10, TimeUnit.SECONDS);
            final ProductView scarce = engine.productView(SCARCE_PRODUCT).get(10, TimeUnit.SECONDS);
            for (final ProductView view : List.of(plentiful, scarce))
            {
                assertEquals(view.created(), view.available() + view.reserved() + view.sold() + view.inFlight(),
                    () -> "units are conserved: " + view);
            }
            assertEquals(PLENTY, plentiful.created());
            assertEquals(SCARCE, scarce.created());
            final long sold = plentiful.sold() + scarce.sold();
            if (everyResultKnown)
            {
                assertEquals(confirmed, sold, "exactly the acknowledged orders sold units");
            }
            else
            {
                assertTrue(sold >= confirmed, "every acknowledged order sold its unit: " + sold + " < " + confirmed);
            }
            engine.close();
            digests = engine.closeDigests();
        }
        final List<String> replayed = new ArrayList<>();
        for (final OfflineReplay.IslandState island : OfflineReplay.replay(data, 2, false,
            TransferPolicy.DEFAULT.strategy(), null))
        {
            replayed.add(island.digest());
        }
        assertEquals(digests, replayed, "replaying the journals reaches the engine's digests");
        return digests;
    }
}
