package io.archipelago.engine.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HintedTransferStrategyTest
{
    private final HintedTransferStrategy strategy = new HintedTransferStrategy();

    @Test
    void shouldAskIslandsNotHeardFromFirstStartingAfterItself()
    {
        final long[] hints = {-1, -1, -1, -1};
        final int[] asked = new int[4];
        assertEquals(3, strategy.choosePeer(2, 4, 1, hints, asked));
    }

    @Test
    void shouldAskTheIslandThatReportedMostUnits()
    {
        final long[] hints = {0, 5, 9, 2};
        final int[] asked = new int[4];
        assertEquals(2, strategy.choosePeer(0, 4, 1, hints, asked));
    }

    @Test
    void shouldAskEachIslandOncePerRound()
    {
        final long[] hints = {0, 5, 9, 2};
        final int[] asked = {0, 1, 1, 1};
        assertEquals(-1, strategy.choosePeer(0, 4, 1, hints, asked));
        assertEquals(2, strategy.choosePeer(0, 4, 2, hints, asked), "a new round asks again");
    }

    @Test
    void shouldGrantTheNeedAndAtMostHalfTheSpareAsExtra()
    {
        assertEquals(3 + 3, strategy.grantUnits(3, 3, 20), "plenty: need plus the whole extra");
        assertEquals(3 + 1, strategy.grantUnits(3, 3, 6), "half of the 3 spare, rounded down");
        assertEquals(2, strategy.grantUnits(3, 3, 2), "everything it has when it has less than the need");
        assertEquals(1, strategy.grantUnits(1, 1, 1), "the last unit goes to a real need");
        assertEquals(0, strategy.grantUnits(3, 3, 0));
    }

    @Test
    void shouldAskForTwiceTheShortfall()
    {
        assertEquals(4, strategy.extraUnits(4));
    }
}
