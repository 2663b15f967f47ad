package io.archipelago.engine.crash;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.engine.logic.Order;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.OrderStatus;
import io.archipelago.engine.model.ProductView;
import io.archipelago.engine.model.ResultCode;

/**
 * The invariants the crash harness checks after every kill and after the final recovery. Each check adds a readable
 * message per violation (naming the order, product or island, and the acknowledgement line concerned) instead of
 * stopping at the first.
 */
final class SurvivalChecks
{
    private static final int MAX_REPORTED = 40;

    private final List<String> failures = new ArrayList<>();
    private int suppressed;

    /**
     * Durable acknowledgement: every result the client received is in the state with the same outcome.
     *
     * @param acks  the acknowledgement log.
     * @param state the recovered state.
     */
    void acknowledgedResults(final List<AckLine> acks, final StateView state)
    {
        final Set<Long> orderIds = new HashSet<>();
        for (final AckLine ack : acks)
        {
            switch (ack.kind())
            {
                case ORDER ->
                {
                    if (!orderIds.add(ack.id()))
                    {
                        fail(ack + ": a second result for order " + ack.id() + " (every order is placed once)");
                    }
                    acknowledgedOrder(ack, state.orderStatus(ack.login(), ack.id()));
                }
                case CANCEL ->
                {
                    final OrderStatus status = state.orderStatus(ack.login(), ack.id());
                    if (ack.result() != ResultCode.CANCELLED)
                    {
                        fail(ack + ": cancelling an order the client saw confirmed gave " + ack.result() +
                            "; the order is now " + describe(status));
                    }
                    else if (status.state() != OrderState.CANCELLED)
                    {
                        fail(ack + ": the client was told CANCELLED but the order is " + describe(status));
                    }
                }
                case CREATE ->
                {
                    if (ack.result() != ResultCode.CREATED && ack.result() != ResultCode.ALREADY_EXISTS)
                    {
                        fail(ack + ": creating a product failed");
                    }
                }
                case RESTOCK_INTENT, RESTOCK ->
                {
                }
                default -> throw new IllegalStateException("unhandled " + ack.kind());
            }
        }
    }

    private void acknowledgedOrder(final AckLine ack, final OrderStatus status)
    {
        final ResultCode result = ack.result();
        switch (result)
        {
            case CONFIRMED ->
            {
                final boolean cancellable = CrashWorkload.cancelledWhenConfirmed(ack.id());
                if (status.state() != OrderState.CONFIRMED &&
                    !(cancellable && status.state() == OrderState.CANCELLED))
                {
                    fail(ack + ": the client was told CONFIRMED but the order is " + describe(status) +
                        (cancellable ? " (CANCELLED would be allowed: the worker cancels this order)" : ""));
                    return;
                }
            }
            case OUT_OF_STOCK, UNKNOWN_PRODUCT ->
            {
                if (status.state() != OrderState.REJECTED || status.reason() != result)
                {
                    fail(ack + ": the client was told " + result + " but the order is " + describe(status));
                    return;
                }
            }
            case OVERLOADED ->
            {
                if (status.state() != OrderState.UNKNOWN)
                {
                    fail(ack + ": submit refused the order as OVERLOADED, yet the island holds it: " +
                        describe(status));
                }
                return;
            }
            default ->
            {
                fail(ack + ": unexpected result " + result + " for a new order id; the order is " + describe(status));
                return;
            }
        }
        if (!status.lines().equals(ack.lines()))
        {
            fail(ack + ": the order's lines are " + status.lines() + " but the client placed " + ack.lines());
        }
    }

    private static String describe(final OrderStatus status)
    {
        return status.state() + (null == status.reason() ? "" : " (" + status.reason() + ")") + " at island " +
            status.partition();
    }

    /**
     * Conservation and no oversell per product, with the units created bounded by what the client created and
     * restocked.
     *
     * @param acks       the acknowledgement log.
     * @param state      the recovered state.
     * @param partitions how many islands.
     * @param settled    true when nothing should be pending or in flight any more.
     */
    void stock(final List<AckLine> acks, final StateView state, final int partitions, final boolean settled)
    {
        final long[] restocked = new long[CrashWorkload.PRODUCTS + 1];
        final long[] intended = new long[CrashWorkload.PRODUCTS + 1];
        final boolean[] created = new boolean[CrashWorkload.PRODUCTS + 1];
        for (final AckLine ack : acks)
        {
            switch (ack.kind())
            {
                case RESTOCK_INTENT -> intended[(int)ack.id()] += ack.units();
                case RESTOCK -> restocked[(int)ack.id()] += ack.result() == ResultCode.RESTOCKED ? ack.units() : 0;
                case CREATE -> created[(int)ack.id()] |= ack.result().isSuccess();
                default ->
                {
                }
            }
        }
        for (int product = 1; product <= CrashWorkload.PRODUCTS; product++)
        {
            ProductView sum = ProductView.unknown(product);
            for (int partition = 0; partition < partitions; partition++)
            {
                final ProductView view = state.productView(partition, product);
                if (created[product] && !view.known())
                {
                    fail("product " + product + ": island " + partition + " does not know it, yet its creation " +
                        "was acknowledged");
                }
                if (view.available() < 0 || view.reserved() < 0 || view.sold() < 0)
                {
                    fail("product " + product + ": negative stock at island " + partition + ": " + view);
                }
                sum = sum.plus(view);
            }
            if (!created[product])
            {
                continue;
            }
            if (sum.created() != sum.available() + sum.reserved() + sum.sold() + sum.inFlight())
            {
                fail("product " + product + ": conservation broken: created " + sum.created() + " != available " +
                    sum.available() + " + reserved " + sum.reserved() + " + sold " + sum.sold() + " + in flight " +
                    sum.inFlight() + " (difference " + (sum.created() - sum.available() - sum.reserved() -
                    sum.sold() - sum.inFlight()) + ")");
            }
            if (sum.inFlight() < 0)
            {
                fail("product " + product + ": more units received than granted: in flight " + sum.inFlight());
            }
            final long least = CrashWorkload.INITIAL_UNITS + restocked[product];
            final long most = CrashWorkload.INITIAL_UNITS + intended[product];
            if (sum.created() < least || sum.created() > most)
            {
                fail("product " + product + ": " + sum.created() + " units created and restocked, expected between " +
                    least + " (creation + acknowledged restocks) and " + most + " (creation + every restock " +
                    "submitted)");
            }
            if (settled && (sum.reserved() != 0 || sum.inFlight() != 0))
            {
                fail("product " + product + ": once settled nothing should be reserved or in flight: " + sum);
            }
        }
        for (int partition = 0; partition < partitions; partition++)
        {
            if (state.productView(partition, CrashWorkload.NEVER_CREATED_PRODUCT).known())
            {
                fail("island " + partition + " knows product " + CrashWorkload.NEVER_CREATED_PRODUCT +
                    ", which was never created");
            }
        }
    }

    /**
     * Audits each rebuilt island: its products' sold and reserved units are exactly what its orders account for,
     * every order's units were deducted once, and no island applied a link message its sender has not journaled.
     *
     * @param islands islands rebuilt from their journals.
     * @param settled true when every order should be decided.
     */
    void islands(final List<JournalReplay.Island> islands, final boolean settled)
    {
        for (final JournalReplay.Island island : islands)
        {
            final InventoryLogic logic = island.logic();
            final long[] sold = new long[CrashWorkload.PRODUCTS + 1];
            final long[] reserved = new long[CrashWorkload.PRODUCTS + 1];
            for (final String login : logic.loginsSorted())
            {
                for (final long orderId : logic.orderIdsSorted(login))
                {
                    final Order order = logic.order(login, orderId);
                    for (int line = 0; line < order.lineCount(); line++)
                    {
                        final int product = (int)order.productId(line);
                        if (product < 1 || product > CrashWorkload.PRODUCTS)
                        {
                            continue;
                        }
                        if (order.state() == OrderState.CONFIRMED)
                        {
                            sold[product] += order.quantity(line);
                        }
                        else if (order.state() == OrderState.PENDING)
                        {
                            reserved[product] += order.reserved(line);
                        }
                        else if (order.state() == OrderState.REJECTED && order.reserved(line) != 0)
                        {
                            fail("island " + island.partition() + ": rejected order " + login + "#" + orderId +
                                " still holds " + order.reserved(line) + " units of product " + product);
                        }
                    }
                }
            }
            for (int product = 1; product <= CrashWorkload.PRODUCTS; product++)
            {
                final ProductView view = logic.productView(product);
                if (view.sold() != sold[product] || view.reserved() != reserved[product])
                {
                    fail("island " + island.partition() + ", product " + product + ": sold " + view.sold() +
                        " and reserved " + view.reserved() + ", but its confirmed orders account for " +
                        sold[product] + " sold and its pending orders for " + reserved[product] + " reserved");
                }
            }
            if (settled && logic.pendingOrderCount() != 0)
            {
                fail("island " + island.partition() + ": " + logic.pendingOrderCount() + " orders still pending " +
                    "after the engine settled");
            }
            for (final JournalReplay.Island sender : islands)
            {
                if (sender != island)
                {
                    final long applied = logic.inbound().highWaterMark(sender.partition());
                    final long sent = sender.logic().outbox().link(island.partition()).nextSequence() - 1;
                    if (applied > sent)
                    {
                        fail("link " + sender.partition() + " -> " + island.partition() + ": the receiver applied " +
                            "up to message " + applied + " but the sender's journal only produced " + sent);
                    }
                }
            }
        }
    }

    /**
     * @param failure a violation.
     */
    void fail(final String failure)
    {
        if (failures.size() < MAX_REPORTED)
        {
            failures.add(failure);
        }
        else
        {
            suppressed++;
        }
    }

    /**
     * @return true when nothing failed.
     */
    boolean passed()
    {
        return failures.isEmpty();
    }

    /**
     * @return the violations, one per line.
     */
    String report()
    {
        return String.join("\n", failures) + (suppressed > 0 ? "\n... and " + suppressed + " more" : "");
    }
}
