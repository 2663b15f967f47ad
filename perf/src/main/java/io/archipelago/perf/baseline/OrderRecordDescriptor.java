package io.archipelago.perf.baseline;

import net.openhft.chronicle.bytes.Bytes;

/**
 * Layout of one record of the {@link SharedStateOrderService} journal: an order and its outcome, one Chronicle
 * document per order, fields written as raw little-endian bytes (no self-describing wire).
 * <pre>
 *   0        1        2        3                            11
 *   +--------+--------+--------+----------------------------+------------------------------+
 *   |version |outcome | lines  |        order id (8)        | login: stop-bit length, then |
 *   +--------+--------+--------+----------------------------+ one byte per character       |
 *   |                                                                                       |
 *   +------------------------------------+------------------+-------------------------------+
 *   |          product id (8)            |   quantity (4)   |  ... one pair per line
 *   +------------------------------------+------------------+
 * </pre>
 * A one-line order of a ten-character login takes 34 bytes.
 */
final class OrderRecordDescriptor
{
    /** Layout version written first in every record. */
    static final byte VERSION = 1;
    /** Outcome byte of a confirmed order. */
    static final byte CONFIRMED = 1;
    /** Outcome byte of a rejected order. */
    static final byte REJECTED = 2;

    private OrderRecordDescriptor()
    {
    }

    /**
     * Writes one record at the write position of {@code bytes}.
     *
     * @param bytes      the document's bytes.
     * @param login      the user's login (ASCII).
     * @param orderId    the order id.
     * @param confirmed  the outcome.
     * @param products   product id per line.
     * @param quantities quantity per line.
     * @param lines      number of lines, at most 127.
     */
    static void encode(final Bytes<?> bytes, final String login, final long orderId, final boolean confirmed,
        final long[] products, final int[] quantities, final int lines)
    {
        bytes.writeByte(VERSION);
        bytes.writeByte(confirmed ? CONFIRMED : REJECTED);
        bytes.writeByte((byte)lines);
        bytes.writeLong(orderId);
        bytes.write8bit(login);
        for (int i = 0; i < lines; i++)
        {
            bytes.writeLong(products[i]);
            bytes.writeInt(quantities[i]);
        }
    }

    /**
     * Reads one record from the read position of {@code bytes}.
     *
     * @param bytes the document's bytes.
     * @return the record.
     * @throws IllegalStateException if the version is not {@link #VERSION}.
     */
    static Decoded decode(final Bytes<?> bytes)
    {
        final byte version = bytes.readByte();
        if (VERSION != version)
        {
            throw new IllegalStateException("unknown order record version " + version);
        }
        final boolean confirmed = CONFIRMED == bytes.readByte();
        final int lines = bytes.readByte();
        final long orderId = bytes.readLong();
        final String login = bytes.read8bit();
        final long[] products = new long[lines];
        final int[] quantities = new int[lines];
        for (int i = 0; i < lines; i++)
        {
            products[i] = bytes.readLong();
            quantities[i] = bytes.readInt();
        }
        return new Decoded(login, orderId, confirmed, products, quantities);
    }

    /**
     * One decoded record.
     *
     * @param login      the user's login.
     * @param orderId    the order id.
     * @param confirmed  the outcome.
     * @param products   product id per line.
     * @param quantities quantity per line.
     */
    record Decoded(String login, long orderId, boolean confirmed, long[] products, int[] quantities)
    {
    }
}
