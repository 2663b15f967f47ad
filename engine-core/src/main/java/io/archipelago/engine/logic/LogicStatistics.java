package io.archipelago.engine.logic;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Counters an island keeps while applying inputs. Deterministic (replay gives the same), but not part of the digest.
 */
public final class LogicStatistics
{
    long ordersPlaced;
    long ordersConfirmed;
    long ordersRejected;
    long ordersCancelled;
    long ordersNeededTransfer;
    long requestsSent;
    long grantsSent;
    long denialsSent;
    long grantsReceived;
    long denialsReceived;
    long unitsSent;
    long unitsReceived;
    long requestTimeouts;
    long unknownRequests;
    long ordersYielded;
    long unitsYielded;
    long ordersRejectedUncoverable;

    /**
     * @return orders placed at this island (duplicates and invalid ones excluded).
     */
    public long ordersPlaced()
    {
        return ordersPlaced;
    }

    /**
     * @return orders confirmed.
     */
    public long ordersConfirmed()
    {
        return ordersConfirmed;
    }

    /**
     * @return orders rejected.
     */
    public long ordersRejected()
    {
        return ordersRejected;
    }

    /**
     * @return orders cancelled.
     */
    public long ordersCancelled()
    {
        return ordersCancelled;
    }

    /**
     * @return orders that could not be decided at once and waited for units or a product.
     */
    public long ordersNeededTransfer()
    {
        return ordersNeededTransfer;
    }

    /**
     * @return transfer requests this island sent.
     */
    public long requestsSent()
    {
        return requestsSent;
    }

    /**
     * @return grants this island sent.
     */
    public long grantsSent()
    {
        return grantsSent;
    }

    /**
     * @return denials this island sent.
     */
    public long denialsSent()
    {
        return denialsSent;
    }

    /**
     * @return grants this island received.
     */
    public long grantsReceived()
    {
        return grantsReceived;
    }

    /**
     * @return denials this island received.
     */
    public long denialsReceived()
    {
        return denialsReceived;
    }

    /**
     * @return units this island granted to others.
     */
    public long unitsSent()
    {
        return unitsSent;
    }

    /**
     * @return units this island received from others.
     */
    public long unitsReceived()
    {
        return unitsReceived;
    }

    /**
     * @return requests that got no answer in time.
     */
    public long requestTimeouts()
    {
        return requestTimeouts;
    }

    /**
     * @return grants or denials that answered no request this island ever sent (applied as no-ops).
     */
    public long unknownRequests()
    {
        return unknownRequests;
    }

    /**
     * @return times a waiting order here gave reserved units back to serve an older order elsewhere (wound-wait).
     */
    public long ordersYielded()
    {
        return ordersYielded;
    }

    /**
     * @return units taken back from waiting orders here to serve older orders elsewhere.
     */
    public long unitsYielded()
    {
        return unitsYielded;
    }

    /**
     * @return orders rejected at once because they asked more of a product than was ever created and restocked.
     */
    public long ordersRejectedUncoverable()
    {
        return ordersRejectedUncoverable;
    }

    /**
     * @param other another island's counters.
     */
    public void add(final LogicStatistics other)
    {
        ordersPlaced += other.ordersPlaced;
        ordersConfirmed += other.ordersConfirmed;
        ordersRejected += other.ordersRejected;
        ordersCancelled += other.ordersCancelled;
        ordersNeededTransfer += other.ordersNeededTransfer;
        requestsSent += other.requestsSent;
        grantsSent += other.grantsSent;
        denialsSent += other.denialsSent;
        grantsReceived += other.grantsReceived;
        denialsReceived += other.denialsReceived;
        unitsSent += other.unitsSent;
        unitsReceived += other.unitsReceived;
        requestTimeouts += other.requestTimeouts;
        unknownRequests += other.unknownRequests;
        ordersYielded += other.ordersYielded;
        unitsYielded += other.unitsYielded;
        ordersRejectedUncoverable += other.ordersRejectedUncoverable;
    }

    /**
     * @return a copy.
     */
    public LogicStatistics copy()
    {
        final LogicStatistics copy = new LogicStatistics();
        copy.add(this);
        return copy;
    }

    void writeTo(final DataOutput out) throws IOException
    {
        out.writeLong(ordersPlaced);
        out.writeLong(ordersConfirmed);
        out.writeLong(ordersRejected);
        out.writeLong(ordersCancelled);
        out.writeLong(ordersNeededTransfer);
        out.writeLong(requestsSent);
        out.writeLong(grantsSent);
        out.writeLong(denialsSent);
        out.writeLong(grantsReceived);
        out.writeLong(denialsReceived);
        out.writeLong(unitsSent);
        out.writeLong(unitsReceived);
        out.writeLong(requestTimeouts);
        out.writeLong(unknownRequests);
        out.writeLong(ordersYielded);
        out.writeLong(unitsYielded);
        out.writeLong(ordersRejectedUncoverable);
    }

    /**
     * @param version the snapshot format ({@link LogicSnapshot}); format 1 has no wound-wait counters.
     */
    void readFrom(final DataInput in, final int version) throws IOException
    {
        ordersPlaced = in.readLong();
        ordersConfirmed = in.readLong();
        ordersRejected = in.readLong();
        ordersCancelled = in.readLong();
        ordersNeededTransfer = in.readLong();
        requestsSent = in.readLong();
        grantsSent = in.readLong();
        denialsSent = in.readLong();
        grantsReceived = in.readLong();
        denialsReceived = in.readLong();
        unitsSent = in.readLong();
        unitsReceived = in.readLong();
        requestTimeouts = in.readLong();
        unknownRequests = in.readLong();
        if (version >= 2)
        {
            ordersYielded = in.readLong();
            unitsYielded = in.readLong();
            ordersRejectedUncoverable = in.readLong();
        }
    }
}
