package io.archipelago.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.ResultCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReopenedCloseTest
{
    private static final long PRODUCT = 1;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(4);

    @TempDir
    Path dir;

    @Test
    void shouldCloseReopenedEngineWithoutWaitingOutCloseTimeoutAfterEarlierTransfers() throws Exception
    {
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(2).dataDirectory(dir)
            .closeTimeout(CLOSE_TIMEOUT).build();
        try (Archipelago engine = Archipelago.open(config))
        {
            assertEquals(ResultCode.CREATED, engine.createProduct(PRODUCT, 10).get(10, TimeUnit.SECONDS));
            for (int i = 0; i < 8; i++)
            {
                assertEquals(ResultCode.CONFIRMED, engine.placeOrder("alice", i, new OrderLine(PRODUCT, 1))
                    .get(10, TimeUnit.SECONDS), "order " + i + ", partly covered by units from the other island");
            }
            assertTrue(engine.statistics().grantsReceived() > 0, "units moved between the islands");
            final long firstClose = System.nanoTime();
            engine.close();
            assertTrue(System.nanoTime() - firstClose < CLOSE_TIMEOUT.toNanos() / 2, "the first close is quick");
        }

        final Archipelago reopened = Archipelago.open(config);
        assertEquals(8, reopened.productView(PRODUCT).get(10, TimeUnit.SECONDS).sold());
        final long start = System.nanoTime();
        reopened.close();
        final long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertTrue(closeMillis < CLOSE_TIMEOUT.toMillis() / 2, "closing the reopened, idle engine took " +
            closeMillis + " ms of its " + CLOSE_TIMEOUT.toMillis() + " ms close timeout");
    }
}
