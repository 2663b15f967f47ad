package io.archipelago.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
import io.archipelago.engine.model.HistoryEntry;
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
 * follow-up work is more than bookkeeping.
 * <p>
 * Bad arguments follow one rule across the API:
 * <ul>
 *     <li><b>Commands</b>, the methods answering a {@link ResultCode} (create, restock, place, cancel, hold, confirm,
 *     release, schedule, cancel a timer, and the {@code submit...} paths), never throw for their arguments. A login
 *     that is not valid (null, empty, longer than {@link Command#MAX_LOGIN_BYTES} UTF-8 bytes, or not well-formed
 *     UTF-16), a null or empty set of lines or more than {@link Command#MAX_LINES}, a null line, a quantity or unit
 *     count below 1, a negative timeout, a null duration, instant, payload or listener and the like are answered
 *     {@link ResultCode#INVALID_ARGUMENT} at once: the future is already complete (a {@code submit...} path returns
 *     it and never calls its listener), nothing is journaled and nothing changes.</li>
 *     <li><b>Queries</b> ({@link #orderStatus}, {@link #productView(int, long)}, {@link #scheduledDue}) and
 *     {@link #partitionOf} throw {@link IllegalArgumentException} at the call, its message naming the argument and
 *     the rule; {@link #open} throws {@link NullPointerException} for a null configuration.</li>
 *     <li><b>Ids</b> (product, order, hold and timer ids) are the caller's 64-bit names: any value, zero and negative
 *     ones included, is valid. An id nobody used is not an error: {@link ResultCode#UNKNOWN_ORDER},
 *     {@link ResultCode#UNKNOWN_PRODUCT}, {@link ResultCode#UNKNOWN_SCHEDULE}, {@code OrderState.UNKNOWN}, an unknown
 *     {@link ProductView} or -1.</li>
 *     <li>What the engine's state decides is never an argument error: a command gets
 *     {@link ResultCode#OVERLOADED} (its ring stayed full for the submit timeout), {@link ResultCode#CLOSED},
 *     {@link ResultCode#ISLAND_FAILED} or {@link ResultCode#STORAGE_FULL}; a query's future completes exceptionally
 *     with an {@link IllegalStateException} saying why ("engine is closed", the island's failure, overloaded).</li>
 * </ul>
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
     * @throws IllegalArgumentException naming the rule when the login is not valid (null, empty, longer than
     *                                  {@link Command#MAX_LOGIN_BYTES} UTF-8 bytes, or not well-formed UTF-16).
     */
    public int partitionOf(final String login)
    {
        requireValidLogin(login);
        return router.partitionOf(login);
    }

    private static void requireValidLogin(final String login)
    {
        final String invalid = Command.validateLogin(login);
        if (null != invalid)
        {
            throw new IllegalArgumentException(invalid);
        }
    }

    private void requireIsland(final int partition)
    {
        if (partition < 0 || partition >= partitions())
        {
            throw new IllegalArgumentException("partition " + partition + " is not an island: the engine has " +
                partitions() + " islands (0.." + (partitions() - 1) + ")");
        }
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
     * @param productId the product (any id).
     * @param units     total units, 1 to {@link Command#MAX_UNITS}.
     * @return {@link ResultCode#CREATED}, {@link ResultCode#ALREADY_EXISTS}, or {@link ResultCode#INVALID_ARGUMENT}
     *         for units out of range (nothing changed).
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
     * @param productId the product (any id).
     * @param units     total units, 1 to {@link Command#MAX_UNITS}.
     * @return {@link ResultCode#RESTOCKED}, {@link ResultCode#UNKNOWN_PRODUCT}, or
     *         {@link ResultCode#INVALID_ARGUMENT} for units out of range (nothing changed).
     */
    public CompletableFuture<ResultCode> restock(final long productId, final long units)
    {
        return toAllIslands(command -> command.restock(productId, units));
    }

    /**
     * Places an order at the user's island. All or nothing: confirmed with every line's units deducted, or rejected
     * with nothing held. An order the island cannot cover at once waits (pending) up to the transfer policy's order
     * timeout for units from other islands, or for a product whose creation has not reached the island yet.
     *
     * @param login   the user.
     * @param orderId the user's order id, unique per user (any id).
     * @param lines   one to {@link Command#MAX_LINES} lines, each of a positive quantity.
     * @return {@link ResultCode#CONFIRMED}; or why not: {@link ResultCode#OUT_OF_STOCK} (no island can supply the
     *         shortfall), {@link ResultCode#DEADLINE_PASSED} (its timeout passed while it waited for units),
     *         {@link ResultCode#UNKNOWN_PRODUCT} (a product no island had created by then),
     *         {@link ResultCode#DUPLICATE_ORDER}, {@link ResultCode#CANCELLED} (cancelled while it waited),
     *         {@link ResultCode#PENDING_AT_CLOSE}, {@link ResultCode#INVALID_ARGUMENT} (nothing changed), or the
     *         engine-state refusals listed on the class.
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
     * @param orderId the user's order id, unique per user (any id).
     * @param timeout how long the order may wait, at most {@link Integer#MAX_VALUE} ms; zero for the transfer
     *                policy's default ({@link TransferPolicy#orderTimeoutMillis()}); negative or null is
     *                {@link ResultCode#INVALID_ARGUMENT}. When it passes while the order still waits for units, the
     *                order is rejected with {@link ResultCode#DEADLINE_PASSED} (not {@code OUT_OF_STOCK}), or with
     *                {@link ResultCode#UNKNOWN_PRODUCT} when it waited for a product's creation.
     * @param lines   one to {@link Command#MAX_LINES} lines, each of a positive quantity.
     * @return as {@link #placeOrder(String, long, OrderLine...)}.
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
     * As {@link #placeOrder(String, long, OrderLine...)}, with the lines in a list.
     *
     * @param login   the user.
     * @param orderId the user's order id, unique per user (any id).
     * @param lines   one to {@link Command#MAX_LINES} lines, each of a positive quantity.
     * @return as {@link #placeOrder(String, long, OrderLine...)}.
     */
    public CompletableFuture<ResultCode> placeOrder(final String login, final long orderId,
        final List<OrderLine> lines)
    {
        return placeOrder(login, orderId, null == lines ? null : lines.toArray(new OrderLine[0]));
    }

    /**
     * Cancels an order (or a hold) at the user's island; what that does depends on where the order is:
     * <ul>
     *     <li>{@code PENDING} (waiting for units or for a product's creation): it stops waiting, every unit it had
     *     reserved is released to the island's free units (where waiting orders behind it may take them), and the
     *     caller still waiting on its {@code placeOrder} (or {@code hold}) is answered {@link ResultCode#CANCELLED}.
     *     Units already asked of other islands still arrive and stay on this island as free units.</li>
     *     <li>{@code CONFIRMED} (a plain order, or a hold confirmed by {@link #confirmHold}): its units are no
     *     longer sold; they go back to the island's free units.</li>
     *     <li>{@code HELD} (a covered hold): its held units go back and its expiry is dropped, as
     *     {@link #releaseHold} does, but the hold ends {@code CANCELLED} rather than {@code RELEASED}.</li>
     * </ul>
     * In each of these the order ends {@code CANCELLED}, the answer is {@link ResultCode#CANCELLED} and an
     * {@code ORDER_CANCELLED} event goes out. An order already in a terminal state ({@code REJECTED},
     * {@code CANCELLED}, {@code RELEASED}, {@code EXPIRED}) gets {@link ResultCode#ORDER_ALREADY_TERMINAL} and an id the
     * user never used gets {@link ResultCode#UNKNOWN_ORDER}; both change nothing.
     *
     * @param login   the user.
     * @param orderId the user's order id (any id).
     * @return {@link ResultCode#CANCELLED}, {@link ResultCode#ORDER_ALREADY_TERMINAL}, {@link ResultCode#UNKNOWN_ORDER},
     *         {@link ResultCode#INVALID_ARGUMENT} for a login that is not valid, or the engine-state refusals listed
     *         on the class.
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
     * @param orderId       the user's order id (any id).
     * @param productIds    line products (the first {@code lineCount} are used; the array may be reused at once).
     * @param quantities    line quantities, each positive.
     * @param lineCount     number of lines, 1 to {@link Command#MAX_LINES} and at most either array's length.
     * @param listener      receives the outcome (the results of {@link #placeOrder(String, long, OrderLine...)}).
     * @param correlationId passed back to the listener.
     * @return {@link ResultCode#ACCEPTED} when the listener will be called; otherwise the refusal and the listener is
     *         not called: {@link ResultCode#INVALID_ARGUMENT} (a login that is not valid, a null array or listener, a
     *         line count out of range, a quantity below 1), {@link ResultCode#OVERLOADED}, {@link ResultCode#CLOSED},
     *         {@link ResultCode#ISLAND_FAILED} or {@link ResultCode#STORAGE_FULL}.
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
     * @param orderId       the user's order id (any id).
     * @param productIds    line products.
     * @param quantities    line quantities, each positive.
     * @param lineCount     number of lines.
     * @param timeoutMillis how long the order may wait, ms; 0 for the policy's default; negative is
     *                      {@link ResultCode#INVALID_ARGUMENT}.
     * @param listener      receives the outcome.
     * @param correlationId passed back to the listener.
     * @return {@link ResultCode#ACCEPTED} or the refusal, as the variant without a timeout.
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
     * The allocation-free cancel path; see {@link #submitPlaceOrder} and, for what cancelling does,
     * {@link #cancelOrder}.
     *
     * @param login         the user.
     * @param orderId       the user's order id (any id).
     * @param listener      receives the outcome (the results of {@link #cancelOrder}).
     * @param correlationId passed back to the listener.
     * @return {@link ResultCode#ACCEPTED}, or the refusal and the listener is not called:
     *         {@link ResultCode#INVALID_ARGUMENT} (a login that is not valid, a null listener),
     *         {@link ResultCode#OVERLOADED}, {@link ResultCode#CLOSED}, {@link ResultCode#ISLAND_FAILED} or
     *         {@link ResultCode#STORAGE_FULL}.
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
     * @param holdId  the user's id for the hold (an order id; any id).
     * @param holdFor how long after placement the units stay held, 1 ms to 366 days; outside that, or null, is
     *                {@link ResultCode#INVALID_ARGUMENT}.
     * @param lines   one to {@link Command#MAX_LINES} lines, each of a positive quantity.
     * @return {@link ResultCode#HELD}, or why not ({@link ResultCode#OUT_OF_STOCK},
     *         {@link ResultCode#DEADLINE_PASSED}, {@link ResultCode#UNKNOWN_PRODUCT},
     *         {@link ResultCode#DUPLICATE_ORDER}, {@link ResultCode#CANCELLED} or {@link ResultCode#RELEASED} when
     *         given up while it waited for units, {@link ResultCode#INVALID_ARGUMENT}, or the engine-state refusals
     *         listed on the class).
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
     * @param holdId  the user's id for the hold (any id).
     * @param holdFor how long after placement the units stay held, 1 ms to 366 days.
     * @param timeout how long it may wait for units, at most {@link Integer#MAX_VALUE} ms; zero for the policy's
     *                default; negative or null is {@link ResultCode#INVALID_ARGUMENT}.
     * @param lines   one to {@link Command#MAX_LINES} lines, each of a positive quantity.
     * @return as {@link #hold(String, long, Duration, OrderLine...)}.
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
     * @param holdId the hold (any id).
     * @return {@link ResultCode#CONFIRMED}; {@link ResultCode#HOLD_EXPIRED} when it expired first;
     *         {@link ResultCode#NOT_HELD} for a hold still waiting for units or a plain order;
     *         {@link ResultCode#ORDER_ALREADY_TERMINAL} when it was already confirmed, released or rejected;
     *         {@link ResultCode#UNKNOWN_ORDER}; {@link ResultCode#INVALID_ARGUMENT} for a login that is not valid.
     *         Nothing changes unless the result is {@code CONFIRMED}.
     */
    public CompletableFuture<ResultCode> confirmHold(final String login, final long holdId)
    {
        return toUserIsland(login, command -> filled(command.confirmHold(login, holdId)));
    }

    /**
     * Gives a hold up, held or still waiting for units: its units go back to the island.
     *
     * @param login  the user.
     * @param holdId the hold (any id).
     * @return {@link ResultCode#RELEASED}; {@link ResultCode#HOLD_EXPIRED}, {@link ResultCode#NOT_HELD} (a plain
     *         order), {@link ResultCode#ORDER_ALREADY_TERMINAL}, {@link ResultCode#UNKNOWN_ORDER} or
     *         {@link ResultCode#INVALID_ARGUMENT} (a login that is not valid), nothing changed.
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
     * @param key     the user's key for the timer (any key).
     * @param dueAt   when it fires, not before the epoch; at most 366 days after the time the island journals the
     *                command.
     * @param payload up to {@link Command#MAX_PAYLOAD_BYTES} bytes handed back when it fires (copied; empty is fine,
     *                null is not).
     * @return {@link ResultCode#SCHEDULED}, or {@link ResultCode#INVALID_ARGUMENT} (a login that is not valid, a null
     *         or out-of-range due time, a null or too long payload; nothing changed).
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
     * @param key     the user's key for the timer (any key).
     * @param after   0 to 366 days.
     * @param payload up to {@link Command#MAX_PAYLOAD_BYTES} bytes (not null).
     * @return {@link ResultCode#SCHEDULED}, or {@link ResultCode#INVALID_ARGUMENT} (a login that is not valid, a null,
     *         negative or too long delay, a null or too long payload; nothing changed).
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
     * @param key   the timer's key (any key).
     * @return {@link ResultCode#SCHEDULE_CANCELLED}, {@link ResultCode#UNKNOWN_SCHEDULE} when nothing is pending
     *         under the key (never scheduled, already fired or cancelled), or {@link ResultCode#INVALID_ARGUMENT} for
     *         a login that is not valid.
     */
    public CompletableFuture<ResultCode> cancelSchedule(final String login, final long key)
    {
        return toUserIsland(login, command -> filled(command.cancelSchedule(login, key)));
    }

    /**
     * @param login a user.
     * @param key   the user's timer key (any key).
     * @return when the user's pending timer fires (epoch ms), or -1 when none is pending under the key.
     * @throws IllegalArgumentException naming the rule when the login is not valid.
     */
    public CompletableFuture<Long> scheduledDue(final String login, final long key)
    {
        requireValidLogin(login);
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
     * @param orderId the user's order id (any id).
     * @return the order's status at the user's island (not journaled); {@code OrderState.UNKNOWN} for an id the user
     *         never used.
     * @throws IllegalArgumentException naming the rule when the login is not valid (null, empty, too long, or not
     *                                  well-formed).
     */
    public CompletableFuture<OrderStatus> orderStatus(final String login, final long orderId)
    {
        requireValidLogin(login);
        return query(router.partitionOf(login), logic -> logic.orderStatus(login, orderId));
    }

    /**
     * Every order and hold of a user, in order-id order, with its state now, read at the user's island (not
     * journaled).
     *
     * @param login the user.
     * @return the user's orders (empty for a user the island never saw).
     * @throws IllegalArgumentException naming the rule when the login is not valid.
     */
    public CompletableFuture<List<OrderStatus>> ordersOf(final String login)
    {
        requireValidLogin(login);
        return query(router.partitionOf(login), logic -> logic.ordersOf(login));
    }

    /**
     * A user's stream: every input the user submitted and every decision the user's island made about the user's
     * orders, holds and timers (the same events consumer groups receive), in island-sequence order, as of now. Read
     * from the user's island only, through its user index (kept beside the journal, derived from the journal and the
     * event log, and checked against them as it is read), so it costs in proportion to the user's records, not the
     * island's. Runs on the calling thread and reads files; the island goes on meanwhile.
     *
     * @param login the user.
     * @return the user's stream (empty for a user the island never saw).
     * @throws IllegalArgumentException when the login is not valid.
     * @throws IllegalStateException    when the engine runs without a data directory, is closed, or the user's island
     *                                  failed.
     */
    public List<HistoryEntry> history(final String login)
    {
        return history(login, 1);
    }

    /**
     * A user's stream from an island sequence on ({@link HistoryEntry#sequence()}): pass the last sequence seen plus
     * one to read only what came since.
     *
     * @param login        the user.
     * @param fromSequence the first island sequence wanted (at least 1).
     * @return the user's inputs and decisions with that sequence or later.
     * @throws IllegalArgumentException when the login is not valid or {@code fromSequence} is below 1.
     * @throws IllegalStateException    when the engine runs without a data directory, is closed, or the user's island
     *                                  failed.
     * @see #history(String)
     */
    public List<HistoryEntry> history(final String login, final long fromSequence)
    {
        requireValidLogin(login);
        if (fromSequence < 1)
        {
            throw new IllegalArgumentException("fromSequence must be at least 1, was " + fromSequence);
        }
        final int partition = router.partitionOf(login);
        final CompletableFuture<Long> through = new CompletableFuture<>();
        final String refused = publisher.query(partition, (logic, sequence) -> through.complete(sequence), through);
        if (null != refused)
        {
            throw new IllegalStateException(refused);
        }
        return group.history(partition, login, fromSequence, through.join());
    }

    /**
     * The product's stock summed over every island. Each island's part is taken on its own thread between two inputs
     * and satisfies {@code available + reserved + held + sold + inFlight == created} exactly, so the sum does too;
     * the parts are not one cut across islands, so while units move between islands {@code inFlight} may be off by
     * what moved between the reads (even below zero for an instant). Once no transfer is under way, {@code inFlight}
     * is 0 and {@code available + reserved + held + sold == created}.
     *
     * @param productId a product (any id).
     * @return the sum (not journaled); {@link ProductView#known()} is false when no island knows the product.
     */
    public CompletableFuture<ProductView> productView(final long productId)
    {
        return acrossIslands(logic -> logic.productView(productId), ProductView.unknown(productId),
            ProductView::plus);
    }

    /**
     * One island's own view of a product: its share and where its units are now (see {@link ProductView} for what
     * each field means on one island; {@code inFlight} is negative on an island that received more units than it
     * gave, and {@code available} may exceed {@code created}).
     *
     * @param partition an island, 0 to {@link #partitions()} - 1.
     * @param productId a product (any id).
     * @return that island's view, taken on its thread between two inputs (not journaled).
     * @throws IllegalArgumentException when the engine has no such island.
     */
    public CompletableFuture<ProductView> productView(final int partition, final long productId)
    {
        requireIsland(partition);
        return query(partition, logic -> logic.productView(productId));
    }

    /**
     * Each island's state digest, taken on its thread between inputs; once closed, the digests recorded at close.
     *
     * @return one digest per island, by partition.
     * @throws IllegalStateException when an island failed, or its ring stayed full for the submit timeout.
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
            digests.add(await(future));
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
     * @throws IllegalStateException when the engine is closed, an island failed, or its ring stayed full for the
     *                               submit timeout.
     */
    public List<SnapshotInfo> snapshot()
    {
        try
        {
            return group.snapshot();
        }
        catch (final CompletionException ex)
        {
            throw unwrapped(ex);
        }
    }

    /**
     * Counters summed over every island (orders, transfers, units moved), taken on the island threads.
     *
     * @return the sums.
     * @throws IllegalStateException when the engine is closed, an island failed, or its ring stayed full for the
     *                               submit timeout.
     */
    public LogicStatistics statistics()
    {
        return await(acrossIslands(logic -> logic.statistics().copy(), new LogicStatistics(), (sum, part) ->
        {
            sum.add(part);
            return sum;
        }));
    }

    /**
     * Waits for a query of a method that answers at once: a refusal (closed, failed, overloaded) is thrown as the
     * {@link IllegalStateException} it is, with the caller's stack.
     */
    private static <T> T await(final CompletableFuture<T> future)
    {
        try
        {
            return future.join();
        }
        catch (final CompletionException ex)
        {
            throw unwrapped(ex);
        }
    }

    private static RuntimeException unwrapped(final CompletionException ex)
    {
        return ex.getCause() instanceof IllegalStateException refused ?
            new IllegalStateException(refused.getMessage(), refused) : ex;
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
