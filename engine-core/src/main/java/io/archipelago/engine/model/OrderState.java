package io.archipelago.engine.model;

/**
 * Where an order is in its lifecycle.
 */
public enum OrderState
{
    /** The island has not seen an order with this id for this user. */
    UNKNOWN,
    /** Waiting for units (reserved what the island had, asked other islands for the rest). */
    PENDING,
    /** Every line covered; units deducted. Terminal unless cancelled. */
    CONFIRMED,
    /** Refused; every reservation released. Terminal. */
    REJECTED,
    /**
     * Cancelled by its user: a confirmed order gives its units back to its island, a pending one releases what it held
     * and stops waiting. Terminal.
     */
    CANCELLED,
    /** A hold whose lines are covered: its units are held until it is confirmed, released or expires. */
    HELD,
    /** A hold released by its user (held or still waiting); its units went back. Terminal. */
    RELEASED,
    /** A hold not confirmed before it expired; its units went back. Terminal. */
    EXPIRED;

    /**
     * @return true for states an order never leaves.
     */
    public boolean isTerminal()
    {
        return this == REJECTED || this == CANCELLED || this == RELEASED || this == EXPIRED;
    }
}
