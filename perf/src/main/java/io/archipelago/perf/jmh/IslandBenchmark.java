package io.archipelago.perf.jmh;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.Durability;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.ResultListener;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The embedded engine end to end with one island: the benchmark thread submits one-line orders through
 * {@link Archipelago#submitPlaceOrder(String, long, long[], int[], int, ResultListener, long)} (routing, ring slot
 * claim, copy), the island journals (or not) and applies them, and the listener counts results. At most
 * {@value #WINDOW} orders are in flight; each call submits {@value #BATCH} orders and returns when all their results
 * have arrived, so the score is confirmed orders per second.
 * <p>
 * The engine runs with its defaults (ring of 16,384, {@code BLOCKING} wait strategy) and is opened fresh, in a new
 * temporary directory, before every iteration, so the island's in-memory state and the journal start empty; four
 * products with 2^50 units make every order confirm, which is checked after every iteration.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IslandBenchmark extends ForkedWithChronicleFlags
{
    static final int BATCH = 8192;
    static final int WINDOW = 1024;
    private static final int PRODUCTS = 4;
    private static final int LOGINS = 1024;

    @Param({"NONE", "JOURNALED"})
    Durability durability;

    private final String[] logins = new String[LOGINS];
    private final long[] productIds = new long[1];
    private final int[] quantities = {1};
    private final Completions completions = new Completions();
    private Path directory;
    private Archipelago engine;
    private long nextOrderId;
    private long submitted;

    /**
     * Opens a fresh engine and creates the products.
     */
    @Setup(Level.Iteration)
    public void open()
    {
        for (int i = 0; i < LOGINS; i++)
        {
            logins[i] = "user-" + i;
        }
        directory = durability == Durability.NONE ? null : TempDirectory.create("archipelago-jmh-island");
        engine = Archipelago.open(ArchipelagoConfig.builder().partitions(1).dataDirectory(directory)
            .durability(durability).build());
        for (int p = 1; p <= PRODUCTS; p++)
        {
            final ResultCode created = engine.createProduct(p, 1L << 50).join();
            if (created != ResultCode.CREATED)
            {
                throw new IllegalStateException("product " + p + ": " + created);
            }
        }
        completions.reset();
        nextOrderId = 1;
        submitted = 0;
    }

    /**
     * Checks every order was confirmed, then closes the engine and deletes its directory.
     */
    @TearDown(Level.Iteration)
    public void close()
    {
        try
        {
            final long others = completions.notConfirmed.get();
            if (others != 0)
            {
                throw new IllegalStateException(others + " of " + submitted + " orders not confirmed");
            }
        }
        finally
        {
            engine.close();
            TempDirectory.delete(directory);
        }
    }

    /**
     * @return results received so far.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long placeOrders()
    {
        final AtomicLong completed = completions.completed;
        for (int i = 0; i < BATCH; i++)
        {
            while (submitted - completed.get() >= WINDOW)
            {
                Thread.yield();
            }
            final long orderId = nextOrderId++;
            productIds[0] = 1 + (orderId & (PRODUCTS - 1));
            final ResultCode result = engine.submitPlaceOrder(logins[(int)(orderId & (LOGINS - 1))], orderId,
                productIds, quantities, 1, completions, orderId);
            if (result != ResultCode.ACCEPTED)
            {
                throw new IllegalStateException("order " + orderId + " refused: " + result);
            }
            submitted++;
        }
        long done;
        while ((done = completed.get()) < submitted)
        {
            Thread.yield();
        }
        return done;
    }

    /**
     * Counts results on the island's thread.
     */
    static final class Completions implements ResultListener
    {
        final AtomicLong completed = new AtomicLong();
        final AtomicLong notConfirmed = new AtomicLong();

        void reset()
        {
            completed.set(0);
            notConfirmed.set(0);
        }

        @Override
        public void onResult(final long correlationId, final ResultCode result)
        {
            if (result != ResultCode.CONFIRMED)
            {
                notConfirmed.incrementAndGet();
            }
            completed.lazySet(completed.get() + 1);
        }
    }
}
