package io.archipelago.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.Health;
import io.archipelago.engine.model.HintedTransferStrategy;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.TransferPolicy;
import io.archipelago.engine.model.TransferStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An island that fails for real (its transfer strategy throws while it searches for units): every caller waiting on it
 * is answered, it refuses later work with ISLAND_FAILED, the other island goes on, and health() says what happened.
 */
class ArchipelagoIslandFailureTest
{
    private static final long PRODUCT = 5;
    private static final long UNKNOWN_PRODUCT = 6;
    private static final int FAILING_NEED = 1_000;
    private static final String INJECTED = "injected strategy failure";

    @TempDir
    Path dir;

    /**
     * The default strategy, except that it throws when asked how much extra to request for a need this large.
     */
    private static final class ThrowingStrategy implements TransferStrategy
    {
        private final TransferStrategy delegate = new HintedTransferStrategy();

        @Override
        public String name()
        {
            return "throwing-" + delegate.name();
        }

        @Override
        public int choosePeer(final int self, final int islands, final int round, final long[] hints,
            final int[] asked)
        {
            return delegate.choosePeer(self, islands, round, hints, asked);
        }

        @Override
        public long extraUnits(final long need)
        {
            if (need >= FAILING_NEED)
            {
                throw new IllegalStateException(INJECTED);
            }
            return delegate.extraUnits(need);
        }

        @Override
        public long grantUnits(final long need, final long extra, final long available)
        {
            return delegate.grantUnits(need, extra, available);
        }
    }

    private ArchipelagoConfig config()
    {
        final TransferPolicy defaults = TransferPolicy.DEFAULT;
        return ArchipelagoConfig.builder().partitions(2).dataDirectory(dir).closeTimeout(Duration.ofMillis(500))
            .transferPolicy(new TransferPolicy(new ThrowingStrategy(), defaults.transferTimeoutMillis(),
                defaults.retryInitialMillis(), defaults.retryMaxMillis(), defaults.orderTimeoutMillis()))
            .build();
    }

    private static String loginOn(final Archipelago engine, final int partition)
    {
        for (int i = 0; ; i++)
        {
            final String login = "user-" + i;
            if (engine.partitionOf(login) == partition)
            {
                return login;
            }
        }
    }

    @Test
    void shouldAnswerEveryCallerOfAFailedIslandAndKeepTheOtherIslandRunning() throws Exception
    {
        final Archipelago engine = Archipelago.open(config());
        try
        {
            final String failing = loginOn(engine, 0);
            final String healthy = loginOn(engine, 1);
            assertEquals(ResultCode.CREATED, engine.createProduct(PRODUCT, 100).get(10, TimeUnit.SECONDS));
            assertTrue(engine.health().ok());

            final CompletableFuture<ResultCode> pending = new CompletableFuture<>();
            assertEquals(ResultCode.ACCEPTED, engine.submitPlaceOrder(failing, 1, new long[] {UNKNOWN_PRODUCT},
                new int[] {1}, 1, 60_000, (correlationId, code) -> pending.complete(code), 0));

            final List<CompletableFuture<ResultCode>> inFlight = new ArrayList<>();
            inFlight.add(engine.placeOrder(failing, 2, new OrderLine(PRODUCT, 2 * FAILING_NEED)));
            for (int i = 0; i < 200; i++)
            {
                inFlight.add(engine.placeOrder(failing, 10 + i, new OrderLine(PRODUCT, 1)));
            }

            assertEquals(ResultCode.ISLAND_FAILED, pending.get(10, TimeUnit.SECONDS),
                "an order waiting for its product is answered when its island fails");
            for (final CompletableFuture<ResultCode> future : inFlight.subList(0, 1))
            {
                assertEquals(ResultCode.ISLAND_FAILED, future.get(10, TimeUnit.SECONDS),
                    "the command whose input failed is answered");
            }
            for (final CompletableFuture<ResultCode> future : inFlight.subList(1, inFlight.size()))
            {
                final ResultCode result = future.get(10, TimeUnit.SECONDS);
                assertTrue(result == ResultCode.CONFIRMED || result == ResultCode.ISLAND_FAILED,
                    () -> "a command queued behind the failure is confirmed (applied before it) or told the island " +
                        "failed, not " + result);
            }

            assertEquals(ResultCode.ISLAND_FAILED, engine.placeOrder(failing, 1_000, new OrderLine(PRODUCT, 1))
                .get(1, TimeUnit.SECONDS), "later commands to the failed island are refused at once");
            assertEquals(ResultCode.ISLAND_FAILED, engine.submitCancelOrder(failing, 1, (correlationId, code) ->
            {
            }, 0));
            assertEquals(ResultCode.ISLAND_FAILED, engine.restock(PRODUCT, 1).get(1, TimeUnit.SECONDS),
                "a command for every island is refused when one of them failed");

            final ExecutionException query = assertThrows(ExecutionException.class,
                () -> engine.orderStatus(failing, 1).get(10, TimeUnit.SECONDS));
            assertTrue(query.getCause().getMessage().contains("island 0") &&
                query.getCause().getMessage().contains(INJECTED), () -> query.getCause().getMessage());

            assertEquals(ResultCode.CONFIRMED, engine.placeOrder(healthy, 1, new OrderLine(PRODUCT, 1))
                .get(10, TimeUnit.SECONDS), "the other island goes on");

            final Health health = engine.health();
            assertFalse(health.ok());
            assertEquals(Health.Lifecycle.FAILED, health.islands().get(0).state());
            assertEquals(0, health.islands().get(0).index());
            assertTrue(health.islands().get(0).cause().contains(INJECTED), health.islands().get(0).cause());
            assertTrue(health.islands().get(0).sequence() > 0, "the failed island's journaled sequence is reported");
            assertEquals(Health.Lifecycle.RUNNING, health.islands().get(1).state());
            assertNull(health.islands().get(1).cause());
        }
        finally
        {
            assertTimeoutPreemptively(Duration.ofSeconds(30), engine::close, "close returns after a failure");
        }
        assertNull(engine.closeDigests().get(0), "no digest from the failed island");
        assertEquals(Health.Lifecycle.CLOSED, engine.health().islands().get(1).state());
        assertEquals(Health.Lifecycle.FAILED, engine.health().islands().get(0).state());
    }
}
