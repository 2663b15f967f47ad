package io.archipelago.engine.logic;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.RecordDescriptor;
import io.archipelago.engine.model.ResultCode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feeds client commands and ticks to one {@link InventoryLogic} with an advancing journaled time, checks that each
 * command is answered exactly once (at once, or through a deferred reply), and checks conservation of every product
 * after every step.
 */
final class LogicDriver
{
    private final InventoryLogic logic;
    private final RecordingOutput out = new RecordingOutput();
    private final Command command = new Command();
    private long now = 1_700_000_000_000L;
    private long lastHandle;

    LogicDriver(final InventoryLogic logic)
    {
        this.logic = logic;
    }

    InventoryLogic logic()
    {
        return logic;
    }

    RecordingOutput output()
    {
        return out;
    }

    long now()
    {
        return now;
    }

    /**
     * @return the handle of the last command whose reply was deferred, 0 if none was.
     */
    long lastHandle()
    {
        return lastHandle;
    }

    ResultCode create(final long productId, final long units)
    {
        return apply(command.createProduct(productId, units));
    }

    ResultCode restock(final long productId, final long units)
    {
        return apply(command.restock(productId, units));
    }

    /**
     * @param login      the user.
     * @param orderId    the order id.
     * @param productQty pairs of product id and quantity.
     * @return the reply, or {@code null} while the order waits.
     */
    ResultCode order(final String login, final long orderId, final long... productQty)
    {
        command.placeOrder(login, orderId);
        for (int i = 0; i < productQty.length; i += 2)
        {
            command.addLine(productQty[i], (int)productQty[i + 1]);
        }
        return apply(command);
    }

    ResultCode cancel(final String login, final long orderId)
    {
        return apply(command.cancelOrder(login, orderId));
    }

    /**
     * Journaled time reaches {@code timestamp}: fires every timer due by then.
     *
     * @param timestamp the time reached.
     */
    void tickAt(final long timestamp)
    {
        now = Math.max(now, timestamp);
        final int before = out.count();
        final long handles = out.nextHandle();
        logic.apply(command.tick(), now, RecordDescriptor.SOURCE_TIMER, 0, out);
        assertEquals(before, out.count(), "a tick answers no command");
        assertEquals(handles, out.nextHandle(), "a tick defers no reply");
        assertConserved(logic);
    }

    ResultCode apply(final Command input)
    {
        return applyAt(input, now + 1);
    }

    ResultCode applyAt(final Command input, final long timestamp)
    {
        now = Math.max(now, timestamp);
        final int before = out.count();
        final long handleBefore = out.nextHandle();
        final String described = input.toString();
        logic.apply(input, timestamp, out);
        final int immediate = out.count() - before;
        final long deferred = out.nextHandle() - handleBefore;
        assertEquals(1, immediate + deferred, () -> "exactly one reply, now or deferred, for " + described);
        assertConserved(logic);
        if (deferred == 1)
        {
            lastHandle = handleBefore;
            return out.deferredOutcome(handleBefore);
        }
        lastHandle = 0;
        return out.replies().get(out.count() - 1);
    }

    /**
     * Per product: available + reserved + held + sold == received + transferred in - transferred out, nothing negative, and
     * nothing available while orders wait for the product.
     *
     * @param logic the state to check.
     */
    static void assertConserved(final InventoryLogic logic)
    {
        for (final long id : logic.productIdsSorted())
        {
            final Product p = logic.product(id);
            assertTrue(p.available() >= 0, () -> "available of " + id + " is " + p.available());
            assertTrue(p.reserved() >= 0, () -> "reserved of " + id + " is " + p.reserved());
            assertTrue(p.sold() >= 0, () -> "sold of " + id + " is " + p.sold());
            assertTrue(p.received() >= 0, () -> "received of " + id + " is " + p.received());
            assertTrue(p.waitingUnmet() >= 0, () -> "waiting need of " + id + " is " + p.waitingUnmet());
            assertTrue(p.held() >= 0, () -> "held of " + id + " is " + p.held());
            assertEquals(p.received() + p.transferredIn() - p.transferredOut(),
                p.available() + p.reserved() + p.held() + p.sold(),
                () -> "available + reserved + held + sold == received + in - out for product " + id);
            assertTrue(p.waitingUnmet() == 0 || p.available() == 0,
                () -> "product " + id + " has " + p.available() + " available while orders lack " + p.waitingUnmet());
        }
    }
}
