package io.archipelago.engine.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.ResultCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The free-space floor with a simulated device: while the usable space reads below the floor every client command
 * (create, restock, place, cancel) is answered STORAGE_FULL and nothing is journaled, queries go on and health() says
 * so; once it reads above the floor again commands are taken.
 */
class StorageFloorTest
{
    private static final long FLOOR = 1024 * 1024;
    private static final long PRODUCT = 7;

    @TempDir
    Path dir;

    private final AtomicLong usable = new AtomicLong(Long.MAX_VALUE);

    @AfterEach
    void restoreProbe()
    {
        StorageFloor.usableSpaceProbe = null;
    }

    private Archipelago open(final long floor)
    {
        StorageFloor.usableSpaceProbe = directory -> usable.get();
        return Archipelago.open(ArchipelagoConfig.builder().partitions(2).dataDirectory(dir).minFreeDiskBytes(floor)
            .closeTimeout(Duration.ofSeconds(2)).build());
    }

    @Test
    void shouldAnswerStorageFullBelowTheFloorWithoutJournalingAndResumeAbove() throws Exception
    {
        try (Archipelago engine = open(FLOOR))
        {
            assertEquals(ResultCode.CREATED, engine.createProduct(PRODUCT, 100).get(10, TimeUnit.SECONDS));
            assertEquals(ResultCode.CONFIRMED, engine.placeOrder("alice", 1, new OrderLine(PRODUCT, 1))
                .get(10, TimeUnit.SECONDS));
            usable.set(FLOOR - 1);
            Thread.sleep(2 * TimeUnit.NANOSECONDS.toMillis(StorageFloor.CHECK_INTERVAL_NANOS));
            engine.productView(PRODUCT).get(10, TimeUnit.SECONDS);
            final long sequenceBefore = journaled(engine);
            assertEquals(ResultCode.STORAGE_FULL, engine.placeOrder("alice", 2, new OrderLine(PRODUCT, 1))
                .get(10, TimeUnit.SECONDS));
            assertEquals(ResultCode.STORAGE_FULL, engine.cancelOrder("alice", 1).get(10, TimeUnit.SECONDS));
            assertEquals(ResultCode.STORAGE_FULL, engine.restock(PRODUCT, 5).get(10, TimeUnit.SECONDS));
            assertEquals(ResultCode.STORAGE_FULL, engine.createProduct(PRODUCT + 1, 5).get(10, TimeUnit.SECONDS));
            assertEquals(ResultCode.STORAGE_FULL, engine.submitPlaceOrder("bob", 1, new long[] {PRODUCT},
                new int[] {1}, 1, 60_000, (correlationId, code) ->
                {
                }, 0), "the asynchronous path is refused at submit");
            assertTrue(engine.health().storageFull() && engine.health().ok(), () -> engine.health().toString());
            assertEquals(OrderState.UNKNOWN, engine.orderStatus("alice", 2).get(10, TimeUnit.SECONDS).state(),
                "queries go on; the refused order was not taken");
            assertEquals(100, engine.productView(PRODUCT).get(10, TimeUnit.SECONDS).created(),
                "the refused restock changed nothing on any island");
            assertEquals(sequenceBefore, journaled(engine), "nothing was journaled below the floor");

            usable.set(FLOOR);
            Thread.sleep(2 * TimeUnit.NANOSECONDS.toMillis(StorageFloor.CHECK_INTERVAL_NANOS));
            assertEquals(ResultCode.CONFIRMED, engine.placeOrder("alice", 2, new OrderLine(PRODUCT, 1))
                .get(10, TimeUnit.SECONDS), "commands are taken again at the floor");
            assertFalse(engine.health().storageFull());
        }
        try (Archipelago engine = open(FLOOR))
        {
            assertEquals(OrderState.CONFIRMED, engine.orderStatus("alice", 1).get(10, TimeUnit.SECONDS).state());
            assertEquals(OrderState.CONFIRMED, engine.orderStatus("alice", 2).get(10, TimeUnit.SECONDS).state());
        }
    }

    @Test
    void shouldTakeCommandsWhateverTheSpaceWhenTheFloorIsDisabled() throws Exception
    {
        usable.set(0);
        try (Archipelago engine = open(0))
        {
            assertEquals(ResultCode.CREATED, engine.createProduct(PRODUCT, 100).get(10, TimeUnit.SECONDS));
            assertEquals(ResultCode.CONFIRMED, engine.placeOrder("alice", 1, new OrderLine(PRODUCT, 1))
                .get(10, TimeUnit.SECONDS));
            assertFalse(engine.health().storageFull());
        }
    }

    @Test
    void shouldRefuseANegativeFloor()
    {
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> ArchipelagoConfig.builder().dataDirectory(dir).minFreeDiskBytes(-1).build());
        assertTrue(refused.getMessage().contains("minFreeDiskBytes"), refused.getMessage());
    }

    /**
     * @return the islands' journaled sequences as health reports them: an island publishes its sequence at the end of a
     *         batch, after the batch's replies left, so read it after a query (which runs in a later batch).
     */
    private static long journaled(final Archipelago engine)
    {
        long sum = 0;
        for (final var island : engine.health().islands())
        {
            sum += island.sequence();
        }
        return sum;
    }
}
