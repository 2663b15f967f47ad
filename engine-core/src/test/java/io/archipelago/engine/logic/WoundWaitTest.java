package io.archipelago.engine.logic;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.model.HintedTransferStrategy;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.TransferStrategy;
import io.archipelago.engine.model.WoundWaitTransferStrategy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hold-and-wait over scarce stock, stepped by hand: two islands each hold the one unit the other's two-unit order
 * lacks. Without yielding both wait until their deadlines and both are rejected while the units exist; with
 * wound-wait the younger order yields, the older is confirmed, and the younger is rejected long before its deadline.
 */
class WoundWaitTest
{
    private static final long PRODUCT = 1;
    private static final int DEADLINE_MILLIS = 60_000;

    @Test
    void shouldConfirmTheOlderOrderWhenTwoIslandsHoldEachOthersLastUnits()
    {
        final LinkedIslands net = run(new WoundWaitTransferStrategy());
        final Order older = net.island(0).order("u0", 1);
        final Order younger = net.island(1).order("u1", 1);
        assertEquals(OrderState.CONFIRMED, older.state());
        assertEquals(OrderState.REJECTED, younger.state());
        assertEquals(ResultCode.OUT_OF_STOCK, younger.reason());
        assertTrue(younger.decidedAt() - younger.placedAt() < 5_000,
            "rejected by the search, not the deadline: after " + (younger.decidedAt() - younger.placedAt()) + " ms");
        assertEquals(1, net.island(1).statistics().ordersYielded(), "the younger order yielded once");
        assertEquals(2, net.island(0).product(PRODUCT).sold() + net.island(1).product(PRODUCT).sold());
        net.assertConservation(PRODUCT, 2);
    }

    @Test
    void shouldLeaveBothOrdersWaitingUntilTheirDeadlinesWithoutYielding()
    {
        final LinkedIslands net = run(new HintedTransferStrategy());
        for (int island = 0; island < 2; island++)
        {
            final Order order = net.island(island).order("u" + island, 1);
            assertEquals(OrderState.REJECTED, order.state());
            assertTrue(order.decidedAt() >= order.deadline(), "island " + island + " decided at the deadline");
        }
        net.assertConservation(PRODUCT, 2);
    }

    @Test
    void shouldRejectAtOnceAnOrderForMoreUnitsThanWereEverCreated()
    {
        final LinkedIslands net = new LinkedIslands(2, new WoundWaitTransferStrategy());
        net.createEverywhere(PRODUCT, 2);
        net.apply(0, new Command().placeOrder("u0", 1).addLine(PRODUCT, 1).addLine(PRODUCT, 2)
            .timeoutMillis(DEADLINE_MILLIS));
        assertEquals(ResultCode.OUT_OF_STOCK, net.immediate.get(net.immediate.size() - 1));
        assertEquals(0, net.deliverAll(), "no unit was searched for");
        assertEquals(1, net.island(0).statistics().ordersRejectedUncoverable());
        assertEquals(1, net.island(0).product(PRODUCT).available(), "nothing held");
    }

    @Test
    void shouldTellTheOtherIslandsWhenACancelledOrderGivesSoldUnitsBack()
    {
        final LinkedIslands net = new LinkedIslands(2, new WoundWaitTransferStrategy());
        net.createEverywhere(PRODUCT, 2);
        net.apply(1, new Command().placeOrder("u1", 1).addLine(PRODUCT, 1).timeoutMillis(DEADLINE_MILLIS));
        net.apply(0, new Command().placeOrder("u0", 1).addLine(PRODUCT, 2).timeoutMillis(DEADLINE_MILLIS));
        net.deliverAll();
        assertEquals(OrderState.REJECTED, net.island(0).order("u0", 1).state(), "one unit is left unsold anywhere");
        assertEquals(1, net.island(0).product(PRODUCT).soldReportedBy(1), "island 1 said it sold one");

        net.apply(1, new Command().cancelOrder("u1", 1));
        assertEquals(1, net.deliverAll(), "one sold notice to the one other island");
        assertEquals(0, net.island(0).product(PRODUCT).soldReportedBy(1), "island 0 heard the unit came back");
        assertEquals(0, net.island(0).statistics().unknownRequests(), "a notice answers no request and is no error");

        net.apply(0, new Command().placeOrder("u0", 2).addLine(PRODUCT, 2).timeoutMillis(DEADLINE_MILLIS));
        net.deliverAll();
        assertEquals(OrderState.CONFIRMED, net.island(0).order("u0", 2).state(),
            "both units are unsold again: the order is covered, not rejected on a stale count");
        net.assertConservation(PRODUCT, 2);
    }

    @Test
    void shouldSendNoSoldNoticeForAProductNoIslandAskedAbout()
    {
        final LinkedIslands net = new LinkedIslands(2, new WoundWaitTransferStrategy());
        net.createEverywhere(PRODUCT, 2);
        net.apply(1, new Command().placeOrder("u1", 1).addLine(PRODUCT, 1).timeoutMillis(DEADLINE_MILLIS));
        net.apply(1, new Command().cancelOrder("u1", 1));
        assertEquals(0, net.deliverAll(), "nobody was told a sold count, so nobody needs telling");
    }

    @Test
    void shouldReadAnIslandStateWrittenBeforeTheYieldCounters()
    {
        final InventoryLogic island = run(new WoundWaitTransferStrategy()).island(1);
        final byte[] current = LogicSnapshot.write(island);
        final byte[] formatOne = withoutYieldCounters(current, island);

        final InventoryLogic restored = LogicSnapshot.read(formatOne, new WoundWaitTransferStrategy());

        final InventoryLogic expected = LogicSnapshot.read(current, new WoundWaitTransferStrategy());
        assertTrue(expected.product(PRODUCT).soldElsewhere > 0, "island 1 heard what island 0 sold");
        expected.product(PRODUCT).soldSeen = null;
        expected.product(PRODUCT).soldElsewhere = 0;
        assertEquals(expected.digest(), restored.digest(), "the same state, without the sold counts format 3 added");
        assertEquals(0, restored.product(PRODUCT).soldElsewhere);
        assertEquals(island.statistics().ordersPlaced(), restored.statistics().ordersPlaced());
        assertEquals(island.statistics().unknownRequests(), restored.statistics().unknownRequests());
        assertEquals(0, restored.statistics().ordersYielded(), "format 1 had no yield counters");
        assertEquals(1, LogicSnapshot.read(current, new WoundWaitTransferStrategy()).statistics().ordersYielded());
    }

    /**
     * Format 1 is format 4 without the three counters that end the statistics (header: 4 ints, policy: UTF name and
     * 3 ints, request counter, 2 order counters, applied count, 14 statistics longs), without the sold counts each
     * product ends its search state with (format 3: a flag and a long per island), and without what format 4 added:
     * the held units after each product's reserved units, the hold expiry in each order record, and the timer wheel
     * at the end (empty here: its next sequence and a count).
     */
    private static byte[] withoutYieldCounters(final byte[] current, final InventoryLogic island)
    {
        final int nameLength = WoundWaitTransferStrategy.NAME.length();
        final int countersAt = 16 + 2 + nameLength + 12 + 8 + 16 + 8 + 14 * Long.BYTES;
        assertEquals(island.statistics().ordersYielded(), ByteBuffer.wrap(current).getLong(countersAt),
            "the layout this test assumes");
        final ByteBuffer productsAt = ByteBuffer.allocate(20).putInt(1).putLong(PRODUCT).putLong(2);
        final int products = indexOf(current, productsAt.array());
        final int heldAt = products + 4 + 5 * Long.BYTES;
        final int islands = island.islands();
        final int soldAt = products + 4 + 10 * Long.BYTES + 4 + 1 + 4 + 4 + Long.BYTES + 4 + 1 + islands * 12;
        assertEquals(1, current[soldAt], "the layout this test assumes: island 1 keeps sold counts");
        final int soldBytes = 1 + islands * Long.BYTES;
        final ByteBuffer orderAt = ByteBuffer.allocate(16).putShort((short)2).put((byte)'u').put((byte)'1')
            .putInt(1).putLong(1);
        final int expiresAt = indexOf(current, orderAt.array()) + 8 + 8 * 3 + 1 + 4 + 8 + 8 + 2;
        assertEquals(0, ByteBuffer.wrap(current).getLong(expiresAt), "the layout this test assumes: no hold");
        final int wheelAt = current.length - 12;
        assertEquals(1, ByteBuffer.wrap(current).getLong(wheelAt), "the layout this test assumes: an unused wheel");
        final int[][] cuts = {{countersAt, 3 * Long.BYTES}, {expiresAt, Long.BYTES}, {heldAt, Long.BYTES},
            {soldAt, soldBytes}, {wheelAt, 12}};
        final ByteArrayOutputStream old = new ByteArrayOutputStream();
        int from = 0;
        for (final int[] cut : cuts)
        {
            assertTrue(cut[0] >= from, "cuts in order");
            old.write(current, from, cut[0] - from);
            from = cut[0] + cut[1];
        }
        old.write(current, from, current.length - from);
        final byte[] bytes = old.toByteArray();
        ByteBuffer.wrap(bytes).putInt(4, 1);
        return bytes;
    }

    private static int indexOf(final byte[] bytes, final byte[] pattern)
    {
        int found = -1;
        for (int i = 0; i + pattern.length <= bytes.length; i++)
        {
            if (Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length))
            {
                assertEquals(-1, found, "the products section is found once");
                found = i;
            }
        }
        assertTrue(found >= 0, "the products section is found");
        return found;
    }

    private static LinkedIslands run(final TransferStrategy strategy)
    {
        final LinkedIslands net = new LinkedIslands(2, strategy);
        net.createEverywhere(PRODUCT, 2);
        net.apply(0, new Command().placeOrder("u0", 1).addLine(PRODUCT, 2).timeoutMillis(DEADLINE_MILLIS));
        net.tick(10);
        net.apply(1, new Command().placeOrder("u1", 1).addLine(PRODUCT, 2).timeoutMillis(DEADLINE_MILLIS));
        for (int step = 0; step < 2_000 && pending(net) > 0; step++)
        {
            net.deliverAll();
            net.tick(50);
        }
        assertEquals(0, pending(net), "every order decided");
        return net;
    }

    private static long pending(final LinkedIslands net)
    {
        return net.island(0).pendingOrderCount() + net.island(1).pendingOrderCount();
    }
}
