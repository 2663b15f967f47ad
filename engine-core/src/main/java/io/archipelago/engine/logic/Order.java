package io.archipelago.engine.logic;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import com.google.common.hash.Hasher;

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
    /** The login's UTF-8 bytes, shared with the user's {@link UserOrders}; {@code null} on copies made for queries. */
    byte[] loginBytes;
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
    /** A hold: when its units stop being held (epoch ms); 0 for an order. */
    long expiresAt;
    /** A held hold: its expiry in the island's timer wheel. */
    WheelTimer expiryTimer;
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
     * @return true for a hold (an order whose covered units wait for a confirm, a release or the expiry).
     */
    public boolean isHold()
    {
        return expiresAt != 0;
    }

    /**
     * @return a waiting or held hold: when its units stop being held, epoch ms; 0 for orders and decided holds.
     */
    public long expiresAt()
    {
        return expiresAt;
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

    long quantityOf(final long productId)
    {
        long quantity = 0;
        for (int i = 0; i < productIds.length; i++)
        {
            quantity += productIds[i] == productId ? quantities[i] : 0;
        }
        return quantity;
    }

    long reservedOf(final long productId)
    {
        long reserved = 0;
        for (int i = 0; i < productIds.length; i++)
        {
            reserved += productIds[i] == productId ? reservedPerLine[i] : 0;
        }
        return reserved;
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

    /**
     * Writes the order in the one layout a snapshot uses for waiting and decided orders alike (see
     * {@link OrderArchive#writeRecord}).
     */
    void writeTo(final DataOutput out) throws IOException
    {
        out.writeLong(orderId);
        out.writeLong(placedAt);
        out.writeLong(deadline);
        out.writeByte(state.ordinal());
        out.writeInt(null == reason ? -1 : reason.code());
        out.writeLong(decidedAt);
        out.writeLong(awaitingProductId);
        out.writeBoolean(awaitingCreation);
        out.writeBoolean(neededTransfer);
        out.writeLong(expiresAt);
        out.writeInt(productIds.length);
        for (int i = 0; i < productIds.length; i++)
        {
            out.writeLong(productIds[i]);
            out.writeInt(quantities[i]);
            out.writeInt(reservedPerLine[i]);
        }
    }

    /**
     * Reads what {@link #writeTo} or {@link OrderArchive#writeRecord} wrote, as an object.
     *
     * @param version the island state format; before 4 no hold expiry was written.
     */
    static Order readFrom(final DataInput in, final String login, final int version) throws IOException
    {
        final long orderId = in.readLong();
        final long placedAt = in.readLong();
        final long deadline = in.readLong();
        final OrderState state = OrderState.values()[in.readByte()];
        final int reason = in.readInt();
        final long decidedAt = in.readLong();
        final long awaitingProductId = in.readLong();
        final boolean awaitingCreation = in.readBoolean();
        final boolean neededTransfer = in.readBoolean();
        final long expiresAt = version >= 4 ? in.readLong() : 0;
        final int lines = in.readInt();
        final long[] productIds = new long[lines];
        final int[] quantities = new int[lines];
        final Order order = new Order(login, orderId, productIds, quantities, placedAt, deadline);
        for (int i = 0; i < lines; i++)
        {
            productIds[i] = in.readLong();
            quantities[i] = in.readInt();
            order.reservedPerLine[i] = in.readInt();
        }
        order.state = state;
        order.reason = reason < 0 ? null : ResultCode.ofCode(reason);
        order.decidedAt = decidedAt;
        order.awaitingProductId = awaitingProductId;
        order.awaitingCreation = awaitingCreation;
        order.neededTransfer = neededTransfer;
        order.expiresAt = expiresAt;
        return order;
    }

    /**
     * Adds the order to a digest the way {@link OrderArchive#hashRecord} adds a decided one.
     */
    void hashInto(final Hasher hasher)
    {
        hasher.putLong(orderId).putInt(state.ordinal()).putInt(null == reason ? -1 : reason.code())
            .putLong(placedAt).putLong(deadline).putLong(decidedAt).putBoolean(awaitingCreation)
            .putLong(awaitingProductId).putBoolean(neededTransfer).putInt(productIds.length);
        for (int i = 0; i < productIds.length; i++)
        {
            hasher.putLong(productIds[i]).putInt(quantities[i]).putInt(reservedPerLine[i]);
        }
        if (expiresAt != 0)
        {
            hasher.putLong(expiresAt);
        }
    }
}
