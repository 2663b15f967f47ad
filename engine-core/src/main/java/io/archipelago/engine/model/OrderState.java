package io.archipelago.engine.model;

/**
 * Where an order (or hold) is in its lifecycle, and what {@code Archipelago.cancelOrder} does to it there:
 * <pre>
 *   PENDING   --cancel--> CANCELLED: reservations released, stops waiting, its placer is answered CANCELLED
 *   CONFIRMED --cancel--> CANCELLED: units back to its island's free units (no longer sold)
 *   HELD      --cancel--> CANCELLED: held units back, expiry dropped (as releaseHold does)
 *   REJECTED, CANCELLED, RELEASED, EXPIRED: cancel answers ORDER_ALREADY_TERMINAL and changes nothing
 *   UNKNOWN: cancel answers UNKNOWN_ORDER
 * </pre>
 * A cancel that changes something answers {@link ResultCode#CANCELLED} and emits an {@code ORDER_CANCELLED} event.
 */
public enum OrderState
{
    /** The island has not seen an order with this id for this user. */
    UNKNOWN,
    /**
     * Waiting for units (reserved what the island had, asked other islands for the rest) or for a product's creation,
     * until it is covered, rejected at its deadline, or cancelled: cancelling releases what it reserved, and its placer
     * is answered {@link ResultCode#CANCELLED}.
     */
    PENDING,
    /**
     * Every line covered; units deducted (sold). Final unless cancelled: cancelling gives its units back to its island
     * (a confirmed hold is a confirmed order).
     */
    CONFIRMED,
    /** Refused, {@link OrderStatus#reason()} says why; every reservation released. Terminal. */
    REJECTED,
    /**
     * Cancelled by its user, from {@link #PENDING} (its reservations released, its placer answered
     * {@link ResultCode#CANCELLED}), {@link #CONFIRMED} (its units back to its island's free units) or {@link #HELD}
     * (its held units back). Terminal.
     */
    CANCELLED,
    /**
     * A hold whose lines are covered: its units are held until it is confirmed, released, cancelled (units back, the
     * hold ends {@link #CANCELLED}) or expires.
     */
    HELD,
    /** A hold released by its user (held or still waiting); its units went back. Terminal. */
    RELEASED,
    /** A hold not confirmed before it expired; its units went back. Terminal. */
    EXPIRED;

    /**
     * @return true for states an order never leaves: cancelling an order in one is answered
     *         {@link ResultCode#ORDER_ALREADY_TERMINAL} and changes nothing.
     */
    public boolean isTerminal()
    {
        return this == REJECTED || this == CANCELLED || this == RELEASED || this == EXPIRED;
    }
}
