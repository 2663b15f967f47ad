package io.archipelago.engine.logic;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;

import com.google.common.hash.Hasher;

import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.TransferStrategy;

/**
 * One island's allocation of a product, with the orders waiting for it and the island's search for more units.
 * Invariant: {@code available + reserved + held + sold == received + transferredIn - transferredOut}; no field is
 * negative;
 * when orders wait ({@code waitingUnmet > 0}) nothing is available (waiting orders absorb free units first).
 */
public final class Product
{
    final long id;
    /** Units created and restocked over all islands: the same on every island that knows the product. */
    long totalUnits;
    long received;
    long available;
    long reserved;
    /** Units held by held holds (covered, waiting for their confirm, release or expiry). */
    long held;
    long sold;
    long transferredIn;
    long transferredOut;

    /**
     * Pending orders with a line of this product, in arrival order, covered or not (so an order that yields units
     * keeps its place); decided entries are dropped lazily.
     */
    final ArrayDeque<Order> waiting = new ArrayDeque<>();
    /** Units the waiting orders still lack. */
    long waitingUnmet;

    /** Per island: last units it reported available, or {@link TransferStrategy#UNKNOWN}. Allocated on first use. */
    long[] hints;
    /** Per island: the round in which it was last asked. */
    int[] asked;
    /**
     * Per island: the units of the product it last reported sold (in answers to this island's requests), 0 until
     * it has. Allocated on the first answer that reports one.
     */
    long[] soldSeen;
    /** Sum of {@link #soldSeen}. */
    long soldElsewhere;
    /**
     * Largest quantity of the product any order in {@link #waiting} asked for since this island started (or its
     * state was read): when at least this many units may still be unsold, no waiting order is uncoverable.
     */
    long largestWaitingNeed;
    /**
     * Set while one input runs when a cancelled confirmed order gave units back, so the island's sold count fell
     * below what it may have reported; the search then tells the other islands (never kept across inputs).
     */
    boolean soldFell;
    /** Current search round (a round asks each other island at most once). */
    int round = 1;
    /** Whether an island answered "none now, but maybe later" in this round. */
    boolean roundMayFreeUp;
    /** Rounds retried since the search began, for the back-off. */
    int retries;
    /** Consecutive rounds in which every island said "none, and none coming". */
    int emptyRounds;
    /** Request waiting for an answer, 0 if none. */
    long outstandingRequestId;
    int outstandingPeer = -1;
    Timer requestTimer;
    Timer retryTimer;
    boolean dirty;

    Product(final long id)
    {
        this.id = id;
    }

    /**
     * @return the product id.
     */
    public long id()
    {
        return id;
    }

    /**
     * @return units created and restocked over all islands, as far as this island has applied them.
     */
    public long totalUnits()
    {
        return totalUnits;
    }

    /**
     * @return units this island's allocation received from creation and restocks.
     */
    public long received()
    {
        return received;
    }

    /**
     * @return units free to sell.
     */
    public long available()
    {
        return available;
    }

    /**
     * @return units held for pending orders.
     */
    public long reserved()
    {
        return reserved;
    }

    /**
     * @return units held by holds that are covered and wait for their confirm, release or expiry.
     */
    public long held()
    {
        return held;
    }

    /**
     * @return units of confirmed, not cancelled orders.
     */
    public long sold()
    {
        return sold;
    }

    /**
     * @return units received from other islands.
     */
    public long transferredIn()
    {
        return transferredIn;
    }

    /**
     * @return units granted to other islands.
     */
    public long transferredOut()
    {
        return transferredOut;
    }

    /**
     * @return units that waiting orders still lack.
     */
    public long waitingUnmet()
    {
        return waitingUnmet;
    }

    /**
     * @return true while a transfer request is unanswered.
     */
    public boolean searching()
    {
        return outstandingRequestId != 0 || null != retryTimer;
    }

    /**
     * @return an upper bound on the units of the product not yet sold anywhere: created and restocked, less those
     *         sold here and those the other islands last reported sold. Exact once every island has answered since
     *         its last sale, as long as no confirmed order is cancelled (sold counts only grow).
     */
    public long unsoldAtMost()
    {
        return Math.max(0, totalUnits - sold - soldElsewhere);
    }

    /**
     * @param island another island.
     * @return the units of the product that island last reported sold here, 0 if it has not.
     */
    public long soldReportedBy(final int island)
    {
        return null == soldSeen ? 0 : soldSeen[island];
    }

    /**
     * Notes the units another island reports sold; the latest report replaces the one before (links keep their
     * order, so the latest is the freshest).
     */
    void reportSold(final int island, final int islands, final long units)
    {
        if (null == soldSeen)
        {
            soldSeen = new long[islands];
        }
        soldElsewhere += units - soldSeen[island];
        soldSeen[island] = units;
    }

    void ensureSearchState(final int islands)
    {
        if (null == hints)
        {
            hints = new long[islands];
            Arrays.fill(hints, TransferStrategy.UNKNOWN);
            asked = new int[islands];
        }
    }

    /**
     * @return true when the order is pending here with this product's units reserved or still to come (not waiting
     *         for a product's creation).
     */
    private static boolean waitsHere(final Order order)
    {
        return order.state == OrderState.PENDING && !order.awaitingCreation;
    }

    /**
     * Writes the allocation, the search and the waiting orders (by login and order id, in arrival order).
     */
    void writeTo(final DataOutput out, final int islands) throws IOException
    {
        out.writeLong(id);
        out.writeLong(totalUnits);
        out.writeLong(received);
        out.writeLong(available);
        out.writeLong(reserved);
        out.writeLong(held);
        out.writeLong(sold);
        out.writeLong(transferredIn);
        out.writeLong(transferredOut);
        out.writeLong(waitingUnmet);
        out.writeInt(round);
        out.writeBoolean(roundMayFreeUp);
        out.writeInt(retries);
        out.writeInt(emptyRounds);
        out.writeLong(outstandingRequestId);
        out.writeInt(outstandingPeer);
        out.writeBoolean(null != hints);
        if (null != hints)
        {
            for (int i = 0; i < islands; i++)
            {
                out.writeLong(hints[i]);
                out.writeInt(asked[i]);
            }
        }
        out.writeBoolean(null != soldSeen);
        if (null != soldSeen)
        {
            for (int i = 0; i < islands; i++)
            {
                out.writeLong(soldSeen[i]);
            }
        }
        int count = 0;
        for (final Order order : waiting)
        {
            count += waitsHere(order) ? 1 : 0;
        }
        out.writeInt(count);
        for (final Order order : waiting)
        {
            if (waitsHere(order))
            {
                out.writeUTF(order.login);
                out.writeLong(order.orderId);
            }
        }
    }

    /**
     * Reads what {@link #writeTo} wrote; waiting orders are looked up among the island's waiting orders. Timers are
     * attached by the timer queue.
     *
     * @param version the island state format; before 3 no sold counts were kept, before 4 no held units.
     */
    static Product readFrom(final DataInput in, final int islands, final OrderBook orders, final int version)
        throws IOException
    {
        final Product product = new Product(in.readLong());
        product.totalUnits = in.readLong();
        product.received = in.readLong();
        product.available = in.readLong();
        product.reserved = in.readLong();
        product.held = version >= 4 ? in.readLong() : 0;
        product.sold = in.readLong();
        product.transferredIn = in.readLong();
        product.transferredOut = in.readLong();
        product.waitingUnmet = in.readLong();
        product.round = in.readInt();
        product.roundMayFreeUp = in.readBoolean();
        product.retries = in.readInt();
        product.emptyRounds = in.readInt();
        product.outstandingRequestId = in.readLong();
        product.outstandingPeer = in.readInt();
        if (in.readBoolean())
        {
            product.ensureSearchState(islands);
            for (int i = 0; i < islands; i++)
            {
                product.hints[i] = in.readLong();
                product.asked[i] = in.readInt();
            }
        }
        if (version >= 3 && in.readBoolean())
        {
            for (int i = 0; i < islands; i++)
            {
                product.reportSold(i, islands, in.readLong());
            }
        }
        final int count = in.readInt();
        for (int i = 0; i < count; i++)
        {
            final Order order = orders.waitingOrder(in.readUTF(), in.readLong());
            product.waiting.add(order);
            product.largestWaitingNeed = Math.max(product.largestWaitingNeed, order.quantityOf(product.id));
        }
        return product;
    }

    /**
     * Adds the allocation, the search and the orders waiting for units to a digest.
     */
    void hashInto(final Hasher hasher, final int islands)
    {
        hasher.putLong(id).putLong(totalUnits).putLong(received).putLong(available).putLong(reserved).putLong(sold)
            .putLong(transferredIn).putLong(transferredOut).putLong(waitingUnmet)
            .putInt(round).putBoolean(roundMayFreeUp).putInt(retries).putInt(emptyRounds)
            .putLong(outstandingRequestId)
            .putInt(outstandingPeer);
        if (held != 0)
        {
            hasher.putLong(held);
        }
        if (null != hints)
        {
            for (int i = 0; i < islands; i++)
            {
                hasher.putLong(hints[i]).putInt(asked[i]);
            }
        }
        if (null != soldSeen)
        {
            for (int i = 0; i < islands; i++)
            {
                hasher.putLong(soldSeen[i]);
            }
        }
        for (final Order order : waiting)
        {
            if (order.state == OrderState.PENDING && order.unmet(id) > 0)
            {
                hasher.putUnencodedChars(order.login).putLong(order.orderId);
            }
        }
    }
}
