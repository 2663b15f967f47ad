package io.archipelago.engine.codec;

/**
 * Layout of one journal record. All fields little-endian. The checksum covers every byte after itself.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  checksum (CRC32C of bytes 4..length)          |  0
 *  +-------------------------------+-------------------------------+
 *  |        format version         |          record type          |  4
 *  +-------------------------------+-------------------------------+
 *  |                 length (whole record, bytes)                  |  8
 *  +---------------------------------------------------------------+
 *  |       source (-1 client, -2 timer, else sending island)       | 12
 *  +---------------------------------------------------------------+
 *  |             island sequence (dense, first record = 1)         | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |              journaled timestamp (epoch milliseconds)         | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |        source sequence (link sequence; 0 for clients)         | 32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                        payload ...                            | 40
 * </pre>
 * Payloads by type:
 * <pre>
 *  CREATE_PRODUCT, RESTOCK: productId:int64 units:int64
 *  PLACE_ORDER:  orderId:int64 lineCount:uint16 loginLength:uint16 timeoutMillis:int32
 *                (productId:int64 quantity:int32){lineCount} login:utf8[loginLength]
 *  CANCEL_ORDER: orderId:int64 loginLength:uint16 login:utf8[loginLength]
 *  TICK:         (empty: the header's timestamp is the time reached)
 *  TRANSFER_REQUEST, TRANSFER_GRANT, TRANSFER_DENIAL (the link payload; header source = sending island,
 *                source sequence = link sequence):
 *                kind:uint16 flags:uint8 priorityHigh:uint8 priorityLow:uint32 requestId:int64 productId:int64
 *                units:int64 extra:int64 (request: units asked beyond the need; answers: the answerer's available
 *                units). With flag 2 the message carries a 40-bit value (priorityHigh << 32 | priorityLow): a
 *                request, the seniority of the oldest order it serves; a grant or denial, the units of the
 *                product sold at the answering island. Records without the flag carry none and read as before. A
 *                denial with requestId 0 answers no request: a sold notice (the sender's sold count fell).
 *  PLACE_HOLD:   orderId:int64 lineCount:uint16 loginLength:uint16 timeoutMillis:int32 holdForMillis:int64
 *                (productId:int64 quantity:int32){lineCount} login:utf8[loginLength]
 *  CONFIRM_HOLD, RELEASE_HOLD, CANCEL_SCHEDULE: (as CANCEL_ORDER; the order id is the hold id or the timer's key)
 *  SCHEDULE:     key:int64 when:int64 loginLength:uint16 payloadLength:uint16 whenKind:uint8 (0 = when is the due
 *                time, epoch ms; 1 = when is a delay in ms after the record's timestamp) reserved:uint8[3]
 *                login:utf8[loginLength] payload:bytes[payloadLength]
 *  SET_POLICY:   transferTimeoutMillis:int32 retryInitialMillis:int32 retryMaxMillis:int32 nameLength:uint16
 *                strategyName:utf8[nameLength]
 * </pre>
 */
public final class RecordDescriptor
{
    /** The format this code writes. */
    public static final short FORMAT_VERSION = 1;
    /** Oldest format this code reads. */
    public static final short MIN_READABLE_FORMAT_VERSION = 1;

    /** Offset of the checksum. */
    public static final int CHECKSUM_OFFSET = 0;
    /** Offset of the format version. */
    public static final int VERSION_OFFSET = 4;
    /** Offset of the record type. */
    public static final int TYPE_OFFSET = 6;
    /** Offset of the total length. */
    public static final int LENGTH_OFFSET = 8;
    /** Offset of the source. */
    public static final int SOURCE_OFFSET = 12;
    /** Offset of the island sequence. */
    public static final int SEQUENCE_OFFSET = 16;
    /** Offset of the timestamp. */
    public static final int TIMESTAMP_OFFSET = 24;
    /** Offset of the source sequence. */
    public static final int SOURCE_SEQUENCE_OFFSET = 32;
    /** Length of the header; the payload starts here. */
    public static final int HEADER_LENGTH = 40;

    /** Source value of a record submitted by a client. */
    public static final int SOURCE_CLIENT = -1;
    /** Source value of a record produced by the island's timers. */
    public static final int SOURCE_TIMER = -2;

    /** Length of a product payload. */
    public static final int PRODUCT_PAYLOAD_LENGTH = 16;
    /** Fixed part of a place-order payload. */
    public static final int PLACE_ORDER_FIXED_LENGTH = 16;
    /** Length of a link message payload (also the outbox payload). */
    public static final int LINK_PAYLOAD_LENGTH = 40;
    /** Fixed part of a policy payload. */
    public static final int POLICY_FIXED_LENGTH = 14;
    /** Longest strategy name, UTF-8 bytes. */
    public static final int MAX_STRATEGY_NAME_BYTES = 64;
    /** Length of one order line. */
    public static final int ORDER_LINE_LENGTH = 12;
    /** Fixed part of a cancel-order payload. */
    public static final int CANCEL_ORDER_FIXED_LENGTH = 10;

    /** Fixed part of a place-hold payload. */
    public static final int PLACE_HOLD_FIXED_LENGTH = 24;
    /** Fixed part of a schedule payload. */
    public static final int SCHEDULE_FIXED_LENGTH = 24;
    /** {@code whenKind} of a schedule whose {@code when} is the due time. */
    public static final int WHEN_AT = 0;
    /** {@code whenKind} of a schedule whose {@code when} is a delay after the record's timestamp. */
    public static final int WHEN_AFTER = 1;

    /** Largest record this version writes. */
    public static final int MAX_RECORD_LENGTH = Math.max(
        HEADER_LENGTH + PLACE_HOLD_FIXED_LENGTH + Command.MAX_LINES * ORDER_LINE_LENGTH + Command.MAX_LOGIN_BYTES,
        HEADER_LENGTH + SCHEDULE_FIXED_LENGTH + Command.MAX_LOGIN_BYTES + Command.MAX_PAYLOAD_BYTES);

    /**
     * Most bytes of records one journal document holds. An island writes the records of a batch into one Chronicle
     * document (closed before anything the batch caused leaves the island), starting another when the next record
     * would pass this; a document is a frame ({@code io.archipelago.engine.journal.JournalFrameDescriptor}, not
     * counted here) and then a run of whole records, each saying its length at {@link #LENGTH_OFFSET}. Journals
     * written before the frame (one record or a batch per document, no frame) read the same way.
     */
    public static final int MAX_DOCUMENT_LENGTH = 32 * 1024;

    private RecordDescriptor()
    {
    }
}
