package io.archipelago.engine.logic;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.CommandType;
import io.archipelago.engine.codec.RecordCodec;
import io.archipelago.engine.codec.RecordDescriptor;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.OrderStatus;
import io.archipelago.engine.model.ProductView;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.TransferPolicy;
import io.archipelago.engine.model.TransferStrategy;
import io.archipelago.messaging.InboundLinks;
import io.archipelago.messaging.LinkOutbox;
import io.archipelago.messaging.Outbox;
import io.archipelago.router.StockSplit;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.Object2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

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
 * <pre>
 *   requester                                   granter
 *   PlaceOrder short by n --TRANSFER_REQUEST(n, extra)--> available a
 *                         <--TRANSFER_GRANT(g, hint)----- g = strategy.grantUnits(n, extra, a) > 0
 *                         <--TRANSFER_DENIAL(hint, may)-- g == 0 (may = units held or asked for there)
 * </pre>
 */
public final class InventoryLogic
{
    /**
     * Rounds in a row in which every other island must answer "none, and none coming" before a product counts as
     * sold out here. The second round, a back-off later, catches units that were on their way to an island that
     * had not asked for them yet when the first round reached it.
     */
    static final int EMPTY_ROUNDS_TO_SELL_OUT = 2;

    /** Most units a product may have created and restocked in total (2^60), checked identically on every island. */
    public static final long MAX_TOTAL_UNITS = 1L << 60;

    private final int island;
    private final int islands;
    final Map<String, TransferStrategy> strategies;
    final Long2ObjectHashMap<Product> products = new Long2ObjectHashMap<>();
    final Object2ObjectHashMap<String, UserOrders> ordersByUser = new Object2ObjectHashMap<>();
    final OrderArchive archive = new OrderArchive();
    final Long2ObjectHashMap<ArrayDeque<Order>> awaitingCreation = new Long2ObjectHashMap<>();
    final TimerQueue timers = new TimerQueue();
    private final Outbox outbox;
    private final InboundLinks inbound;
    final LogicStatistics statistics = new LogicStatistics();
    private final ArrayList<Product> dirty = new ArrayList<>();
    private final Command linkScratch = new Command();
    private final UnsafeBuffer linkBuffer = new UnsafeBuffer(new byte[RecordDescriptor.LINK_PAYLOAD_LENGTH]);

    TransferStrategy strategy;
    int transferTimeoutMillis;
    int retryInitialMillis;
    int retryMaxMillis;
    long nextRequestId = 1;
    long orderCount;
    long pendingOrders;
    long appliedCount;
    private long now;
    private LogicOutput out = LogicOutput.DISCARD;
    private Order placing;

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
        this.strategies = new HashMap<>();
        strategies.put(TransferPolicy.DEFAULT.strategy().name(), TransferPolicy.DEFAULT.strategy());
        strategies.put(configured.name(), configured);
        this.outbox = new Outbox(island, islands, RecordDescriptor.LINK_PAYLOAD_LENGTH);
        this.inbound = new InboundLinks(island, islands);
        final TransferPolicy initial = TransferPolicy.DEFAULT;
        this.strategy = initial.strategy();
        this.transferTimeoutMillis = initial.transferTimeoutMillis();
        this.retryInitialMillis = initial.retryInitialMillis();
        this.retryMaxMillis = initial.retryMaxMillis();
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
        return outbox;
    }

    /**
     * @return the island's per-source high-water marks.
     */
    public InboundLinks inbound()
    {
        return inbound;
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
        return !strategy.name().equals(policy.strategy().name()) ||
            transferTimeoutMillis != policy.transferTimeoutMillis() ||
            retryInitialMillis != policy.retryInitialMillis() || retryMaxMillis != policy.retryMaxMillis();
    }

    /**
     * @return the earliest journaled time at which a timer is due, or {@link Long#MAX_VALUE}.
     */
    public long nextDeadline()
    {
        return timers.nextDeadline();
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
        appliedCount++;
        this.now = timestamp;
        this.out = out;
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
            if (type.isLinkMessage())
            {
                inbound.advance(source, sourceSequence);
            }
            switch (type)
            {
                case CREATE_PRODUCT -> createProduct(command.productId(), command.units());
                case RESTOCK -> restock(command.productId(), command.units());
                case PLACE_ORDER -> placeOrder(command);
                case CANCEL_ORDER -> cancelOrder(command.login(), command.orderId());
                case TICK -> fireDueTimers();
                case TRANSFER_REQUEST -> onTransferRequest(source, command);
                case TRANSFER_GRANT, TRANSFER_DENIAL -> onTransferAnswer(source, command);
                case SET_POLICY -> setPolicy(command);
                default -> throw new IllegalStateException("unhandled " + type);
            }
            pursueDirty();
        }
        finally
        {
            this.placing = null;
            this.out = LogicOutput.DISCARD;
        }
    }

    private void setPolicy(final Command command)
    {
        final TransferStrategy named = strategies.get(command.strategyName());
        if (null == named)
        {
            throw new IllegalStateException("island " + island + ": the journal switches to transfer strategy '" +
                command.strategyName() + "' but this engine knows only " + strategies.keySet() +
                "; configure that strategy to open this data directory");
        }
        strategy = named;
        transferTimeoutMillis = command.transferTimeoutMillis();
        retryInitialMillis = command.retryInitialMillis();
        retryMaxMillis = command.retryMaxMillis();
    }

    private void createProduct(final long productId, final long units)
    {
        if (products.containsKey(mapKey(productId)))
        {
            out.reply(ResultCode.ALREADY_EXISTS);
            return;
        }
        final long share = StockSplit.share(units, islands, island);
        final Product product = new Product(productId);
        product.totalUnits = units;
        product.received = share;
        product.available = share;
        products.put(mapKey(productId), product);
        out.reply(ResultCode.CREATED);

        final ArrayDeque<Order> waiting = awaitingCreation.remove(productId);
        if (null != waiting)
        {
            for (final Order order : waiting)
            {
                if (order.state == OrderState.PENDING && order.awaitingCreation &&
                    order.awaitingProductId == productId)
                {
                    advance(order);
                }
            }
        }
        markDirty(product);
    }

    private void restock(final long productId, final long units)
    {
        final Product product = products.get(mapKey(productId));
        if (null == product)
        {
            out.reply(ResultCode.UNKNOWN_PRODUCT);
            return;
        }
        if (units > MAX_TOTAL_UNITS - product.totalUnits)
        {
            out.reply(ResultCode.INVALID_ARGUMENT);
            return;
        }
        final long share = StockSplit.share(units, islands, island);
        product.totalUnits += units;
        product.received += share;
        product.available += share;
        if (null != product.hints)
        {
            Arrays.fill(product.hints, TransferStrategy.UNKNOWN);
        }
        out.reply(ResultCode.RESTOCKED);
        markDirty(product);
    }

    /**
     * An order the island's free units cover goes straight into the archive, confirmed, without an {@link Order}
     * object; any other becomes a waiting {@link Order} until it is decided.
     */
    private void placeOrder(final Command command)
    {
        final String login = command.login();
        final long key = mapKey(command.orderId());
        UserOrders user = ordersByUser.get(login);
        if (null != user && user.holds(key))
        {
            out.reply(ResultCode.DUPLICATE_ORDER);
            return;
        }
        if (null == user)
        {
            user = new UserOrders(login);
            ordersByUser.put(login, user);
        }

        final long timeout = command.timeoutMillis() > 0 ? command.timeoutMillis() :
            TransferPolicy.DEFAULT.orderTimeoutMillis();
        orderCount++;
        statistics.ordersPlaced++;
        if (coveredAtOnce(command))
        {
            confirmAtOnce(user, key, command, now + timeout);
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
        final Order order = new Order(user.login, command.orderId(), productIds, quantities, now, now + timeout);
        order.state = OrderState.PENDING;
        user.waiting().put(key, order);
        placing = order;
        advance(order);
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
            final Product product = products.get(mapKey(productId));
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
            final Product product = products.get(mapKey(productId));
            product.available -= quantity;
            product.sold += quantity;
            archive.line(address, i, productId, quantity, quantity);
        }
        user.archived.put(key, address);
        statistics.ordersConfirmed++;
        out.reply(ResultCode.CONFIRMED);
    }

    /**
     * Moves a decided order from the user's waiting orders into the archive; the {@link Order} object is dropped
     * (stale references to it in product queues see it decided and are skipped).
     */
    private void archive(final Order order)
    {
        final UserOrders user = ordersByUser.get(order.login);
        final long key = mapKey(order.orderId);
        user.waiting.remove(key);
        user.archived.put(key, archive(archive, order));
    }

    static long archive(final OrderArchive archive, final Order order)
    {
        final int lines = order.productIds.length;
        final long address = archive.append(order.orderId, order.placedAt, order.deadline, order.decidedAt,
            order.awaitingProductId, order.state, order.reason, order.neededTransfer, order.awaitingCreation, lines);
        for (int i = 0; i < lines; i++)
        {
            archive.line(address, i, order.productIds[i], order.quantities[i], order.reservedPerLine[i]);
        }
        return address;
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
            if (!products.containsKey(mapKey(productId)))
            {
                awaitCreation(order, productId);
                return;
            }
        }
        order.awaitingCreation = false;
        order.awaitingProductId = 0;
        for (int i = 0; i < lines; i++)
        {
            if (!order.firstLineOfProduct(i))
            {
                continue;
            }
            final Product product = products.get(mapKey(order.productIds[i]));
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
                product.waiting.add(order);
                product.waitingUnmet += unmet;
                markDirty(product);
            }
        }
        if (order.fullyCovered())
        {
            confirm(order);
        }
        else
        {
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
        for (int i = 0; i < order.productIds.length; i++)
        {
            final Product product = products.get(mapKey(order.productIds[i]));
            product.reserved -= order.quantities[i];
            product.sold += order.quantities[i];
        }
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
        archive(order);
    }

    /**
     * Ends a pending order: every unit it held goes back to the island, and the products it touched are served
     * again (the released units may complete orders behind it).
     */
    private void release(final Order order, final OrderState state, final ResultCode reason)
    {
        for (int i = 0; i < order.productIds.length; i++)
        {
            final Product product = products.get(mapKey(order.productIds[i]));
            if (null == product)
            {
                continue;
            }
            if (!order.awaitingCreation && order.firstLineOfProduct(i))
            {
                product.waitingUnmet -= order.unmet(product.id);
            }
            final int held = order.reservedPerLine[i];
            product.reserved -= held;
            product.available += held;
            order.reservedPerLine[i] = 0;
            markDirty(product);
        }
        order.state = state;
        order.reason = state == OrderState.REJECTED ? reason : null;
        order.decidedAt = now;
        order.awaitingCreation = false;
        timers.cancel(order.deadlineTimer);
        order.deadlineTimer = null;
        pendingOrders--;
        if (state == OrderState.REJECTED)
        {
            statistics.ordersRejected++;
        }
        else
        {
            statistics.ordersCancelled++;
        }
        decide(order, reason);
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

    private void cancelOrder(final String login, final long orderId)
    {
        final UserOrders user = ordersByUser.get(login);
        final long key = mapKey(orderId);
        final Order waiting = null == user ? null : user.waitingOrder(key);
        if (null != waiting)
        {
            release(waiting, OrderState.CANCELLED, ResultCode.CANCELLED);
            out.reply(ResultCode.CANCELLED);
            return;
        }
        final long address = null == user ? OrderArchive.NO_RECORD : user.archived.get(key);
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
                final Product product = products.get(mapKey(archive.productId(address, i)));
                final int quantity = archive.quantity(address, i);
                product.sold -= quantity;
                product.available += quantity;
                markDirty(product);
            }
            archive.cancelConfirmed(address, now);
            statistics.ordersCancelled++;
            out.reply(ResultCode.CANCELLED);
        }
        else
        {
            out.reply(ResultCode.ORDER_ALREADY_TERMINAL);
        }
    }

    private void fireDueTimers()
    {
        Timer timer;
        while (null != (timer = timers.pollDue(now)))
        {
            switch (timer.kind)
            {
                case Timer.ORDER_DEADLINE ->
                {
                    final Order order = timer.order;
                    order.deadlineTimer = null;
                    if (order.state == OrderState.PENDING)
                    {
                        release(order, OrderState.REJECTED,
                            order.awaitingCreation ? ResultCode.UNKNOWN_PRODUCT : ResultCode.OUT_OF_STOCK);
                    }
                }
                case Timer.REQUEST_TIMEOUT ->
                {
                    final Product product = products.get(mapKey(timer.productId));
                    if (product.outstandingRequestId == timer.requestId)
                    {
                        product.outstandingRequestId = 0;
                        product.outstandingPeer = -1;
                        product.requestTimer = null;
                        product.roundMayFreeUp = true;
                        statistics.requestTimeouts++;
                        markDirty(product);
                    }
                }
                case Timer.SEARCH_RETRY ->
                {
                    final Product product = products.get(mapKey(timer.productId));
                    product.retryTimer = null;
                    product.round++;
                    product.roundMayFreeUp = false;
                    markDirty(product);
                }
                default -> throw new IllegalStateException("unknown timer kind " + timer.kind);
            }
        }
    }

    private void onTransferRequest(final int requester, final Command command)
    {
        final Product product = products.get(mapKey(command.productId()));
        if (null == product)
        {
            sendLink(requester, CommandType.TRANSFER_DENIAL, command.requestId(), command.productId(), 0, 0,
                Command.FLAG_MAY_FREE_UP);
            statistics.denialsSent++;
            return;
        }
        product.ensureSearchState(islands);
        product.hints[requester] = 0;
        final long granted = Math.max(0, Math.min(product.available,
            strategy.grantUnits(command.units(), command.extra(), product.available)));
        final int flags = product.reserved > 0 || awaitsUnitsFromLikelyGranter(product) ?
            Command.FLAG_MAY_FREE_UP : 0;
        if (granted > 0)
        {
            product.available -= granted;
            product.transferredOut += granted;
            statistics.grantsSent++;
            statistics.unitsSent += granted;
            sendLink(requester, CommandType.TRANSFER_GRANT, command.requestId(), product.id, granted,
                product.available, flags);
        }
        else
        {
            statistics.denialsSent++;
            sendLink(requester, CommandType.TRANSFER_DENIAL, command.requestId(), product.id, 0, product.available,
                flags);
        }
    }

    /**
     * True while this island waits for an answer from an island that may have units (not known to be empty). Asks
     * of islands known to be empty do not count: when every island is short and asking everyone, counting them would
     * make every island tell every other "maybe later", and nobody could conclude the product is sold out.
     */
    private static boolean awaitsUnitsFromLikelyGranter(final Product product)
    {
        return product.outstandingRequestId != 0 && product.hints[product.outstandingPeer] != 0;
    }

    private void onTransferAnswer(final int granter, final Command command)
    {
        final Product product = products.get(mapKey(command.productId()));
        if (null == product || command.requestId() <= 0 || command.requestId() >= nextRequestId)
        {
            statistics.unknownRequests++;
            return;
        }
        product.ensureSearchState(islands);
        if (command.type() == CommandType.TRANSFER_GRANT)
        {
            product.emptyRounds = 0;
            product.available += command.units();
            product.transferredIn += command.units();
            statistics.grantsReceived++;
            statistics.unitsReceived += command.units();
        }
        else
        {
            statistics.denialsReceived++;
        }
        product.hints[granter] = command.extra();
        if ((command.flags() & Command.FLAG_MAY_FREE_UP) != 0)
        {
            product.roundMayFreeUp = true;
        }
        if (product.outstandingRequestId == command.requestId())
        {
            product.outstandingRequestId = 0;
            product.outstandingPeer = -1;
            timers.cancel(product.requestTimer);
            product.requestTimer = null;
        }
        markDirty(product);
    }

    private void markDirty(final Product product)
    {
        if (!product.dirty)
        {
            product.dirty = true;
            dirty.add(product);
        }
    }

    private void pursueDirty()
    {
        for (int i = 0; i < dirty.size(); i++)
        {
            final Product product = dirty.get(i);
            product.dirty = false;
            serve(product);
            pursue(product);
        }
        dirty.clear();
    }

    /**
     * Hands free units to waiting orders in arrival order.
     */
    private void serve(final Product product)
    {
        while (product.available > 0 && !product.waiting.isEmpty())
        {
            final Order order = product.waiting.peek();
            final long unmet = order.state == OrderState.PENDING ? order.unmet(product.id) : 0;
            if (unmet == 0)
            {
                product.waiting.poll();
                continue;
            }
            final long take = Math.min(product.available, unmet);
            reserve(order, product, take);
            product.waitingUnmet -= take;
            if (take == unmet)
            {
                product.waiting.poll();
                if (order.fullyCovered())
                {
                    confirm(order);
                }
            }
        }
    }

    /**
     * Moves the product's search for units one step: ask the next island, wait, retry later, or declare it sold out
     * here.
     */
    private void pursue(final Product product)
    {
        if (product.outstandingRequestId != 0 || null != product.retryTimer)
        {
            return;
        }
        if (product.waitingUnmet <= 0)
        {
            endSearch(product);
            return;
        }
        if (islands == 1)
        {
            soldOut(product);
            return;
        }
        product.ensureSearchState(islands);
        final int peer = strategy.choosePeer(island, islands, product.round, product.hints, product.asked);
        if (peer >= 0 && peer != island && peer < islands)
        {
            final long need = product.waitingUnmet;
            final long extra = Math.max(0, strategy.extraUnits(need));
            final long requestId = nextRequestId++;
            product.asked[peer] = product.round;
            product.outstandingRequestId = requestId;
            product.outstandingPeer = peer;
            product.requestTimer = timers.schedule(now + transferTimeoutMillis, Timer.REQUEST_TIMEOUT, null,
                product.id, requestId);
            statistics.requestsSent++;
            sendLink(peer, CommandType.TRANSFER_REQUEST, requestId, product.id, need, extra, 0);
        }
        else if (product.roundMayFreeUp || ++product.emptyRounds < EMPTY_ROUNDS_TO_SELL_OUT)
        {
            if (product.roundMayFreeUp)
            {
                product.emptyRounds = 0;
            }
            final long delay = Math.min((long)retryInitialMillis << Math.min(product.retries, 20), retryMaxMillis);
            product.retries++;
            product.retryTimer = timers.schedule(now + delay, Timer.SEARCH_RETRY, null, product.id, 0);
        }
        else
        {
            soldOut(product);
        }
    }

    /**
     * Nobody has units of the product or may free any: reject waiting orders head first; what each releases is
     * served to the orders behind it, so an order that can still be completed is.
     */
    private void soldOut(final Product product)
    {
        while (product.waitingUnmet > 0)
        {
            final Order order = product.waiting.poll();
            if (null == order)
            {
                throw new IllegalStateException("island " + island + ": product " + product.id + " lacks " +
                    product.waitingUnmet + " units but no order waits for it");
            }
            if (order.state != OrderState.PENDING || order.unmet(product.id) == 0)
            {
                continue;
            }
            release(order, OrderState.REJECTED, ResultCode.OUT_OF_STOCK);
            serve(product);
        }
        endSearch(product);
    }

    private void endSearch(final Product product)
    {
        product.round++;
        product.roundMayFreeUp = false;
        product.retries = 0;
        product.emptyRounds = 0;
        timers.cancel(product.retryTimer);
        product.retryTimer = null;
    }

    private void sendLink(final int target, final CommandType type, final long requestId, final long productId,
        final long units, final long extra, final int flags)
    {
        linkScratch.link(type, requestId, productId, units, extra, flags);
        final int length = RecordCodec.encodeLinkPayload(linkScratch, linkBuffer, 0);
        outbox.append(target, linkBuffer, 0, length);
    }

    /**
     * The key of a product or order id in the island's maps: the id through a bijective 64-bit mixer (murmur3's
     * fmix64), so ids that share low bits (steps of 100,000, say) do not all land in the same slots of Agrona's
     * open-addressing maps, whose own hash of a long is weak. Maps are read by key or through their values, never
     * through their keys.
     *
     * @param id a product or order id.
     * @return its key.
     */
    static long mapKey(final long id)
    {
        long k = id;
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    /**
     * @param productId a product.
     * @return this island's allocation of it, or {@code null}.
     */
    public Product product(final long productId)
    {
        return products.get(mapKey(productId));
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
        final UserOrders user = ordersByUser.get(login);
        if (null == user)
        {
            return null;
        }
        final long key = mapKey(orderId);
        final Order waiting = user.waitingOrder(key);
        if (null != waiting)
        {
            return waiting;
        }
        final long address = user.archived.get(key);
        return address == OrderArchive.NO_RECORD ? null : archive.toOrder(user.login, address);
    }

    /**
     * @param login   a user.
     * @param orderId the user's order id.
     * @return the order's state, {@link OrderState#UNKNOWN} when there is no such order (allocates nothing).
     */
    public OrderState orderState(final String login, final long orderId)
    {
        final UserOrders user = ordersByUser.get(login);
        if (null == user)
        {
            return OrderState.UNKNOWN;
        }
        final long key = mapKey(orderId);
        final Order waiting = user.waitingOrder(key);
        if (null != waiting)
        {
            return waiting.state;
        }
        final long address = user.archived.get(key);
        return address == OrderArchive.NO_RECORD ? OrderState.UNKNOWN : archive.state(address);
    }

    /**
     * @param productId a product.
     * @return this island's view of the product ({@code inFlight} is units granted by this island minus units it
     *         received, so the sum over all islands is the units in flight).
     */
    public ProductView productView(final long productId)
    {
        final Product product = products.get(mapKey(productId));
        if (null == product)
        {
            return ProductView.unknown(productId);
        }
        return new ProductView(productId, true, 1, product.received, product.available, product.reserved,
            product.sold, product.transferredOut - product.transferredIn);
    }

    /**
     * @param login   a user.
     * @param orderId the user's order id.
     * @return the order's status ({@link OrderState#UNKNOWN} when there is no such order).
     */
    public OrderStatus orderStatus(final String login, final long orderId)
    {
        final UserOrders user = ordersByUser.get(login);
        final long key = mapKey(orderId);
        final Order waiting = null == user ? null : user.waitingOrder(key);
        if (null != waiting)
        {
            final List<OrderLine> lines = new ArrayList<>(waiting.productIds.length);
            for (int i = 0; i < waiting.productIds.length; i++)
            {
                lines.add(new OrderLine(waiting.productIds[i], waiting.quantities[i]));
            }
            return new OrderStatus(login, orderId, waiting.state, waiting.reason, List.copyOf(lines), island);
        }
        final long address = null == user ? OrderArchive.NO_RECORD : user.archived.get(key);
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
        return orderCount;
    }

    /**
     * @return number of orders waiting for units or a product.
     */
    public long pendingOrderCount()
    {
        return pendingOrders;
    }

    /**
     * @return products for which this island has a request unanswered or a retry scheduled.
     */
    public int activeSearches()
    {
        int active = 0;
        final Long2ObjectHashMap<Product>.ValueIterator values = products.values().iterator();
        while (values.hasNext())
        {
            if (values.next().searching())
            {
                active++;
            }
        }
        return active;
    }

    /**
     * @return number of inputs applied since this state was built.
     */
    public long appliedCount()
    {
        return appliedCount;
    }

    /**
     * @return live timers.
     */
    public int timerCount()
    {
        return timers.size();
    }

    /**
     * @return the ids of every product this island knows, ascending.
     */
    public long[] productIdsSorted()
    {
        final long[] ids = new long[products.size()];
        int i = 0;
        for (final Product product : products.values())
        {
            ids[i++] = product.id;
        }
        Arrays.sort(ids);
        return ids;
    }

    /**
     * @return every user with at least one order, in {@link String#compareTo} order.
     */
    public String[] loginsSorted()
    {
        final String[] logins = ordersByUser.keySet().toArray(new String[0]);
        Arrays.sort(logins);
        return logins;
    }

    /**
     * @param login a user.
     * @return the user's order ids, ascending (empty when none).
     */
    public long[] orderIdsSorted(final String login)
    {
        final UserOrders user = ordersByUser.get(login);
        if (null == user)
        {
            return new long[0];
        }
        final long[] ids = new long[user.size()];
        int i = 0;
        final Long2LongHashMap.ValueIterator addresses = user.archived.values().iterator();
        while (addresses.hasNext())
        {
            ids[i++] = archive.orderId(addresses.nextValue());
        }
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
     * @return decided orders held in the island's archive rather than as objects.
     */
    public long archivedOrderCount()
    {
        return archive.size();
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
        final Hasher hasher = Hashing.murmur3_128(0x4172_6368).newHasher();
        hasher.putInt(island).putInt(islands);
        hasher.putUnencodedChars(strategy.name()).putInt(transferTimeoutMillis).putInt(retryInitialMillis)
            .putInt(retryMaxMillis).putLong(nextRequestId).putLong(timers.nextId());

        final long[] productIds = productIdsSorted();
        hasher.putInt(productIds.length);
        for (final long id : productIds)
        {
            final Product p = products.get(mapKey(id));
            hasher.putLong(id).putLong(p.totalUnits).putLong(p.received).putLong(p.available).putLong(p.reserved).putLong(p.sold)
                .putLong(p.transferredIn).putLong(p.transferredOut).putLong(p.waitingUnmet)
                .putInt(p.round).putBoolean(p.roundMayFreeUp).putInt(p.retries).putInt(p.emptyRounds)
                .putLong(p.outstandingRequestId)
                .putInt(p.outstandingPeer);
            if (null != p.hints)
            {
                for (int i = 0; i < islands; i++)
                {
                    hasher.putLong(p.hints[i]).putInt(p.asked[i]);
                }
            }
            for (final Order waiting : p.waiting)
            {
                if (waiting.state == OrderState.PENDING && waiting.unmet(id) > 0)
                {
                    hasher.putUnencodedChars(waiting.login).putLong(waiting.orderId);
                }
            }
        }

        final String[] logins = loginsSorted();
        hasher.putInt(logins.length);
        for (final String login : logins)
        {
            hasher.putInt(login.length()).putUnencodedChars(login);
            final long[] orderIds = orderIdsSorted(login);
            hasher.putInt(orderIds.length);
            final UserOrders user = ordersByUser.get(login);
            for (final long orderId : orderIds)
            {
                final long key = mapKey(orderId);
                final Order o = user.waitingOrder(key);
                if (null != o)
                {
                    hasher.putLong(orderId).putInt(o.state.ordinal()).putInt(null == o.reason ? -1 : o.reason.code())
                        .putLong(o.placedAt).putLong(o.deadline).putLong(o.decidedAt).putBoolean(o.awaitingCreation)
                        .putLong(o.awaitingProductId).putBoolean(o.neededTransfer).putInt(o.productIds.length);
                    for (int i = 0; i < o.productIds.length; i++)
                    {
                        hasher.putLong(o.productIds[i]).putInt(o.quantities[i]).putInt(o.reservedPerLine[i]);
                    }
                    continue;
                }
                final long a = user.archived.get(key);
                final ResultCode reason = archive.reason(a);
                final int lines = archive.lineCount(a);
                hasher.putLong(orderId).putInt(archive.state(a).ordinal()).putInt(null == reason ? -1 : reason.code())
                    .putLong(archive.placedAt(a)).putLong(archive.deadline(a)).putLong(archive.decidedAt(a))
                    .putBoolean(archive.awaitingCreation(a)).putLong(archive.awaitedProductId(a))
                    .putBoolean(archive.neededTransfer(a)).putInt(lines);
                for (int i = 0; i < lines; i++)
                {
                    hasher.putLong(archive.productId(a, i)).putInt(archive.quantity(a, i))
                        .putInt(archive.reserved(a, i));
                }
            }
        }

        for (final Timer timer : timers.liveSorted())
        {
            hasher.putLong(timer.id).putLong(timer.deadline).putInt(timer.kind).putLong(timer.productId)
                .putLong(timer.requestId);
            if (null != timer.order)
            {
                hasher.putUnencodedChars(timer.order.login).putLong(timer.order.orderId);
            }
        }

        for (int peer = 0; peer < islands; peer++)
        {
            hasher.putLong(inbound.highWaterMark(peer));
            if (peer != island)
            {
                final LinkOutbox link = outbox.link(peer);
                hasher.putLong(link.nextSequence());
            }
        }
        return hasher.hash().toString();
    }
}
