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
    /** Was confirmed, then cancelled; units returned. Terminal. */
    CANCELLED;

    /**
     * @return true for states an order never leaves.
     */
    public boolean isTerminal()
    {
        return this == REJECTED || this == CANCELLED;
    }
}
