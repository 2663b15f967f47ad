package io.archipelago.engine.crash;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.archipelago.engine.invariants.Invariants;
import io.archipelago.engine.invariants.Violation;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.OrderStatus;
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
            case OUT_OF_STOCK, UNKNOWN_PRODUCT, DEADLINE_PASSED ->
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
     * The invariants over the state ({@link StateView#invariants()}): allocations and each island's books,
     * conservation per product, and once settled nothing pending, reserved, in flight or unapplied; then what this
     * workload alone knows: every product whose creation was acknowledged is known everywhere, its units created
     * and restocked lie between the creation plus the acknowledged restocks and the creation plus every restock
     * submitted, and the product never created is known nowhere.
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
        final Invariants invariants = state.invariants().checkAllocations().checkConservation();
        if (settled)
        {
            invariants.checkQuiet();
        }
        failAll(invariants.violations());
        for (int product = 1; product <= CrashWorkload.PRODUCTS; product++)
        {
            if (!created[product])
            {
                continue;
            }
            for (int partition = 0; partition < partitions; partition++)
            {
                if (!state.productView(partition, product).known())
                {
                    fail("product " + product + ": island " + partition + " does not know it, yet its creation " +
                        "was acknowledged");
                }
            }
            final long units = invariants.total(product).created();
            final long least = CrashWorkload.INITIAL_UNITS + restocked[product];
            final long most = CrashWorkload.INITIAL_UNITS + intended[product];
            if (units < least || units > most)
            {
                fail("product " + product + ": " + units + " units created and restocked, expected between " +
                    least + " (creation + acknowledged restocks) and " + most + " (creation + every restock " +
                    "submitted)");
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
     * The invariants only the islands' states show: each island's sold and reserved units are exactly what its
     * orders account for (every order's units deducted once), and no island applied a link message its sender has
     * not journaled, nor lost one its receiver never applied.
     *
     * @param islands islands rebuilt from their journals.
     */
    void islands(final List<JournalReplay.Island> islands)
    {
        failAll(StateView.of(islands).invariants().checkOrders().checkLinks().violations());
    }

    private void failAll(final List<Violation> violations)
    {
        for (final Violation violation : violations)
        {
            fail(violation.toString());
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
