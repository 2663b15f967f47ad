package io.archipelago.engine.crash;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.IslandRecovery;

/**
 * What the crash harness runs, shared by the worker JVM that is killed and the test that checks what survived: the
 * engine configuration, the products, how order ids are made, and which confirmed orders the worker later cancels.
 * <p>
 * Stock is scarce on purpose. Most orders come from a few heavy buyers, so their islands run out first and must ask
 * the others for units; restocks keep trickling in, so transfers, confirmations and rejections all keep happening
 * when the kill lands.
 */
final class CrashWorkload
{
    /** Islands. */
    static final int PARTITIONS = 4;
    /** Events per island ring: small, so full rings and back-pressure happen too. */
    static final int RING_SIZE = 256;
    /** Products the worker creates (ids 1..PRODUCTS). */
    static final int PRODUCTS = 4;
    /** Units each product is created with. */
    static final long INITIAL_UNITS = 1_500;
    /** A product nobody creates: orders for it wait for its creation and are rejected at their deadline. */
    static final long NEVER_CREATED_PRODUCT = 999;
    /** How long an order may wait for units or for its product, ms. */
    static final int ORDER_TIMEOUT_MILLIS = 500;
    /** Client threads submitting orders in the worker. */
    static final int CLIENT_THREADS = 2;
    /** Orders per second each client thread aims for. */
    static final int ORDERS_PER_SECOND_PER_THREAD = 1_500;
    /** Orders a client thread may have undecided at once. */
    static final int MAX_OUTSTANDING_PER_THREAD = 64;
    /** Heavy buyers; most orders come from them. */
    static final int HEAVY_BUYERS = 4;
    /** Occasional buyers. */
    static final int LIGHT_BUYERS = 100;
    /** An island snapshots after this many journal records, so most recoveries start from a snapshot. */
    static final long SNAPSHOT_EVERY_RECORDS = 500;
    /** Pause between two restocks, ms. */
    static final int RESTOCK_INTERVAL_MILLIS = 20;
    /** Fewest units one restock adds. */
    static final int RESTOCK_MIN_UNITS = 60;
    /** Most units one restock adds: on average restocks bring somewhat fewer units than the orders ask for. */
    static final int RESTOCK_MAX_UNITS = 180;

    private static final long RUN_STRIDE = 1_000_000_000L;
    private static final long THREAD_STRIDE = 100_000_000L;
    private static final int CANCEL_EVERY = 10;

    private CrashWorkload()
    {
    }

    /**
     * @param dataDirectory the data directory.
     * @return the configuration every process opening the directory uses.
     */
    static ArchipelagoConfig config(final Path dataDirectory)
    {
        return ArchipelagoConfig.builder()
            .partitions(PARTITIONS)
            .dataDirectory(dataDirectory)
            .ringSize(RING_SIZE)
            .replayThreads(2)
            .closeTimeout(Duration.ofSeconds(30))
            .snapshotEveryRecords(SNAPSHOT_EVERY_RECORDS)
            .build();
    }

    /**
     * @param recovery what opening did per island.
     * @return a one-line summary: islands recovered from a snapshot, records replayed, link messages to send again.
     */
    static String describe(final List<IslandRecovery> recovery)
    {
        long replayed = 0;
        long redelivered = 0;
        int fromSnapshot = 0;
        for (final IslandRecovery island : recovery)
        {
            replayed += island.records();
            redelivered += island.messagesRedelivered();
            fromSnapshot += island.snapshotSequence() >= 0 ? 1 : 0;
        }
        return fromSnapshot + " of " + recovery.size() + " islands from a snapshot, " + replayed + " journal " +
            "records replayed, " + redelivered + " link messages to deliver again";
    }

    /**
     * Order ids are unique over the whole life of a data directory: no two runs, threads or orders share one.
     *
     * @param run     the worker run (one per kill), from 1.
     * @param thread  the client thread.
     * @param counter the thread's order counter.
     * @return the order id.
     */
    static long orderId(final int run, final int thread, final long counter)
    {
        if (counter >= THREAD_STRIDE || thread >= RUN_STRIDE / THREAD_STRIDE)
        {
            throw new IllegalArgumentException("order id space exhausted: thread " + thread + ", counter " + counter);
        }
        return run * RUN_STRIDE + thread * THREAD_STRIDE + counter;
    }

    /**
     * The worker cancels some of its orders once they are confirmed; an acknowledged confirmation of such an order
     * may therefore be found cancelled after recovery, even when the cancellation's own result was lost in the kill.
     *
     * @param orderId an order id from {@link #orderId}.
     * @return true when the worker cancels the order after it is confirmed.
     */
    static boolean cancelledWhenConfirmed(final long orderId)
    {
        return orderId % THREAD_STRIDE % CANCEL_EVERY == 3;
    }
}
