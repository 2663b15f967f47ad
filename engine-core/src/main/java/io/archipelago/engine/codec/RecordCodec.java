package io.archipelago.engine.codec;

import java.nio.ByteOrder;
import java.util.zip.CRC32C;

import org.agrona.concurrent.UnsafeBuffer;

import static io.archipelago.engine.codec.RecordDescriptor.*;

/**
 * Encodes {@link Command}s into journal records and decodes them back, over a reusable buffer. Not thread safe: each
 * island thread and each reader owns one. Neither encoding nor decoding allocates: a login is copied as bytes (encoded
 * once where the command was made) and becomes a string only when {@link Command#login()} is asked for.
 */
public final class RecordCodec
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private final byte[] bytes = new byte[MAX_RECORD_LENGTH];
    private final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
    private final CRC32C crc = new CRC32C();

    /**
     * @return the array the last record was encoded into (valid up to the returned length).
     */
    public byte[] bytes()
    {
        return bytes;
    }

    /**
     * @return the buffer view of {@link #bytes()}.
     */
    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    /**
     * Encodes a command with its header into {@link #bytes()}.
     *
     * @param command        the input.
     * @param sequence       the island's sequence number for it.
     * @param timestamp      journaled time, epoch ms.
     * @param source         {@link RecordDescriptor#SOURCE_CLIENT}, {@link RecordDescriptor#SOURCE_TIMER} or island.
     * @param sourceSequence link sequence, 0 for clients.
     * @return the record's length in bytes.
     */
    public int encode(final Command command, final long sequence, final long timestamp, final int source,
        final long sourceSequence)
    {
        final CommandType type = command.type();
        final int length = switch (type)
        {
            case CREATE_PRODUCT, RESTOCK -> encodeProduct(command);
            case PLACE_ORDER, PLACE_HOLD -> encodePlaceOrder(command);
            case CANCEL_ORDER, CONFIRM_HOLD, RELEASE_HOLD, CANCEL_SCHEDULE -> encodeCancelOrder(command);
            case SCHEDULE -> encodeSchedule(command);
            case TICK -> HEADER_LENGTH;
            case TRANSFER_REQUEST, TRANSFER_GRANT, TRANSFER_DENIAL ->
                HEADER_LENGTH + encodeLinkPayload(command, buffer, HEADER_LENGTH);
            case SET_POLICY -> encodePolicy(command);
        };
        buffer.putShort(VERSION_OFFSET, FORMAT_VERSION, ORDER);
        buffer.putShort(TYPE_OFFSET, type.code(), ORDER);
        buffer.putInt(LENGTH_OFFSET, length, ORDER);
        buffer.putInt(SOURCE_OFFSET, source, ORDER);
        buffer.putLong(SEQUENCE_OFFSET, sequence, ORDER);
        buffer.putLong(TIMESTAMP_OFFSET, timestamp, ORDER);
        buffer.putLong(SOURCE_SEQUENCE_OFFSET, sourceSequence, ORDER);
        buffer.putInt(CHECKSUM_OFFSET, checksum(bytes, 0, length), ORDER);
        return length;
    }

    /**
     * Decodes a record held in {@link #bytes()} (copy it in first).
     *
     * @param length  the record's length as stored by the journal.
     * @param header  receives the header.
     * @param command receives the input.
     * @throws CorruptRecordException when the record is damaged or of an unknown kind.
     */
    public void decode(final int length, final RecordHeader header, final Command command)
    {
        decodeHeader(length, header);
        final CommandType type = CommandType.ofCode(header.type);
        if (null == type)
        {
            throw new CorruptRecordException("unknown record type " + header.type);
        }
        final CommandType decoded = switch (type)
        {
            case CREATE_PRODUCT, RESTOCK ->
            {
                decodeProduct(type, length, command);
                yield type;
            }
            case PLACE_ORDER, PLACE_HOLD ->
            {
                decodePlaceOrder(type, length, command);
                yield type;
            }
            case CANCEL_ORDER, CONFIRM_HOLD, RELEASE_HOLD, CANCEL_SCHEDULE ->
            {
                decodeCancelOrder(type, length, command);
                yield type;
            }
            case SCHEDULE ->
            {
                decodeSchedule(length, command);
                yield type;
            }
            case TICK ->
            {
                expectLength(length, HEADER_LENGTH, type);
                command.tick();
                yield type;
            }
            case TRANSFER_REQUEST, TRANSFER_GRANT, TRANSFER_DENIAL ->
            {
                expectLength(length, HEADER_LENGTH + LINK_PAYLOAD_LENGTH, type);
                yield decodeLinkPayload(buffer, HEADER_LENGTH, command);
            }
            case SET_POLICY ->
            {
                decodePolicy(length, command);
                yield type;
            }
        };
        if (decoded != type)
        {
            throw new CorruptRecordException("record type " + type + " holds a " + decoded + " payload");
        }
    }

    /**
     * Decodes and verifies the header of a record held in {@link #bytes()}.
     *
     * @param length the record's length as stored by the journal.
     * @param header receives the header.
     * @throws CorruptRecordException when the checksum, length or version is wrong.
     */
    public void decodeHeader(final int length, final RecordHeader header)
    {
        if (length < HEADER_LENGTH || length > bytes.length)
        {
            throw new CorruptRecordException("record length " + length + " outside [" + HEADER_LENGTH + ", " +
                bytes.length + "]");
        }
        final int stored = buffer.getInt(CHECKSUM_OFFSET, ORDER);
        final int actual = checksum(bytes, 0, length);
        if (stored != actual)
        {
            throw new CorruptRecordException(String.format("checksum mismatch: stored %08x, computed %08x",
                stored, actual));
        }
        header.checksum = buffer.getInt(CHECKSUM_OFFSET, ORDER);
        header.version = buffer.getShort(VERSION_OFFSET, ORDER);
        header.type = buffer.getShort(TYPE_OFFSET, ORDER);
        header.length = buffer.getInt(LENGTH_OFFSET, ORDER);
        header.source = buffer.getInt(SOURCE_OFFSET, ORDER);
        header.sequence = buffer.getLong(SEQUENCE_OFFSET, ORDER);
        header.timestamp = buffer.getLong(TIMESTAMP_OFFSET, ORDER);
        header.sourceSequence = buffer.getLong(SOURCE_SEQUENCE_OFFSET, ORDER);
        if (header.length != length)
        {
            throw new CorruptRecordException("record says length " + header.length + " but journal holds " + length);
        }
        if (header.version < MIN_READABLE_FORMAT_VERSION || header.version > FORMAT_VERSION)
        {
            throw new CorruptRecordException("record format version " + header.version + " is not readable by " +
                "this version (reads " + MIN_READABLE_FORMAT_VERSION + ".." + FORMAT_VERSION + ")");
        }
    }

    /**
     * Writes a link message's payload (see {@link RecordDescriptor}).
     *
     * @param command the link message.
     * @param target  where to write.
     * @param offset  at which offset.
     * @return bytes written ({@link RecordDescriptor#LINK_PAYLOAD_LENGTH}).
     */
    public static int encodeLinkPayload(final Command command, final org.agrona.MutableDirectBuffer target,
        final int offset)
    {
        target.putShort(offset, command.type().code(), ORDER);
        final long priority = command.priority();
        final int flags = command.flags() & 0xFF & ~Command.FLAG_PRIORITY;
        if (priority == Command.NO_PRIORITY)
        {
            target.putShort(offset + 2, (short)flags, ORDER);
            target.putInt(offset + 4, 0, ORDER);
        }
        else
        {
            target.putShort(offset + 2, (short)(flags | Command.FLAG_PRIORITY | (int)(priority >>> 32) << 8), ORDER);
            target.putInt(offset + 4, (int)priority, ORDER);
        }
        target.putLong(offset + 8, command.requestId(), ORDER);
        target.putLong(offset + 16, command.productId(), ORDER);
        target.putLong(offset + 24, command.units(), ORDER);
        target.putLong(offset + 32, command.extra(), ORDER);
        return LINK_PAYLOAD_LENGTH;
    }

    /**
     * Reads a link message's payload into a command.
     *
     * @param source  holds the payload.
     * @param offset  payload offset.
     * @param command receives the message.
     * @return the message's type.
     * @throws CorruptRecordException when the kind is not a link message.
     */
    public static CommandType decodeLinkPayload(final org.agrona.DirectBuffer source, final int offset,
        final Command command)
    {
        final CommandType type = CommandType.ofCode(source.getShort(offset, ORDER));
        if (null == type || !type.isLinkMessage())
        {
            throw new CorruptRecordException("link payload of unknown kind " + source.getShort(offset, ORDER));
        }
        final int flagsAndPriority = source.getShort(offset + 2, ORDER) & 0xFFFF;
        final int flags = flagsAndPriority & 0xFF;
        command.link(type, source.getLong(offset + 8, ORDER), source.getLong(offset + 16, ORDER),
            source.getLong(offset + 24, ORDER), source.getLong(offset + 32, ORDER), flags & ~Command.FLAG_PRIORITY);
        if ((flags & Command.FLAG_PRIORITY) != 0)
        {
            command.priority((long)(flagsAndPriority >>> 8) << 32 | (source.getInt(offset + 4, ORDER) & 0xFFFF_FFFFL));
        }
        return type;
    }

    private int encodePolicy(final Command command)
    {
        buffer.putInt(HEADER_LENGTH, command.transferTimeoutMillis(), ORDER);
        buffer.putInt(HEADER_LENGTH + 4, command.retryInitialMillis(), ORDER);
        buffer.putInt(HEADER_LENGTH + 8, command.retryMaxMillis(), ORDER);
        final int nameLength = putUtf8(HEADER_LENGTH + POLICY_FIXED_LENGTH, command.strategyName());
        if (nameLength > MAX_STRATEGY_NAME_BYTES)
        {
            throw new IllegalArgumentException("strategy name longer than " + MAX_STRATEGY_NAME_BYTES + " bytes");
        }
        buffer.putShort(HEADER_LENGTH + 12, (short)nameLength, ORDER);
        return HEADER_LENGTH + POLICY_FIXED_LENGTH + nameLength;
    }

    private void decodePolicy(final int length, final Command command)
    {
        if (length < HEADER_LENGTH + POLICY_FIXED_LENGTH)
        {
            throw new CorruptRecordException("SET_POLICY record too short: " + length);
        }
        final int nameLength = buffer.getShort(HEADER_LENGTH + 12, ORDER) & 0xFFFF;
        if (nameLength > MAX_STRATEGY_NAME_BYTES)
        {
            throw new CorruptRecordException("SET_POLICY record with a name of " + nameLength + " bytes");
        }
        expectLength(length, HEADER_LENGTH + POLICY_FIXED_LENGTH + nameLength, CommandType.SET_POLICY);
        command.clear();
        command.setType(CommandType.SET_POLICY);
        command.setLogin(bytes, HEADER_LENGTH + POLICY_FIXED_LENGTH, nameLength);
        command.setPolicyFields(buffer.getInt(HEADER_LENGTH, ORDER), buffer.getInt(HEADER_LENGTH + 4, ORDER),
            buffer.getInt(HEADER_LENGTH + 8, ORDER));
    }

    private int checksum(final byte[] data, final int offset, final int length)
    {
        crc.reset();
        crc.update(data, offset + VERSION_OFFSET, length - VERSION_OFFSET);
        return (int)crc.getValue();
    }

    private int encodeProduct(final Command command)
    {
        buffer.putLong(HEADER_LENGTH, command.productId(), ORDER);
        buffer.putLong(HEADER_LENGTH + 8, command.units(), ORDER);
        return HEADER_LENGTH + PRODUCT_PAYLOAD_LENGTH;
    }

    private static int fixedLength(final CommandType type)
    {
        return type == CommandType.PLACE_HOLD ? PLACE_HOLD_FIXED_LENGTH : PLACE_ORDER_FIXED_LENGTH;
    }

    private int encodePlaceOrder(final Command command)
    {
        final int lines = command.lineCount();
        buffer.putLong(HEADER_LENGTH, command.orderId(), ORDER);
        buffer.putShort(HEADER_LENGTH + 8, (short)lines, ORDER);
        buffer.putInt(HEADER_LENGTH + 12, command.timeoutMillis(), ORDER);
        if (command.type() == CommandType.PLACE_HOLD)
        {
            buffer.putLong(HEADER_LENGTH + 16, command.holdForMillis(), ORDER);
        }
        int offset = HEADER_LENGTH + fixedLength(command.type());
        for (int i = 0; i < lines; i++)
        {
            buffer.putLong(offset, command.lineProductId(i), ORDER);
            buffer.putInt(offset + 8, command.lineQuantity(i), ORDER);
            offset += ORDER_LINE_LENGTH;
        }
        final int loginLength = putLogin(offset, command);
        buffer.putShort(HEADER_LENGTH + 10, (short)loginLength, ORDER);
        return offset + loginLength;
    }

    private int encodeCancelOrder(final Command command)
    {
        buffer.putLong(HEADER_LENGTH, command.orderId(), ORDER);
        final int offset = HEADER_LENGTH + CANCEL_ORDER_FIXED_LENGTH;
        final int loginLength = putLogin(offset, command);
        buffer.putShort(HEADER_LENGTH + 8, (short)loginLength, ORDER);
        return offset + loginLength;
    }

    private void decodeProduct(final CommandType type, final int length, final Command command)
    {
        expectLength(length, HEADER_LENGTH + PRODUCT_PAYLOAD_LENGTH, type);
        command.clear();
        command.setType(type);
        command.setProduct(buffer.getLong(HEADER_LENGTH, ORDER), buffer.getLong(HEADER_LENGTH + 8, ORDER));
    }

    private void decodePlaceOrder(final CommandType type, final int length, final Command command)
    {
        final int fixed = fixedLength(type);
        if (length < HEADER_LENGTH + fixed)
        {
            throw new CorruptRecordException(type + " record too short: " + length);
        }
        final int lines = buffer.getShort(HEADER_LENGTH + 8, ORDER) & 0xFFFF;
        final int loginLength = buffer.getShort(HEADER_LENGTH + 10, ORDER) & 0xFFFF;
        if (lines > Command.MAX_LINES || loginLength > Command.MAX_LOGIN_BYTES)
        {
            throw new CorruptRecordException(type + " record with " + lines + " lines, login of " +
                loginLength + " bytes");
        }
        final int loginOffset = HEADER_LENGTH + fixed + lines * ORDER_LINE_LENGTH;
        expectLength(length, loginOffset + loginLength, type);
        command.clear();
        command.setType(type);
        command.setOrderId(buffer.getLong(HEADER_LENGTH, ORDER));
        command.setLogin(bytes, loginOffset, loginLength);
        command.timeoutMillis(buffer.getInt(HEADER_LENGTH + 12, ORDER));
        if (type == CommandType.PLACE_HOLD)
        {
            command.setHoldForMillis(buffer.getLong(HEADER_LENGTH + 16, ORDER));
        }
        int offset = HEADER_LENGTH + fixed;
        for (int i = 0; i < lines; i++)
        {
            command.addLine(buffer.getLong(offset, ORDER), buffer.getInt(offset + 8, ORDER));
            offset += ORDER_LINE_LENGTH;
        }
    }

    private void decodeCancelOrder(final CommandType type, final int length, final Command command)
    {
        if (length < HEADER_LENGTH + CANCEL_ORDER_FIXED_LENGTH)
        {
            throw new CorruptRecordException(type + " record too short: " + length);
        }
        final int loginLength = buffer.getShort(HEADER_LENGTH + 8, ORDER) & 0xFFFF;
        if (loginLength > Command.MAX_LOGIN_BYTES)
        {
            throw new CorruptRecordException(type + " record with a login of " + loginLength + " bytes");
        }
        expectLength(length, HEADER_LENGTH + CANCEL_ORDER_FIXED_LENGTH + loginLength, type);
        command.clear();
        command.setType(type);
        command.setOrderId(buffer.getLong(HEADER_LENGTH, ORDER));
        command.setLogin(bytes, HEADER_LENGTH + CANCEL_ORDER_FIXED_LENGTH, loginLength);
    }

    private int encodeSchedule(final Command command)
    {
        buffer.putLong(HEADER_LENGTH, command.orderId(), ORDER);
        buffer.putLong(HEADER_LENGTH + 8, command.when(), ORDER);
        buffer.putShort(HEADER_LENGTH + 18, (short)command.payloadLength(), ORDER);
        buffer.putInt(HEADER_LENGTH + 20, command.whenKind(), ORDER);
        final int loginLength = putLogin(HEADER_LENGTH + SCHEDULE_FIXED_LENGTH, command);
        buffer.putShort(HEADER_LENGTH + 16, (short)loginLength, ORDER);
        final int payloadAt = HEADER_LENGTH + SCHEDULE_FIXED_LENGTH + loginLength;
        buffer.putBytes(payloadAt, command.payload(), 0, command.payloadLength());
        return payloadAt + command.payloadLength();
    }

    private void decodeSchedule(final int length, final Command command)
    {
        if (length < HEADER_LENGTH + SCHEDULE_FIXED_LENGTH)
        {
            throw new CorruptRecordException("SCHEDULE record too short: " + length);
        }
        final int loginLength = buffer.getShort(HEADER_LENGTH + 16, ORDER) & 0xFFFF;
        final int payloadLength = buffer.getShort(HEADER_LENGTH + 18, ORDER) & 0xFFFF;
        final int whenKind = buffer.getInt(HEADER_LENGTH + 20, ORDER);
        if (loginLength > Command.MAX_LOGIN_BYTES || payloadLength > Command.MAX_PAYLOAD_BYTES ||
            (whenKind != WHEN_AT && whenKind != WHEN_AFTER))
        {
            throw new CorruptRecordException("SCHEDULE record with a login of " + loginLength + " bytes, a payload " +
                "of " + payloadLength + " bytes, due-time kind " + whenKind);
        }
        expectLength(length, HEADER_LENGTH + SCHEDULE_FIXED_LENGTH + loginLength + payloadLength,
            CommandType.SCHEDULE);
        command.clear();
        command.setType(CommandType.SCHEDULE);
        command.setOrderId(buffer.getLong(HEADER_LENGTH, ORDER));
        command.setWhen(buffer.getLong(HEADER_LENGTH + 8, ORDER), whenKind);
        command.setLogin(bytes, HEADER_LENGTH + SCHEDULE_FIXED_LENGTH, loginLength);
        command.setPayload(bytes, HEADER_LENGTH + SCHEDULE_FIXED_LENGTH + loginLength, payloadLength);
    }

    private static void expectLength(final int length, final int expected, final CommandType type)
    {
        if (length != expected)
        {
            throw new CorruptRecordException(type + " record of " + length + " bytes, expected " + expected);
        }
    }

    /**
     * Copies the command's login bytes, encoded when the login was set (on the submitting thread).
     */
    private int putLogin(final int offset, final Command command)
    {
        final int length = command.loginLength();
        if (length < 0)
        {
            return putUtf8(offset, command.login());
        }
        System.arraycopy(command.loginBytes(), 0, bytes, offset, length);
        return length;
    }

    private int putUtf8(final int offset, final String s)
    {
        return putUtf8(bytes, offset, s);
    }

    /**
     * Writes a string as UTF-8 without allocating.
     *
     * @param bytes  the target, with room for {@code 3 * s.length()} bytes from {@code offset}.
     * @param offset where the first byte goes.
     * @param s      the string.
     * @return bytes written.
     */
    public static int putUtf8(final byte[] bytes, final int offset, final String s)
    {
        int position = offset;
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (c < 0x80)
            {
                bytes[position++] = (byte)c;
            }
            else if (c < 0x800)
            {
                bytes[position++] = (byte)(0xC0 | (c >> 6));
                bytes[position++] = (byte)(0x80 | (c & 0x3F));
            }
            else if (Character.isHighSurrogate(c))
            {
                final int codePoint = Character.toCodePoint(c, s.charAt(++i));
                bytes[position++] = (byte)(0xF0 | (codePoint >> 18));
                bytes[position++] = (byte)(0x80 | ((codePoint >> 12) & 0x3F));
                bytes[position++] = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
                bytes[position++] = (byte)(0x80 | (codePoint & 0x3F));
            }
            else
            {
                bytes[position++] = (byte)(0xE0 | (c >> 12));
                bytes[position++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                bytes[position++] = (byte)(0x80 | (c & 0x3F));
            }
        }
        return position - offset;
    }
}
