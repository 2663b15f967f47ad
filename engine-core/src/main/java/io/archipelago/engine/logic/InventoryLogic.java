package io.archipelago.engine.logic;

import java.util.List;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.CommandType;
import io.archipelago.engine.codec.RecordDescriptor;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.OrderStatus;
import io.archipelago.engine.model.ProductView;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.TransferPolicy;
import io.archipelago.engine.model.TransferStrategy;
import io.archipelago.messaging.InboundLinks;
import io.archipelago.messaging.Outbox;

/**
 * One island's inventory state machine: input plus state gives new state plus outputs (replies, and link messages
 * appended to the island's {@link Outbox}). Pure and deterministic: no clock (the journaled timestamp is "now"), no
 * randomness, no I/O, no threads, and nothing that depends on hash-map iteration order shapes an output or the
 * digest. Single-threaded.
 * <p>
 * Order lifecycle: an order its island can cover is confirmed at once. Otherwise the island reserves what it has,
 * the order waits (pending, in arrival order per product), and the island asks other islands for the shortfall,
 * one request per product at a time, following its {@link TransferStrategy}. Grants add units and wake waiting
 * orders in order. When every other island has answered "none" and none may free units later, the product is sold
 * out here and waiting orders are rejected (releasing what they held, which may complete orders behind them); when
 * some island may free units later, the island asks again after a back-off. An order's deadline rejects it in any
 * case. An order for a product this island has not heard of waits for the product's creation until its deadline.
 * <p>
 * This class dispatches inputs and wires the state owners together: {@link IslandPolicy}, {@link ProductBook},
 * {@link OrderBook} (the order lifecycle), {@link TransferSearch} (with {@link LinkProxy} out and {@link LinkAdapter}
 * in), {@link TimerQueue} and {@link LogicStatistics}. Each owner writes, reads and hashes its own state; this class
 * only fixes the order in which they do.
 */
public final class InventoryLogic
{
    /** Most units a product may have created and restocked in total (2^60), checked identically on every island. */
    public static final long MAX_TOTAL_UNITS = 1L << 60;

    private final int island;
    private final int islands;
    private final IslandPolicy policy;
    private final LogicStatistics statistics = new LogicStatistics();
    private final TimerQueue timers = new TimerQueue();
    private final ScheduleBook schedules = new ScheduleBook();
    private final ProductBook products;
    final OrderBook orders;
    private final LinkProxy links;
    private final TransferSearch search;
    private final LinkAdapter linkAdapter;
    private long appliedCount;
    private long now;
    /** Not state: the time of the last tick applied since this object was built (0: none), for checkers. */
    private long lastTickTime;
    /** Not state: whether that tick fired as many users' timers as one tick may. */
    private boolean lastTickSaturated;
    /** Not state: the timer wheel's next sequence right after that tick (timers below it existed at the tick). */
    private long lastTickSequence;

    /**
     * An island with the default strategy only.
     *
     * @param island  this island's index.
     * @param islands how many islands there are.
     */
    public InventoryLogic(final int island, final int islands)
    {
        this(island, islands, TransferPolicy.DEFAULT.strategy());
    }

    /**
     * @param island     this island's index.
     * @param islands    how many islands there are.
     * @param configured a strategy the journal may switch to by name (besides the default).
     */
    public InventoryLogic(final int island, final int islands, final TransferStrategy configured)
    {
        if (islands < 1 || island < 0 || island >= islands)
        {
            throw new IllegalArgumentException("island " + island + " of " + islands);
        }
        this.island = island;
        this.islands = islands;
        this.policy = new IslandPolicy(island, configured);
        this.products = new ProductBook(island, islands);
        this.orders = new OrderBook(island, policy, products, timers, schedules.wheel(), statistics);
        this.links = new LinkProxy(island, islands);
        this.search = new TransferSearch(island, islands, policy, products, orders, timers, statistics, links);
        this.linkAdapter = new LinkAdapter(island, islands, search);
    }

    /**
     * @return this island's index.
     */
    public int island()
    {
        return island;
    }

    /**
     * @return how many islands share the stock.
     */
    public int islands()
    {
        return islands;
    }

    /**
     * @return the island's outgoing links (logical state: regenerated by replay).
     */
    public Outbox outbox()
    {
        return links.outbox();
    }

    /**
     * @return the island's per-source high-water marks.
     */
    public InboundLinks inbound()
    {
        return linkAdapter.inbound();
    }

    /**
     * @return the island's counters.
     */
    public LogicStatistics statistics()
    {
        return statistics;
    }

    /**
     * @param policy a policy.
     * @return true when the journal must record a policy change before this island runs with {@code policy}.
     */
    public boolean policyDiffers(final TransferPolicy policy)
    {
        return this.policy.differs(policy);
    }

    /**
     * @return the earliest journaled time at which a timer is due, or {@link Long#MAX_VALUE}.
     */
    public long nextDeadline()
    {
        return Math.min(timers.nextDeadline(), schedules.nextDue());
    }

    /**
     * Applies one client input (convenience for {@link #apply(Command, long, int, long, LogicOutput)}).
     *
     * @param command   the input.
     * @param timestamp its journaled time, epoch ms.
     * @param out       receives replies.
     */
    public void apply(final Command command, final long timestamp, final LogicOutput out)
    {
        apply(command, timestamp, RecordDescriptor.SOURCE_CLIENT, 0, out);
    }

    /**
     * Applies one journaled input.
     *
     * @param command        the input.
     * @param timestamp      its journaled time, epoch ms: the logic's "now".
     * @param source         {@link RecordDescriptor#SOURCE_CLIENT}, {@link RecordDescriptor#SOURCE_TIMER}, or the
     *                       sending island of a link message.
     * @param sourceSequence the link sequence of a link message.
     * @param out            receives replies.
     * @throws IllegalStateException for a link message that is not the next on its link, or a policy naming an
     *                               unknown strategy: the journal and this engine disagree.
     */
    public void apply(final Command command, final long timestamp, final int source, final long sourceSequence,
        final LogicOutput out)
    {
        applyInput(command, timestamp, source, sourceSequence, out);
    }

    /**
     * Reads, and changes nothing of, the state an input that is still to come will touch (an order's user and the
     * end of its decided orders), so that a caller looking ahead over several queued inputs has their cache misses
     * overlap instead of paying them one after another. No effect on any state or output.
     *
     * @param command an input queued after the one being applied.
     */
    public void prefetch(final Command command)
    {
        final CommandType type = command.type();
        if (type == CommandType.PLACE_ORDER || type == CommandType.PLACE_HOLD)
        {
            orders.prefetch(command);
        }
    }

    private void applyInput(final Command command, final long timestamp, final int source, final long sourceSequence,
        final LogicOutput out)
    {
        appliedCount++;
        this.now = timestamp;
        orders.begin(timestamp, out);
        try
        {
            final String invalid = command.validate();
            if (null != invalid)
            {
                if (null != command.type() && command.type().isLinkMessage())
                {
                    throw new IllegalStateException("island " + island + ": invalid link message from " + source +
                        "#" + sourceSequence + ": " + invalid);
                }
                out.reply(ResultCode.INVALID_ARGUMENT);
                return;
            }
            final CommandType type = command.type();
            final boolean touchesStock = switch (type)
            {
                case CREATE_PRODUCT ->
                {
                    onCreateProduct(command, out);
                    yield true;
                }
                case RESTOCK ->
                {
                    products.restock(command.productId(), command.units(), out);
                    yield true;
                }
                case PLACE_ORDER, PLACE_HOLD ->
                {
                    orders.onPlaceOrder(command);
                    yield true;
                }
                case CONFIRM_HOLD ->
                {
                    orders.onConfirmHold(command.login(), command.orderId());
                    yield true;
                }
                case RELEASE_HOLD ->
                {
                    orders.onReleaseHold(command.login(), command.orderId());
                    yield true;
                }
                case SCHEDULE ->
                {
                    schedules.onSchedule(command, timestamp, out);
                    yield false;
                }
                case CANCEL_SCHEDULE ->
                {
                    schedules.onCancelSchedule(command.login(), command.orderId(), out);
                    yield false;
                }
                case CANCEL_ORDER ->
                {
                    orders.onCancelOrder(command.login(), command.orderId());
                    yield true;
                }
                case TICK ->
                {
                    onTick();
                    yield true;
                }
                case TRANSFER_REQUEST, TRANSFER_GRANT, TRANSFER_DENIAL ->
                {
                    linkAdapter.onMessage(source, sourceSequence, command);
                    yield true;
                }
                case SET_POLICY ->
                {
                    policy.onSetPolicy(command);
                    yield false;
                }
            };
            if (touchesStock)
            {
                pursueDirty();
            }
        }
        finally
        {
            orders.end();
        }
    }

    private void onCreateProduct(final Command command, final LogicOutput out)
    {
        final Product created = products.create(command.productId(), command.units(), out);
        if (null != created)
        {
            orders.onProductCreated(created);
        }
    }

    private void onTick()
    {
        Timer timer;
        while (null != (timer = timers.pollDue(now)))
        {
            switch (timer.kind)
            {
                case Timer.ORDER_DEADLINE -> orders.onDeadline(timer.order);
                case Timer.REQUEST_TIMEOUT -> search.onRequestTimeout(timer.productId, timer.requestId);
                case Timer.SEARCH_RETRY -> search.onRetry(timer.productId);
                default -> throw new IllegalStateException("unknown timer kind " + timer.kind);
            }
        }
        lastTickTime = now;
        lastTickSaturated = schedules.fireDue(now, orders.out(), orders) == ScheduleBook.FIRE_LIMIT;
        lastTickSequence = schedules.wheel().nextSequence();
    }

    /**
     * The rule behind "no hold outlives its expiry, no timer is left behind": a tick fires every timer due by its
     * time (up to the per-tick limit), so after the last tick this state applied, no timer that existed then may
     * still be due by that tick's time. Timers added after the tick (due at once, or a hold covered late) are left
     * to the next tick.
     *
     * @return a timer or hold expiry that the last tick should have fired, described, or {@code null} when none (or
     *         when no tick was applied since this state was built, or the last tick fired as many as one tick may).
     */
    public String overdueTimer()
    {
        if (lastTickTime == 0 || lastTickSaturated || schedules.nextDue() > lastTickTime)
        {
            return null;
        }
        final String[] found = new String[1];
        schedules.wheel().forEachInOrder(timer ->
        {
            if (null == found[0] && timer.due <= lastTickTime && timer.sequence < lastTickSequence)
            {
                found[0] = (timer.kind == WheelTimer.HOLD_EXPIRY ? "hold " : "timer ") + timer.login + "#" +
                    timer.key + " due at " + timer.due + " still pending after the tick at " + lastTickTime;
            }
        });
        return found[0];
    }

    /**
     * @return the island's timers and hold expiries (for tests that break the rules on purpose).
     */
    TimerWheel wheel()
    {
        return schedules.wheel();
    }

    /**
     * @return the journaled time of the last tick this state applied since it was built or read, 0 when none (not
     *         part of the state: for checkers).
     */
    public long lastTickTime()
    {
        return lastTickTime;
    }

    /**
     * @return true when the last tick fired as many users' timers and hold expiries as one tick may, so more may
     *         still be due (not part of the state).
     */
    public boolean lastTickSaturated()
    {
        return lastTickSaturated;
    }

    /**
     * Serves and moves the search of every product the input touched, in the order they were touched; products
     * touched meanwhile join the end of the pass.
     */
    private void pursueDirty()
    {
        final ArrayList<Product> dirty = products.dirty();
        for (int i = 0; i < dirty.size(); i++)
        {
            final Product product = dirty.get(i);
            product.dirty = false;
            if (product.soldFell)
            {
                product.soldFell = false;
                search.tellSoldFell(product);
            }
            orders.serve(product);
            search.pursue(product, now);
        }
        products.clearDirty();
    }

    /**
     * @param productId a product.
     * @return this island's allocation of it, or {@code null}.
     */
    public Product product(final long productId)
    {
        return products.get(productId);
    }

    /**
     * A waiting order is the island's own object, which follows the order until it is decided; a decided order is
     * a new copy of its archived record (allocates), which later changes (cancelling a confirmed order) do not
     * update.
     *
     * @param login   a user.
     * @param orderId the user's order id.
     * @return the order, or {@code null}.
     */
    public Order order(final String login, final long orderId)
    {
        return orders.order(login, orderId);
    }

    /**
     * @param login   a user.
     * @param orderId the user's order id.
     * @return the order's state, {@link OrderState#UNKNOWN} when there is no such order (allocates nothing).
     */
    public OrderState orderState(final String login, final long orderId)
    {
        return orders.orderState(login, orderId);
    }

    /**
     * @param productId a product.
     * @return this island's view of the product ({@code inFlight} is units granted by this island minus units it
     *         received, so the sum over all islands is the units in flight).
     */
    public ProductView productView(final long productId)
    {
        final Product product = products.get(productId);
        if (null == product)
        {
            return ProductView.unknown(productId);
        }
        return new ProductView(productId, true, 1, product.received, product.available, product.reserved,
            product.sold, product.transferredOut - product.transferredIn, product.held);
    }

    /**
     * @param login   a user.
     * @param orderId the user's order id.
     * @return the order's status ({@link OrderState#UNKNOWN} when there is no such order).
     */
    public OrderStatus orderStatus(final String login, final long orderId)
    {
        return orders.orderStatus(login, orderId);
    }

    /** Length of the last snapshot written of this state (not state: sizes the next one's buffer). */
    private int lastSnapshotBytes;

    int lastSnapshotBytes()
    {
        return lastSnapshotBytes;
    }

    void lastSnapshotBytes(final int bytes)
    {
        lastSnapshotBytes = bytes;
    }

    /**
     * @param login a user.
     * @return every order and hold of the user at this island, in order-id order.
     */
    public List<OrderStatus> ordersOf(final String login)
    {
        return orders.ordersOf(login);
    }

    /**
     * @return number of products this island knows.
     */
    public int productCount()
    {
        return products.size();
    }

    /**
     * @return number of orders this island holds, in any state.
     */
    public long orderCount()
    {
        return orders.orderCount();
    }

    /**
     * @return number of orders waiting for units or a product.
     */
    public long pendingOrderCount()
    {
        return orders.pendingOrderCount();
    }

    /**
     * @return products for which this island has a request unanswered or a retry scheduled.
     */
    public int activeSearches()
    {
        return products.activeSearches();
    }

    /**
     * @return number of inputs applied since this state was built.
     */
    public long appliedCount()
    {
        return appliedCount;
    }

    /**
     * @return live timers of the island's own (order deadlines, transfer timeouts and retries).
     */
    public int timerCount()
    {
        return timers.size();
    }

    /**
     * @return holds covered and held (waiting for their confirm, release or expiry).
     */
    public long heldHoldCount()
    {
        return orders.heldHoldCount();
    }

    /**
     * @return users' timers still to fire.
     */
    public int scheduledCount()
    {
        return schedules.scheduledCount();
    }

    /**
     * @return the earliest due time of a user's timer or a hold's expiry, or {@link Long#MAX_VALUE} when none.
     */
    public long nextScheduledDue()
    {
        return schedules.nextDue();
    }

    /**
     * @param login a user.
     * @param key   the user's timer key.
     * @return the pending timer's due time (epoch ms), or -1 when there is none.
     */
    public long scheduledDue(final String login, final long key)
    {
        return schedules.dueOf(login, key);
    }

    /**
     * Visits every pending user timer and hold expiry in firing order (allocates; for tools).
     *
     * @param action receives (login, key or hold id, due time, payload; {@code null} for a hold's expiry).
     */
    public void forEachScheduled(final ScheduledVisitor action)
    {
        schedules.forEachTimer(timer -> action.visit(timer.login, timer.key, timer.due, timer.payload));
    }

    /**
     * What {@link #forEachScheduled} hands each timer to.
     */
    @FunctionalInterface
    public interface ScheduledVisitor
    {
        /**
         * @param login   the user.
         * @param key     the timer's key, or the hold's id.
         * @param due     when it fires, epoch ms.
         * @param payload the timer's payload; {@code null} for a hold's expiry.
         */
        void visit(String login, long key, long due, byte[] payload);
    }

    /**
     * @return the ids of every product this island knows, ascending.
     */
    public long[] productIdsSorted()
    {
        return products.idsSorted();
    }

    /**
     * @return every user with at least one order, in {@link String#compareTo} order.
     */
    public String[] loginsSorted()
    {
        return orders.loginsSorted();
    }

    /**
     * @param login a user.
     * @return the user's order ids, ascending (empty when none).
     */
    public long[] orderIdsSorted(final String login)
    {
        return orders.orderIdsSorted(login);
    }

    /**
     * @return decided orders held in the island's archive rather than as objects.
     */
    public long archivedOrderCount()
    {
        return orders.archivedOrderCount();
    }

    /**
     * A hash of the canonical logical state: policy, products (allocations, waiting orders, search), orders, timers,
     * link sequences and high-water marks, in sorted or arrival order. Equal digests mean equal states. How far the
     * outbox is trimmed depends on timing and is left out. Walks the whole state; not for the hot path.
     *
     * @return 32 hex digits.
     */
    public String digest()
    {
        final Hasher hasher = new BufferedHasher(Hashing.murmur3_128(0x4172_6368).newHasher());
        hasher.putInt(island).putInt(islands);
        policy.hashInto(hasher);
        hasher.putLong(search.nextRequestId()).putLong(timers.nextId());
        products.hashInto(hasher);
        orders.hashInto(hasher);
        timers.hashInto(hasher);
        schedules.hashInto(hasher);
        for (int peer = 0; peer < islands; peer++)
        {
            hasher.putLong(linkAdapter.highWaterMark(peer));
            if (peer != island)
            {
                hasher.putLong(links.nextSequence(peer));
            }
        }
        return hasher.hash().toString();
    }

    /**
     * Writes the state after the island and island count, in the order {@link LogicSnapshot} documents.
     */
    void writeTo(final DataOutput out) throws IOException
    {
        policy.writeTo(out);
        search.writeCounterTo(out);
        orders.writeCountersTo(out);
        out.writeLong(appliedCount);
        statistics.writeTo(out);
        linkAdapter.writeTo(out);
        links.writeTo(out);
        orders.writeTo(out);
        products.writeTo(out);
        orders.writeAwaitingCreationTo(out);
        timers.writeTo(out);
        schedules.writeTo(out);
    }

    /**
     * Reads what {@link #writeTo} wrote into this new state.
     */
    void readFrom(final DataInput in, final int version) throws IOException
    {
        policy.readFrom(in);
        search.readCounterFrom(in);
        orders.readCountersFrom(in);
        appliedCount = in.readLong();
        statistics.readFrom(in, version);
        linkAdapter.readFrom(in);
        links.readFrom(in);
        orders.readFrom(in, version);
        products.readFrom(in, orders, version);
        orders.readAwaitingCreationFrom(in);
        timers.readFrom(in, orders, products);
        if (version >= 4)
        {
            schedules.readFrom(in, orders);
        }
    }
}
