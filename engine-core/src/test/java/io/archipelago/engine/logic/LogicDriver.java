package io.archipelago.engine.logic;

import io.archipelago.engine.ResultCode;
import io.archipelago.engine.codec.Command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feeds commands to one {@link InventoryLogic} with an advancing journaled time, checks that each input gives exactly
 * one reply, and checks conservation of every product after every step.
 */
final class LogicDriver
{
    private final InventoryLogic logic;
    private final RecordingOutput out = new RecordingOutput();
    private final Command command = new Command();
    private long now = 1_700_000_000_000L;

    LogicDriver(final InventoryLogic logic)
    {
        this.logic = logic;
    }

    InventoryLogic logic()
    {
        return logic;
    }

    long now()
    {
        return now;
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
     * @return the reply.
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

    ResultCode apply(final Command input)
    {
        return applyAt(input, now + 1);
    }

    ResultCode applyAt(final Command input, final long timestamp)
    {
        now = Math.max(now, timestamp);
        final int before = out.count();
        logic.apply(input, timestamp, out);
        assertEquals(before + 1, out.count(), "exactly one reply for " + input);
        assertConserved(logic);
        return out.last();
    }

    /**
     * Per product: available + reserved + sold == received, and nothing negative.
     *
     * @param logic the state to check.
     */
    static void assertConserved(final InventoryLogic logic)
    {
        for (final long id : logic.productIdsSorted())
        {
            final Product p = logic.product(id);
            assertTrue(p.available() >= 0, "available of " + id + " is " + p.available());
            assertTrue(p.reserved() >= 0, "reserved of " + id + " is " + p.reserved());
            assertTrue(p.sold() >= 0, "sold of " + id + " is " + p.sold());
            assertTrue(p.received() >= 0, "received of " + id + " is " + p.received());
            assertEquals(p.received(), p.available() + p.reserved() + p.sold(),
                "available + reserved + sold == received for product " + id);
        }
    }
}
