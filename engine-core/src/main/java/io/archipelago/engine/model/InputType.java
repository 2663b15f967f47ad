package io.archipelago.engine.model;

/**
 * The inputs a user submits, as they appear in the user's stream ({@link HistoryEntry#input()}).
 */
public enum InputType
{
    /** {@code placeOrder}: the id is the order id. */
    PLACE_ORDER,
    /** {@code cancelOrder}: the id is the order id. */
    CANCEL_ORDER,
    /** {@code hold}: the id is the hold id (an order id). */
    PLACE_HOLD,
    /** {@code confirmHold}. */
    CONFIRM_HOLD,
    /** {@code releaseHold}. */
    RELEASE_HOLD,
    /** {@code schedule}: the id is the timer's key. */
    SCHEDULE,
    /** {@code cancelSchedule}: the id is the timer's key. */
    CANCEL_SCHEDULE
}
