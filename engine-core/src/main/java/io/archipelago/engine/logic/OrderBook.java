package io.archipelago.engine.logic;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import com.google.common.hash.Hasher;
import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.CommandType;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.EventType;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.OrderStatus;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.TransferPolicy;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * The order lifecycle of one island and the orders it holds: place (confirmed at once, or waiting for units or for a
 * product's creation), serve waiting orders from free units, confirm, reject or cancel (releasing what they held),
 * and the per-user order maps with the archive of decided orders.
 * <pre>
 *   place --covered--> CONFIRMED (archived at once, no object)
 *     \--short or unknown product--> PENDING --units arrive--> CONFIRMED
 *                                      |--deadline or sold out--> REJECTED
 *                                      \--cancel--> CANCELLED
 *   CONFIRMED --cancel--> CANCELLED (units go back)
 * </pre>
 * A hold takes the same path until it is covered, then its units are held instead of sold:
 * <pre>
 *   place hold --covered (at once or later)--> HELD --confirm--> CONFIRMED (units sold)
 *                                                |--release or cancel--> RELEASED / CANCELLED (units go back)
 *                                                \--expiry (journaled time)--> EXPIRED (units go back)
 *   a hold still PENDING: rejected as orders are (its cover deadline is the earlier of its timeout and its expiry),
 *   or released
 * </pre>
 */
final class OrderBook
{
    private final int island;
    private final IslandPolicy policy;
    private final ProductBook products;
    private final TimerQueue timers;
    private final TimerWheel wheel;
    private final LogicStatistics statistics;
    final UserTable byUser = new UserTable();
    /** What {@link #prefetch} read, kept so the reads are not dropped as dead code; not state. */
    private long prefetched;
    final OrderArchive archive = new OrderArchive();
    /** Orders waiting for a product's creation, by raw product id, in arrival order (stale entries are skipped). */
    private final Long2ObjectHashMap<ArrayDeque<Order>> awaitingCreation = new Long2ObjectHashMap<>();
    private long orderCount;
    private long pendingOrders;
    /** Holds covered and held (derived: counted again when a snapshot is read). */
    private long heldHolds;
    private long now;
    private LogicOutput out = LogicOutput.DISCARD;
    private Order placing;
    /** Set while an order's deadline rejects it, so its event says it expired. */
    private boolean expiring;

    OrderBook(final int island, final IslandPolicy policy, final ProductBook products, final TimerQueue timers,
        final TimerWheel wheel, final LogicStatistics statistics)
    {
        this.wheel = wheel;
        this.island = island;
        this.policy = policy;
        this.products = products;
        this.timers = timers;
        this.statistics = statistics;
    }

    /**
     * Starts an input: its journaled time and where its replies go.
     */
    void begin(final long timestamp, final LogicOutput out)
    {
        this.now = timestamp;
        this.out = out;
    }

    /**
     * Ends an input: no order is being placed and replies are dropped until the next input.
     */
    /**
     * @return where the input being applied puts replies and events.
     */
    LogicOutput out()
    {
        return out;
    }

    void end()
    {
        this.placing = null;
        this.out = LogicOutput.DISCARD;
    }

    /**
     * An order the island's free units cover goes straight into the archive, confirmed, without an {@link Order}
     * object; any other becomes a waiting {@link Order} until it is decided.
     */
    void onPlaceOrder(final Command command)
    {
        final long key = MapKey.of(command.orderId());
        UserOrders user = byUser.get(command.loginBytes(), command.loginLength());
        if (null != user && user.holds(command.orderId(), key))
        {
            out.reply(ResultCode.DUPLICATE_ORDER);
            return;
        }
        if (null == user)
        {
            user = new UserOrders(command.login(), Arrays.copyOf(command.loginBytes(), command.loginLength()));
            byUser.put(user);
        }
        user.placed(command.orderId());

        final long timeout = command.timeoutMillis() > 0 ? command.timeoutMillis() :
            TransferPolicy.DEFAULT.orderTimeoutMillis();
        final boolean hold = command.type() == CommandType.PLACE_HOLD;
        orderCount++;
        statistics.ordersPlaced++;
        if (!hold && coveredAtOnce(command))
        {
            confirmAtOnce(user, key, command, now + timeout);
            return;
        }
        if (uncoverable(command))
        {
            rejectAtOnce(user, key, command, now + timeout);
            return;
        }

        final int lines = command.lineCount();
        final long[] productIds = new long[lines];
        final int[] quantities = new int[lines];
        for (int i = 0; i < lines; i++)
        {
            productIds[i] = command.lineProductId(i);
            quantities[i] = command.lineQuantity(i);
        }
        final long expiresAt = hold ? now + command.holdForMillis() : 0;
        final Order order = new Order(user.login, command.orderId(), productIds, quantities, now,
            hold ? Math.min(now + timeout, expiresAt) : now + timeout);
        order.expiresAt = expiresAt;
        order.state = OrderState.PENDING;
        order.loginBytes = user.loginBytes;
        user.waiting().put(key, order);
        placing = order;
        advance(order);
    }

    /**
     * @see InventoryLogic#prefetch(Command)
     */
    void prefetch(final Command command)
    {
        final int length = command.loginLength();
        if (length > 0)
        {
            final UserOrders user = byUser.get(command.loginBytes(), length);
            if (null != user)
            {
                prefetched += user.archived.highest();
            }
        }
    }

    /**
     * @return true when every line's product is known, has no waiting orders, and has the free units for all the
     *         order's lines of that product: exactly when {@link #advance(Order)} would confirm the order at once.
     */
    private boolean coveredAtOnce(final Command command)
    {
        final int lines = command.lineCount();
        for (int i = 0; i < lines; i++)
        {
            final long productId = command.lineProductId(i);
            final Product product = products.get(productId);
            if (null == product || product.waitingUnmet != 0)
            {
                return false;
            }
            long wanted = command.lineQuantity(i);
            boolean first = true;
            for (int j = 0; j < lines; j++)
            {
                if (j != i && command.lineProductId(j) == productId)
                {
                    if (j < i)
                    {
                        first = false;
                        break;
                    }
                    wanted += command.lineQuantity(j);
                }
            }
            if (first && wanted > product.available)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return true when the strategy rejects impossible orders and some line's product is known and may have fewer
     *         units left unsold anywhere than the order asks of it ({@link Product#unsoldAtMost()}).
     */
    private boolean uncoverable(final Command command)
    {
        if (!policy.strategy.rejectsUncoverable())
        {
            return false;
        }
        final int lines = command.lineCount();
        for (int i = 0; i < lines; i++)
        {
            final Product product = products.get(command.lineProductId(i));
            if (null != product)
            {
                long wanted = 0;
                for (int j = 0; j < lines; j++)
                {
                    wanted += command.lineProductId(j) == product.id ? command.lineQuantity(j) : 0;
                }
                if (wanted > product.unsoldAtMost())
                {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @return true when the strategy rejects impossible orders and the order asks more of some product than may be
     *         left unsold anywhere (every product known).
     */
    private boolean uncoverable(final Order order)
    {
        if (!policy.strategy.rejectsUncoverable())
        {
            return false;
        }
        for (int i = 0; i < order.productIds.length; i++)
        {
            if (order.firstLineOfProduct(i) && order.quantityOf(order.productIds[i]) >
                products.get(order.productIds[i]).unsoldAtMost())
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Archives an order that can never be covered as rejected, holding nothing: the same record a waiting order
     * rejected out of stock leaves, without ever waiting.
     */
    private void rejectAtOnce(final UserOrders user, final long key, final Command command, final long deadline)
    {
        final int lines = command.lineCount();
        final long address = archive.append(command.orderId(), now, deadline, now, 0, OrderState.REJECTED,
            ResultCode.OUT_OF_STOCK, false, false, lines);
        for (int i = 0; i < lines; i++)
        {
            archive.line(address, i, command.lineProductId(i), command.lineQuantity(i), 0);
        }
        user.archived.put(command.orderId(), address);
        statistics.ordersRejected++;
        statistics.ordersRejectedUncoverable++;
        out.reply(ResultCode.OUT_OF_STOCK);
        commandEvent(EventType.ORDER_REJECTED, user, command, ResultCode.OUT_OF_STOCK);
    }

    /**
     * Deducts the order's units and archives it confirmed: the same state {@link #advance(Order)} and
     * {@link #confirm(Order)} leave, without the intermediate reservation.
     */
    private void confirmAtOnce(final UserOrders user, final long key, final Command command, final long deadline)
    {
        final int lines = command.lineCount();
        final long address = archive.append(command.orderId(), now, deadline, now, 0, OrderState.CONFIRMED, null,
            false, false, lines);
        for (int i = 0; i < lines; i++)
        {
            final long productId = command.lineProductId(i);
            final int quantity = command.lineQuantity(i);
            final Product product = products.get(productId);
            product.available -= quantity;
            product.sold += quantity;
            archive.line(address, i, productId, quantity, quantity);
        }
        user.archived.put(command.orderId(), address);
        statistics.ordersConfirmed++;
        out.reply(ResultCode.CONFIRMED);
        commandEvent(EventType.ORDER_CONFIRMED, user, command, null);
    }

    private void commandEvent(final EventType type, final UserOrders user, final Command command,
        final ResultCode reason)
    {
        final int lines = command.lineCount();
        out.orderEvent(type, command.loginBytes(), command.loginLength(), command.orderId(), reason, lines, 0);
        for (int i = 0; i < lines; i++)
        {
            out.eventLine(command.lineProductId(i), command.lineQuantity(i));
        }
    }

    private void orderEvent(final EventType type, final Order order, final ResultCode reason)
    {
        orderEvent(type, order, reason, 0);
    }

    private void orderEvent(final EventType type, final Order order, final ResultCode reason, final long flag)
    {
        final byte[] login = null != order.loginBytes ? order.loginBytes : byUser.get(order.login).loginBytes;
        out.orderEvent(type, login, login.length, order.orderId, reason, order.productIds.length, flag);
        for (int i = 0; i < order.productIds.length; i++)
        {
            out.eventLine(order.productIds[i], order.quantities[i]);
        }
    }

    /**
     * Moves a decided order from the user's waiting orders into the archive; the {@link Order} object is dropped
     * (stale references to it in product queues see it decided and are skipped).
     */
    private void archive(final Order order)
    {
        final UserOrders user = byUser.get(order.login);
        final long key = MapKey.of(order.orderId);
        user.waiting.remove(key);
        user.archived.put(order.orderId, archive.append(order));
    }

    /**
     * Covers what it can of an order from free units; confirms it when fully covered, else leaves it waiting.
     */
    private void advance(final Order order)
    {
        final int lines = order.productIds.length;
        for (int i = 0; i < lines; i++)
        {
            final long productId = order.productIds[i];
            if (!products.contains(productId))
            {
                awaitCreation(order, productId);
                return;
            }
        }
        if (uncoverable(order))
        {
            goPending(order);
            statistics.ordersRejectedUncoverable++;
            release(order, OrderState.REJECTED, ResultCode.OUT_OF_STOCK);
            return;
        }
        order.awaitingCreation = false;
        order.awaitingProductId = 0;
        for (int i = 0; i < lines; i++)
        {
            if (!order.firstLineOfProduct(i))
            {
                continue;
            }
            final Product product = products.get(order.productIds[i]);
            long unmet = order.unmet(product.id);
            if (unmet == 0)
            {
                continue;
            }
            if (product.waitingUnmet == 0)
            {
                final long take = Math.min(product.available, unmet);
                reserve(order, product, take);
                unmet -= take;
            }
            if (unmet > 0)
            {
                product.waitingUnmet += unmet;
                products.markDirty(product);
            }
        }
        if (order.fullyCovered())
        {
            confirm(order);
        }
        else
        {
            for (int i = 0; i < lines; i++)
            {
                if (order.firstLineOfProduct(i))
                {
                    final Product product = products.get(order.productIds[i]);
                    product.waiting.add(order);
                    product.largestWaitingNeed = Math.max(product.largestWaitingNeed,
                        order.quantityOf(product.id));
                }
            }
            goPending(order);
        }
    }

    private void awaitCreation(final Order order, final long productId)
    {
        ArrayDeque<Order> waiting = awaitingCreation.get(productId);
        if (null == waiting)
        {
            waiting = new ArrayDeque<>();
            awaitingCreation.put(productId, waiting);
        }
        waiting.add(order);
        order.awaitingCreation = true;
        order.awaitingProductId = productId;
        goPending(order);
    }

    /**
     * A product was created: orders waiting for it try again, in arrival order.
     */
    void onProductCreated(final Product product)
    {
        final ArrayDeque<Order> waiting = awaitingCreation.remove(product.id);
        if (null != waiting)
        {
            for (final Order order : waiting)
            {
                if (awaits(order, product.id))
                {
                    advance(order);
                }
            }
        }
        products.markDirty(product);
    }

    private void goPending(final Order order)
    {
        if (!order.neededTransfer)
        {
            order.neededTransfer = true;
            statistics.ordersNeededTransfer++;
            pendingOrders++;
            order.replyHandle = order == placing ? out.deferReply() : 0;
        }
        if (null == order.deadlineTimer)
        {
            order.deadlineTimer = timers.schedule(order.deadline, Timer.ORDER_DEADLINE, order, 0, 0);
        }
    }

    private static void reserve(final Order order, final Product product, final long units)
    {
        long remaining = units;
        for (int i = 0; i < order.productIds.length && remaining > 0; i++)
        {
            if (order.productIds[i] == product.id)
            {
                final int room = order.quantities[i] - order.reservedPerLine[i];
                final int take = (int)Math.min(room, remaining);
                order.reservedPerLine[i] += take;
                remaining -= take;
            }
        }
        product.available -= units;
        product.reserved += units;
    }

    private void confirm(final Order order)
    {
        if (order.isHold())
        {
            hold(order);
            return;
        }
        sell(order, false);
        order.state = OrderState.CONFIRMED;
        order.decidedAt = now;
        timers.cancel(order.deadlineTimer);
        order.deadlineTimer = null;
        statistics.ordersConfirmed++;
        if (order.neededTransfer)
        {
            pendingOrders--;
        }
        decide(order, ResultCode.CONFIRMED);
        orderEvent(EventType.ORDER_CONFIRMED, order, null);
        archive(order);
    }

    /**
     * Sells a covered order's units: from reserved, or from held for a held hold. A strategy that counts units sold
     * looks at the products again (another island may need to hear the new count).
     */
    private void sell(final Order order, final boolean fromHeld)
    {
        for (int i = 0; i < order.productIds.length; i++)
        {
            final Product product = products.get(order.productIds[i]);
            if (fromHeld)
            {
                product.held -= order.quantities[i];
            }
            else
            {
                product.reserved -= order.quantities[i];
            }
            product.sold += order.quantities[i];
            if (policy.strategy.rejectsUncoverable())
            {
                products.markDirty(product);
            }
        }
    }

    /**
     * A hold is covered: its units move from reserved to held, it stays with the user's waiting orders (as
     * {@link OrderState#HELD}) and its expiry goes into the timer wheel.
     */
    private void hold(final Order order)
    {
        for (int i = 0; i < order.productIds.length; i++)
        {
            final Product product = products.get(order.productIds[i]);
            product.reserved -= order.quantities[i];
            product.held += order.quantities[i];
        }
        order.state = OrderState.HELD;
        order.decidedAt = now;
        timers.cancel(order.deadlineTimer);
        order.deadlineTimer = null;
        if (order.neededTransfer)
        {
            pendingOrders--;
        }
        heldHolds++;
        order.expiryTimer = new WheelTimer(WheelTimer.HOLD_EXPIRY, Math.max(order.expiresAt, now), order.login,
            order.orderId, null, order);
        wheel.add(order.expiryTimer);
        decide(order, ResultCode.HELD);
        orderEvent(EventType.HOLD_HELD, order, null, order.expiresAt);
    }

    /**
     * The outside signal: a held hold becomes a confirmed order and its units are sold.
     */
    void onConfirmHold(final String login, final long holdId)
    {
        final Order waiting = waitingOrAnswer(login, holdId);
        if (null == waiting)
        {
            return;
        }
        if (waiting.state != OrderState.HELD)
        {
            out.reply(ResultCode.NOT_HELD);
            return;
        }
        sell(waiting, true);
        unschedule(waiting);
        heldHolds--;
        waiting.state = OrderState.CONFIRMED;
        waiting.decidedAt = now;
        statistics.ordersConfirmed++;
        out.reply(ResultCode.CONFIRMED);
        orderEvent(EventType.HOLD_CONFIRMED, waiting, null);
        archive(waiting);
    }

    /**
     * A user gives up a hold, held or still waiting for units: its units go back.
     */
    void onReleaseHold(final String login, final long holdId)
    {
        final Order waiting = waitingOrAnswer(login, holdId);
        if (null == waiting)
        {
            return;
        }
        if (!waiting.isHold())
        {
            out.reply(ResultCode.NOT_HELD);
            return;
        }
        release(waiting, OrderState.RELEASED, ResultCode.RELEASED);
        out.reply(ResultCode.RELEASED);
    }

    /**
     * A held hold's expiry came due (a tick): its units go back.
     */
    void onHoldExpired(final Order order)
    {
        order.expiryTimer = null;
        if (order.state == OrderState.HELD)
        {
            release(order, OrderState.EXPIRED, ResultCode.HOLD_EXPIRED);
        }
    }

    /**
     * @return the user's waiting or held order with this id; or {@code null}, once the answer to confirming or
     *         releasing a hold that is not (or no longer) waiting or held was given.
     */
    private Order waitingOrAnswer(final String login, final long holdId)
    {
        final UserOrders user = byUser.get(login);
        final long key = MapKey.of(holdId);
        final Order waiting = null == user ? null : user.waitingOrder(key);
        if (null == waiting)
        {
            out.reply(decidedHoldResult(user, holdId));
        }
        return waiting;
    }

    /**
     * @return the answer to confirming or releasing a hold the user does not hold as waiting or held.
     */
    private ResultCode decidedHoldResult(final UserOrders user, final long holdId)
    {
        final long address = null == user ? OrderArchive.NO_RECORD : user.archived.get(holdId);
        if (address == OrderArchive.NO_RECORD)
        {
            return ResultCode.UNKNOWN_ORDER;
        }
        return archive.state(address) == OrderState.EXPIRED ? ResultCode.HOLD_EXPIRED :
            ResultCode.ORDER_ALREADY_TERMINAL;
    }

    private void unschedule(final Order order)
    {
        if (null != order.expiryTimer)
        {
            wheel.cancel(order.expiryTimer);
            order.expiryTimer = null;
        }
    }

    /**
     * Ends a pending order or a held hold: every unit it held goes back to the island, and the products it touched
     * are served again (the released units may complete orders behind it).
     */
    private void release(final Order order, final OrderState state, final ResultCode reason)
    {
        final boolean wasHeld = order.state == OrderState.HELD;
        for (int i = 0; i < order.productIds.length; i++)
        {
            final Product product = products.get(order.productIds[i]);
            if (null == product)
            {
                continue;
            }
            if (!wasHeld && !order.awaitingCreation && order.firstLineOfProduct(i))
            {
                product.waitingUnmet -= order.unmet(product.id);
            }
            final int held = order.reservedPerLine[i];
            if (wasHeld)
            {
                product.held -= held;
            }
            else
            {
                product.reserved -= held;
            }
            product.available += held;
            order.reservedPerLine[i] = 0;
            products.markDirty(product);
        }
        order.state = state;
        order.reason = state == OrderState.REJECTED ? reason : null;
        order.decidedAt = now;
        order.awaitingCreation = false;
        timers.cancel(order.deadlineTimer);
        order.deadlineTimer = null;
        if (wasHeld)
        {
            unschedule(order);
            heldHolds--;
        }
        else
        {
            pendingOrders--;
        }
        if (state == OrderState.REJECTED)
        {
            statistics.ordersRejected++;
        }
        else
        {
            statistics.ordersCancelled++;
        }
        if (!wasHeld)
        {
            decide(order, reason);
        }
        final EventType type = switch (state)
        {
            case CANCELLED -> EventType.ORDER_CANCELLED;
            case RELEASED -> EventType.HOLD_RELEASED;
            case EXPIRED -> EventType.HOLD_EXPIRED;
            default -> expiring ? EventType.ORDER_EXPIRED : EventType.ORDER_REJECTED;
        };
        orderEvent(type, order, state == OrderState.REJECTED ? reason : null,
            wasHeld && state != OrderState.EXPIRED ? 1 : 0);
        archive(order);
    }

    private void decide(final Order order, final ResultCode result)
    {
        if (!order.neededTransfer)
        {
            out.reply(result);
        }
        else
        {
            out.replyDeferred(order.replyHandle, result);
            order.replyHandle = 0;
        }
    }

    void onCancelOrder(final String login, final long orderId)
    {
        final UserOrders user = byUser.get(login);
        final long key = MapKey.of(orderId);
        final Order waiting = null == user ? null : user.waitingOrder(key);
        if (null != waiting)
        {
            release(waiting, OrderState.CANCELLED, ResultCode.CANCELLED);
            out.reply(ResultCode.CANCELLED);
            return;
        }
        final long address = null == user ? OrderArchive.NO_RECORD : user.archived.get(orderId);
        if (address == OrderArchive.NO_RECORD)
        {
            out.reply(ResultCode.UNKNOWN_ORDER);
            return;
        }
        if (archive.state(address) == OrderState.CONFIRMED)
        {
            final int lines = archive.lineCount(address);
            for (int i = 0; i < lines; i++)
            {
                final Product product = products.get(archive.productId(address, i));
                final int quantity = archive.quantity(address, i);
                product.sold -= quantity;
                product.available += quantity;
                product.soldFell = true;
                products.markDirty(product);
            }
            archive.cancelConfirmed(address, now);
            statistics.ordersCancelled++;
            out.reply(ResultCode.CANCELLED);
            out.orderEvent(EventType.ORDER_CANCELLED, user.loginBytes, user.loginBytes.length, orderId, null, lines,
                1);
            for (int i = 0; i < lines; i++)
            {
                out.eventLine(archive.productId(address, i), archive.quantity(address, i));
            }
        }
        else
        {
            out.reply(ResultCode.ORDER_ALREADY_TERMINAL);
        }
    }

    /**
     * An order's deadline passed: a pending order is rejected.
     */
    void onDeadline(final Order order)
    {
        order.deadlineTimer = null;
        if (order.state == OrderState.PENDING)
        {
            expiring = true;
            try
            {
                release(order, OrderState.REJECTED,
                    order.awaitingCreation ? ResultCode.UNKNOWN_PRODUCT : ResultCode.DEADLINE_PASSED);
            }
            finally
            {
                expiring = false;
            }
        }
    }

    /**
     * Hands free units to waiting orders in arrival order. A product's queue holds every pending order with a line
     * of it (covered lines too, so an order that yields units keeps its place); decided orders are dropped as the
     * walk meets them.
     */
    void serve(final Product product)
    {
        dropDecidedHead(product);
        final Iterator<Order> queue = product.waiting.iterator();
        while (product.available > 0 && product.waitingUnmet > 0 && queue.hasNext())
        {
            final Order order = queue.next();
            if (order.state != OrderState.PENDING)
            {
                queue.remove();
                continue;
            }
            final long unmet = order.unmet(product.id);
            if (unmet == 0)
            {
                continue;
            }
            final long take = Math.min(product.available, unmet);
            reserve(order, product, take);
            product.waitingUnmet -= take;
            if (take == unmet && order.fullyCovered())
            {
                confirm(order);
                queue.remove();
            }
        }
        yieldLocally(product);
    }

    /**
     * Wound-wait on the island itself: while an order lacks units of the product that younger orders here hold,
     * they are taken back (youngest first) and handed to the oldest order lacking them. Here "younger" is placed
     * later, or at the same time and later in the queue.
     */
    private void yieldLocally(final Product product)
    {
        while (product.waitingUnmet > 0 && product.reserved > 0)
        {
            final Order oldest = oldestUnmet(product);
            if (null == oldest)
            {
                return;
            }
            final long unmet = oldest.unmet(product.id);
            final long held = heldByYounger(product, oldest);
            final long units = held <= 0 ? 0 :
                Math.max(0, Math.min(Math.min(unmet, held), policy.strategy.yieldUnits(unmet, held)));
            if (units <= 0)
            {
                return;
            }
            takeBack(product, units, Command.NO_PRIORITY, island, oldest);
            reserve(oldest, product, units);
            product.waitingUnmet -= units;
            if (oldest.fullyCovered())
            {
                confirm(oldest);
            }
        }
    }

    private static long heldByYounger(final Product product, final Order oldest)
    {
        long units = 0;
        boolean behind = false;
        for (final Order order : product.waiting)
        {
            if (order == oldest)
            {
                behind = true;
            }
            else if (order.state == OrderState.PENDING && youngerHere(order, oldest, behind))
            {
                units += order.reservedOf(product.id);
            }
        }
        return units;
    }

    private static boolean youngerHere(final Order order, final Order than, final boolean behind)
    {
        return order.placedAt > than.placedAt || order.placedAt == than.placedAt && behind;
    }

    /**
     * Rejects, in queue order, the pending orders that ask more of the product than may be left unsold anywhere
     * ({@link Product#unsoldAtMost()}): they can never be covered. What each releases is served to the orders
     * behind it. Only strategies that {@link io.archipelago.engine.model.TransferStrategy#rejectsUncoverable() reject uncoverable orders}.
     */
    void rejectUncoverable(final Product product)
    {
        if (!policy.strategy.rejectsUncoverable())
        {
            return;
        }
        Order order;
        while (product.largestWaitingNeed > product.unsoldAtMost() &&
            null != (order = firstBeyond(product, product.unsoldAtMost())))
        {
            statistics.ordersRejectedUncoverable++;
            release(order, OrderState.REJECTED, ResultCode.OUT_OF_STOCK);
            serve(product);
        }
    }

    private static Order firstBeyond(final Product product, final long units)
    {
        for (final Order order : product.waiting)
        {
            if (order.state == OrderState.PENDING && !order.awaitingCreation && order.quantityOf(product.id) > units)
            {
                return order;
            }
        }
        return null;
    }

    private static void dropDecidedHead(final Product product)
    {
        while (!product.waiting.isEmpty() && product.waiting.peek().state != OrderState.PENDING)
        {
            product.waiting.poll();
        }
    }

    /**
     * @return the first pending order in the product's queue that still lacks units of it, or {@code null}.
     */
    private static Order firstUnmet(final Product product)
    {
        dropDecidedHead(product);
        for (final Order order : product.waiting)
        {
            if (order.state == OrderState.PENDING && order.unmet(product.id) > 0)
            {
                return order;
            }
        }
        return null;
    }

    /**
     * @return the pending order placed first among those that still lack units of the product (the first in the
     *         queue among equals), or {@code null}. Usually the queue's first: an order that waited for a product's
     *         creation joins the queue when the product arrives, behind orders placed after it.
     */
    Order oldestUnmet(final Product product)
    {
        dropDecidedHead(product);
        Order oldest = null;
        for (final Order order : product.waiting)
        {
            if (order.state == OrderState.PENDING && order.unmet(product.id) > 0 &&
                (null == oldest || order.placedAt < oldest.placedAt))
            {
                oldest = order;
            }
        }
        return oldest;
    }

    /**
     * Nobody has units of the product or may free any: reject waiting orders head first; what each releases is
     * served to the orders behind it, so an order that can still be completed is.
     */
    void rejectWaiting(final Product product)
    {
        while (product.waitingUnmet > 0)
        {
            final Order order = firstUnmet(product);
            if (null == order)
            {
                throw new IllegalStateException("island " + island + ": product " + product.id + " lacks " +
                    product.waitingUnmet + " units but no order waits for it");
            }
            release(order, OrderState.REJECTED, ResultCode.OUT_OF_STOCK);
            serve(product);
        }
    }

    /**
     * @param priority  a request's seniority ({@link Seniority}).
     * @param requester the requesting island.
     * @return units of the product this island holds for waiting orders younger than the request.
     */
    long yieldable(final Product product, final long priority, final int requester)
    {
        long units = 0;
        for (final Order order : product.waiting)
        {
            if (order.state == OrderState.PENDING && Seniority.younger(order.placedAt, island, priority, requester))
            {
                units += order.reservedOf(product.id);
            }
        }
        return units;
    }

    /**
     * Takes back up to {@code units} held for waiting orders younger than a request, youngest first (within an
     * order, last line first), and makes them free. The orders keep their place in every queue and wait again.
     *
     * @return units taken back.
     */
    long takeBack(final Product product, final long units, final long priority, final int requester)
    {
        return takeBack(product, units, priority, requester, null);
    }

    /**
     * @param oldest null for a request from another island; else the order here that the units go to, and only
     *               orders younger than it here give them.
     */
    private long takeBack(final Product product, final long units, final long priority, final int requester,
        final Order oldest)
    {
        long taken = 0;
        final Iterator<Order> youngestFirst = product.waiting.descendingIterator();
        boolean behind = true;
        while (taken < units && youngestFirst.hasNext())
        {
            final Order order = youngestFirst.next();
            if (order == oldest)
            {
                behind = false;
                continue;
            }
            if (order.state != OrderState.PENDING || (null == oldest ?
                !Seniority.younger(order.placedAt, island, priority, requester) : !youngerHere(order, oldest, behind)))
            {
                continue;
            }
            final long before = taken;
            for (int i = order.productIds.length - 1; i >= 0 && taken < units; i--)
            {
                if (order.productIds[i] == product.id && order.reservedPerLine[i] > 0)
                {
                    final int take = (int)Math.min(order.reservedPerLine[i], units - taken);
                    order.reservedPerLine[i] -= take;
                    taken += take;
                }
            }
            if (taken > before)
            {
                statistics.ordersYielded++;
            }
        }
        product.reserved -= taken;
        product.available += taken;
        product.waitingUnmet += taken;
        statistics.unitsYielded += taken;
        products.markDirty(product);
        return taken;
    }

    private static boolean awaits(final Order order, final long productId)
    {
        return order.state == OrderState.PENDING && order.awaitingCreation && order.awaitingProductId == productId;
    }

    /**
     * @see InventoryLogic#order(String, long)
     */
    Order order(final String login, final long orderId)
    {
        final UserOrders user = byUser.get(login);
        if (null == user)
        {
            return null;
        }
        final long key = MapKey.of(orderId);
        final Order waiting = user.waitingOrder(key);
        if (null != waiting)
        {
            return waiting;
        }
        final long address = user.archived.get(orderId);
        return address == OrderArchive.NO_RECORD ? null : archive.toOrder(user.login, address);
    }

    /**
     * @see InventoryLogic#orderState(String, long)
     */
    OrderState orderState(final String login, final long orderId)
    {
        final UserOrders user = byUser.get(login);
        if (null == user)
        {
            return OrderState.UNKNOWN;
        }
        final long key = MapKey.of(orderId);
        final Order waiting = user.waitingOrder(key);
        if (null != waiting)
        {
            return waiting.state;
        }
        final long address = user.archived.get(orderId);
        return address == OrderArchive.NO_RECORD ? OrderState.UNKNOWN : archive.state(address);
    }

    /**
     * @see InventoryLogic#orderStatus(String, long)
     */
    OrderStatus orderStatus(final String login, final long orderId)
    {
        final UserOrders user = byUser.get(login);
        final long key = MapKey.of(orderId);
        final Order waiting = null == user ? null : user.waitingOrder(key);
        if (null != waiting)
        {
            final List<OrderLine> lines = new ArrayList<>(waiting.productIds.length);
            for (int i = 0; i < waiting.productIds.length; i++)
            {
                lines.add(new OrderLine(waiting.productIds[i], waiting.quantities[i]));
            }
            return new OrderStatus(login, orderId, waiting.state, waiting.reason, List.copyOf(lines), island,
                waiting.expiresAt);
        }
        final long address = null == user ? OrderArchive.NO_RECORD : user.archived.get(orderId);
        if (address == OrderArchive.NO_RECORD)
        {
            return new OrderStatus(login, orderId, OrderState.UNKNOWN, null, List.of(), island);
        }
        final int lineCount = archive.lineCount(address);
        final List<OrderLine> lines = new ArrayList<>(lineCount);
        for (int i = 0; i < lineCount; i++)
        {
            lines.add(new OrderLine(archive.productId(address, i), archive.quantity(address, i)));
        }
        return new OrderStatus(login, orderId, archive.state(address), archive.reason(address), List.copyOf(lines),
            island);
    }

    /**
     * @see InventoryLogic#ordersOf(String)
     */
    List<OrderStatus> ordersOf(final String login)
    {
        final UserOrders user = byUser.get(login);
        if (null == user)
        {
            return List.of();
        }
        final org.agrona.collections.LongArrayList ids = new org.agrona.collections.LongArrayList();
        user.archived.forEachOrderId(ids::addLong);
        if (null != user.waiting)
        {
            user.waiting.values().forEach(order -> ids.addLong(order.orderId));
        }
        final long[] sorted = ids.toLongArray();
        java.util.Arrays.sort(sorted);
        final List<OrderStatus> statuses = new ArrayList<>(sorted.length);
        for (final long orderId : sorted)
        {
            statuses.add(orderStatus(login, orderId));
        }
        return List.copyOf(statuses);
    }

    long orderCount()
    {
        return orderCount;
    }

    long pendingOrderCount()
    {
        return pendingOrders;
    }

    long heldHoldCount()
    {
        return heldHolds;
    }

    long archivedOrderCount()
    {
        return archive.size();
    }

    /**
     * @return every user with at least one order, in {@link String#compareTo} order.
     */
    String[] loginsSorted()
    {
        final UserOrders[] users = byUser.values();
        Arrays.sort(users, UserOrders::compareLogins);
        final String[] logins = new String[users.length];
        for (int i = 0; i < users.length; i++)
        {
            logins[i] = users[i].login;
        }
        return logins;
    }

    /**
     * @return the user's order ids, ascending (empty when none).
     */
    long[] orderIdsSorted(final String login)
    {
        final UserOrders user = byUser.get(login);
        if (null == user)
        {
            return new long[0];
        }
        final long[] ids = new long[user.size()];
        final int[] at = {0};
        user.archived.forEachAddress(address -> ids[at[0]++] = archive.orderId(address));
        int i = at[0];
        if (null != user.waiting)
        {
            for (final Order order : user.waiting.values())
            {
                ids[i++] = order.orderId;
            }
        }
        Arrays.sort(ids);
        return ids;
    }

    /**
     * @return the waiting order a snapshot refers to.
     * @throws IllegalStateException when the island holds no such waiting order.
     */
    Order waitingOrder(final String login, final long orderId)
    {
        final UserOrders user = byUser.get(login);
        final Order order = null == user ? null : user.waitingOrder(MapKey.of(orderId));
        if (null == order)
        {
            throw new IllegalStateException("snapshot refers to waiting order " + login + "#" + orderId +
                " it does not hold as waiting");
        }
        return order;
    }

    void writeCountersTo(final DataOutput out) throws IOException
    {
        out.writeLong(orderCount);
        out.writeLong(pendingOrders);
    }

    void readCountersFrom(final DataInput in) throws IOException
    {
        orderCount = in.readLong();
        pendingOrders = in.readLong();
    }

    /**
     * Writes every user's orders, users and order ids ascending, waiting and decided orders in one layout.
     */
    void writeTo(final DataOutput out) throws IOException
    {
        final String[] logins = loginsSorted();
        out.writeInt(logins.length);
        for (final String login : logins)
        {
            out.writeUTF(login);
            final UserOrders user = byUser.get(login);
            final long[] orderIds = orderIdsSorted(login);
            out.writeInt(orderIds.length);
            for (final long orderId : orderIds)
            {
                final long key = MapKey.of(orderId);
                final Order waiting = user.waitingOrder(key);
                if (null == waiting)
                {
                    archive.writeRecord(user.archived.get(orderId), out);
                }
                else
                {
                    waiting.writeTo(out);
                }
            }
        }
    }

    /**
     * Reads what {@link #writeTo} wrote: pending orders come back as objects, decided ones into the archive.
     */
    void readFrom(final DataInput in, final int version) throws IOException
    {
        final int users = in.readInt();
        for (int u = 0; u < users; u++)
        {
            final String login = in.readUTF();
            final UserOrders user = new UserOrders(login);
            final int count = in.readInt();
            for (int k = 0; k < count; k++)
            {
                final Order order = Order.readFrom(in, login, version);
                final long key = MapKey.of(order.orderId);
                if (user.holds(order.orderId, key))
                {
                    throw new IllegalStateException("snapshot holds order " + login + "#" + order.orderId + " twice");
                }
                user.placed(order.orderId);
                if (order.state == OrderState.PENDING || order.state == OrderState.HELD)
                {
                    order.loginBytes = user.loginBytes;
                    user.waiting().put(key, order);
                    heldHolds += order.state == OrderState.HELD ? 1 : 0;
                }
                else
                {
                    user.archived.put(order.orderId, archive.append(order));
                }
            }
            if (null != byUser.get(user.loginBytes, user.loginBytes.length))
            {
                throw new IllegalStateException("snapshot holds user " + login + " twice");
            }
            byUser.put(user);
        }
    }

    /**
     * Writes the orders waiting for a product's creation, product ids ascending, each queue in arrival order.
     */
    void writeAwaitingCreationTo(final DataOutput out) throws IOException
    {
        final long[] awaited = new long[awaitingCreation.size()];
        int i = 0;
        final Long2ObjectHashMap<ArrayDeque<Order>>.KeyIterator keys = awaitingCreation.keySet().iterator();
        while (keys.hasNext())
        {
            awaited[i++] = keys.nextLong();
        }
        Arrays.sort(awaited);
        out.writeInt(awaited.length);
        for (final long productId : awaited)
        {
            out.writeLong(productId);
            final ArrayDeque<Order> queue = awaitingCreation.get(productId);
            int live = 0;
            for (final Order order : queue)
            {
                live += awaits(order, productId) ? 1 : 0;
            }
            out.writeInt(live);
            for (final Order order : queue)
            {
                if (awaits(order, productId))
                {
                    out.writeUTF(order.login);
                    out.writeLong(order.orderId);
                }
            }
        }
    }

    void readAwaitingCreationFrom(final DataInput in) throws IOException
    {
        final int awaited = in.readInt();
        for (int k = 0; k < awaited; k++)
        {
            final long productId = in.readLong();
            final ArrayDeque<Order> queue = new ArrayDeque<>();
            final int count = in.readInt();
            for (int i = 0; i < count; i++)
            {
                queue.add(waitingOrder(in.readUTF(), in.readLong()));
            }
            awaitingCreation.put(productId, queue);
        }
    }

    /**
     * Adds every user's orders, users and order ids ascending, to a digest.
     */
    void hashInto(final Hasher hasher)
    {
        final UserOrders[] users = byUser.values();
        Arrays.sort(users, UserOrders::compareLogins);
        hasher.putInt(users.length);
        final DigestScratch scratch = new DigestScratch();
        for (final UserOrders user : users)
        {
            hasher.putInt(user.login.length()).putUnencodedChars(user.login);
            final int count = scratch.collect(user, archive);
            hasher.putInt(count);
            for (int i = 0; i < count; i++)
            {
                final Order waiting = scratch.waiting[i];
                if (null == waiting)
                {
                    archive.hashRecord(scratch.addresses[i], hasher);
                }
                else
                {
                    waiting.hashInto(hasher);
                }
            }
        }
    }

    /**
     * One user's orders for the digest, ids ascending: the archive address of each decided order, the object of
     * each waiting one; collected in one pass over the user's maps (no lookup per order), sorted in place.
     */
    private static final class DigestScratch
    {
        long[] ids = new long[16];
        long[] addresses = new long[16];
        Order[] waiting = new Order[16];
        private int count;

        int collect(final UserOrders user, final OrderArchive archive)
        {
            count = 0;
            final int size = user.size();
            if (ids.length < size)
            {
                final int capacity = Math.max(size, ids.length * 2);
                ids = new long[capacity];
                addresses = new long[capacity];
                waiting = new Order[capacity];
            }
            user.archived.forEachAddress(address ->
            {
                ids[count] = archive.orderId(address);
                addresses[count] = address;
                waiting[count] = null;
                count++;
            });
            if (null != user.waiting)
            {
                for (final Order order : user.waiting.values())
                {
                    ids[count] = order.orderId;
                    addresses[count] = OrderArchive.NO_RECORD;
                    waiting[count] = order;
                    count++;
                }
            }
            sort(0, count - 1);
            return count;
        }

        /**
         * Sorts the three arrays by id: insertion sort for short runs, quicksort around a middle pivot above.
         */
        private void sort(final int from, final int to)
        {
            if (to - from < 24)
            {
                for (int i = from + 1; i <= to; i++)
                {
                    for (int j = i; j > from && ids[j - 1] > ids[j]; j--)
                    {
                        swap(j - 1, j);
                    }
                }
                return;
            }
            final long pivot = ids[(from + to) >>> 1];
            int i = from;
            int j = to;
            while (i <= j)
            {
                while (ids[i] < pivot)
                {
                    i++;
                }
                while (ids[j] > pivot)
                {
                    j--;
                }
                if (i <= j)
                {
                    swap(i++, j--);
                }
            }
            sort(from, j);
            sort(i, to);
        }

        private void swap(final int a, final int b)
        {
            final long id = ids[a];
            ids[a] = ids[b];
            ids[b] = id;
            final long address = addresses[a];
            addresses[a] = addresses[b];
            addresses[b] = address;
            final Order order = waiting[a];
            waiting[a] = waiting[b];
            waiting[b] = order;
        }
    }
}
