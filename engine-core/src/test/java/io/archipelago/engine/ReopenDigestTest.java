package io.archipelago.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.IslandRecovery;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.ResultCode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReopenDigestTest
{
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8, 64})
    void shouldRebuildIdenticalDigestsWhenReopened(final int partitions)
    {
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(partitions).dataDirectory(dir)
            .ringSize(1024).build();
        final List<String> before;
        final Random random = new Random(partitions);
        try (Archipelago engine = Archipelago.open(config))
        {
            for (long p = 1; p <= 5; p++)
            {
                assertEquals(ResultCode.CREATED, engine.createProduct(p, 40L * partitions).join());
            }
            final List<CompletableFuture<ResultCode>> results = new ArrayList<>();
            for (int i = 0; i < 2_000; i++)
            {
                results.add(engine.placeOrder("user-" + random.nextInt(300), i,
                    new OrderLine(1 + random.nextInt(5), 1 + random.nextInt(3))));
            }
            int confirmed = 0;
            for (final CompletableFuture<ResultCode> result : results)
            {
                confirmed += result.join() == ResultCode.CONFIRMED ? 1 : 0;
            }
            assertTrue(confirmed > 0, "some orders confirmed");
            engine.close();
            before = engine.closeDigests();
        }
        try (Archipelago engine = Archipelago.open(config))
        {
            assertEquals(before, engine.digests());
            for (final IslandRecovery recovery : engine.recovery())
            {
                assertTrue(recovery.verified(), "island " + recovery.partition() + " verified");
            }
        }
    }
}
