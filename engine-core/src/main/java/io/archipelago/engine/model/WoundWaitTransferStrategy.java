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
 *   The same holds on one island: units held for a younger order there go to an older one lacking them.</li>
 *   <li><b>Sold out by count:</b> every answer to a request reports how many units the answering island has sold;
 *   an island rejects a waiting order once it asks more of a product than may be left unsold anywhere (created and
 *   restocked, less sold here and last reported sold elsewhere), at placement or as soon as an answer shows it. An
 *   order that could still be covered keeps searching, with back-off, while older orders holding units are decided.
 *   Sold counts only grow, except when a confirmed order is cancelled: the island that takes the units back then
 *   sends every other island a sold notice with its new count, so no island keeps rejecting on a count that is too
 *   high. An island decides on what has reached it: an order is never rejected for lack of units that were free
 *   somewhere except units whose news was still on its way (a cancel's sold notice not yet applied, or a restock
 *   another island has applied and this one not yet; {@code restock} completes once every island has).</li>
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
