package io.archipelago.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.Durability;
import io.archipelago.engine.model.IslandRecovery;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.ProductView;
import io.archipelago.engine.model.ResultCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchipelagoDurabilityTest
{
    private static final long PRODUCT = 7;

    @TempDir
    Path dir;

    @Test
    void shouldRunInMemoryWithoutDataDirectoryWhenDurabilityIsNone() throws Exception
    {
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(3).durability(Durability.NONE)
            .build();
        try (Archipelago engine = Archipelago.open(config))
        {
            assertEquals(null, engine.config().dataDirectory());
            assertEquals(3, engine.partitions());
            assertEquals(ResultCode.CREATED, engine.createProduct(PRODUCT, 300).get(10, TimeUnit.SECONDS));
            for (int i = 0; i < 100; i++)
            {
                assertEquals(ResultCode.CONFIRMED, engine.placeOrder("mem-" + i, i, new OrderLine(PRODUCT, 1))
                    .get(10, TimeUnit.SECONDS));
            }
            assertEquals(ResultCode.CANCELLED, engine.cancelOrder("mem-0", 0).get(10, TimeUnit.SECONDS));
            final ProductView view = engine.productView(PRODUCT).get(10, TimeUnit.SECONDS);
            assertEquals(99, view.sold());
            assertEquals(201, view.available());
            assertEquals(3, engine.digests().size());
            for (final IslandRecovery recovery : engine.recovery())
            {
                assertEquals(0, recovery.records());
                assertFalse(recovery.verified());
            }
            engine.close();
            assertNotNull(engine.closeDigests());
        }
        try (Archipelago fresh = Archipelago.open(config))
        {
            assertFalse(fresh.productView(PRODUCT).get(10, TimeUnit.SECONDS).known(), "nothing survives in memory");
        }
    }

    @Test
    void shouldWriteNothingIntoDataDirectoryWhenDurabilityIsNone() throws Exception
    {
        final Path data = dir.resolve("data");
        Files.createDirectories(data);
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(2).durability(Durability.NONE)
            .dataDirectory(data).build();
        try (Archipelago engine = Archipelago.open(config))
        {
            assertEquals(ResultCode.CREATED, engine.createProduct(PRODUCT, 10).get(10, TimeUnit.SECONDS));
            assertEquals(ResultCode.CONFIRMED, engine.placeOrder("a", 1, new OrderLine(PRODUCT, 1))
                .get(10, TimeUnit.SECONDS));
        }
        try (var entries = Files.list(data))
        {
            assertEquals(0, entries.count());
        }
    }

    @Test
    void shouldRequireDataDirectoryForJournaledDurability()
    {
        for (final Durability durability : List.of(Durability.JOURNALED, Durability.JOURNALED_SYNC))
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> ArchipelagoConfig.builder().durability(durability).build());
            assertTrue(ex.getMessage().contains("data directory"), ex.getMessage());
        }
    }

    @Test
    void shouldRefuseOutOfRangeSettings()
    {
        assertThrows(IllegalArgumentException.class, () -> ArchipelagoConfig.builder().partitions(0)
            .durability(Durability.NONE).build());
        assertThrows(IllegalArgumentException.class, () -> ArchipelagoConfig.builder().partitions(65_537)
            .durability(Durability.NONE).build());
        assertThrows(IllegalArgumentException.class, () -> ArchipelagoConfig.builder().ringSize(32)
            .durability(Durability.NONE).build());
        assertThrows(IllegalArgumentException.class, () -> ArchipelagoConfig.builder().ringSize(100)
            .durability(Durability.NONE).build());
        assertThrows(IllegalArgumentException.class, () -> ArchipelagoConfig.builder()
            .submitTimeout(Duration.ofMillis(-1)).durability(Durability.NONE).build());
        assertThrows(IllegalArgumentException.class, () -> ArchipelagoConfig.builder().replayThreads(0)
            .durability(Durability.NONE).build());
        assertThrows(NullPointerException.class, () -> ArchipelagoConfig.builder().waitStrategy(null)
            .durability(Durability.NONE).build());
        final IllegalArgumentException moreThreadsThanIslands = assertThrows(IllegalArgumentException.class,
            () -> ArchipelagoConfig.builder().partitions(4).islandThreads(5).durability(Durability.NONE).build());
        assertTrue(moreThreadsThanIslands.getMessage().contains("islandThreads"), moreThreadsThanIslands::getMessage);
        assertThrows(IllegalArgumentException.class, () -> ArchipelagoConfig.builder().islandThreads(-1)
            .durability(Durability.NONE).build());
    }

    @Test
    void shouldRunOneIslandThreadPerProcessorAtMostOnePerIslandByDefault()
    {
        final int processors = Runtime.getRuntime().availableProcessors();
        assertEquals(Math.min(64, processors), ArchipelagoConfig.builder().partitions(64)
            .durability(Durability.NONE).build().islandThreads());
        assertEquals(1, ArchipelagoConfig.builder().partitions(1).durability(Durability.NONE).build()
            .islandThreads());
        assertEquals(3, ArchipelagoConfig.builder().partitions(64).islandThreads(3).durability(Durability.NONE)
            .build().islandThreads());
    }

    @Test
    void shouldKeepEveryConfirmedOrderWithSyncedJournal() throws Exception
    {
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(2).dataDirectory(dir)
            .durability(Durability.JOURNALED_SYNC).build();
        final List<String> digests;
        try (Archipelago engine = Archipelago.open(config))
        {
            assertEquals(ResultCode.CREATED, engine.createProduct(PRODUCT, 1_000).get(10, TimeUnit.SECONDS));
            for (int i = 0; i < 40; i++)
            {
                assertEquals(ResultCode.CONFIRMED, engine.placeOrder("sync-" + i, i, new OrderLine(PRODUCT, 2))
                    .get(10, TimeUnit.SECONDS));
            }
            engine.close();
            digests = engine.closeDigests();
        }
        try (Archipelago engine = Archipelago.open(config))
        {
            assertEquals(digests, engine.digests());
            assertEquals(80, engine.productView(PRODUCT).get(10, TimeUnit.SECONDS).sold());
            assertEquals(OrderState.CONFIRMED, engine.orderStatus("sync-39", 39).get(10, TimeUnit.SECONDS).state());
            for (final IslandRecovery recovery : engine.recovery())
            {
                assertTrue(recovery.verified(), "island " + recovery.partition());
                assertTrue(recovery.records() > 0);
            }
        }
    }

    @Test
    void shouldRebuildStateFromJournalsAfterCloseAndKeepTakingOrders() throws Exception
    {
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(3).dataDirectory(dir).build();
        try (Archipelago engine = Archipelago.open(config))
        {
            assertEquals(ResultCode.CREATED, engine.createProduct(PRODUCT, 3_000).get(10, TimeUnit.SECONDS));
            for (int i = 0; i < 30; i++)
            {
                assertEquals(ResultCode.CONFIRMED, engine.placeOrder("re-" + i, i, new OrderLine(PRODUCT, 1))
                    .get(10, TimeUnit.SECONDS));
            }
        }
        final List<String> second;
        try (Archipelago engine = Archipelago.open(config))
        {
            long replayed = 0;
            for (final IslandRecovery recovery : engine.recovery())
            {
                replayed += recovery.records();
                assertTrue(recovery.verified());
            }
            assertTrue(replayed >= 33, "3 creations and 30 orders replayed: " + replayed);
            assertEquals(ResultCode.DUPLICATE_ORDER, engine.placeOrder("re-5", 5, new OrderLine(PRODUCT, 1))
                .get(10, TimeUnit.SECONDS));
            assertEquals(ResultCode.CONFIRMED, engine.placeOrder("re-5", 100, new OrderLine(PRODUCT, 1))
                .get(10, TimeUnit.SECONDS));
            assertEquals(ResultCode.ALREADY_EXISTS, engine.createProduct(PRODUCT, 3_000).get(10, TimeUnit.SECONDS));
            engine.close();
            second = engine.closeDigests();
        }
        try (Archipelago engine = Archipelago.open(config))
        {
            assertEquals(second, engine.digests());
            assertEquals(31, engine.productView(PRODUCT).get(10, TimeUnit.SECONDS).sold());
        }
    }

    @Test
    void shouldJournalTimestampsThatNeverGoBackwardsWhenClockDoes() throws Exception
    {
        final long[] now = {5_000_000L};
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(1).dataDirectory(dir)
            .clock(() -> now[0]).build();
        try (Archipelago engine = Archipelago.open(config))
        {
            assertEquals(ResultCode.CREATED, engine.createProduct(PRODUCT, 100).get(10, TimeUnit.SECONDS));
            now[0] = 1_000L;
            assertEquals(ResultCode.CONFIRMED, engine.placeOrder("a", 1, new OrderLine(PRODUCT, 1))
                .get(10, TimeUnit.SECONDS));
            final long placedAt = engine.inspect(0, logic -> logic.order("a", 1).placedAt()).get(10, TimeUnit.SECONDS);
            assertEquals(5_000_000L, placedAt, "journaled time does not go back with the clock");
        }
    }
}
