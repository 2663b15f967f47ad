package io.archipelago.engine.model;

/**
 * What islands are busy with: orders waiting for units, searches for units under way, and the transfer counters that
 * show whether granted units are still on their way. Summed over islands with {@link #plus}.
 *
 * @param pendingOrders   orders waiting for units or a product.
 * @param activeSearches  products whose island is asking others for units.
 * @param decidedOrders   orders confirmed, rejected or cancelled.
 * @param requestsSent    transfer requests sent.
 * @param answersSent     grants and denials sent.
 * @param answersReceived grants and denials received.
 * @param requestTimeouts requests that got no answer in time.
 * @param unitsSent       units granted.
 * @param unitsReceived   units received through grants.
 */
public record Activity(long pendingOrders, long activeSearches, long decidedOrders, long requestsSent,
    long answersSent, long answersReceived, long requestTimeouts, long unitsSent, long unitsReceived)
{
    /** Nothing at all. */
    public static final Activity NONE = new Activity(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /**
     * @param other more activity.
     * @return both added up.
     */
    public Activity plus(final Activity other)
    {
        return new Activity(pendingOrders + other.pendingOrders, activeSearches + other.activeSearches,
            decidedOrders + other.decidedOrders, requestsSent + other.requestsSent,
            answersSent + other.answersSent, answersReceived + other.answersReceived,
            requestTimeouts + other.requestTimeouts, unitsSent + other.unitsSent,
            unitsReceived + other.unitsReceived);
    }

    /**
     * @return whether no order waits, no island searches, and no granted unit is still on its way.
     */
    public boolean idle()
    {
        return pendingOrders == 0 && activeSearches == 0 && unitsSent == unitsReceived;
    }
}
