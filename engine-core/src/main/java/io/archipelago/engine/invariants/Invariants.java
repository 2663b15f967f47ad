package io.archipelago.engine.invariants;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.engine.logic.Order;
import io.archipelago.engine.logic.Product;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.ProductView;
import io.archipelago.engine.recovery.LinkReconciler;
import io.archipelago.messaging.LinkOutbox;

/**
 * The invariants of the design, checked over every island's state: the one copy that the simulator, the crash tests
 * and the tools share. A caller builds it over the islands' states, asks for the checks that apply to what it holds
 * and reads the violations:
 * <pre>
 * List&lt;Violation&gt; violations = Invariants.of(states)
 *     .checkAllocations()          // per island and product: nothing negative, the island balances
 *     .checkConservation(created)  // per product over all islands
 *     .checkOrders()               // sold and reserved are what the orders account for
 *     .checkLinks()                // nothing applied that was not sent, nothing unapplied that is not held
 *     .checkJournals(scans)        // journals hold each link's messages 1..n once, up to the high-water mark
 *     .checkQuiet()                // once input stopped and the system settled
 *     .violations();
 * </pre>
 * The state is either each island's {@link InventoryLogic} (rebuilt by the island loader or offline replay, or live
 * in the simulator) or, from a running engine, each island's {@link ProductView}s; the checks that need orders or
 * links need the logic. Each check adds every violation it finds; {@link #violations()} reports them sorted by
 * {@link Violation#REPORT_ORDER}. Not thread-safe; reads the states, never changes them.
 */
public final class Invariants
{
    private final InventoryLogic[] logics;
    private final List<List<Stock>> stockByIsland;
    private final TreeMap<Long, Totals> totals = new TreeMap<>();
    private final List<Violation> violations = new ArrayList<>();

    private Invariants(final InventoryLogic[] logics, final List<List<Stock>> stockByIsland)
    {
        this.logics = logics;
        this.stockByIsland = stockByIsland;
        for (final List<Stock> island : stockByIsland)
        {
            for (final Stock stock : island)
            {
                totals.computeIfAbsent(stock.productId, id -> new Totals()).add(stock);
            }
        }
    }

    /**
     * @param islands every island's state, by index ({@code islands.get(i).island() == i}).
     * @return the checks over those states.
     */
    public static Invariants of(final List<InventoryLogic> islands)
    {
        final InventoryLogic[] logics = islands.toArray(new InventoryLogic[0]);
        final List<List<Stock>> stock = new ArrayList<>(logics.length);
        for (int index = 0; index < logics.length; index++)
        {
            final InventoryLogic logic = logics[index];
            if (logic.island() != index || logic.islands() != logics.length)
            {
                throw new IllegalArgumentException("state " + index + " of " + logics.length + " is island " +
                    logic.island() + " of " + logic.islands());
            }
            final List<Stock> rows = new ArrayList<>();
            for (final long productId : logic.productIdsSorted())
            {
                rows.add(Stock.of(index, logic.product(productId)));
            }
            stock.add(rows);
        }
        return new Invariants(logics, stock);
    }

    /**
     * The checks over what a running engine shows of its islands' stock. Only {@link #checkAllocations()},
     * {@link #checkConservation()}, {@link #checkConservation(Map)}, {@link #checkQuiet()} and
     * {@link #total(long)} apply; a view's {@code inFlight} stands for transferred out minus transferred in, so the
     * counts of units transferred cannot be checked for being negative one by one.
     *
     * @param views per island (by index), its views of the products to check; views of products the island does
     *              not know are ignored.
     * @return the checks over those views.
     */
    public static Invariants ofViews(final List<List<ProductView>> views)
    {
        final List<List<Stock>> stock = new ArrayList<>(views.size());
        for (int island = 0; island < views.size(); island++)
        {
            final TreeMap<Long, Stock> rows = new TreeMap<>();
            for (final ProductView view : views.get(island))
            {
                if (view.known())
                {
                    rows.put(view.productId(), Stock.of(island, view));
                }
            }
            stock.add(new ArrayList<>(rows.values()));
        }
        return new Invariants(null, stock);
    }

    /**
     * No oversell and each island's books: per island and product, no count is negative and
     * {@code available + reserved + held + sold == received + transferredIn - transferredOut}.
     *
     * @return this.
     */
    public Invariants checkAllocations()
    {
        for (final List<Stock> island : stockByIsland)
        {
            for (final Stock stock : island)
            {
                if (stock.available < 0 || stock.reserved < 0 || stock.held < 0 || stock.sold < 0 || stock.received < 0 ||
                    stock.transferredIn < 0 || stock.transferredOut < 0)
                {
                    violations.add(Violation.ofStock(Invariant.NEGATIVE_ALLOCATION, stock.island, stock.productId,
                        "a count is negative: " + stock));
                }
                if (stock.available + stock.reserved + stock.held + stock.sold !=
                    stock.received + stock.transferredIn - stock.transferredOut)
                {
                    violations.add(Violation.ofStock(Invariant.ALLOCATION_BALANCE, stock.island, stock.productId,
                        "available + reserved + held + sold != received + transferred in - transferred out: " + stock));
                }
            }
        }
        return this;
    }

    /**
     * Conservation with the units created and restocked taken from what the islands received: per product over all
     * islands, {@code available + reserved + held + sold + in flight == received}, where in flight is
     * {@code transferredOut - transferredIn}, which must not be negative.
     *
     * @return this.
     */
    public Invariants checkConservation()
    {
        for (final Map.Entry<Long, Totals> entry : totals.entrySet())
        {
            checkConservation(entry.getKey(), entry.getValue(), entry.getValue().received);
        }
        return this;
    }

    /**
     * Conservation against the units the caller knows were created and restocked: per product, the islands received
     * exactly those units and {@code available + reserved + held + sold + in flight} equals them; in flight is not
     * negative.
     *
     * @param created per product, units created plus restocked (a product missing here counts 0).
     * @return this.
     */
    public Invariants checkConservation(final Map<Long, Long> created)
    {
        final TreeSet<Long> products = new TreeSet<>(totals.keySet());
        products.addAll(created.keySet());
        for (final long productId : products)
        {
            final long units = created.getOrDefault(productId, 0L);
            final Totals sum = totals.getOrDefault(productId, new Totals());
            if (sum.received != units)
            {
                violations.add(Violation.ofProduct(Invariant.UNITS_CREATED, productId, "islands received " +
                    sum.received + " units but " + units + " were created and restocked"));
            }
            checkConservation(productId, sum, units);
        }
        return this;
    }

    private void checkConservation(final long productId, final Totals sum, final long created)
    {
        final long inFlight = sum.inFlight();
        final long accounted = sum.available + sum.reserved + sum.held + sum.sold + inFlight;
        if (accounted != created)
        {
            violations.add(Violation.ofProduct(Invariant.CONSERVATION, productId, "created and restocked " +
                created + " != available " + sum.available + " + reserved " + sum.reserved + " + held " + sum.held +
                " + sold " + sum.sold +
                " + in flight " + inFlight + " = " + accounted + " (difference " + (created - accounted) + ")"));
        }
        if (inFlight < 0)
        {
            violations.add(Violation.ofProduct(Invariant.NEGATIVE_IN_FLIGHT, productId, "more units received " +
                "than granted: transferred out " + sum.transferredOut + " - transferred in " + sum.transferredIn +
                " = " + inFlight));
        }
    }

    /**
     * Units deducted once: per island and product, sold is what its confirmed orders hold, reserved is what its
     * pending orders hold, held is what its held holds hold, and no decided order or hold still holds units.
     *
     * @return this.
     * @throws IllegalStateException when built over views.
     */
    public Invariants checkOrders()
    {
        for (final InventoryLogic logic : logics())
        {
            final TreeMap<Long, long[]> accounted = new TreeMap<>();
            for (final long productId : logic.productIdsSorted())
            {
                accounted.put(productId, new long[3]);
            }
            for (final String login : logic.loginsSorted())
            {
                for (final long orderId : logic.orderIdsSorted(login))
                {
                    final Order order = logic.order(login, orderId);
                    for (int line = 0; line < order.lineCount(); line++)
                    {
                        final long[] units = accounted.computeIfAbsent(order.productId(line), id -> new long[3]);
                        if (order.state() == OrderState.CONFIRMED)
                        {
                            units[0] += order.quantity(line);
                        }
                        else if (order.state() == OrderState.PENDING)
                        {
                            units[1] += order.reserved(line);
                        }
                        else if (order.state() == OrderState.HELD)
                        {
                            units[2] += order.reserved(line);
                            if (order.reserved(line) != order.quantity(line))
                            {
                                violations.add(Violation.ofOrder(Invariant.ORDER_ACCOUNTS, logic.island(),
                                    login + "#" + orderId, "held, yet holds " + order.reserved(line) + " of " +
                                    order.quantity(line) + " units of product " + order.productId(line)));
                            }
                        }
                        else if (order.state().isTerminal() && order.state() != OrderState.CANCELLED &&
                            order.reserved(line) != 0)
                        {
                            violations.add(Violation.ofOrder(Invariant.ORDER_ACCOUNTS, logic.island(),
                                login + "#" + orderId, order.state() + ", yet still holds " + order.reserved(line) +
                                " units of product " + order.productId(line)));
                        }
                    }
                }
            }
            for (final Map.Entry<Long, long[]> entry : accounted.entrySet())
            {
                final Product product = logic.product(entry.getKey());
                final long sold = null == product ? 0 : product.sold();
                final long reserved = null == product ? 0 : product.reserved();
                final long held = null == product ? 0 : product.held();
                final long[] units = entry.getValue();
                if (sold != units[0] || reserved != units[1] || held != units[2])
                {
                    violations.add(Violation.ofStock(Invariant.ORDER_ACCOUNTS, logic.island(), entry.getKey(),
                        "sold " + sold + ", reserved " + reserved + " and held " + held + ", but its confirmed " +
                        "orders account for " + units[0] + " sold, its pending orders for " + units[1] +
                        " reserved and its held holds for " + units[2] + " held"));
                }
            }
        }
        return this;
    }

    /**
     * Exactly once between states: on every link no receiver applied a message its sender has not sent, and every
     * message sent and not applied is still held in the sender's outbox.
     *
     * @return this.
     * @throws IllegalStateException when built over views.
     */
    public Invariants checkLinks()
    {
        final InventoryLogic[] islands = logics();
        for (final InventoryLogic receiver : islands)
        {
            for (final InventoryLogic sender : islands)
            {
                if (sender == receiver)
                {
                    continue;
                }
                final int source = sender.island();
                final int target = receiver.island();
                final LinkOutbox link = sender.outbox().link(target);
                final long sent = link.nextSequence() - 1;
                final long applied = receiver.inbound().highWaterMark(source);
                if (applied > sent)
                {
                    violations.add(Violation.ofLink(Invariant.UNSENT_MESSAGE_APPLIED, source, target, "island " +
                        target + " applied link messages up to #" + applied + " but island " + source +
                        " sent only " + sent));
                }
                else if (applied < sent && link.firstSequence() > applied + 1)
                {
                    violations.add(Violation.ofLink(Invariant.MESSAGE_LOST, source, target, "island " + source +
                        " sent messages #" + (applied + 1) + ".." + (link.firstSequence() - 1) + " that island " +
                        target + " never applied, and no longer holds them"));
                }
            }
        }
        return this;
    }

    /**
     * Exactly once in the journals: what each scan found (messages repeated, skipped or from no valid island), and
     * on every link the messages the receiver journaled end at its state's high-water mark.
     *
     * @param scans every island's journal, by index ({@link JournalLinks#scan}).
     * @return this.
     * @throws IllegalStateException when built over views.
     */
    public Invariants checkJournals(final List<JournalLinks> scans)
    {
        final InventoryLogic[] islands = logics();
        if (scans.size() != islands.length)
        {
            throw new IllegalArgumentException(scans.size() + " journal scans for " + islands.length + " islands");
        }
        for (final JournalLinks scan : scans)
        {
            violations.addAll(scan.violations());
            final InventoryLogic receiver = islands[scan.island()];
            for (int source = 0; source < islands.length; source++)
            {
                final long applied = receiver.inbound().highWaterMark(source);
                if (source != scan.island() && scan.highest()[source] != applied)
                {
                    violations.add(Violation.ofLink(Invariant.LINK_JOURNAL_MISMATCH, source, scan.island(),
                        "the journal holds link messages up to #" + scan.highest()[source] + " but the state " +
                        "applied up to #" + applied));
                }
            }
        }
        return this;
    }

    /**
     * Time is kept: no hold outlives its expiry and no user's timer is left behind ({@link
     * InventoryLogic#overdueTimer()}): per island, no timer that existed at the last tick the island applied is still
     * due by that tick's time, unless that tick fired as many timers as one tick may (the rest fire at the next
     * ticks). Islands that applied no tick since they were built are not checked.
     *
     * @return this.
     * @throws IllegalStateException when built over views.
     */
    public Invariants checkTimers()
    {
        for (final InventoryLogic logic : logics())
        {
            final String overdue = logic.overdueTimer();
            if (null != overdue)
            {
                violations.add(Violation.ofOrder(Invariant.TIMER_OVERDUE, logic.island(),
                    overdue.substring(overdue.indexOf(' ') + 1, overdue.indexOf(" due at ")), overdue));
            }
        }
        return this;
    }

    /**
     * Liveness once input stopped and the system settled: no order pending, nothing reserved, nothing in flight and,
     * with states, nothing sent that is unapplied ({@link LinkReconciler#unapplied}).
     *
     * @return this.
     */
    public Invariants checkQuiet()
    {
        for (final List<Stock> island : stockByIsland)
        {
            for (final Stock stock : island)
            {
                if (stock.reserved != 0)
                {
                    violations.add(Violation.ofStock(Invariant.UNITS_RESERVED, stock.island, stock.productId,
                        stock.reserved + " units still reserved once quiet"));
                }
            }
        }
        for (final Map.Entry<Long, Totals> entry : totals.entrySet())
        {
            final long inFlight = entry.getValue().inFlight();
            if (inFlight != 0)
            {
                violations.add(Violation.ofProduct(Invariant.UNITS_IN_FLIGHT, entry.getKey(), inFlight +
                    " units still in flight once quiet"));
            }
        }
        if (null == logics)
        {
            return this;
        }
        for (final InventoryLogic logic : logics)
        {
            forEachPending(logic, (login, order) -> violations.add(Violation.ofOrder(Invariant.ORDER_PENDING,
                logic.island(), login + "#" + order.orderId(), "still pending once quiet (deadline " +
                order.deadline() + ")")));
            for (final InventoryLogic sender : logics)
            {
                final long unapplied = sender == logic ? 0 : LinkReconciler.unapplied(sender, logic);
                if (unapplied != 0)
                {
                    violations.add(Violation.ofLink(Invariant.MESSAGE_UNAPPLIED, sender.island(), logic.island(),
                        unapplied + " messages sent and not applied once quiet"));
                }
            }
        }
        return this;
    }

    /**
     * Liveness while input may still arrive: no order is pending after its deadline passed before its island's last
     * journaled time; orders whose deadline is ahead may wait.
     *
     * @param scans every island's journal, by index, for its last journaled time.
     * @return this.
     * @throws IllegalStateException when built over views.
     */
    public Invariants checkDeadlines(final List<JournalLinks> scans)
    {
        for (final InventoryLogic logic : logics())
        {
            final long lastTimestamp = scans.get(logic.island()).lastTimestamp();
            forEachPending(logic, (login, order) ->
            {
                if (order.deadline() < lastTimestamp)
                {
                    violations.add(Violation.ofOrder(Invariant.ORDER_PAST_DEADLINE, logic.island(),
                        login + "#" + order.orderId(), "still pending; its deadline " + order.deadline() +
                        " passed before the island's last journaled time " + lastTimestamp));
                }
            });
        }
        return this;
    }

    /**
     * @param productId a product.
     * @return the product's stock summed over every island ({@code created} is what the islands received).
     */
    public ProductView total(final long productId)
    {
        final Totals sum = totals.get(productId);
        if (null == sum)
        {
            return ProductView.unknown(productId);
        }
        return new ProductView(productId, true, sum.islands, sum.received, sum.available, sum.reserved, sum.sold,
            sum.inFlight(), sum.held);
    }

    /**
     * @return every violation the checks asked for found, sorted by {@link Violation#REPORT_ORDER}.
     */
    public List<Violation> violations()
    {
        final List<Violation> sorted = new ArrayList<>(violations);
        sorted.sort(Violation.REPORT_ORDER);
        return sorted;
    }

    private InventoryLogic[] logics()
    {
        if (null == logics)
        {
            throw new IllegalStateException("this check needs the islands' states, not views of their stock");
        }
        return logics;
    }

    private static void forEachPending(final InventoryLogic logic, final PendingOrderVisitor visitor)
    {
        for (final String login : logic.loginsSorted())
        {
            for (final long orderId : logic.orderIdsSorted(login))
            {
                if (logic.orderState(login, orderId) == OrderState.PENDING)
                {
                    visitor.visit(login, logic.order(login, orderId));
                }
            }
        }
    }

    /**
     * Receives a pending order.
     */
    @FunctionalInterface
    private interface PendingOrderVisitor
    {
        void visit(String login, Order order);
    }

    /**
     * One island's counts of one product.
     */
    private record Stock(int island, long productId, long received, long available, long reserved, long held,
        long sold, long transferredIn, long transferredOut)
    {
        static Stock of(final int island, final Product product)
        {
            return new Stock(island, product.id(), product.received(), product.available(), product.reserved(),
                product.held(), product.sold(), product.transferredIn(), product.transferredOut());
        }

        static Stock of(final int island, final ProductView view)
        {
            return new Stock(island, view.productId(), view.created(), view.available(), view.reserved(),
                view.held(), view.sold(), Math.max(0, -view.inFlight()), Math.max(0, view.inFlight()));
        }

        @Override
        public String toString()
        {
            return "available " + available + ", reserved " + reserved + ", held " + held + ", sold " + sold +
                ", received " +
                received + ", transferred in " + transferredIn + ", transferred out " + transferredOut;
        }
    }

    /**
     * One product's counts summed over every island that knows it.
     */
    private static final class Totals
    {
        int islands;
        long received;
        long available;
        long reserved;
        long held;
        long sold;
        long transferredIn;
        long transferredOut;

        void add(final Stock stock)
        {
            islands++;
            received += stock.received;
            available += stock.available;
            reserved += stock.reserved;
            held += stock.held;
            sold += stock.sold;
            transferredIn += stock.transferredIn;
            transferredOut += stock.transferredOut;
        }

        long inFlight()
        {
            return transferredOut - transferredIn;
        }
    }
}
