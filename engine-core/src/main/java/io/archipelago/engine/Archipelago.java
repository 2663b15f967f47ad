package io.archipelago.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.RecordDescriptor;
import io.archipelago.engine.journal.ChronicleSettings;
import io.archipelago.engine.journal.ChronicleThreads;
import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.engine.logic.LogicStatistics;
import io.archipelago.engine.model.Activity;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.Health;
import io.archipelago.engine.model.IslandRecovery;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.OrderStatus;
import io.archipelago.engine.model.ProductView;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.ResultListener;
import io.archipelago.engine.model.ScheduledActivity;
import io.archipelago.engine.model.SnapshotInfo;
import io.archipelago.engine.model.TransferPolicy;
import io.archipelago.engine.runtime.IngressPublisher;
import io.archipelago.engine.runtime.IslandGroup;
import io.archipelago.router.PartitionRouter;

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
 * <p>
 * This class only validates and publishes: the pipeline itself is laid out by {@link IslandGroup}.
 */
public final class Archipelago implements AutoCloseable
{
    static
    {
        ChronicleSettings.apply();
    }

    private final ArchipelagoConfig config;
    private final PartitionRouter router;
    private final IslandGroup group;
    private final IngressPublisher publisher;
    private final int defaultOrderTimeoutMillis;
    private volatile List<String> closeDigests;
    private boolean unregistered;

    private Archipelago(final ArchipelagoConfig config, final IslandGroup group)
    {
        this.config = config;
        this.router = new PartitionRouter(config.partitions());
        this.group = group;
        this.publisher = group.publisher();
        this.defaultOrderTimeoutMillis = config.transferPolicy().orderTimeoutMillis();
    }

    /**
     * Opens an engine: creates the data directory, or checks an existing one and rebuilds every island from its
     * journal (in parallel), then starts the islands.
     *
     * @param config the configuration.
     * @return the running engine.
     * @throws NullPointerException when {@code config} is null.
     * @throws io.archipelago.router.DataDirectoryException when the directory belongs to something else or was
     *                                                      created with another partition count or format.
     * @throws io.archipelago.engine.journal.CorruptJournalException when a journal is damaged.
     * @throws io.archipelago.engine.recovery.IslandRefusedException when an island's history is incomplete or
     *                                                               replays to another state than it recorded.
     */
    public static Archipelago open(final ArchipelagoConfig config)
    {
        Objects.requireNonNull(config, "config");
        ChronicleThreads.acquire();
        try
        {
            return new Archipelago(config, IslandGroup.open(config));
        }
        catch (final RuntimeException | Error ex)
        {
            ChronicleThreads.release();
            throw ex;
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
        return publisher.partitions();
    }

    /**
     * @param login a user.
     * @return the user's island.
     * @throws IllegalArgumentException naming the rule when the login is not valid (null, empty, longer than 256
     *                                  UTF-8 bytes, or not well-formed).
     */
    public int partitionOf(final String login)
    {
        final String invalid = Command.validateLogin(login);
        if (null != invalid)
        {
            throw new IllegalArgumentException(invalid);
        }
        return router.partitionOf(login);
    }

    /**
     * @return what opening did for each island (records replayed, time taken).
     */
    public List<IslandRecovery> recovery()
    {
        return group.recovery();
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
        return placeOrder(login, orderId, Duration.ZERO, lines);
    }

    /**
     * As {@link #placeOrder(String, long, OrderLine...)}, with the time the order may wait for units from other
     * islands (and for a product's creation) before it is rejected.
     *
     * @param login   the user.
     * @param orderId the user's order id, unique per user.
     * @param timeout how long the order may wait, at most {@link Integer#MAX_VALUE} ms; zero for the transfer
     *                policy's default ({@link TransferPolicy#orderTimeoutMillis()}); negative is
     *                {@link ResultCode#INVALID_ARGUMENT}.
     * @param lines   one to {@link Command#MAX_LINES} lines.
     * @return the outcome.
     */
    public CompletableFuture<ResultCode> placeOrder(final String login, final long orderId, final Duration timeout,
        final OrderLine... lines)
    {
        if (null == timeout || timeout.isNegative() || timeout.toMillis() > Integer.MAX_VALUE || null == lines ||
            lines.length == 0 || lines.length > Command.MAX_LINES)
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
            (int)timeout.toMillis(), (correlationId, result) -> future.complete(result), 0);
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
        final int island = router.partitionOf(login);
        final long slot = publisher.claim(island);
        if (slot < 0)
        {
            return IngressPublisher.refusal(slot);
        }
        try
        {
            final Command command = publisher.command(island, slot, listener, correlationId).placeOrder(login, orderId)
                .timeoutMillis(timeoutMillis > 0 ? timeoutMillis : defaultOrderTimeoutMillis);
            for (int i = 0; i < lineCount; i++)
            {
                command.addLine(productIds[i], quantities[i]);
            }
        }
        finally
        {
            publisher.publish(island, slot);
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
        final int island = router.partitionOf(login);
        final long slot = publisher.claim(island);
        if (slot < 0)
        {
            return IngressPublisher.refusal(slot);
        }
        try
        {
            publisher.command(island, slot, listener, correlationId).cancelOrder(login, orderId);
        }
        finally
        {
            publisher.publish(island, slot);
        }
        return ResultCode.ACCEPTED;
    }

    /**
     * Reserves units for a user until an outside signal confirms them ({@link #confirmHold}), the user releases them
     * ({@link #releaseHold}), or {@code holdFor} passes: then the hold expires on journaled time, its units go back,
     * and a {@code HOLD_EXPIRED} event is emitted. The hold is covered as an order is (locally, or with units from
     * other islands) and completes {@link ResultCode#HELD} once every line is; a hold that cannot be covered is
     * rejected as an order is, at the latest when the policy's order timeout or its expiry passes, whichever is first.
     * Holds share the user's order ids: a hold id already used by an order or hold is
     * {@link ResultCode#DUPLICATE_ORDER}.
     *
     * @param login   the user.
     * @param holdId  the user's id for the hold (an order id).
     * @param holdFor how long after placement the units stay held, 1 ms to 366 days.
     * @param lines   one to {@link Command#MAX_LINES} lines.
     * @return {@link ResultCode#HELD}, or why not ({@link ResultCode#OUT_OF_STOCK},
     *         {@link ResultCode#DEADLINE_PASSED}, {@link ResultCode#UNKNOWN_PRODUCT},
     *         {@link ResultCode#DUPLICATE_ORDER}, {@link ResultCode#INVALID_ARGUMENT}, ...).
     */
    public CompletableFuture<ResultCode> hold(final String login, final long holdId, final Duration holdFor,
        final OrderLine... lines)
    {
        return hold(login, holdId, holdFor, Duration.ZERO, lines);
    }

    /**
     * As {@link #hold(String, long, Duration, OrderLine...)}, with the time the hold may wait to be covered.
     *
     * @param login   the user.
     * @param holdId  the user's id for the hold.
     * @param holdFor how long after placement the units stay held, 1 ms to 366 days.
     * @param timeout how long it may wait for units, at most {@link Integer#MAX_VALUE} ms; zero for the policy's
     *                default.
     * @param lines   one to {@link Command#MAX_LINES} lines.
     * @return the outcome.
     */
    public CompletableFuture<ResultCode> hold(final String login, final long holdId, final Duration holdFor,
        final Duration timeout, final OrderLine... lines)
    {
        if (null == holdFor || null == timeout || timeout.isNegative() || timeout.toMillis() > Integer.MAX_VALUE ||
            null == lines || lines.length == 0 || lines.length > Command.MAX_LINES)
        {
            return CompletableFuture.completedFuture(ResultCode.INVALID_ARGUMENT);
        }
        final long holdForMillis;
        try
        {
            holdForMillis = holdFor.toMillis();
        }
        catch (final ArithmeticException ex)
        {
            return CompletableFuture.completedFuture(ResultCode.INVALID_ARGUMENT);
        }
        final int timeoutMillis = (int)timeout.toMillis();
        return toUserIsland(login, command ->
        {
            command.placeHold(login, holdId, holdForMillis)
                .timeoutMillis(timeoutMillis > 0 ? timeoutMillis : defaultOrderTimeoutMillis);
            for (final OrderLine line : lines)
            {
                if (null == line)
                {
                    return false;
                }
                command.addLine(line.productId(), line.quantity());
            }
            return true;
        });
    }

    /**
     * The outside signal: a held hold becomes a confirmed order and its units are sold.
     *
     * @param login  the user.
     * @param holdId the hold.
     * @return {@link ResultCode#CONFIRMED}; {@link ResultCode#HOLD_EXPIRED} when it expired first;
     *         {@link ResultCode#NOT_HELD} for a hold still waiting for units or a plain order;
     *         {@link ResultCode#ORDER_ALREADY_TERMINAL} when it was already confirmed, released or rejected;
     *         {@link ResultCode#UNKNOWN_ORDER}. Nothing changes unless the result is {@code CONFIRMED}.
     */
    public CompletableFuture<ResultCode> confirmHold(final String login, final long holdId)
    {
        return toUserIsland(login, command -> filled(command.confirmHold(login, holdId)));
    }

    /**
     * Gives a hold up, held or still waiting for units: its units go back to the island.
     *
     * @param login  the user.
     * @param holdId the hold.
     * @return {@link ResultCode#RELEASED}; {@link ResultCode#HOLD_EXPIRED}, {@link ResultCode#NOT_HELD} (a plain
     *         order), {@link ResultCode#ORDER_ALREADY_TERMINAL} or {@link ResultCode#UNKNOWN_ORDER}, nothing changed.
     */
    public CompletableFuture<ResultCode> releaseHold(final String login, final long holdId)
    {
        return toUserIsland(login, command -> filled(command.releaseHold(login, holdId)));
    }

    /**
     * Records a timer on the user's island: when journaled time reaches {@code dueAt} the island journals the firing
     * and emits a {@code SCHEDULE_FIRED} event carrying {@code payload} (consumer groups get it once per group).
     * Scheduling a key the user already has pending replaces that timer. A due time already past fires at the next
     * tick; timers that fell due while the engine was down fire, in due order, right after it reopens.
     *
     * @param login   the user.
     * @param key     the user's key for the timer.
     * @param dueAt   when it fires; at most 366 days after the time the island journals the command.
     * @param payload up to {@link Command#MAX_PAYLOAD_BYTES} bytes handed back when it fires (copied).
     * @return {@link ResultCode#SCHEDULED}, or {@link ResultCode#INVALID_ARGUMENT} (nothing changed).
     */
    public CompletableFuture<ResultCode> schedule(final String login, final long key, final Instant dueAt,
        final byte[] payload)
    {
        if (null == dueAt || dueAt.isBefore(Instant.EPOCH) ||
            dueAt.isAfter(Instant.ofEpochMilli(Long.MAX_VALUE / 2)))
        {
            return CompletableFuture.completedFuture(ResultCode.INVALID_ARGUMENT);
        }
        return schedule(login, key, dueAt.toEpochMilli(), RecordDescriptor.WHEN_AT, payload);
    }

    /**
     * As {@link #schedule(String, long, Instant, byte[])}, due {@code after} the time the island journals
     * the command.
     *
     * @param login   the user.
     * @param key     the user's key for the timer.
     * @param after   0 to 366 days.
     * @param payload up to {@link Command#MAX_PAYLOAD_BYTES} bytes.
     * @return {@link ResultCode#SCHEDULED}, or {@link ResultCode#INVALID_ARGUMENT}.
     */
    public CompletableFuture<ResultCode> schedule(final String login, final long key, final Duration after,
        final byte[] payload)
    {
        if (null == after || after.isNegative() || after.compareTo(Duration.ofMillis(Command.MAX_AHEAD_MILLIS)) > 0)
        {
            return CompletableFuture.completedFuture(ResultCode.INVALID_ARGUMENT);
        }
        return schedule(login, key, after.toMillis(), RecordDescriptor.WHEN_AFTER, payload);
    }

    private CompletableFuture<ResultCode> schedule(final String login, final long key, final long when,
        final int whenKind, final byte[] payload)
    {
        if (null == payload || payload.length > Command.MAX_PAYLOAD_BYTES)
        {
            return CompletableFuture.completedFuture(ResultCode.INVALID_ARGUMENT);
        }
        return toUserIsland(login, command -> filled(command.schedule(login, key, when, whenKind, payload, 0,
            payload.length)));
    }

    /**
     * Cancels a user's pending timer.
     *
     * @param login the user.
     * @param key   the timer's key.
     * @return {@link ResultCode#SCHEDULE_CANCELLED}, or {@link ResultCode#UNKNOWN_SCHEDULE} when nothing is pending
     *         under the key (never scheduled, already fired or cancelled).
     */
    public CompletableFuture<ResultCode> cancelSchedule(final String login, final long key)
    {
        return toUserIsland(login, command -> filled(command.cancelSchedule(login, key)));
    }

    /**
     * @param login a user.
     * @param key   the user's timer key.
     * @return when the user's pending timer fires (epoch ms), or -1 when none is pending under the key; completed
     *         exceptionally with an {@link IllegalArgumentException} when the login is not valid.
     */
    public CompletableFuture<Long> scheduledDue(final String login, final long key)
    {
        final String invalid = Command.validateLogin(login);
        if (null != invalid)
        {
            return CompletableFuture.failedFuture(new IllegalArgumentException(invalid));
        }
        return query(router.partitionOf(login), logic -> logic.scheduledDue(login, key));
    }

    /**
     * @return held holds and users' timers summed over every island, with the earliest next due time.
     */
    public CompletableFuture<ScheduledActivity> scheduledActivity()
    {
        return acrossIslands(logic -> new ScheduledActivity(logic.heldHoldCount(), logic.scheduledCount(),
            logic.nextScheduledDue()), ScheduledActivity.NONE, ScheduledActivity::plus);
    }

    private static boolean filled(final Command command)
    {
        return null != command;
    }

    /**
     * Validates a command on a scratch holder, then copies it into a slot of the user's island.
     *
     * @param login the user (an invalid login is {@link ResultCode#INVALID_ARGUMENT}).
     * @param fill  fills the command; false when an argument is not valid.
     */
    private CompletableFuture<ResultCode> toUserIsland(final String login, final Predicate<Command> fill)
    {
        final Command probe = new Command();
        if (null != Command.validateLogin(login) || !fill.test(probe) || null != probe.validate())
        {
            return CompletableFuture.completedFuture(ResultCode.INVALID_ARGUMENT);
        }
        final CompletableFuture<ResultCode> future = new CompletableFuture<>();
        final int island = router.partitionOf(login);
        final long slot = publisher.claim(island);
        if (slot < 0)
        {
            future.complete(IngressPublisher.refusal(slot));
            return future;
        }
        try
        {
            publisher.command(island, slot, (correlationId, result) -> future.complete(result), 0).copyFrom(probe);
        }
        finally
        {
            publisher.publish(island, slot);
        }
        return future;
    }

    /**
     * @param login   the user.
     * @param orderId the user's order id.
     * @return the order's status at the user's island (not journaled); completed exceptionally with an
     *         {@link IllegalArgumentException} naming the rule when the login is not valid.
     */
    public CompletableFuture<OrderStatus> orderStatus(final String login, final long orderId)
    {
        final String invalid = Command.validateLogin(login);
        if (null != invalid)
        {
            return CompletableFuture.failedFuture(new IllegalArgumentException(invalid));
        }
        return query(router.partitionOf(login), logic -> logic.orderStatus(login, orderId));
    }

    /**
     * @param productId a product.
     * @return the product's stock summed over every island (not journaled).
     */
    public CompletableFuture<ProductView> productView(final long productId)
    {
        return acrossIslands(logic -> logic.productView(productId), ProductView.unknown(productId),
            ProductView::plus);
    }

    /**
     * @param partition an island.
     * @param productId a product.
     * @return that island's own view of the product; completed exceptionally with an
     *         {@link IllegalArgumentException} when the engine has no such island.
     */
    public CompletableFuture<ProductView> productView(final int partition, final long productId)
    {
        if (partition < 0 || partition >= partitions())
        {
            return CompletableFuture.failedFuture(new IllegalArgumentException("island " + partition +
                " does not exist: the engine has " + partitions() + " islands (0.." + (partitions() - 1) + ")"));
        }
        return query(partition, logic -> logic.productView(productId));
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
        final List<CompletableFuture<String>> futures = new ArrayList<>(partitions());
        for (int partition = 0; partition < partitions(); partition++)
        {
            futures.add(query(partition, InventoryLogic::digest));
        }
        final List<String> digests = new ArrayList<>(futures.size());
        for (final CompletableFuture<String> future : futures)
        {
            digests.add(future.join());
        }
        return List.copyOf(digests);
    }

    /**
     * Runs a read-only function on an island's thread. For this package's tests only: users read state through the
     * queries above.
     */
    <T> CompletableFuture<T> inspect(final int partition, final Function<InventoryLogic, T> function)
    {
        return query(partition, function);
    }

    private <T> CompletableFuture<T> query(final int partition, final Function<InventoryLogic, T> function)
    {
        final CompletableFuture<T> future = new CompletableFuture<>();
        final String refused = publisher.query(partition, (logic, sequence) ->
        {
            try
            {
                future.complete(function.apply(logic));
            }
            catch (final RuntimeException ex)
            {
                future.completeExceptionally(ex);
            }
        }, future);
        if (null != refused)
        {
            future.completeExceptionally(new IllegalStateException(refused));
        }
        return future;
    }

    private <T> CompletableFuture<T> acrossIslands(final Function<InventoryLogic, T> function, final T zero,
        final java.util.function.BinaryOperator<T> plus)
    {
        final List<CompletableFuture<T>> parts = new ArrayList<>(partitions());
        for (int partition = 0; partition < partitions(); partition++)
        {
            parts.add(query(partition, function));
        }
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenApply(ignore ->
        {
            T sum = zero;
            for (final CompletableFuture<T> part : parts)
            {
                sum = plus.apply(sum, part.join());
            }
            return sum;
        });
    }

    private CompletableFuture<ResultCode> toAllIslands(final Consumer<Command> fill)
    {
        final Command probe = new Command();
        fill.accept(probe);
        if (null != probe.validate())
        {
            return CompletableFuture.completedFuture(ResultCode.INVALID_ARGUMENT);
        }
        return publisher.toAll(probe);
    }

    /**
     * Stops taking commands, lets every island finish what is in its ring, records each island's digest next to its
     * journal, and stops the island threads. Idempotent. When it is the last engine or {@link EventConsumer} open in
     * the process, Chronicle's background resource releaser stops too, so no thread the engine or Chronicle started
     * outlives it ({@code -Darchipelago.chronicle.keepThreads=true} keeps the releaser running for applications that
     * use Chronicle themselves; see the README, Embedding).
     */
    @Override
    public synchronized void close()
    {
        if (null != closeDigests)
        {
            return;
        }
        try
        {
            closeDigests = group.close();
        }
        finally
        {
            if (!unregistered)
            {
                unregistered = true;
                ChronicleThreads.release();
            }
        }
    }

    /**
     * How every island is doing, read now without going through the rings (so a failed or busy island answers too):
     * its lifecycle state, the cause of its failure, and the sequence it has journaled. A failed island answers its
     * callers with {@link ResultCode#ISLAND_FAILED}; the others go on.
     *
     * @return the engine's health.
     */
    public Health health()
    {
        return group.health();
    }

    /**
     * Takes a snapshot of every island now, each at a consistent point between two inputs (the request travels
     * through the island's ring). Islands also snapshot on their own by the configured policy.
     *
     * @return per island, the snapshot taken (or {@code null} for an island with nothing journaled).
     */
    public List<SnapshotInfo> snapshot()
    {
        return group.snapshot();
    }

    /**
     * Counters summed over every island (orders, transfers, units moved), taken on the island threads.
     *
     * @return the sums.
     */
    public LogicStatistics statistics()
    {
        return acrossIslands(logic -> logic.statistics().copy(), new LogicStatistics(), (sum, part) ->
        {
            sum.add(part);
            return sum;
        }).join();
    }

    /**
     * What the islands are busy with, summed over every island and taken on the island threads: orders waiting,
     * searches for units under way, and transfer counters.
     *
     * @return the sums.
     */
    public CompletableFuture<Activity> activity()
    {
        return acrossIslands(Archipelago::activityOf, Activity.NONE, Activity::plus);
    }

    private static Activity activityOf(final InventoryLogic logic)
    {
        final LogicStatistics s = logic.statistics();
        return new Activity(logic.pendingOrderCount(), logic.activeSearches(),
            s.ordersConfirmed() + s.ordersRejected() + s.ordersCancelled(), s.requestsSent(),
            s.grantsSent() + s.denialsSent(), s.grantsReceived() + s.denialsReceived(), s.requestTimeouts(),
            s.unitsSent(), s.unitsReceived());
    }

    /**
     * @return the digests recorded at close, or {@code null} while the engine runs.
     */
    public List<String> closeDigests()
    {
        return closeDigests;
    }
}
