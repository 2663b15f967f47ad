package io.archipelago.engine.journal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import io.archipelago.engine.codec.RecordDescriptor;
import net.openhft.chronicle.bytes.Bytes;

/**
 * Layout of one journal document: a Chronicle binary Wire message of one field, {@code r}, whose value is the
 * document's records ({@link RecordDescriptor}) back to back as one byte array. Chronicle's own tools read it as
 * Wire, so {@code ChronicleReaderMain} prints every document of an island's journal ({@code r: !!binary ...}, the
 * records in Base64). All multi-byte fields little-endian.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+---------------+---------------+---------------+
 *  |   field 0xC1  |    name 'r'   | length32 0x82 |  array length |  0
 *  +---------------+---------------+---------------+               +
 *  |   (int32: 1 + bytes of records; byte 6 is 0)  |   u8[] 0x8A   |  4
 *  +-----------------------------------------------+---------------+
 *  |                   records, back to back ...                   |  8
 * </pre>
 * Bytes 0 to 7 are what Chronicle's {@code BinaryWire} writes for {@code write("r").bytes(byte[])} when the array is
 * 64 KiB or longer: a one-letter field name ({@code FIELD_NAME0 + 1}, then the letter), {@code BYTES_LENGTH32} with
 * the value's length, {@code U8_ARRAY}, the bytes. The length counts the {@code U8_ARRAY} code, so it is one more
 * than the bytes of records. For shorter arrays {@code BinaryWire} picks a one- or two-byte length; the journal
 * always writes four, which {@code BinaryWire} reads at any length, so that a batch's frame is written when its
 * document opens and its length is filled in when the batch commits, after its records were added one by one.
 * <p>
 * <b>Journals written before the frame</b> hold documents that start with a record: its bytes 4-5 are the format
 * version and bytes 6-7 the record type, a little-endian short of 1 to 255 ({@link
 * io.archipelago.engine.codec.CommandType} codes are never 0 and stay below 256), so byte 6 is never 0 and byte 7
 * always is. A frame's byte 6 is the top byte of a length of at most {@value #MAX_ARRAY_LENGTH}, always 0, and its
 * byte 7 is {@code U8_ARRAY}, never 0. A document is read as framed when its first eight bytes are exactly the frame
 * of its length, as unframed when byte 6 is not 0 and byte 7 is, and is refused as damaged otherwise: no document
 * can be both, and each document is decided on its own, so a journal written in part before the frame reads whole.
 * Every frame byte is checked against the document's length, which Chronicle's excerpt header gives exactly: a flipped
 * bit in a frame leaves byte 7 non-zero (0x8A has three bits set), so the document can no longer read as framed nor as
 * unframed, and is refused.
 */
public final class JournalFrameDescriptor
{
    /** Offset of the field-name code. */
    public static final int FIELD_CODE_OFFSET = 0;
    /** {@code BinaryWireCode.FIELD_NAME0 + 1}: a field whose name is one byte long. */
    public static final int FIELD_CODE = 0xC1;
    /** Offset of the field's name. */
    public static final int FIELD_NAME_OFFSET = 1;
    /** The field's name, {@code r} for records. */
    public static final int FIELD_NAME = 'r';
    /** Offset of the length code. */
    public static final int LENGTH_CODE_OFFSET = 2;
    /** {@code BinaryWireCode.BYTES_LENGTH32}: a value whose length follows as an int32. */
    public static final int LENGTH_CODE = 0x82;
    /** Offset of the array length: 1 (the array code) + bytes of records. */
    public static final int ARRAY_LENGTH_OFFSET = 3;
    /** Offset of the array code. */
    public static final int ARRAY_CODE_OFFSET = 7;
    /** {@code BinaryWireCode.U8_ARRAY}: the value is a byte array. */
    public static final int ARRAY_CODE = 0x8A;
    /** Length of the frame; the first record starts here. */
    public static final int FRAME_LENGTH = 8;

    /** The frame byte that is 0 in a frame and never 0 in a record (the low byte of the record type). */
    public static final int FRAME_ZERO_OFFSET = 6;
    /** The frame byte that is never 0 in a frame and always 0 in a record (the high byte of the record type). */
    public static final int RECORD_ZERO_OFFSET = 7;

    /** Largest array length a frame holds: every record a document may hold, and the array code. */
    public static final int MAX_ARRAY_LENGTH = RecordDescriptor.MAX_DOCUMENT_LENGTH + 1;
    /** Longest journal document: the frame and {@link RecordDescriptor#MAX_DOCUMENT_LENGTH} bytes of records. */
    public static final int MAX_FRAMED_DOCUMENT_LENGTH = FRAME_LENGTH + RecordDescriptor.MAX_DOCUMENT_LENGTH;

    /** {@link #recordsOffset} of a document that is neither framed nor a record. */
    public static final int NOT_A_JOURNAL_DOCUMENT = -1;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
        ByteOrder.LITTLE_ENDIAN);

    private JournalFrameDescriptor()
    {
    }

    /**
     * @param recordsLength bytes of records the document holds.
     * @return the frame of a document holding that many bytes of records, as a little-endian long.
     */
    public static long frame(final int recordsLength)
    {
        return FIELD_CODE | (long)FIELD_NAME << 8 | (long)LENGTH_CODE << 16 |
            (((long)recordsLength + 1) & 0xFFFF_FFFFL) << (ARRAY_LENGTH_OFFSET * 8) |
            (long)ARRAY_CODE << (ARRAY_CODE_OFFSET * 8);
    }

    /**
     * Writes the frame of a document whose records follow, at the target's write position; its length says no
     * records until {@link #closeFrame} fills it in.
     *
     * @param target an open document.
     * @return the frame's position, for {@link #closeFrame}.
     */
    public static long openFrame(final Bytes<?> target)
    {
        final long at = target.writePosition();
        target.writeLong(frame(0));
        return at;
    }

    /**
     * Fills in the frame's length: every byte written after the frame is a record.
     *
     * @param target the document.
     * @param frame  the frame's position, as {@link #openFrame} returned it.
     * @return bytes of records in the document.
     */
    public static int closeFrame(final Bytes<?> target, final long frame)
    {
        final int recordsLength = (int)(target.writePosition() - frame - FRAME_LENGTH);
        target.writeInt(frame + ARRAY_LENGTH_OFFSET, recordsLength + 1);
        return recordsLength;
    }

    /**
     * Decides what a document read from a journal is.
     *
     * @param document the document's bytes.
     * @param length   its length.
     * @return {@link #FRAME_LENGTH} for a framed document, 0 for one written before the frame (records from its first
     * byte), {@link #NOT_A_JOURNAL_DOCUMENT} for anything else.
     */
    public static int recordsOffset(final byte[] document, final int length)
    {
        if (length < FRAME_LENGTH)
        {
            return NOT_A_JOURNAL_DOCUMENT;
        }
        if ((long)LONGS.get(document, 0) == frame(length - FRAME_LENGTH))
        {
            return FRAME_LENGTH;
        }
        if (document[FRAME_ZERO_OFFSET] != 0 && document[RECORD_ZERO_OFFSET] == 0)
        {
            return 0;
        }
        return NOT_A_JOURNAL_DOCUMENT;
    }
}
