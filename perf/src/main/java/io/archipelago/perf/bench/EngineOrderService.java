package io.archipelago.perf.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.logic.LogicStatistics;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.Durability;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.ResultListener;
import io.archipelago.perf.jmh.TempDirectory;

/**
 * The engine under measurement: {@link Archipelago} with a given number of islands, engine defaults otherwise
 * (blocking wait strategy, ring of 16,384), orders placed through the allocation-free {@code submitPlaceOrder} path.
 * A full ring ({@link ResultCode#OVERLOADED}) is retried after 20 µs; the retries are counted.
 */
public final class EngineOrderService implements OrderService
{
    private final int islands;
    private final Durability durability;
    private final Path dataParent;
    private final boolean keepData;
    private final ThreadLocal<Submitter> submitters = ThreadLocal.withInitial(Submitter::new);
    private final java.util.concurrent.atomic.LongAdder overloaded = new java.util.concurrent.atomic.LongAdder();
    private Archipelago engine;
    private Path data;
    private Workload workload;
    private LogicStatistics statistics;
    private final int islandThreads;

    /**
     * @param islands    island count.
     * @param durability journaling mode.
     * @param dataParent where the temporary data directory is made (unused for {@link Durability#NONE}).
     * @param keepData   keep the data directory after {@link #close()} (for replay measurements).
     */
    public EngineOrderService(final int islands, final Durability durability, final Path dataParent,
        final boolean keepData)
    {
        this(islands, 0, durability, dataParent, keepData);
    }

    /**
     * @param islands       island count.
     * @param islandThreads threads running the islands, at most {@code islands}; 0 for the engine's default.
     * @param durability    journaling mode.
     * @param dataParent    where the temporary data directory is made (unused for {@link Durability#NONE}).
     * @param keepData      keep the data directory after {@link #close()} (for replay measurements).
     */
    public EngineOrderService(final int islands, final int islandThreads, final Durability durability,
        final Path dataParent, final boolean keepData)
    {
        this.islands = islands;
        this.islandThreads = Math.min(islandThreads, islands);
        this.durability = durability;
        this.dataParent = dataParent;
        this.keepData = keepData;
    }

    @Override
    public String name()
    {
        return "engine";
    }

    @Override
    public void start(final Workload workload) throws Exception
    {
        this.workload = workload;
        data = durability == Durability.NONE ? null : Files.createTempDirectory(dataParent, "engine-" + islands + "-");
        engine = Archipelago.open(ArchipelagoConfig.builder().partitions(islands).dataDirectory(data)
            .islandThreads(islandThreads).durability(durability).snapshotEveryRecords(0).build());
        final List<CompletableFuture<ResultCode>> created = new ArrayList<>();
        for (int p = 0; p < workload.productCount(); p++)
        {
            created.add(engine.createProduct(workload.productId(p), workload.productUnits(p)));
        }
        for (final CompletableFuture<ResultCode> future : created)
        {
            final ResultCode result = future.join();
            if (result != ResultCode.CREATED)
            {
                throw new IllegalStateException("product creation refused: " + result);
            }
        }
    }

    @Override
    public void submit(final int order, final CompletionSink sink)
    {
        submitters.get().submit(order, sink);
    }

    /**
     * @return the data directory, or null without journaling.
     */
    public Path dataDirectory()
    {
        return data;
    }

    @Override
    public String reportJson()
    {
        final LogicStatistics s = null != statistics ? statistics : null != engine ? engine.statistics() : null;
        if (null == s)
        {
            return "";
        }
        return String.format(Locale.ROOT, "\"orders_needed_transfer\":%d,\"transfer_requests\":%d," +
            "\"transfer_grants\":%d,\"overloaded_retries\":%d", s.ordersNeededTransfer(), s.requestsSent(),
            s.grantsReceived(), overloaded.sum());
    }

    /**
     * @return orders that waited for units from another island so far.
     */
    public long ordersNeededTransfer()
    {
        return engine.statistics().ordersNeededTransfer();
    }

    @Override
    public void close() throws Exception
    {
        if (null != engine)
        {
            statistics = engine.statistics();
            engine.close();
            engine = null;
        }
        if (null != data && !keepData)
        {
            TempDirectory.delete(data);
        }
    }

    /**
     * Per client thread: reusable line arrays and a listener bound to the current sink.
     */
    private final class Submitter
    {
        private final long[] products = new long[8];
        private final int[] quantities = new int[8];
        private CompletionSink sink;
        private final ResultListener listener = (correlation, result) ->
            sink.completed((int)correlation, result == ResultCode.CONFIRMED);

        void submit(final int order, final CompletionSink sink)
        {
            this.sink = sink;
            final Workload w = workload;
            final int lines = w.lineCount(order);
            for (int i = 0; i < lines; i++)
            {
                products[i] = w.product(order, i);
                quantities[i] = w.quantity(order, i);
            }
            ResultCode result;
            while ((result = engine.submitPlaceOrder(w.login(order), w.orderId(order), products, quantities, lines,
                listener, order)) == ResultCode.OVERLOADED)
            {
                overloaded.increment();
                LockSupport.parkNanos(20_000);
            }
            if (result != ResultCode.ACCEPTED)
            {
                throw new IllegalStateException("order " + order + " refused at submission: " + result);
            }
        }
    }
}
