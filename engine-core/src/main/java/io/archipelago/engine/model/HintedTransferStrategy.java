package io.archipelago.engine.model;

/**
 * The default transfer strategy.
 * <ul>
 *   <li><b>Whom to ask:</b> the island that last reported the most available units; islands not heard from yet come
 *   first (they may have their whole share). Ties go to the next island after the asker, so islands short of the
 *   same product do not all ask the same peer. Each island is asked at most once per round.</li>
 *   <li><b>How much to ask for:</b> the need plus as much again ({@code extra = need}), so a busy product moves in
 *   fewer, larger transfers.</li>
 *   <li><b>How much to give:</b> the need in full if the granter has it (otherwise all it has), and of the extra at
 *   most half of what would remain. A granter therefore never empties itself for someone else's speculative extra,
 *   which stops the last units of a product from travelling back and forth between two islands that each sell
 *   them (ping-pong); and it never touches units held for its own pending orders, which are not available.</li>
 * </ul>
 */
public final class HintedTransferStrategy implements TransferStrategy
{
    /** The name journaled with the policy. */
    public static final String NAME = "hinted";

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public int choosePeer(final int self, final int islands, final int round, final long[] hints, final int[] asked)
    {
        int best = -1;
        long bestHint = Long.MIN_VALUE;
        for (int step = 1; step < islands; step++)
        {
            final int peer = (self + step) % islands;
            if (asked[peer] == round)
            {
                continue;
            }
            final long hint = hints[peer] == UNKNOWN ? Long.MAX_VALUE : hints[peer];
            if (hint > bestHint)
            {
                best = peer;
                bestHint = hint;
            }
        }
        return best;
    }

    @Override
    public long extraUnits(final long need)
    {
        return need;
    }

    @Override
    public long grantUnits(final long need, final long extra, final long available)
    {
        if (available <= 0)
        {
            return 0;
        }
        if (available <= need)
        {
            return available;
        }
        final long spare = available - need;
        return need + Math.min(extra, spare / 2);
    }
}
