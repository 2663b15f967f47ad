package io.archipelago.engine.invariants;

import java.util.Locale;

/**
 * The invariants of the design, one constant per way each can break. {@link #kind()} is the stable name tools print
 * and write to JSON.
 */
public enum Invariant
{
    /** No oversell: an island's available, reserved, sold, received or transferred count is negative. */
    NEGATIVE_ALLOCATION,
    /** An island's units do not balance: available + reserved + sold != received + transferred in - out. */
    ALLOCATION_BALANCE,
    /** The units islands received for a product differ from the units the caller knows were created and restocked. */
    UNITS_CREATED,
    /** Conservation: available + reserved + sold + in flight over all islands != units created and restocked. */
    CONSERVATION,
    /** More units of a product were received through grants than granted. */
    NEGATIVE_IN_FLIGHT,
    /** An island's sold or reserved units are not what its orders account for: units deducted other than once. */
    ORDER_ACCOUNTS,
    /** Exactly once: a receiver applied a link message its sender never sent. */
    UNSENT_MESSAGE_APPLIED,
    /** Exactly once: a sender no longer holds a message its receiver never applied. */
    MESSAGE_LOST,
    /** A journal holds a link message from no valid island. */
    LINK_SOURCE,
    /** Exactly once: a journal holds a link message a second time. */
    DUPLICATE_LINK_APPLY,
    /** A journal skips link sequence numbers. */
    LINK_GAP,
    /** The link messages a journal holds from a sender end elsewhere than the receiver's high-water mark. */
    LINK_JOURNAL_MISMATCH,
    /** Once quiet, a message sent is still not applied. */
    MESSAGE_UNAPPLIED,
    /** Liveness: once quiet, an order is still pending. */
    ORDER_PENDING,
    /** A held hold outlived its expiry, or a user's timer its due time: a tick at or after it did not fire it. */
    TIMER_OVERDUE,
    /** Liveness: an order is still pending after its deadline passed. */
    ORDER_PAST_DEADLINE,
    /** Once quiet, units are still reserved. */
    UNITS_RESERVED,
    /** Once quiet, units are still in flight between islands. */
    UNITS_IN_FLIGHT;

    /**
     * @return the invariant's stable name, for example {@code conservation} or {@code duplicate_link_apply}.
     */
    public String kind()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
