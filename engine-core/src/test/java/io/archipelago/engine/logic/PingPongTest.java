package io.archipelago.engine.logic;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.model.HintedTransferStrategy;
import io.archipelago.engine.model.TransferStrategy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two islands selling the same product down to the last unit: island 1 sells its half first, then both sell one
 * order each in turn. Units must flow one way, from the island that has them to the one that ran out, and never
 * back: the default grants only from free units (never those held for its own orders) and keeps half its spare.
 */
class PingPongTest
{
    private static final long PRODUCT = 1;
    private static final int UNITS = 40;

    @Test
    void shouldMoveTheLastUnitsOneWayOnly()
    {
        final long[] hinted = sellInTurns(new HintedTransferStrategy());
        final long[] greedy = sellInTurns(new GrantEverything());
        System.out.printf("ping-pong, %d units, island 1 sells its half then both sell in turns: default %d grants "
            + "moving %d units, units moved back %d; grant-everything %d grants moving %d units, moved back %d%n",
            UNITS, hinted[1], hinted[2], hinted[3], greedy[1], greedy[2], greedy[3]);
        assertEquals(UNITS, hinted[0], "every unit sold");
        assertEquals(0, hinted[3], "no unit travels back to the island that gave it");
        assertTrue(hinted[2] > 0, "the island that ran out was supplied");
        assertEquals(UNITS, greedy[0], "every unit sold with the other strategy too");
    }

    private static long[] sellInTurns(final TransferStrategy strategy)
    {
        final LinkedIslands net = new LinkedIslands(2, strategy);
        net.createEverywhere(PRODUCT, UNITS);
        int placed = 0;
        for (int i = 0; i < UNITS / 2; i++)
        {
            placed = sellOne(net, 1, placed);
        }
        while (placed < UNITS + 20)
        {
            placed = sellOne(net, placed % 2, placed);
        }
        net.assertConservation(PRODUCT, UNITS);
        long sold = 0;
        long grants = 0;
        long moved = 0;
        long movedBack = 0;
        for (final InventoryLogic logic : net.islands)
        {
            final Product product = logic.product(PRODUCT);
            sold += product.sold();
            grants += logic.statistics().grantsSent();
            moved += logic.statistics().unitsSent();
            movedBack += Math.min(product.transferredIn(), product.transferredOut());
        }
        return new long[]{sold, grants, moved, movedBack};
    }

    private static int sellOne(final LinkedIslands net, final int island, final int orderId)
    {
        net.apply(island, new Command().placeOrder("u" + island, orderId).addLine(PRODUCT, 1).timeoutMillis(1_000));
        for (int round = 0; round < 4; round++)
        {
            net.deliverAll();
            net.tick(300);
        }
        return orderId + 1;
    }

    private static final class GrantEverything implements TransferStrategy
    {
        private final HintedTransferStrategy peers = new HintedTransferStrategy();

        @Override
        public String name()
        {
            return "grant-everything";
        }

        @Override
        public int choosePeer(final int self, final int islands, final int round, final long[] hints,
            final int[] asked)
        {
            return peers.choosePeer(self, islands, round, hints, asked);
        }

        @Override
        public long extraUnits(final long need)
        {
            return need * 4;
        }

        @Override
        public long grantUnits(final long need, final long extra, final long available)
        {
            return Math.min(available, need + extra);
        }
    }
}
