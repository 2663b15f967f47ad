package io.archipelago.engine.logic;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.ResultCode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderArchiveTest
{
    private static final long T0 = 1_700_000_000_000L;

    private static long productOf(final long orderId, final int line)
    {
        return orderId * 1_000_003L + line * 7L - 1;
    }

    private static int quantityOf(final long orderId, final int line)
    {
        return (int)(1 + (orderId + line) % 1_000);
    }

    private static long append(final OrderArchive archive, final long orderId, final int lines)
    {
        final OrderState state = OrderState.values()[2 + (int)(orderId % 3)];
        final ResultCode reason = state == OrderState.REJECTED ? ResultCode.OUT_OF_STOCK : null;
        final long address = archive.append(orderId, T0 + orderId, T0 + orderId + 30_000, T0 + orderId + 5,
            orderId % 4 == 0 ? productOf(orderId, 0) : 0, state, reason, orderId % 2 == 0, orderId % 5 == 0, lines);
        for (int i = 0; i < lines; i++)
        {
            final int quantity = quantityOf(orderId, i);
            archive.line(address, i, productOf(orderId, i), quantity, state == OrderState.REJECTED ? 0 : quantity);
        }
        return address;
    }

    private static void assertRecord(final OrderArchive archive, final long address, final long orderId,
        final int lines)
    {
        final OrderState state = OrderState.values()[2 + (int)(orderId % 3)];
        assertEquals(orderId, archive.orderId(address));
        assertEquals(T0 + orderId, archive.placedAt(address));
        assertEquals(T0 + orderId + 30_000, archive.deadline(address));
        assertEquals(T0 + orderId + 5, archive.decidedAt(address));
        assertEquals(orderId % 4 == 0 ? productOf(orderId, 0) : 0, archive.awaitedProductId(address));
        assertEquals(state, archive.state(address));
        assertEquals(state == OrderState.REJECTED ? ResultCode.OUT_OF_STOCK : null, archive.reason(address));
        assertEquals(orderId % 2 == 0, archive.neededTransfer(address));
        assertEquals(orderId % 5 == 0, archive.awaitingCreation(address));
        assertEquals(lines, archive.lineCount(address));
        for (int i = 0; i < lines; i++)
        {
            final int quantity = quantityOf(orderId, i);
            assertEquals(productOf(orderId, i), archive.productId(address, i));
            assertEquals(quantity, archive.quantity(address, i));
            assertEquals(state == OrderState.REJECTED ? 0 : quantity, archive.reserved(address, i));
        }
    }

    @Test
    void shouldReadBackEveryFieldOfOrdersWithOneToEightLines()
    {
        final OrderArchive archive = new OrderArchive();
        final long[] addresses = new long[8];
        for (int lines = 1; lines <= 8; lines++)
        {
            addresses[lines - 1] = append(archive, 100 + lines, lines);
        }

        for (int lines = 1; lines <= 8; lines++)
        {
            assertRecord(archive, addresses[lines - 1], 100 + lines, lines);
        }
        assertEquals(8, archive.size());
        assertEquals(8 * OrderArchive.HEADER_LONGS + 36 * OrderArchive.LINE_LONGS, archive.longsUsed());
    }

    @Test
    void shouldKeepExtremeValuesOfEveryField()
    {
        final OrderArchive archive = new OrderArchive();
        final long address = archive.append(Long.MAX_VALUE, Long.MIN_VALUE, -1, 0, Long.MIN_VALUE,
            OrderState.REJECTED, ResultCode.UNKNOWN_PRODUCT, true, true, 2);
        archive.line(address, 0, -1, Integer.MAX_VALUE, Integer.MAX_VALUE);
        archive.line(address, 1, Long.MIN_VALUE, 1, 0);

        assertEquals(Long.MAX_VALUE, archive.orderId(address));
        assertEquals(Long.MIN_VALUE, archive.placedAt(address));
        assertEquals(-1, archive.deadline(address));
        assertEquals(Long.MIN_VALUE, archive.awaitedProductId(address));
        assertEquals(OrderState.REJECTED, archive.state(address));
        assertEquals(ResultCode.UNKNOWN_PRODUCT, archive.reason(address));
        assertTrue(archive.neededTransfer(address));
        assertTrue(archive.awaitingCreation(address));
        assertEquals(-1, archive.productId(address, 0));
        assertEquals(Integer.MAX_VALUE, archive.quantity(address, 0));
        assertEquals(Integer.MAX_VALUE, archive.reserved(address, 0));
        assertEquals(Long.MIN_VALUE, archive.productId(address, 1));
        assertEquals(1, archive.quantity(address, 1));
        assertEquals(0, archive.reserved(address, 1));
    }

    @Test
    void shouldGrowAcrossPagesWithoutMovingOrCorruptingEarlierRecords()
    {
        final OrderArchive archive = new OrderArchive();
        final int count = 100_000;
        final long[] addresses = new long[count];
        for (int i = 0; i < count; i++)
        {
            final int lines = 1 + i % 8;
            addresses[i] = append(archive, i, lines);
            if (i % 10_007 == 0)
            {
                assertRecord(archive, addresses[0], 0, 1);
            }
        }

        assertTrue(archive.pageCount() > 10, "pages: " + archive.pageCount());
        assertEquals(count, archive.size());
        assertTrue(archive.longsAllocated() >= archive.longsUsed());
        assertTrue(archive.longsAllocated() < archive.longsUsed() + (long)archive.pageCount() *
            (OrderArchive.HEADER_LONGS + 8 * OrderArchive.LINE_LONGS) + OrderArchive.MAX_PAGE_LONGS,
            "only page ends and the current page's free part are unused");
        for (int i = 0; i < count; i++)
        {
            assertRecord(archive, addresses[i], i, 1 + i % 8);
        }
        for (int i = 1; i < count; i++)
        {
            assertNotEquals(addresses[i - 1], addresses[i]);
        }
    }

    @Test
    void shouldTakeTheLargestOrderInAFreshPage()
    {
        final OrderArchive archive = new OrderArchive();
        final int maxLines = Command.MAX_LINES;
        final long first = archive.append(1, T0, T0, T0, 0, OrderState.CONFIRMED, null, false, false, maxLines);
        for (int i = 0; i < maxLines; i++)
        {
            archive.line(first, i, i + 1, i + 1, i + 1);
        }
        final int perPage = OrderArchive.FIRST_PAGE_LONGS / (OrderArchive.HEADER_LONGS +
            maxLines * OrderArchive.LINE_LONGS);
        long last = first;
        for (int k = 0; k < perPage * 3; k++)
        {
            last = archive.append(2 + k, T0, T0, T0, 0, OrderState.CONFIRMED, null, false, false, maxLines);
            archive.line(last, maxLines - 1, 99, 3, 3);
        }

        assertEquals(maxLines, archive.lineCount(first));
        assertEquals(maxLines, archive.productId(first, maxLines - 1));
        assertEquals(99, archive.productId(last, maxLines - 1));
        assertTrue(archive.pageCount() >= 2);
    }

    @Test
    void shouldMarkConfirmedRecordCancelledKeepingEverythingElse()
    {
        final OrderArchive archive = new OrderArchive();
        final long address = archive.append(5, T0, T0 + 10, T0 + 1, 0, OrderState.CONFIRMED, null, true, false, 1);
        archive.line(address, 0, 42, 3, 3);

        archive.cancelConfirmed(address, T0 + 99);

        assertEquals(OrderState.CANCELLED, archive.state(address));
        assertNull(archive.reason(address));
        assertEquals(T0 + 99, archive.decidedAt(address));
        assertEquals(T0, archive.placedAt(address));
        assertTrue(archive.neededTransfer(address));
        assertFalse(archive.awaitingCreation(address));
        assertEquals(1, archive.lineCount(address));
        assertEquals(3, archive.reserved(address, 0));
    }

    @Test
    void shouldMaterialiseRecordAsOrder()
    {
        final OrderArchive archive = new OrderArchive();
        final long address = append(archive, 7, 3);

        final Order order = archive.toOrder("alice", address);

        assertEquals("alice", order.login());
        assertEquals(7, order.orderId());
        assertEquals(archive.state(address), order.state());
        assertEquals(archive.reason(address), order.reason());
        assertEquals(archive.placedAt(address), order.placedAt());
        assertEquals(archive.deadline(address), order.deadline());
        assertEquals(archive.decidedAt(address), order.decidedAt());
        assertEquals(archive.neededTransfer(address), order.neededTransfer());
        assertEquals(3, order.lineCount());
        for (int i = 0; i < 3; i++)
        {
            assertEquals(archive.productId(address, i), order.productId(i));
            assertEquals(archive.quantity(address, i), order.quantity(i));
            assertEquals(archive.reserved(address, i), order.reserved(i));
        }
    }
}
