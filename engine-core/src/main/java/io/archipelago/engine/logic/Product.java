package io.archipelago.engine.logic;

import java.util.ArrayDeque;

import io.archipelago.engine.model.TransferStrategy;

/**
 * One island's allocation of a product, with the orders waiting for it and the island's search for more units.
 * Invariant: {@code available + reserved + sold == received + transferredIn - transferredOut}; no field is negative;
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
    long sold;
    long transferredIn;
    long transferredOut;

    /** Orders with an unmet line of this product, in arrival order (stale entries are skipped lazily). */
    final ArrayDeque<Order> waiting = new ArrayDeque<>();
    /** Units the waiting orders still lack. */
    long waitingUnmet;

    /** Per island: last units it reported available, or {@link TransferStrategy#UNKNOWN}. Allocated on first use. */
    long[] hints;
    /** Per island: the round in which it was last asked. */
    int[] asked;
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

    void ensureSearchState(final int islands)
    {
        if (null == hints)
        {
            hints = new long[islands];
            java.util.Arrays.fill(hints, TransferStrategy.UNKNOWN);
            asked = new int[islands];
        }
    }
}
