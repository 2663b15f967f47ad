package io.archipelago.engine.logic;

import io.archipelago.engine.codec.Command;

/**
 * The total order of waiting orders that wound-wait yields by: journaled placement time (in units of
 * {@link #GRANULARITY_MILLIS}, so it fits the 40 bits a transfer request carries), then island, then arrival at the
 * island. Journaled time never goes back on an island, so arrival order agrees with it; comparing orders of two
 * islands needs only the first two keys. A request carries the seniority of the requester's oldest order lacking the
 * product; an order that waited for the product's creation is served in the order it joined the product's queue.
 */
final class Seniority
{
    /** Placement times within this many milliseconds rank by island. */
    static final int GRANULARITY_MILLIS = 4;

    private Seniority()
    {
    }

    /**
     * @param placedAt journaled placement time, epoch ms.
     * @return the seniority a request for the order carries (smaller is older).
     */
    static long of(final long placedAt)
    {
        return Math.max(0, Math.min(Command.MAX_PRIORITY, placedAt / GRANULARITY_MILLIS));
    }

    /**
     * @return true when an order placed at {@code placedAt} on {@code island} is younger than a request of seniority
     *         {@code priority} from {@code requester} (a different island).
     */
    static boolean younger(final long placedAt, final int island, final long priority, final int requester)
    {
        final long seniority = of(placedAt);
        return seniority > priority || (seniority == priority && island > requester);
    }
}
