package io.archipelago.engine.model;

import java.util.Objects;

/**
 * Timing of the transfer protocol, in journaled milliseconds. Journaled (as a policy record) whenever an island
 * starts with a policy different from the one its journal last recorded, so replay always runs with the policy
 * that was in force.
 *
 * @param strategy              whom to ask and how much to move.
 * @param transferTimeoutMillis how long to wait for an answer before asking another island.
 * @param retryInitialMillis    when every island said "none now, maybe later": first delay before asking again.
 * @param retryMaxMillis        longest delay between such rounds (the delay doubles).
 * @param orderTimeoutMillis    default time an order may wait for units before it is rejected (per order, carried
 *                              in each order's record, so it is not part of the journaled policy).
 */
public record TransferPolicy(TransferStrategy strategy, int transferTimeoutMillis, int retryInitialMillis,
    int retryMaxMillis, int orderTimeoutMillis)
{
    /** The policy an engine is configured with unless told otherwise. */
    public static final TransferPolicy DEFAULT = new TransferPolicy(new WoundWaitTransferStrategy(), 250, 2, 250,
        2_000);
    /**
     * The policy an island's logic starts from before its journal records one: a journal that never recorded a
     * policy ran with this one, so it never changes. A fresh island configured with {@link #DEFAULT} journals the
     * switch as its first record.
     */
    public static final TransferPolicy INITIAL = new TransferPolicy(new HintedTransferStrategy(), 250, 2, 250, 2_000);

    /**
     * Checks the values.
     */
    public TransferPolicy
    {
        Objects.requireNonNull(strategy, "strategy");
        final String name = strategy.name();
        if (null == name || name.isEmpty() ||
            name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length >
                io.archipelago.engine.codec.RecordDescriptor.MAX_STRATEGY_NAME_BYTES)
        {
            throw new IllegalArgumentException("a transfer strategy needs a name of 1 to " +
                io.archipelago.engine.codec.RecordDescriptor.MAX_STRATEGY_NAME_BYTES + " UTF-8 bytes, was '" +
                name + "'");
        }
        if (transferTimeoutMillis <= 0 || retryInitialMillis <= 0 || retryMaxMillis < retryInitialMillis ||
            orderTimeoutMillis <= 0)
        {
            throw new IllegalArgumentException("transfer policy needs positive timeouts and retryMax >= " +
                "retryInitial: " + transferTimeoutMillis + "/" + retryInitialMillis + "/" + retryMaxMillis + "/" +
                orderTimeoutMillis);
        }
    }

    /**
     * @param other another policy.
     * @return true when both make the logic behave the same (the order timeout aside, which each order carries).
     */
    public boolean sameJournaledPart(final TransferPolicy other)
    {
        return strategy.name().equals(other.strategy.name()) && transferTimeoutMillis == other.transferTimeoutMillis &&
            retryInitialMillis == other.retryInitialMillis && retryMaxMillis == other.retryMaxMillis;
    }
}
