package io.archipelago.tool.inspection;

import io.archipelago.engine.logic.LogicStatistics;

/**
 * How much the islands asked each other for units, summed over every island.
 *
 * @param requested            transfer requests sent.
 * @param granted              grants received: transfers that moved units.
 * @param denied               denials received.
 * @param unitsMoved           units received through grants.
 * @param timeouts             requests that got no answer in time.
 * @param ordersNeededTransfer orders that could not be decided at once and waited for units from other islands.
 */
public record TransferTotals(long requested, long granted, long denied, long unitsMoved, long timeouts,
    long ordersNeededTransfer)
{
    /** No transfer at all. */
    static final TransferTotals NONE = new TransferTotals(0, 0, 0, 0, 0, 0);

    /**
     * @param statistics the engine's counters, summed over every island.
     * @return the transfer counters among them.
     */
    public static TransferTotals of(final LogicStatistics statistics)
    {
        return new TransferTotals(statistics.requestsSent(), statistics.grantsReceived(),
            statistics.denialsReceived(), statistics.unitsReceived(), statistics.requestTimeouts(),
            statistics.ordersNeededTransfer());
    }

    /**
     * @param confirmedOrders orders confirmed.
     * @return granted transfers per confirmed order; 0 when no order was confirmed.
     */
    public double perConfirmedOrder(final long confirmedOrders)
    {
        return confirmedOrders == 0 ? 0 : (double)granted / confirmedOrders;
    }
}
