package io.archipelago.engine.events;

/**
 * Layout of one event in an island's event log. The log is a Chronicle Queue; each document holds the events of
 * one batch of inputs, one after another. All fields little-endian; the checksum covers every byte after itself.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 length (whole event, bytes)                   |  0
 *  +---------------------------------------------------------------+
 *  |                checksum (CRC32C of bytes 8..length)           |  4
 *  +---------------+---------------+-------------------------------+
 *  |     type      |    version    |          line count           |  8
 *  +---------------+---------------+-------------------------------+
 *  |            index among the input's events (from 0)            | 12
 *  +---------------------------------------------------------------+
 *  |         island sequence of the input that caused it           | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |               journaled timestamp (epoch milliseconds)        | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                      product id (stock events)                | 32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                       units (stock events)                    | 40
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                      order id (order events)                  | 48
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |               peer island (units sent/received; else -1)      | 56
 *  +-------------------------------+-------------------------------+
 *  |  reason (result code, or -1)  |         login length          | 60
 *  +-------------------------------+-------------------------------+
 *  |     login utf8[login length], then lines (productId:int64 quantity:int32)[line count]   | 64
 * </pre>
 * A {@code SCHEDULE_FIRED} event carries the timer's key in the order id field and, instead of lines, its payload:
 * the line count field holds the payload's length in bytes, and the payload follows the login.
 */
public final class EventDescriptor
{
    /** The format this code writes. */
    public static final int VERSION = 1;

    static final int LENGTH_OFFSET = 0;
    static final int CHECKSUM_OFFSET = 4;
    static final int TYPE_OFFSET = 8;
    static final int VERSION_OFFSET = 9;
    static final int LINE_COUNT_OFFSET = 10;
    static final int INDEX_OFFSET = 12;
    static final int SEQUENCE_OFFSET = 16;
    static final int TIMESTAMP_OFFSET = 24;
    static final int PRODUCT_OFFSET = 32;
    static final int UNITS_OFFSET = 40;
    static final int ORDER_OFFSET = 48;
    static final int PEER_OFFSET = 56;
    static final int REASON_OFFSET = 60;
    static final int LOGIN_LENGTH_OFFSET = 62;
    /** Length of the fixed part; the login and the lines follow. */
    static final int FIXED_LENGTH = 64;
    /** Length of one order line. */
    static final int LINE_LENGTH = 12;
    /** Reason of an event that has none. */
    static final short NO_REASON = -1;

    private EventDescriptor()
    {
    }
}
