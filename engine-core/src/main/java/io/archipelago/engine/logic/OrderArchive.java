package io.archipelago.engine.logic;

import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;

import com.google.common.hash.Hasher;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.ResultCode;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The decided orders of one island (confirmed, rejected, cancelled) as fixed-layout records in pages of
 * {@code long}s outside the Java heap, so that an island holding millions of orders keeps neither millions of small
 * objects nor large arrays that the garbage collector would trace or copy again and again (a young collection
 * copies every array allocated since the last one). A record never moves and never spans two pages; pages grow from
 * {@value #FIRST_PAGE_LONGS} to {@value #MAX_PAGE_LONGS} longs, and a new page is added when the current one is full,
 * so growth never copies a record. Records are addressed by {@code page << 32 | index}, index in longs. Pages are
 * direct buffers: their memory is returned when the archive becomes unreachable and its buffers are collected, and
 * counts against {@code -XX:MaxDirectMemorySize} (by default the maximum heap size).
 * <pre>
 *   0                                                               63
 *   +---------------------------------------------------------------+
 *   | order id                                                      |  0
 *   | placed at (journaled time, epoch ms)                          |  1
 *   | deadline                                                      |  2
 *   | decided at                                                    |  3
 *   | product awaited when last pending (0 = none)                  |  4
 *   | flags(16) | line count(16) | reason code + 1(16) | state(16)  |  5
 *   +---------------------------------------------------------------+
 *   | product id                                                    |  6 + 2 * line
 *   | quantity(32)                   | reserved(32)                 |  7 + 2 * line
 *   +---------------------------------------------------------------+
 * </pre>
 * Flags: bit 0 the order needed a transfer (was pending), bit 1 it was waiting for a product's creation.
 * Single-threaded: owned by the island's logic thread.
 */
final class OrderArchive
{
    /** What {@link #append} never returns: use as the missing value of an address map. */
    static final long NO_RECORD = -1L;

    static final int FIRST_PAGE_LONGS = 1 << 10;
    static final int MAX_PAGE_LONGS = 1 << 16;

    static final int ORDER_ID_OFFSET = 0;
    static final int PLACED_AT_OFFSET = 1;
    static final int DEADLINE_OFFSET = 2;
    static final int DECIDED_AT_OFFSET = 3;
    static final int AWAITED_PRODUCT_OFFSET = 4;
    static final int PACKED_OFFSET = 5;
    static final int HEADER_LONGS = 6;
    static final int LINE_LONGS = 2;

    private static final int FLAG_NEEDED_TRANSFER = 1;
    private static final int FLAG_AWAITING_CREATION = 2;
    private static final OrderState[] STATES = OrderState.values();

    private UnsafeBuffer[] pages = new UnsafeBuffer[4];
    private int pageCount;
    private UnsafeBuffer page;
    private int pageLongs;
    private int position;
    private long records;
    private long longsUsed;

    /**
     * Appends a record; its lines are filled by {@link #line} next.
     *
     * @return the record's address.
     */
    long append(final long orderId, final long placedAt, final long deadline, final long decidedAt,
        final long awaitedProductId, final OrderState state, final ResultCode reason, final boolean neededTransfer,
        final boolean awaitingCreation, final int lineCount)
    {
        final int length = HEADER_LONGS + LINE_LONGS * lineCount;
        if (null == page || position + length > pageLongs)
        {
            addPage(length);
        }
        final UnsafeBuffer p = page;
        final int at = position;
        p.putLong(offset(at, ORDER_ID_OFFSET), orderId);
        p.putLong(offset(at, PLACED_AT_OFFSET), placedAt);
        p.putLong(offset(at, DEADLINE_OFFSET), deadline);
        p.putLong(offset(at, DECIDED_AT_OFFSET), decidedAt);
        p.putLong(offset(at, AWAITED_PRODUCT_OFFSET), awaitedProductId);
        final long flags = (neededTransfer ? FLAG_NEEDED_TRANSFER : 0) | (awaitingCreation ? FLAG_AWAITING_CREATION : 0);
        p.putLong(offset(at, PACKED_OFFSET), flags << 48 | (long)lineCount << 32 |
            (long)(null == reason ? 0 : reason.code() + 1) << 16 | state.ordinal());
        position += length;
        records++;
        longsUsed += length;
        return (long)(pageCount - 1) << 32 | at;
    }

    /**
     * Appends a decided order's record.
     *
     * @param order a decided order.
     * @return the record's address.
     */
    long append(final Order order)
    {
        final int lines = order.productIds.length;
        final long address = append(order.orderId, order.placedAt, order.deadline, order.decidedAt,
            order.awaitingProductId, order.state, order.reason, order.neededTransfer, order.awaitingCreation, lines);
        for (int i = 0; i < lines; i++)
        {
            line(address, i, order.productIds[i], order.quantities[i], order.reservedPerLine[i]);
        }
        return address;
    }

    /**
     * Sets one line of a record.
     */
    void line(final long address, final int line, final long productId, final int quantity, final int reserved)
    {
        final UnsafeBuffer p = pages[page(address)];
        final int at = index(address) + HEADER_LONGS + LINE_LONGS * line;
        p.putLong(offset(at, 0), productId);
        p.putLong(offset(at, 1), (long)quantity << 32 | (reserved & 0xFFFF_FFFFL));
    }

    /**
     * Records that a confirmed order was cancelled (its units went back to the island).
     */
    void cancelConfirmed(final long address, final long now)
    {
        final UnsafeBuffer p = pages[page(address)];
        final int at = index(address);
        p.putLong(offset(at, PACKED_OFFSET), (p.getLong(offset(at, PACKED_OFFSET)) & ~0xFFFF_FFFFL) |
            OrderState.CANCELLED.ordinal());
        p.putLong(offset(at, DECIDED_AT_OFFSET), now);
    }

    long orderId(final long address)
    {
        return get(address, ORDER_ID_OFFSET);
    }

    long placedAt(final long address)
    {
        return get(address, PLACED_AT_OFFSET);
    }

    long deadline(final long address)
    {
        return get(address, DEADLINE_OFFSET);
    }

    long decidedAt(final long address)
    {
        return get(address, DECIDED_AT_OFFSET);
    }

    long awaitedProductId(final long address)
    {
        return get(address, AWAITED_PRODUCT_OFFSET);
    }

    OrderState state(final long address)
    {
        return STATES[(int)(get(address, PACKED_OFFSET) & 0xFFFF)];
    }

    ResultCode reason(final long address)
    {
        final int code = (int)((get(address, PACKED_OFFSET) >>> 16) & 0xFFFF);
        return 0 == code ? null : ResultCode.ofCode(code - 1);
    }

    int lineCount(final long address)
    {
        return (int)((get(address, PACKED_OFFSET) >>> 32) & 0xFFFF);
    }

    boolean neededTransfer(final long address)
    {
        return ((get(address, PACKED_OFFSET) >>> 48) & FLAG_NEEDED_TRANSFER) != 0;
    }

    boolean awaitingCreation(final long address)
    {
        return ((get(address, PACKED_OFFSET) >>> 48) & FLAG_AWAITING_CREATION) != 0;
    }

    long productId(final long address, final int line)
    {
        return get(address, HEADER_LONGS + LINE_LONGS * line);
    }

    int quantity(final long address, final int line)
    {
        return (int)(get(address, HEADER_LONGS + LINE_LONGS * line + 1) >>> 32);
    }

    int reserved(final long address, final int line)
    {
        return (int)get(address, HEADER_LONGS + LINE_LONGS * line + 1);
    }

    /**
     * @return records held.
     */
    long size()
    {
        return records;
    }

    /**
     * @return longs the records occupy.
     */
    long longsUsed()
    {
        return longsUsed;
    }

    /**
     * @return longs allocated in pages (records plus the unused ends of pages).
     */
    long longsAllocated()
    {
        long total = 0;
        for (int i = 0; i < pageCount; i++)
        {
            total += pages[i].capacity() / Long.BYTES;
        }
        return total;
    }

    /**
     * @return pages allocated.
     */
    int pageCount()
    {
        return pageCount;
    }

    /**
     * Writes a record in the layout of {@link Order#writeTo}, so a snapshot does not depend on how orders are held (a
     * decided order has no hold expiry: 0).
     */
    void writeRecord(final long address, final DataOutput out) throws IOException
    {
        final ResultCode reason = reason(address);
        out.writeLong(orderId(address));
        out.writeLong(placedAt(address));
        out.writeLong(deadline(address));
        out.writeByte(state(address).ordinal());
        out.writeInt(null == reason ? -1 : reason.code());
        out.writeLong(decidedAt(address));
        out.writeLong(awaitedProductId(address));
        out.writeBoolean(awaitingCreation(address));
        out.writeBoolean(neededTransfer(address));
        out.writeLong(0);
        final int lines = lineCount(address);
        out.writeInt(lines);
        for (int i = 0; i < lines; i++)
        {
            out.writeLong(productId(address, i));
            out.writeInt(quantity(address, i));
            out.writeInt(reserved(address, i));
        }
    }

    /**
     * Adds a record to a digest the way {@link Order#hashInto} adds a waiting order.
     */
    void hashRecord(final long address, final Hasher hasher)
    {
        final ResultCode reason = reason(address);
        final int lines = lineCount(address);
        hasher.putLong(orderId(address)).putInt(state(address).ordinal()).putInt(null == reason ? -1 : reason.code())
            .putLong(placedAt(address)).putLong(deadline(address)).putLong(decidedAt(address))
            .putBoolean(awaitingCreation(address)).putLong(awaitedProductId(address))
            .putBoolean(neededTransfer(address)).putInt(lines);
        for (int i = 0; i < lines; i++)
        {
            hasher.putLong(productId(address, i)).putInt(quantity(address, i)).putInt(reserved(address, i));
        }
    }

    /**
     * Materialises a record as an {@link Order} (for queries and tools; allocates).
     *
     * @param login   the user's login.
     * @param address the record.
     * @return a new order holding the record's values.
     */
    Order toOrder(final String login, final long address)
    {
        final int lines = lineCount(address);
        final long[] productIds = new long[lines];
        final int[] quantities = new int[lines];
        for (int i = 0; i < lines; i++)
        {
            productIds[i] = productId(address, i);
            quantities[i] = quantity(address, i);
        }
        final Order order = new Order(login, orderId(address), productIds, quantities, placedAt(address),
            deadline(address));
        for (int i = 0; i < lines; i++)
        {
            order.reservedPerLine[i] = reserved(address, i);
        }
        order.state = state(address);
        order.reason = reason(address);
        order.decidedAt = decidedAt(address);
        order.awaitingProductId = awaitedProductId(address);
        order.awaitingCreation = awaitingCreation(address);
        order.neededTransfer = neededTransfer(address);
        return order;
    }

    private long get(final long address, final int offset)
    {
        return pages[page(address)].getLong(offset(index(address), offset));
    }

    private static int offset(final int index, final int field)
    {
        return (index + field) * Long.BYTES;
    }

    private static int page(final long address)
    {
        return (int)(address >>> 32);
    }

    private static int index(final long address)
    {
        return (int)address;
    }

    private void addPage(final int length)
    {
        final int size = null == page ? FIRST_PAGE_LONGS : Math.min(MAX_PAGE_LONGS, pageLongs << 1);
        if (length > size)
        {
            throw new IllegalArgumentException("an order record of " + length + " longs does not fit a page");
        }
        if (pageCount == pages.length)
        {
            final UnsafeBuffer[] grown = new UnsafeBuffer[pageCount << 1];
            System.arraycopy(pages, 0, grown, 0, pageCount);
            pages = grown;
        }
        page = new UnsafeBuffer(ByteBuffer.allocateDirect(size * Long.BYTES));
        pageLongs = size;
        pages[pageCount++] = page;
        position = 0;
    }
}
