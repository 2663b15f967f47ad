package io.archipelago.engine.model;

/**
 * Decides which island to ask for units, how many to ask for, and how many to hand out. Part of the deterministic
 * logic: implementations must be pure functions of their arguments. Its {@link #name()} is journaled with the policy
 * and replay refuses a different strategy.
 */
public interface TransferStrategy
{
    /** Hint value of an island nobody has heard from in this search. */
    long UNKNOWN = -1;

    /**
     * @return a stable name, journaled with the policy.
     */
    String name();

    /**
     * Picks the next island to ask in the current round.
     *
     * @param self    the asking island.
     * @param islands how many islands there are.
     * @param round   the round number (rounds end when everyone has been asked).
     * @param hints   per island, the last units it reported available ({@link #UNKNOWN} if never heard).
     * @param asked   per island, the round in which it was last asked.
     * @return an island not yet asked in this round, or -1 when every other island has been asked.
     */
    int choosePeer(int self, int islands, int round, long[] hints, int[] asked);

    /**
     * @param need the units pending orders still lack.
     * @return units to ask for beyond the need, to amortise transfers (may be 0).
     */
    long extraUnits(long need);

    /**
     * @param need      units the requester lacks.
     * @param extra     units it would like beyond that.
     * @param available units this island has free (never those held for its own pending orders).
     * @return units to grant, between 0 and {@code available}.
     */
    long grantUnits(long need, long extra, long available);

    /**
     * How many units an island takes back from its own waiting orders that are younger than a request, when its
     * free units fall short of the request's need. Orders are ranked by seniority: journaled placement time, then
     * island, then arrival at the island; a request carries the seniority of the oldest order it serves. Yielding
     * breaks hold-and-wait cycles (each island holding the last units another's older order needs): the oldest
     * waiting order anywhere can always gather every unit that is not sold, so it is decided, then the next oldest.
     *
     * @param shortfall units the request still needs after this island's free units.
     * @param yieldable units this island holds reserved for orders younger than the request's.
     * @return units to take back from the youngest of those orders and grant, between 0 and
     *         {@code min(shortfall, yieldable)}; the default is 0 (never yield, the behaviour before seniority).
     */
    default long yieldUnits(final long shortfall, final long yieldable)
    {
        return 0;
    }

    /**
     * Whether islands decide sold-out by counting what is sold rather than by empty rounds. When true: every answer
     * to a transfer request reports the units the answering island has sold of the product; an island bounds the
     * units left unsold anywhere by those created and restocked less those sold here and last reported sold
     * elsewhere, and a waiting order that asks more of a product than that bound is rejected as soon as the bound
     * shows it (sold counts only grow while no confirmed order is cancelled, so the bound never undercounts);
     * otherwise the search keeps asking, with back-off, until its orders are covered or rejected.
     *
     * @return true for that rule; the default is false (the behaviour before seniority: a product is sold out at an
     *         island after two rounds of "none, and none coming").
     */
    default boolean rejectsUncoverable()
    {
        return false;
    }
}
