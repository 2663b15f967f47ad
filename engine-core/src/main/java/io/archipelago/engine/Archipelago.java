package io.archipelago.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.LongStream;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.RecordDescriptor;
import io.archipelago.engine.journal.ChronicleSettings;
import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.engine.logic.LogicStatistics;
import io.archipelago.messaging.InProcessTransport;
import io.archipelago.router.MetaFile;
import io.archipelago.router.PartitionRouter;
import io.archipelago.router.RoutingIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded engine: users are hashed to islands; each island journals and applies its inputs on its own thread.
 * <pre>{@code
 * try (Archipelago engine = Archipelago.open(ArchipelagoConfig.builder()
 *         .partitions(8).dataDirectory(Path.of("data")).build()))
 * {
 *     engine.createProduct(42, 1_000).join();
 *     ResultCode result = engine.placeOrder("alice", 1, new OrderLine(42, 3)).join();
 * }
 * }</pre>
 * Futures complete on an island thread once the command is durable: chain with the {@code ...Async} variants if the
 * follow-up work is more than bookkeeping. Bad arguments complete with {@link ResultCode#INVALID_ARGUMENT} and change
 * nothing; a ring that stays full for the submit timeout gives {@link ResultCode#OVERLOADED}.
 */
public final class Archipelago implements AutoCloseable
{
    static
    {
        ChronicleSettings.apply();
    }

    private static final Logger LOG = LoggerFactory.getLogger(Archipelago.class);
    private static final long CLOSE_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(60);
    private static final long TICK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final ArchipelagoConfig config;
    private final PartitionRouter router;
    private final Island[] islands;
    private final List<IslandRecovery> recovery;
    private final Thread ticker;
    private final int defaultOrderTimeoutMillis;
    private volatile boolean tickerRunning = true;
    private volatile List<String> closeDigests;

    private Archipelago(final ArchipelagoConfig config, final Island[] islands, final List<IslandRecovery> recovery)
    {
        this.config = config;
        this.router = new PartitionRouter(config.partitions());
        this.islands = islands;
        this.recovery = recovery;
        this.defaultOrderTimeoutMillis = config.transferPolicy().orderTimeoutMillis();
        this.ticker = new Thread(this::tick, "archipelago-ticker");
        this.ticker.setDaemon(true);
    }

    private void tick()
    {
        while (tickerRunning)
        {
            final long now = config.clock().time();
            for (final Island island : islands)
            {
                island.wakeIfDue(now);
            }
            LockSupport.parkNanos(TICK_INTERVAL_NANOS);
        }
    }

    /**
     * Opens an engine: creates the data directory, or checks an existing one and rebuilds every island from its
     * journal (in parallel), then starts the islands.
     *
     * @param config the configuration.
     * @return the running engine.
     * @throws io.archipelago.router.DataDirectoryException when the directory belongs to something else or was
     *                                                      created with another partition count or format.
     * @throws io.archipelago.engine.journal.CorruptJournalException when a journal is damaged.
     */
    public static Archipelago open(final ArchipelagoConfig config)
    {
        final int partitions = config.partitions();
        final Path dataDirectory = config.dataDirectory();
        if (config.durability() != Durability.NONE)
        {
            MetaFile.openOrCreate(dataDirectory, RoutingIdentity.of(partitions, RecordDescriptor.FORMAT_VERSION));
        }
        final Island[] islands = new Island[partitions];
        final InProcessTransport transport = new InProcessTransport(partitions);
        final int runners = config.islandThreads();
        final RunnerWakeup[] wakeups = IslandRunner.wakeups(runners, config.waitStrategy());
        try
        {
            for (int i = 0; i < partitions; i++)
            {
                final Path partitionDirectory = null == dataDirectory ? null : partitionDirectory(dataDirectory, i);
                islands[i] = new Island(i, partitions, partitionDirectory, config, transport, wakeups[i % runners]);
                transport.register(i, islands[i]);
            }
            final long replayStart = System.nanoTime();
            replayAll(islands, config.replayThreads());
            final long[] redelivered = reconcileLinks(islands, transport);
            final List<IslandRecovery> recovery = new ArrayList<>(islands.length);
            long records = 0;
            for (final Island island : islands)
            {
                recovery.add(new IslandRecovery(island.index(), island.recoveredFromSnapshot(),
                    island.replayedRecords(), TimeUnit.NANOSECONDS.toMillis(island.replayNanos()),
                    island.verifiedCleanShutdown(), redelivered[island.index()]));
                records += island.replayedRecords();
            }
            if (records > 0)
            {
                LOG.info("recovered {} islands from {}: {} journal records replayed in {} ms, {} link messages to " +
                    "deliver again", partitions, dataDirectory, records,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - replayStart), LongStream.of(redelivered).sum());
            }
            for (final Island island : islands)
            {
                island.start();
            }
            for (int r = 0; r < runners; r++)
            {
                final List<Island> runs = new ArrayList<>(partitions / runners + 1);
                for (int i = r; i < partitions; i += runners)
                {
                    runs.add(islands[i]);
                }
                new IslandRunner(r, runs, wakeups[r], config.waitStrategy()).start();
            }
            final Archipelago engine = new Archipelago(config, islands, recovery);
            engine.ticker.start();
            return engine;
        }
        catch (final RuntimeException ex)
        {
            for (final Island island : islands)
            {
                if (null != island)
                {
                    island.close(1_000);
                }
            }
            throw ex;
        }
    }

    /**
     * @param dataDirectory the data directory.
     * @param partition     an island.
     * @return that island's directory.
     */
    public static Path partitionDirectory(final Path dataDirectory, final int partition)
    {
        return dataDirectory.resolve(String.format("partition-%03d", partition));
    }

    /**
     * After replay every outbox holds every message its island ever sent. Each link restarts delivery at the
     * receiver's high-water mark + 1: what the receiver journaled is dropped, what it never journaled (it was still
     * in its ring at a crash) is delivered again.
     */
    private static long[] reconcileLinks(final Island[] islands, final InProcessTransport transport)
    {
        final long[] redelivered = new long[islands.length];
        for (final Island sender : islands)
        {
            for (final Island receiver : islands)
            {
                if (sender != receiver)
                {
                    final long highWaterMark = receiver.core().logic().inbound().highWaterMark(sender.index());
                    sender.core().logic().outbox().rewind(receiver.index(), highWaterMark + 1);
                    transport.acknowledge(sender.index(), receiver.index(), highWaterMark);
                    redelivered[sender.index()] += sender.core().logic().outbox().link(receiver.index())
                        .nextSequence() - (highWaterMark + 1);
                }
            }
        }
        return redelivered;
    }

    private static void replayAll(final Island[] islands, final int threads)
    {
        final ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, islands.length), runnable ->
        {
            final Thread thread = new Thread(runnable, "archipelago-replay");
            thread.setDaemon(true);
            return thread;
        });
        try
        {
            final List<Future<?>> futures = new ArrayList<>(islands.length);
            for (final Island island : islands)
            {
                futures.add(pool.submit(island::replay));
            }
            RuntimeException failure = null;
            for (final Future<?> future : futures)
            {
                try
                {
                    awaitUninterruptibly(future);
                }
                catch (final ExecutionException ex)
                {
                    final RuntimeException cause = ex.getCause() instanceof RuntimeException runtime ? runtime :
                        new IllegalStateException("replay failed", ex.getCause());
                    if (null == failure)
                    {
                        failure = cause;
                    }
                    else
                    {
                        failure.addSuppressed(cause);
                    }
                }
            }
            if (null != failure)
            {
                throw failure;
            }
        }
        finally
        {
            pool.shutdown();
        }
    }

    /**
     * Waits for a replay to end even if interrupted: journals must not be closed under a running replay.
     */
    private static void awaitUninterruptibly(final Future<?> future) throws ExecutionException
    {
        boolean interrupted = false;
        try
        {
            while (true)
            {
                try
                {
                    future.get();
                    return;
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true;
                }
            }
        }
        finally
        {
            if (interrupted)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * @return the configuration the engine runs with.
     */
    public ArchipelagoConfig config()
    {
        return config;
    }

    /**
     * @return number of islands.
     */
    public int partitions()
    {
        return islands.length;
    }

    /**
     * @param login a user.
     * @return the user's island.
     */
    public int partitionOf(final String login)
    {
        return router.partitionOf(login);
    }

    /**
     * @return what opening did for each island (records replayed, time taken).
     */
    public List<IslandRecovery> recovery()
    {
        return recovery;
    }

    /**
     * Creates a product on every island; each takes its own share of the units. Completes when every island has
     * applied it. Idempotent per product id: a repeat gives {@link ResultCode#ALREADY_EXISTS} and changes nothing.
     *
     * @param productId the product.
     * @param units     total units, positive.
     * @return the combined result.
     */
    public CompletableFuture<ResultCode> createProduct(final long productId, final long units)
    {
        return toAllIslands(command -> command.createProduct(productId, units));
    }

    /**
     * Adds units to a product; every island takes its own share. Completes when every island has applied it. Call it
     * after the product's {@link #createProduct} has completed: an island that has not applied the creation yet
     * refuses its share with {@link ResultCode#UNKNOWN_PRODUCT} while the others apply theirs, and the combined
     * result reports that refusal.
     *
     * @param productId the product.
     * @param units     total units, positive.
     * @return the combined result.
     */
    public CompletableFuture<ResultCode> restock(final long productId, final long units)
    {
        return toAllIslands(command -> command.restock(productId, units));
    }

    /**
     * Places an order at the user's island. All or nothing: confirmed with every line's units deducted, or rejected
     * with nothing held.
     *
     * @param login   the user.
     * @param orderId the user's order id, unique per user.
     * @param lines   one to {@link Command#MAX_LINES} lines.
     * @return the outcome.
     */
    public CompletableFuture<ResultCode> placeOrder(final String login, final long orderId, final OrderLine... lines)
    {
        if (null == lines || lines.length == 0 || lines.length > Command.MAX_LINES)
        {
            return CompletableFuture.completedFuture(ResultCode.INVALID_ARGUMENT);
        }
        final long[] productIds = new long[lines.length];
        final int[] quantities = new int[lines.length];
        for (int i = 0; i < lines.length; i++)
        {
            if (null == lines[i])
            {
                return CompletableFuture.completedFuture(ResultCode.INVALID_ARGUMENT);
            }
            productIds[i] = lines[i].productId();
            quantities[i] = lines[i].quantity();
        }
        final CompletableFuture<ResultCode> future = new CompletableFuture<>();
        final ResultCode submitted = submitPlaceOrder(login, orderId, productIds, quantities, lines.length,
            (correlationId, result) -> future.complete(result), 0);
        if (submitted != ResultCode.ACCEPTED)
        {
            future.complete(submitted);
        }
        return future;
    }

    /**
     * @param login   the user.
     * @param orderId the user's order id, unique per user.
     * @param lines   one to {@link Command#MAX_LINES} lines.
     * @return the outcome.
     */
    public CompletableFuture<ResultCode> placeOrder(final String login, final long orderId,
        final List<OrderLine> lines)
    {
        return placeOrder(login, orderId, null == lines ? null : lines.toArray(new OrderLine[0]));
    }

    /**
     * Cancels a confirmed order; its units return to the user's island.
     *
     * @param login   the user.
     * @param orderId the user's order id.
     * @return {@link ResultCode#CANCELLED}, {@link ResultCode#UNKNOWN_ORDER} or
     *         {@link ResultCode#ORDER_ALREADY_TERMINAL}.
     */
    public CompletableFuture<ResultCode> cancelOrder(final String login, final long orderId)
    {
        final CompletableFuture<ResultCode> future = new CompletableFuture<>();
        final ResultCode submitted = submitCancelOrder(login, orderId,
            (correlationId, result) -> future.complete(result), 0);
        if (submitted != ResultCode.ACCEPTED)
        {
            future.complete(submitted);
        }
        return future;
    }

    /**
     * The allocation-free submit path for high rates: the order is copied into a pre-allocated ring slot and the
     * listener is called with the outcome on the island thread once the order is durable and decided.
     *
     * @param login         the user.
     * @param orderId       the user's order id.
     * @param productIds    line products (the first {@code lineCount} are used; the array may be reused at once).
     * @param quantities    line quantities.
     * @param lineCount     number of lines.
     * @param listener      receives the outcome.
     * @param correlationId passed back to the listener.
     * @return {@link ResultCode#ACCEPTED} when the listener will be called; otherwise the refusal
     *         ({@link ResultCode#INVALID_ARGUMENT}, {@link ResultCode#OVERLOADED}, {@link ResultCode#CLOSED}) and the
     *         listener is not called.
     */
    public ResultCode submitPlaceOrder(final String login, final long orderId, final long[] productIds,
        final int[] quantities, final int lineCount, final ResultListener listener, final long correlationId)
    {
        return submitPlaceOrder(login, orderId, productIds, quantities, lineCount, 0, listener, correlationId);
    }

    /**
     * As {@link #submitPlaceOrder(String, long, long[], int[], int, ResultListener, long)}, with the time the order
     * may wait for units from other islands before it is rejected.
     *
     * @param login         the user.
     * @param orderId       the user's order id.
     * @param productIds    line products.
     * @param quantities    line quantities.
     * @param lineCount     number of lines.
     * @param timeoutMillis how long the order may wait, ms; 0 for the policy's default.
     * @param listener      receives the outcome.
     * @param correlationId passed back to the listener.
     * @return {@link ResultCode#ACCEPTED} or the refusal.
     */
    public ResultCode submitPlaceOrder(final String login, final long orderId, final long[] productIds,
        final int[] quantities, final int lineCount, final int timeoutMillis, final ResultListener listener,
        final long correlationId)
    {
        if (timeoutMillis < 0 || null == listener || null == productIds || null == quantities || lineCount < 1 ||
            lineCount > Command.MAX_LINES || lineCount > productIds.length || lineCount > quantities.length ||
            null != Command.validateLogin(login))
        {
            return ResultCode.INVALID_ARGUMENT;
        }
        for (int i = 0; i < lineCount; i++)
        {
            if (quantities[i] <= 0)
            {
                return ResultCode.INVALID_ARGUMENT;
            }
        }
        final Island island = islands[router.partitionOf(login)];
        final long slot = claimCommandSlot(island);
        if (slot < 0)
        {
            return refusal(slot);
        }
        try
        {
            final Command command = commandEvent(island, slot, listener, correlationId).placeOrder(login, orderId)
                .timeoutMillis(timeoutMillis > 0 ? timeoutMillis : defaultOrderTimeoutMillis);
            for (int i = 0; i < lineCount; i++)
            {
                command.addLine(productIds[i], quantities[i]);
            }
        }
        finally
        {
            publishCommand(island, slot);
        }
        return ResultCode.ACCEPTED;
    }

    /**
     * The allocation-free cancel path; see {@link #submitPlaceOrder}.
     *
     * @param login         the user.
     * @param orderId       the user's order id.
     * @param listener      receives the outcome.
     * @param correlationId passed back to the listener.
     * @return {@link ResultCode#ACCEPTED} or the refusal.
     */
    public ResultCode submitCancelOrder(final String login, final long orderId, final ResultListener listener,
        final long correlationId)
    {
        if (null == listener || null != Command.validateLogin(login))
        {
            return ResultCode.INVALID_ARGUMENT;
        }
        final Island island = islands[router.partitionOf(login)];
        final long slot = claimCommandSlot(island);
        if (slot < 0)
        {
            return refusal(slot);
        }
        try
        {
            commandEvent(island, slot, listener, correlationId).cancelOrder(login, orderId);
        }
        finally
        {
            publishCommand(island, slot);
        }
        return ResultCode.ACCEPTED;
    }

    private static final long REFUSED_CLOSED = -1;
    private static final long REFUSED_OVERLOADED = -2;

    /**
     * Claims a ring slot for a client command, waiting at most the submit timeout. On success the caller must
     * {@link #publishCommand} the slot.
     *
     * @return the slot, or {@link #REFUSED_CLOSED} / {@link #REFUSED_OVERLOADED}.
     */
    private static long claimCommandSlot(final Island island)
    {
        if (!island.takesCommands() || !island.beginSubmit())
        {
            return REFUSED_CLOSED;
        }
        final long slot = island.claim();
        if (slot < 0)
        {
            island.endSubmit();
            return island.isClosed() ? REFUSED_CLOSED : REFUSED_OVERLOADED;
        }
        return slot;
    }

    private static ResultCode refusal(final long claimed)
    {
        return claimed == REFUSED_CLOSED ? ResultCode.CLOSED : ResultCode.OVERLOADED;
    }

    private static Command commandEvent(final Island island, final long slot, final ResultListener listener,
        final long correlationId)
    {
        final IngressEvent event = island.event(slot);
        event.kind = IngressEvent.COMMAND;
        event.listener = listener;
        event.correlationId = correlationId;
        return event.command;
    }

    private static void publishCommand(final Island island, final long slot)
    {
        island.publish(slot);
        island.endSubmit();
    }

    /**
     * @param login   the user.
     * @param orderId the user's order id.
     * @return the order's status at the user's island (not journaled).
     */
    public CompletableFuture<OrderStatus> orderStatus(final String login, final long orderId)
    {
        if (null != Command.validateLogin(login))
        {
            return CompletableFuture.failedFuture(new IllegalArgumentException(Command.validateLogin(login)));
        }
        final int partition = router.partitionOf(login);
        return query(islands[partition], logic -> logic.orderStatus(login, orderId));
    }

    /**
     * @param productId a product.
     * @return the product's stock summed over every island (not journaled).
     */
    public CompletableFuture<ProductView> productView(final long productId)
    {
        final List<CompletableFuture<ProductView>> views = new ArrayList<>(islands.length);
        for (final Island island : islands)
        {
            views.add(query(island, logic -> logic.productView(productId)));
        }
        return CompletableFuture.allOf(views.toArray(new CompletableFuture<?>[0])).thenApply(ignore ->
        {
            ProductView sum = ProductView.unknown(productId);
            for (final CompletableFuture<ProductView> view : views)
            {
                sum = sum.plus(view.join());
            }
            return sum;
        });
    }

    /**
     * @param partition an island.
     * @param productId a product.
     * @return that island's own view of the product.
     */
    public CompletableFuture<ProductView> productView(final int partition, final long productId)
    {
        return query(islands[partition], logic -> logic.productView(productId));
    }

    /**
     * Each island's state digest, taken on its thread between inputs.
     *
     * @return one digest per island, by partition.
     */
    public List<String> digests()
    {
        final List<String> closed = closeDigests;
        if (null != closed)
        {
            return closed;
        }
        final List<CompletableFuture<String>> futures = new ArrayList<>(islands.length);
        for (final Island island : islands)
        {
            futures.add(query(island, InventoryLogic::digest));
        }
        final List<String> digests = new ArrayList<>(islands.length);
        for (final CompletableFuture<String> future : futures)
        {
            digests.add(future.join());
        }
        return Collections.unmodifiableList(digests);
    }

    /**
     * Runs a read-only function on an island's thread.
     *
     * @param partition the island.
     * @param function  reads the island's state; must not change it or keep references to it.
     * @param <T>       the result type.
     * @return the function's result.
     */
    public <T> CompletableFuture<T> inspect(final int partition, final Function<InventoryLogic, T> function)
    {
        return query(islands[partition], function);
    }

    private <T> CompletableFuture<T> query(final Island island, final Function<InventoryLogic, T> function)
    {
        final CompletableFuture<T> future = new CompletableFuture<>();
        final boolean queued = island.submitQuery((logic, sequence) ->
        {
            try
            {
                future.complete(function.apply(logic));
            }
            catch (final RuntimeException ex)
            {
                future.completeExceptionally(ex);
            }
        });
        if (!queued)
        {
            future.completeExceptionally(new IllegalStateException(
                island.isClosed() ? "engine is closed" : "island " + island.index() + " is overloaded"));
        }
        return future;
    }

    private CompletableFuture<ResultCode> toAllIslands(final java.util.function.Consumer<Command> fill)
    {
        final Command probe = new Command();
        fill.accept(probe);
        if (null != probe.validate())
        {
            return CompletableFuture.completedFuture(ResultCode.INVALID_ARGUMENT);
        }
        final FanOutListener listener = new FanOutListener(islands.length);
        final long[] slots = new long[islands.length];
        int begun = 0;
        int claimed = 0;
        ResultCode refusal = null;
        try
        {
            for (; begun < islands.length; begun++)
            {
                if (!islands[begun].takesCommands() || !islands[begun].beginSubmit())
                {
                    refusal = ResultCode.CLOSED;
                    break;
                }
                final long slot = islands[begun].claim();
                if (slot < 0)
                {
                    refusal = islands[begun].isClosed() ? ResultCode.CLOSED : ResultCode.OVERLOADED;
                    begun++;
                    break;
                }
                slots[claimed++] = slot;
            }
            for (int i = 0; i < claimed; i++)
            {
                final IngressEvent event = islands[i].event(slots[i]);
                if (null == refusal)
                {
                    event.kind = IngressEvent.COMMAND;
                    event.command.copyFrom(probe);
                    event.listener = listener;
                }
                else
                {
                    event.clear();
                }
                islands[i].publish(slots[i]);
            }
        }
        finally
        {
            for (int i = 0; i < begun; i++)
            {
                islands[i].endSubmit();
            }
        }
        return null == refusal ? listener.future() : CompletableFuture.completedFuture(refusal);
    }

    /**
     * Stops taking commands, lets every island finish what is in its ring, records each island's digest next to its
     * journal, and stops the island threads. Idempotent.
     */
    @Override
    public synchronized void close()
    {
        if (null != closeDigests)
        {
            return;
        }
        for (final Island island : islands)
        {
            island.stopTakingCommands();
        }
        awaitQuiet(config.closeTimeout().toNanos());
        tickerRunning = false;
        LockSupport.unpark(ticker);
        final List<String> digests = new ArrayList<>(islands.length);
        for (final Island island : islands)
        {
            digests.add(island.close(CLOSE_TIMEOUT_MILLIS));
        }
        closeDigests = Collections.unmodifiableList(digests);
    }

    /**
     * Waits until no island has a pending order or an undelivered link message, or the time is up.
     *
     * @param timeoutNanos how long to wait.
     * @return true when quiet.
     */
    private boolean awaitQuiet(final long timeoutNanos)
    {
        final long deadline = System.nanoTime() + timeoutNanos;
        while (true)
        {
            boolean quiet = true;
            for (final Island island : islands)
            {
                if (null != island.failure())
                {
                    continue;
                }
                final CompletableFuture<Boolean> islandQuiet = query(island, island::quiet);
                try
                {
                    quiet &= islandQuiet.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    return false;
                }
                catch (final ExecutionException | java.util.concurrent.TimeoutException ex)
                {
                    return false;
                }
            }
            if (quiet)
            {
                return true;
            }
            if (System.nanoTime() - deadline >= 0)
            {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    /**
     * Takes a snapshot of every island now, each at a consistent point between two inputs (the request travels
     * through the island's ring). Islands also snapshot on their own by the configured policy.
     *
     * @return per island, the snapshot taken (or {@code null} for an island with nothing journaled).
     */
    public List<SnapshotInfo> snapshot()
    {
        final List<CompletableFuture<SnapshotInfo>> futures = new ArrayList<>(islands.length);
        for (final Island island : islands)
        {
            futures.add(query(island, logic ->
            {
                final long start = System.nanoTime();
                final SnapshotStore.Snapshot taken = island.takeSnapshot();
                return null == taken ? null : new SnapshotInfo(island.index(), taken.sequence(), taken.file(),
                    taken.size(), TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start));
            }));
        }
        final List<SnapshotInfo> result = new ArrayList<>(islands.length);
        for (final CompletableFuture<SnapshotInfo> future : futures)
        {
            result.add(future.join());
        }
        return Collections.unmodifiableList(result);
    }

    /**
     * Counters summed over every island (orders, transfers, units moved), taken on the island threads.
     *
     * @return the sums.
     */
    public LogicStatistics statistics()
    {
        final LogicStatistics sum = new LogicStatistics();
        for (final Island island : islands)
        {
            sum.add(query(island, logic -> logic.statistics().copy()).join());
        }
        return sum;
    }

    /**
     * @return the digests recorded at close, or {@code null} while the engine runs.
     */
    public List<String> closeDigests()
    {
        return closeDigests;
    }
}
