package io.archipelago.engine.crash;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.ResultListener;

/**
 * The process the crash harness kills: opens (and so recovers) a data directory, prints how ({@value #RECOVERED}),
 * makes sure the products exist, prints {@value #READY}, then places orders from {@link CrashWorkload#CLIENT_THREADS} client threads, cancels some of the
 * confirmed ones and restocks now and then, appending every result it receives to the acknowledgement log, until it
 * is killed.
 * <p>
 * Arguments: data directory, acknowledgement log, run number (from 1, one per start), seed. The worker exits on its
 * own only when something is wrong (exit code {@value #FAILED}), when its standard input closes because the parent
 * went away ({@value #ORPHANED}), or after {@value #MAX_LIFETIME_SECONDS} s ({@value #TOO_OLD}).
 */
final class CrashWorkerMain
{
    static final String RECOVERED = "RECOVERED";
    static final String READY = "READY";
    static final int FAILED = 2;
    static final int ORPHANED = 3;
    static final int TOO_OLD = 4;
    static final int MAX_LIFETIME_SECONDS = 300;

    private CrashWorkerMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length != 4)
        {
            System.err.println("usage: CrashWorkerMain <data directory> <acknowledgement log> <run> <seed>");
            System.exit(FAILED);
        }
        final Path data = Path.of(args[0]);
        final Path ackFile = Path.of(args[1]);
        final int run = Integer.parseInt(args[2]);
        final long seed = Long.parseLong(args[3]);
        watchParent();
        try
        {
            work(data, ackFile, run, seed);
        }
        catch (final Throwable ex)
        {
            System.out.println("FAILED run " + run + ": " + ex);
            ex.printStackTrace(System.out);
            System.out.flush();
            Runtime.getRuntime().halt(FAILED);
        }
    }

    private static void work(final Path data, final Path ackFile, final int run, final long seed) throws Exception
    {
        final long openStart = System.nanoTime();
        final AckLog acks = AckLog.openForAppend(ackFile);
        final Archipelago engine = Archipelago.open(CrashWorkload.config(data));
        System.out.println(RECOVERED + " " + CrashWorkload.describe(engine.recovery()) + ", open took " +
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openStart) + " ms");

        for (long product = 1; product <= CrashWorkload.PRODUCTS; product++)
        {
            final ResultCode created = engine.createProduct(product, CrashWorkload.INITIAL_UNITS)
                .get(60, TimeUnit.SECONDS);
            acks.acknowledge(AckLine.create(product, CrashWorkload.INITIAL_UNITS, created));
            if (created != ResultCode.CREATED && created != ResultCode.ALREADY_EXISTS)
            {
                throw new IllegalStateException("creating product " + product + " gave " + created);
            }
        }

        final List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < CrashWorkload.CLIENT_THREADS; t++)
        {
            final Client client = new Client(engine, acks, run, t, new Random(seed * 31 + run * 7L + t));
            threads.add(new Thread(client::run, "crash-client-" + t));
        }
        final Random restockRandom = new Random(seed * 31 + run * 7L - 1);
        threads.add(new Thread(() -> restock(engine, acks, restockRandom), "crash-restock"));
        System.out.println(READY + " run " + run);
        System.out.flush();
        for (final Thread thread : threads)
        {
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((failed, ex) ->
            {
                System.out.println("FAILED run " + run + " in " + failed.getName() + ": " + ex);
                ex.printStackTrace(System.out);
                System.out.flush();
                Runtime.getRuntime().halt(FAILED);
            });
            thread.start();
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(MAX_LIFETIME_SECONDS));
        System.out.println("run " + run + " was not killed within " + MAX_LIFETIME_SECONDS + " s; " + acks.written() +
            " acknowledgements written");
        System.out.flush();
        Runtime.getRuntime().halt(TOO_OLD);
    }

    private static void restock(final Archipelago engine, final AckLog acks, final Random random)
    {
        try
        {
            while (true)
            {
                Thread.sleep(CrashWorkload.RESTOCK_INTERVAL_MILLIS);
                final long product = 1 + random.nextInt(CrashWorkload.PRODUCTS);
                final long units = CrashWorkload.RESTOCK_MIN_UNITS +
                    random.nextInt(CrashWorkload.RESTOCK_MAX_UNITS - CrashWorkload.RESTOCK_MIN_UNITS + 1);
                acks.intend(AckLine.restockIntent(product, units));
                final ResultCode result = engine.restock(product, units).get(60, TimeUnit.SECONDS);
                acks.acknowledge(AckLine.restock(product, units, result));
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
     * The harness's parent keeps this process's standard input open; when it closes, nobody will kill this process,
     * so it goes away on its own.
     */
    private static void watchParent()
    {
        final Thread watcher = new Thread(() ->
        {
            try
            {
                System.in.transferTo(OutputStream.nullOutputStream());
            }
            catch (final IOException ex)
            {
                System.out.println("standard input failed: " + ex);
            }
            Runtime.getRuntime().halt(ORPHANED);
        }, "crash-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * One client thread: paced orders with a bound on how many are undecided, and cancellations of some confirmed
     * orders (submitted from this thread, never from the island thread that reports the confirmation).
     */
    private static final class Client implements ResultListener
    {
        private final Archipelago engine;
        private final AckLog acks;
        private final int run;
        private final int thread;
        private final Random random;
        private final Semaphore outstanding = new Semaphore(CrashWorkload.MAX_OUTSTANDING_PER_THREAD);
        private final Map<Long, Placed> undecided = new ConcurrentHashMap<>();
        private final Map<Long, Placed> cancelling = new ConcurrentHashMap<>();
        private final Queue<Placed> toCancel = new ConcurrentLinkedQueue<>();
        private final ResultListener cancelListener = this::onCancelled;

        Client(final Archipelago engine, final AckLog acks, final int run, final int thread, final Random random)
        {
            this.engine = engine;
            this.acks = acks;
            this.run = run;
            this.thread = thread;
            this.random = random;
        }

        void run()
        {
            final long intervalNanos = TimeUnit.SECONDS.toNanos(1) / CrashWorkload.ORDERS_PER_SECOND_PER_THREAD;
            long due = System.nanoTime();
            for (long counter = 0; ; counter++)
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
                outstanding.acquireUninterruptibly();
                place(nextOrder(counter));
            }
        }

        private Placed nextOrder(final long counter)
        {
            final String login = random.nextInt(4) != 0 ? "heavy-" + random.nextInt(CrashWorkload.HEAVY_BUYERS) :
                "user-" + random.nextInt(CrashWorkload.LIGHT_BUYERS);
            final long orderId = CrashWorkload.orderId(run, thread, counter);
            if (random.nextInt(50) == 0)
            {
                return new Placed(login, orderId, new long[]{CrashWorkload.NEVER_CREATED_PRODUCT}, new int[]{1});
            }
            final long first = 1 + random.nextInt(CrashWorkload.PRODUCTS);
            if (random.nextInt(4) == 0)
            {
                final long second = 1 + (first + random.nextInt(CrashWorkload.PRODUCTS - 1)) % CrashWorkload.PRODUCTS;
                return new Placed(login, orderId, new long[]{first, second},
                    new int[]{1 + random.nextInt(3), 1 + random.nextInt(3)});
            }
            return new Placed(login, orderId, new long[]{first}, new int[]{1 + random.nextInt(3)});
        }

        private void place(final Placed order)
        {
            undecided.put(order.orderId, order);
            final ResultCode submitted = engine.submitPlaceOrder(order.login, order.orderId, order.productIds,
                order.quantities, order.productIds.length, CrashWorkload.ORDER_TIMEOUT_MILLIS, this, order.orderId);
            if (submitted != ResultCode.ACCEPTED)
            {
                undecided.remove(order.orderId);
                acks.acknowledge(order.ackLine(submitted));
                outstanding.release();
            }
        }

        private void cancelConfirmed()
        {
            Placed order;
            while (null != (order = toCancel.poll()))
            {
                cancelling.put(order.orderId, order);
                final ResultCode submitted = engine.submitCancelOrder(order.login, order.orderId, cancelListener,
                    order.orderId);
                if (submitted != ResultCode.ACCEPTED)
                {
                    cancelling.remove(order.orderId);
                    acks.acknowledge(AckLine.cancel(order.login, order.orderId, submitted));
                }
            }
        }

        @Override
        public void onResult(final long orderId, final ResultCode result)
        {
            final Placed order = undecided.remove(orderId);
            acks.acknowledge(order.ackLine(result));
            if (result == ResultCode.CONFIRMED && CrashWorkload.cancelledWhenConfirmed(orderId))
            {
                toCancel.add(order);
            }
            outstanding.release();
        }

        private void onCancelled(final long orderId, final ResultCode result)
        {
            final Placed order = cancelling.remove(orderId);
            acks.acknowledge(AckLine.cancel(order.login, order.orderId, result));
        }
    }

    private record Placed(String login, long orderId, long[] productIds, int[] quantities)
    {
        String ackLine(final ResultCode result)
        {
            return AckLine.order(login, orderId, result, productIds, quantities, productIds.length);
        }
    }
}
