package io.archipelago.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.ProductView;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.TransferPolicy;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scarce stock with real threads: multi-unit orders for a product spread thin over many islands, placed from two
 * client threads at once. Every unit that fits an order is sold (fewer than one order's quantity is left), and every
 * order is decided by the stock long before its deadline.
 */
class ArchipelagoScarceStockTest
{
    private static final long PRODUCT = 7;
    private static final int DEADLINE_MILLIS = 120_000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} islands, {1} units, {2} orders of {3}")
    @CsvSource({"8, 10, 8, 2", "8, 100, 400, 3", "64, 256, 200, 2", "64, 256, 300, 3"})
    void shouldSellEveryUnitThatFitsAnOrder(final int islands, final long units, final int orders, final int quantity)
        throws Exception
    {
        final TransferPolicy policy = new TransferPolicy(TransferPolicy.DEFAULT.strategy(),
            TransferPolicy.DEFAULT.transferTimeoutMillis(), TransferPolicy.DEFAULT.retryInitialMillis(),
            TransferPolicy.DEFAULT.retryMaxMillis(), DEADLINE_MILLIS);
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(islands).islandThreads(2)
            .dataDirectory(dir.resolve("data")).ringSize(1024).transferPolicy(policy).build();
        try (Archipelago engine = Archipelago.open(config))
        {
            engine.createProduct(PRODUCT, units).get(30, TimeUnit.SECONDS);
            final long started = System.nanoTime();
            final List<CompletableFuture<ResultCode>> results = new ArrayList<>();
            final Thread[] clients = new Thread[2];
            final List<List<CompletableFuture<ResultCode>>> perClient = List.of(new ArrayList<>(), new ArrayList<>());
            for (int c = 0; c < clients.length; c++)
            {
                final int client = c;
                clients[c] = new Thread(() ->
                {
                    for (int i = client; i < orders; i += clients.length)
                    {
                        perClient.get(client).add(engine.placeOrder("user-" + i, i, new OrderLine(PRODUCT, quantity)));
                    }
                });
                clients[c].start();
            }
            for (final Thread client : clients)
            {
                client.join();
            }
            perClient.forEach(results::addAll);
            long confirmed = 0;
            for (final CompletableFuture<ResultCode> result : results)
            {
                final ResultCode code = result.get(DEADLINE_MILLIS * 2L, TimeUnit.MILLISECONDS);
                assertTrue(code == ResultCode.CONFIRMED || code == ResultCode.OUT_OF_STOCK, "unexpected " + code);
                confirmed += code == ResultCode.CONFIRMED ? 1 : 0;
            }
            final long decidedMillis = (System.nanoTime() - started) / 1_000_000;
            final ProductView view = engine.productView(PRODUCT).get(30, TimeUnit.SECONDS);
            final long left = units - view.sold();
            System.out.printf("scarce stock, %d islands: %d units, %d orders of %d: %d confirmed, %d units left, " +
                "last decided after %d ms, %d requests for %d grants%n", islands, units, orders, quantity, confirmed,
                left, decidedMillis, engine.statistics().requestsSent(), engine.statistics().grantsSent());
            assertEquals(confirmed * quantity, view.sold());
            assertTrue(left < quantity || confirmed == orders,
                left + " units left unsold while orders of " + quantity + " were rejected");
            assertTrue(decidedMillis < DEADLINE_MILLIS / 2, "decided by the stock, not deadlines: " + decidedMillis);
        }
    }
}
