package io.archipelago.engine.model;

/**
 * The default transfer strategy: {@link HintedTransferStrategy}'s choice of whom to ask, how much to ask for and
 * how much to give, plus <b>wound-wait</b> over waiting orders.
 * <ul>
 *   <li><b>Seniority:</b> waiting orders are totally ordered by journaled placement time, then island, then arrival
 *   at the island. A transfer request carries the seniority of the oldest order it serves.</li>
 *   <li><b>Yielding:</b> an island whose free units do not cover a request takes back units it holds for its own
 *   waiting orders that are younger than the request (youngest first) and grants them; it never takes units from
 *   an order older than the request. The younger orders wait again, in their place, and search for units in turn.
 *   The oldest waiting order anywhere can therefore always gather every unsold unit: no island waits forever on
 *   units another island holds for a younger order, and the hold-and-wait cycle of multi-unit orders over scarce
 *   stock cannot form.</li>
 *   <li><b>Impossible orders:</b> an order needing more units of a product than were ever created and restocked is
 *   rejected at once rather than at its deadline. An order that could be covered only by units held for older
 *   orders waits until those are decided; once no island holds, frees or awaits units of the product, it is
 *   rejected after the search's empty rounds.</li>
 * </ul>
 * Journals written before this strategy existed name {@link HintedTransferStrategy} (or no policy at all) and
 * replay with it.
 */
public final class WoundWaitTransferStrategy implements TransferStrategy
{
    /** The name journaled with the policy. */
    public static final String NAME = "wound-wait";

    private final HintedTransferStrategy hinted = new HintedTransferStrategy();

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public int choosePeer(final int self, final int islands, final int round, final long[] hints, final int[] asked)
    {
        return hinted.choosePeer(self, islands, round, hints, asked);
    }

    @Override
    public long extraUnits(final long need)
    {
        return hinted.extraUnits(need);
    }

    @Override
    public long grantUnits(final long need, final long extra, final long available)
    {
        return hinted.grantUnits(need, extra, available);
    }

    @Override
    public long yieldUnits(final long shortfall, final long yieldable)
    {
        return Math.max(0, Math.min(shortfall, yieldable));
    }

    @Override
    public boolean rejectsUncoverable()
    {
        return true;
    }
}
