package io.archipelago.engine.events;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.ResultListener;

/**
 * The engine the consumer-group crash test runs beside its consumers: opens (and so recovers) a data directory of
 * {@value #ISLANDS} islands, makes sure the products exist, prints {@value #READY}, then places paced orders until
 * it is told to stop ({@link GroupCrashProcess#STOP}) or killed. Most orders come from a few heavy buyers living on
 * islands 0 and 1, so those islands run short and take units from the others; restocks trickle in and some
 * confirmed orders are cancelled, so every kind of event keeps being decided. Told to stop, it places no more
 * orders, waits for the outstanding ones, closes the engine, prints {@value #CLOSED} and exits 0.
 * <p>
 * Arguments: data directory, run number (from 1, one per start; order ids and logins of different runs differ),
 * seed.
 */
final class GroupCrashEngineMain
{
    static final String READY = "READY";
    static final String CLOSED = "CLOSED";
    static final int ISLANDS = 4;
    static final int PRODUCTS = 3;

    private static final long INITIAL_UNITS = 400;
    private static final int ORDERS_PER_SECOND = 300;
    private static final int MAX_OUTSTANDING = 32;
    private static final int ORDER_TIMEOUT_MILLIS = 250;
    private static final int HEAVY_BUYERS = 3;
    private static final int LIGHT_BUYERS = 40;
    private static final int RESTOCK_INTERVAL_MILLIS = 100;
    private static final int CANCEL_EVERY = 10;
    private static final long RUN_STRIDE = 1_000_000_000L;
    private static final int MAX_LIFETIME_SECONDS = 300;

    private GroupCrashEngineMain()
    {
    }

    /**
     * @param dataDirectory the data directory.
     * @return the configuration every engine run of the test opens it with.
     */
    static ArchipelagoConfig config(final Path dataDirectory)
    {
        return ArchipelagoConfig.builder()
            .partitions(ISLANDS)
            .islandThreads(2)
            .dataDirectory(dataDirectory)
            .ringSize(1024)
            .replayThreads(1)
            .snapshotEveryRecords(1_000)
            .closeTimeout(Duration.ofSeconds(30))
            .build();
    }

    public static void main(final String[] args)
    {
        if (args.length != 3)
        {
            System.err.println("usage: GroupCrashEngineMain <data directory> <run> <seed>");
            System.exit(GroupCrashProcess.FAILED);
        }
        final CountDownLatch stop = new CountDownLatch(1);
        GroupCrashProcess.watchParent(stop::countDown);
        final int run = Integer.parseInt(args[1]);
        try
        {
            run(Path.of(args[0]), run, Long.parseLong(args[2]), stop);
            System.exit(0);
        }
        catch (final Throwable ex)
        {
            System.out.println("FAILED engine run " + run + ": " + ex);
            ex.printStackTrace(System.out);
            System.out.flush();
            Runtime.getRuntime().halt(GroupCrashProcess.FAILED);
        }
    }

    private static void run(final Path data, final int run, final long seed, final CountDownLatch stop)
        throws Exception
    {
        final long openStart = System.nanoTime();
        final Archipelago engine = Archipelago.open(config(data));
        System.out.println("RECOVERED run " + run + " in " +
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openStart) + " ms: " + engine.recovery());
        for (long product = 1; product <= PRODUCTS; product++)
        {
            final ResultCode created = engine.createProduct(product, INITIAL_UNITS).get(60, TimeUnit.SECONDS);
            if (created != ResultCode.CREATED && created != ResultCode.ALREADY_EXISTS)
            {
                throw new IllegalStateException("creating product " + product + " gave " + created);
            }
        }
        final Client client = new Client(engine, run, new Random(seed));
        final Thread clientThread = new Thread(client::run, "group-crash-client");
        final Thread restockThread = new Thread(() -> restock(engine, new Random(seed + 1), client),
            "group-crash-restock");
        final List<Thread> threads = List.of(clientThread, restockThread);
        for (final Thread thread : threads)
        {
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((failed, ex) ->
            {
                System.out.println("FAILED engine run " + run + " in " + failed.getName() + ": " + ex);
                ex.printStackTrace(System.out);
                System.out.flush();
                Runtime.getRuntime().halt(GroupCrashProcess.FAILED);
            });
        }
        System.out.println(READY + " run " + run + ", heavy buyers " + client.heavy);
        System.out.flush();
        threads.forEach(Thread::start);
        if (!stop.await(MAX_LIFETIME_SECONDS, TimeUnit.SECONDS))
        {
            throw new IllegalStateException("not stopped within " + MAX_LIFETIME_SECONDS + " s");
        }
        client.stopping = true;
        clientThread.join(TimeUnit.SECONDS.toMillis(30));
        restockThread.join(TimeUnit.SECONDS.toMillis(30));
        if (!client.awaitOutstanding(TimeUnit.SECONDS.toMillis(30)))
        {
            throw new IllegalStateException("orders still undecided 30 s after the stop");
        }
        engine.close();
        System.out.println(CLOSED + " run " + run + ": " + client.summary());
        System.out.flush();
    }

    private static void restock(final Archipelago engine, final Random random, final Client client)
    {
        try
        {
            while (!client.stopping)
            {
                Thread.sleep(RESTOCK_INTERVAL_MILLIS);
                final ResultCode result = engine.restock(1 + random.nextInt(PRODUCTS), 40 + random.nextInt(60))
                    .get(60, TimeUnit.SECONDS);
                if (result != ResultCode.RESTOCKED)
                {
                    throw new IllegalStateException("restock gave " + result);
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("restock failed", ex);
        }
    }

    /**
     * Places paced orders with a bound on how many are undecided, and cancels some of the confirmed ones (submitted
     * from this thread, never from the island thread that reports the confirmation).
     */
    private static final class Client implements ResultListener
    {
        private final Archipelago engine;
        private final int run;
        private final Random random;
        private final List<String> heavy = new ArrayList<>();
        private final Semaphore outstanding = new Semaphore(MAX_OUTSTANDING);
        private final Map<Long, String> undecided = new ConcurrentHashMap<>();
        private final Queue<Placed> toCancel = new ConcurrentLinkedQueue<>();
        private final AtomicLongArray results = new AtomicLongArray(64);
        private final long[] productIds = new long[2];
        private final int[] quantities = new int[2];
        private final ResultListener cancelListener = this::onCancelled;
        private volatile boolean stopping;

        Client(final Archipelago engine, final int run, final Random random)
        {
            this.engine = engine;
            this.run = run;
            this.random = random;
            for (int k = 0; heavy.size() < HEAVY_BUYERS; k++)
            {
                final String login = "heavy-" + run + "-" + k;
                if (engine.partitionOf(login) < 2)
                {
                    heavy.add(login);
                }
            }
        }

        void run()
        {
            final long intervalNanos = TimeUnit.SECONDS.toNanos(1) / ORDERS_PER_SECOND;
            long due = System.nanoTime();
            for (long counter = 0; !stopping; counter++)
            {
                cancelConfirmed();
                due += intervalNanos;
                final long now = System.nanoTime();
                if (due - now > 0)
                {
                    LockSupport.parkNanos(due - now);
                }
                else if (now - due > TimeUnit.MILLISECONDS.toNanos(100))
                {
                    due = now;
                }
                if (acquire())
                {
                    place(run * RUN_STRIDE + counter);
                }
                else
                {
                    counter--;
                }
            }
            cancelConfirmed();
        }

        private boolean acquire()
        {
            try
            {
                return outstanding.tryAcquire(1, 100, TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                stopping = true;
                return false;
            }
        }

        private void place(final long orderId)
        {
            final String login = random.nextInt(4) != 0 ? heavy.get(random.nextInt(HEAVY_BUYERS)) :
                "user-" + run + "-" + random.nextInt(LIGHT_BUYERS);
            final int lines = random.nextInt(5) == 0 ? 2 : 1;
            productIds[0] = 1 + random.nextInt(PRODUCTS);
            productIds[1] = 1 + productIds[0] % PRODUCTS;
            quantities[0] = 1 + random.nextInt(3);
            quantities[1] = 1 + random.nextInt(3);
            undecided.put(orderId, login);
            final ResultCode submitted = engine.submitPlaceOrder(login, orderId, productIds, quantities, lines,
                ORDER_TIMEOUT_MILLIS, this, orderId);
            if (submitted != ResultCode.ACCEPTED)
            {
                undecided.remove(orderId);
                count(submitted);
                outstanding.release();
            }
        }

        private void cancelConfirmed()
        {
            Placed order;
            while (null != (order = toCancel.poll()))
            {
                outstanding.acquireUninterruptibly();
                final ResultCode submitted = engine.submitCancelOrder(order.login(), order.orderId(),
                    cancelListener, order.orderId());
                if (submitted != ResultCode.ACCEPTED)
                {
                    count(submitted);
                    outstanding.release();
                }
            }
        }

        @Override
        public void onResult(final long orderId, final ResultCode result)
        {
            final String login = undecided.remove(orderId);
            count(result);
            if (result == ResultCode.CONFIRMED && orderId % CANCEL_EVERY == 3)
            {
                toCancel.add(new Placed(login, orderId));
            }
            outstanding.release();
        }

        private void onCancelled(final long orderId, final ResultCode result)
        {
            count(result);
            outstanding.release();
        }

        private void count(final ResultCode result)
        {
            results.incrementAndGet(result.ordinal());
        }

        boolean awaitOutstanding(final long timeoutMillis) throws InterruptedException
        {
            if (outstanding.tryAcquire(MAX_OUTSTANDING, timeoutMillis, TimeUnit.MILLISECONDS))
            {
                outstanding.release(MAX_OUTSTANDING);
                return true;
            }
            return false;
        }

        String summary()
        {
            final StringBuilder text = new StringBuilder();
            for (final ResultCode code : ResultCode.values())
            {
                if (results.get(code.ordinal()) > 0)
                {
                    text.append(text.length() == 0 ? "" : ", ").append(code).append('=')
                        .append(results.get(code.ordinal()));
                }
            }
            return text.toString();
        }
    }

    private record Placed(String login, long orderId)
    {
    }
}
