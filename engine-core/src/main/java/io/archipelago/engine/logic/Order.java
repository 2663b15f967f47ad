package io.archipelago.engine.logic;

import io.archipelago.engine.OrderState;
import io.archipelago.engine.ResultCode;

/**
 * One order at its user's island.
 */
public final class Order
{
    final String login;
    final long orderId;
    final long[] productIds;
    final int[] quantities;
    final long placedAt;
    OrderState state;
    ResultCode reason;
    long decidedAt;

    Order(final String login, final long orderId, final long[] productIds, final int[] quantities,
        final long placedAt)
    {
        this.login = login;
        this.orderId = orderId;
        this.productIds = productIds;
        this.quantities = quantities;
        this.placedAt = placedAt;
    }

    /**
     * @return the user.
     */
    public String login()
    {
        return login;
    }

    /**
     * @return the user's order id.
     */
    public long orderId()
    {
        return orderId;
    }

    /**
     * @return number of lines.
     */
    public int lineCount()
    {
        return productIds.length;
    }

    /**
     * @param line line index.
     * @return the line's product.
     */
    public long productId(final int line)
    {
        return productIds[line];
    }

    /**
     * @param line line index.
     * @return the line's quantity.
     */
    public int quantity(final int line)
    {
        return quantities[line];
    }

    /**
     * @return lifecycle state.
     */
    public OrderState state()
    {
        return state;
    }

    /**
     * @return why it was rejected, or {@code null}.
     */
    public ResultCode reason()
    {
        return reason;
    }

    /**
     * @return journaled time the order was placed, epoch ms.
     */
    public long placedAt()
    {
        return placedAt;
    }

    /**
     * @return journaled time the order reached its current state, epoch ms.
     */
    public long decidedAt()
    {
        return decidedAt;
    }
}
