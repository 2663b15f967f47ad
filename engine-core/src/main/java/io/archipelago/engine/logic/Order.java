package io.archipelago.engine.logic;

import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.ResultCode;

/**
 * One order at its user's island, with what it has reserved so far per line. An island keeps an order as an object
 * only while it waits; decided orders live in the island's {@code OrderArchive}, and
 * {@link InventoryLogic#order(String, long)} returns a copy of them.
 */
public final class Order
{
    final String login;
    final long orderId;
    final long[] productIds;
    final int[] quantities;
    final int[] reservedPerLine;
    final long placedAt;
    final long deadline;
    OrderState state;
    ResultCode reason;
    long decidedAt;
    /** Waiting for the creation of this product at this island (0 = not waiting for one). */
    long awaitingProductId;
    boolean awaitingCreation;
    boolean neededTransfer;
    Timer deadlineTimer;
    /** The runtime's handle of the client waiting for the outcome; not state (0 after replay). */
    long replyHandle;

    Order(final String login, final long orderId, final long[] productIds, final int[] quantities,
        final long placedAt, final long deadline)
    {
        this.login = login;
        this.orderId = orderId;
        this.productIds = productIds;
        this.quantities = quantities;
        this.reservedPerLine = new int[productIds.length];
        this.placedAt = placedAt;
        this.deadline = deadline;
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
     * @param line line index.
     * @return units held for the line so far.
     */
    public int reserved(final int line)
    {
        return reservedPerLine[line];
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
     * @return journaled time by which it must be decided, epoch ms.
     */
    public long deadline()
    {
        return deadline;
    }

    /**
     * @return journaled time the order reached its current state, epoch ms.
     */
    public long decidedAt()
    {
        return decidedAt;
    }

    /**
     * @return true when the order could not be covered at once and had to wait for units or a product.
     */
    public boolean neededTransfer()
    {
        return neededTransfer;
    }

    long unmet(final long productId)
    {
        long unmet = 0;
        for (int i = 0; i < productIds.length; i++)
        {
            if (productIds[i] == productId)
            {
                unmet += quantities[i] - reservedPerLine[i];
            }
        }
        return unmet;
    }

    boolean fullyCovered()
    {
        for (int i = 0; i < productIds.length; i++)
        {
            if (reservedPerLine[i] != quantities[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @param line a line.
     * @return true when no earlier line names the same product.
     */
    boolean firstLineOfProduct(final int line)
    {
        for (int i = 0; i < line; i++)
        {
            if (productIds[i] == productIds[line])
            {
                return false;
            }
        }
        return true;
    }
}
