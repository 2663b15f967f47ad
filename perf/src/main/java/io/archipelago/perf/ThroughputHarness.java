package io.archipelago.perf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.logic.LogicStatistics;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.Durability;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.ResultListener;
import io.archipelago.engine.model.WaitStrategyKind;
import io.archipelago.router.PartitionRouter;

/**
 * Order throughput of the embedded engine under a generated workload, printed as one JSON line.
 * <p>
 * A share of the orders ({@code hotShare}) goes to "hot" products, each bought only by users of one island and
 * stocked with twice that island's demand, split evenly: the island's own allocation covers a quarter of its demand
 * (with 8 islands) and the rest must come from the other islands. The rest go to
 * "local" products with plenty of stock everywhere. The share of orders that actually needed a transfer is measured
 * and reported next to the throughput.
 * <pre>
 *   java -cp perf.jar io.archipelago.perf.ThroughputHarness partitions=8 orders=1000000 threads=2 hotShare=0.1
 *       durability=JOURNALED wait=BLOCKING data=/tmp/archipelago-perf
 * </pre>
 */
public final class ThroughputHarness
{
    private ThroughputHarness()
    {
    }

    /**
     * @param args {@code key=value} settings (see the class comment).
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception
    {
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
        final Settings settings = Settings.parse(args);
        System.out.println(run(settings));
    }

    static String run(final Settings s) throws Exception
    {
        final Path data = s.durability == Durability.NONE ? null : Files.createTempDirectory(s.data, "run");
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(s.partitions).dataDirectory(data)
            .durability(s.durability).waitStrategy(s.wait).ringSize(s.ringSize).build();
        final PartitionRouter router = new PartitionRouter(s.partitions);
        final List<List<String>> usersByIsland = new ArrayList<>();
        for (int i = 0; i < s.partitions; i++)
        {
            usersByIsland.add(new ArrayList<>());
        }
        for (int u = 0; u < s.users; u++)
        {
            final String login = "user-" + u;
            usersByIsland.get(router.partitionOf(login)).add(login);
        }
        final int hotProducts = s.partitions;
        final long localProducts = 64;
        final String[] logins = new String[s.orders];
        final long[] products = new long[s.orders];
        final Random random = new Random(s.seed);
        for (int i = 0; i < s.orders; i++)
        {
            if (random.nextDouble() < s.hotShare)
            {
                final int island = random.nextInt(s.partitions);
                final List<String> users = usersByIsland.get(island);
                logins[i] = users.get(random.nextInt(users.size()));
                products[i] = 1_000 + island;
            }
            else
            {
                logins[i] = "user-" + random.nextInt(s.users);
                products[i] = 1 + random.nextInt((int)localProducts);
            }
        }

        try (Archipelago engine = Archipelago.open(config))
        {
            for (long p = 1; p <= localProducts; p++)
            {
                engine.createProduct(p, (long)s.orders * 4 * s.partitions).join();
            }
            final long hotDemandPerIsland = Math.max(1, (long)(s.hotShare * s.orders / s.partitions));
            for (int h = 0; h < hotProducts; h++)
            {
                engine.createProduct(1_000 + h, 2 * hotDemandPerIsland).join();
            }
            final AtomicLong confirmed = new AtomicLong();
            final AtomicLong rejected = new AtomicLong();
            final AtomicLong overloaded = new AtomicLong();
            final long start = System.nanoTime();
            final List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < s.threads; t++)
            {
                final int thread = t;
                clients.add(new Thread(() ->
                {
                    final Semaphore window = new Semaphore(s.window);
                    final ResultListener listener = (correlation, result) ->
                    {
                        if (result == ResultCode.CONFIRMED)
                        {
                            confirmed.incrementAndGet();
                        }
                        else
                        {
                            rejected.incrementAndGet();
                        }
                        window.release();
                    };
                    final long[] productIds = new long[1];
                    final int[] quantities = {1};
                    for (int i = thread; i < s.orders; i += s.threads)
                    {
                        window.acquireUninterruptibly();
                        productIds[0] = products[i];
                        ResultCode result;
                        while ((result = engine.submitPlaceOrder(logins[i], i, productIds, quantities, 1, listener,
                            i)) == ResultCode.OVERLOADED)
                        {
                            overloaded.incrementAndGet();
                            LockSupport.parkNanos(100_000);
                        }
                        if (result != ResultCode.ACCEPTED)
                        {
                            throw new IllegalStateException("submit refused: " + result);
                        }
                    }
                    window.acquireUninterruptibly(s.window);
                }, "client-" + t));
            }
            clients.forEach(Thread::start);
            for (final Thread client : clients)
            {
                client.join();
            }
            final long elapsed = System.nanoTime() - start;
            final LogicStatistics stats = engine.statistics();
            final double seconds = elapsed / 1e9;
            return String.format(java.util.Locale.ROOT,
                "{\"partitions\":%d,\"durability\":\"%s\",\"wait\":\"%s\",\"threads\":%d,\"orders\":%d," +
                "\"hot_share\":%.2f,\"confirmed\":%d,\"rejected\":%d,\"needed_transfer_share\":%.4f," +
                "\"transfers_granted\":%d,\"requests\":%d,\"seconds\":%.3f,\"orders_per_s\":%.0f," +
                "\"overloaded_retries\":%d}",
                s.partitions, s.durability, s.wait, s.threads, s.orders, s.hotShare, confirmed.get(), rejected.get(),
                (double)stats.ordersNeededTransfer() / s.orders, stats.grantsReceived(), stats.requestsSent(),
                seconds, s.orders / seconds, overloaded.get());
        }
        finally
        {
            if (null != data)
            {
                deleteRecursively(data);
            }
        }
    }

    private static void deleteRecursively(final Path path) throws java.io.IOException
    {
        try (var walk = Files.walk(path))
        {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static final class Settings
    {
        int partitions = 8;
        int orders = 500_000;
        int users = 100_000;
        int threads = 2;
        int window = 4_096;
        int ringSize = 16_384;
        double hotShare;
        long seed = 42;
        Durability durability = Durability.JOURNALED;
        WaitStrategyKind wait = WaitStrategyKind.BLOCKING;
        Path data = Path.of(System.getProperty("java.io.tmpdir"));

        static Settings parse(final String[] args)
        {
            final Settings s = new Settings();
            for (final String arg : args)
            {
                final int eq = arg.indexOf('=');
                if (eq < 0)
                {
                    throw new IllegalArgumentException("expected key=value, got " + arg);
                }
                final String key = arg.substring(0, eq);
                final String value = arg.substring(eq + 1);
                switch (key)
                {
                    case "partitions" -> s.partitions = Integer.parseInt(value);
                    case "orders" -> s.orders = Integer.parseInt(value);
                    case "users" -> s.users = Integer.parseInt(value);
                    case "threads" -> s.threads = Integer.parseInt(value);
                    case "window" -> s.window = Integer.parseInt(value);
                    case "ringSize" -> s.ringSize = Integer.parseInt(value);
                    case "hotShare" -> s.hotShare = Double.parseDouble(value);
                    case "seed" -> s.seed = Long.parseLong(value);
                    case "durability" -> s.durability = Durability.valueOf(value);
                    case "wait" -> s.wait = WaitStrategyKind.valueOf(value);
                    case "data" -> s.data = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown setting " + key);
                }
            }
            return s;
        }
    }
}
