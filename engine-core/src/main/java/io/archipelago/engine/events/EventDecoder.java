package io.archipelago.engine.events;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import io.archipelago.engine.model.Event;
import io.archipelago.engine.model.EventId;
import io.archipelago.engine.model.EventType;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.ResultCode;
import org.agrona.concurrent.UnsafeBuffer;

import static io.archipelago.engine.events.EventDescriptor.*;

/**
 * Reads the events of one event-log document, checking each one's checksum and layout. Allocates the events it
 * returns (readers are not on an island's thread).
 */
public final class EventDecoder
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private final CRC32C crc = new CRC32C();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
    private byte[] scratch = new byte[64 * 1024];

    /**
     * @param length bytes needed.
     * @return a buffer of this decoder's with room for them, reused from call to call (the events decoded from it
     *         copy what they keep).
     */
    byte[] scratch(final int length)
    {
        if (scratch.length < length)
        {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        return scratch;
    }

    /**
     * @param island the island whose log the document is from.
     * @param bytes  the document.
     * @param length its length.
     * @param where  names the document in an error ("island 3 events index 0x...").
     * @return its events, in order.
     * @throws CorruptEventException when an event is damaged.
     */
    public List<Event> decode(final int island, final byte[] bytes, final int length, final String where)
    {
        return decode(island, bytes, length, where, -1);
    }

    /**
     * As {@link #decode(int, byte[], int, String)}, keeping only the events of one input: the others are stepped over
     * by their length, neither checked nor decoded.
     *
     * @param island   the island whose log the document is from.
     * @param bytes    the document.
     * @param length   its length.
     * @param where    names the document in an error.
     * @param sequence the island sequence of the input whose events are wanted, or -1 for every event.
     * @return those events, in order.
     * @throws CorruptEventException when an event kept is damaged, or the lengths do not add up.
     */
    public List<Event> decode(final int island, final byte[] bytes, final int length, final String where,
        final long sequence)
    {
        buffer.wrap(bytes, 0, length);
        final List<Event> events = new ArrayList<>();
        int at = 0;
        while (at < length)
        {
            final int eventLength = eventLength(at, length, where);
            if (sequence >= 0 && buffer.getLong(at + SEQUENCE_OFFSET, ORDER) != sequence)
            {
                at += eventLength;
                continue;
            }
            checkChecksum(bytes, at, eventLength, where);
            events.add(decodeOne(island, at, eventLength, where));
            at += eventLength;
        }
        return events;
    }

    /**
     * Receives, for each event of a document, the input that caused it and the login it names, without an object
     * made per event.
     */
    @FunctionalInterface
    public interface LoginVisitor
    {
        /**
         * @param sequence    the island sequence of the input that caused the event.
         * @param bytes       the document's bytes (valid during the call only).
         * @param loginOffset where the login's UTF-8 starts in {@code bytes}.
         * @param loginLength its length; 0 for an event that names no user (stock events).
         */
        void event(long sequence, byte[] bytes, int loginOffset, int loginLength);
    }

    /**
     * Checks every event of a document (lengths, checksums, type and version) and passes each one's input sequence
     * and login to {@code visitor}, in order.
     *
     * @param bytes   the document.
     * @param length  its length.
     * @param where   names the document in an error.
     * @param visitor receives the events.
     * @return the number of events.
     * @throws CorruptEventException when an event is damaged.
     */
    public int visitLogins(final byte[] bytes, final int length, final String where, final LoginVisitor visitor)
    {
        buffer.wrap(bytes, 0, length);
        int at = 0;
        int count = 0;
        while (at < length)
        {
            final int eventLength = eventLength(at, length, where);
            checkChecksum(bytes, at, eventLength, where);
            final EventType type = EventType.ofCode(buffer.getByte(at + TYPE_OFFSET));
            final int loginLength = buffer.getShort(at + LOGIN_LENGTH_OFFSET, ORDER) & 0xFFFF;
            if (null == type || buffer.getByte(at + VERSION_OFFSET) != VERSION ||
                FIXED_LENGTH + loginLength > eventLength)
            {
                throw new CorruptEventException(where + ": event at byte " + at + " has type " +
                    buffer.getByte(at + TYPE_OFFSET) + ", version " + buffer.getByte(at + VERSION_OFFSET) +
                    ", login length " + loginLength);
            }
            visitor.event(buffer.getLong(at + SEQUENCE_OFFSET, ORDER), bytes, at + FIXED_LENGTH,
                type.isOrderEvent() ? loginLength : 0);
            at += eventLength;
            count++;
        }
        return count;
    }

    /**
     * @return the length of the event at {@code at}, checked to fit the document.
     */
    private int eventLength(final int at, final int length, final String where)
    {
        if (length - at < FIXED_LENGTH)
        {
            throw new CorruptEventException(where + ": " + (length - at) + " bytes left, too few for an event");
        }
        final int eventLength = buffer.getInt(at + LENGTH_OFFSET, ORDER);
        if (eventLength < FIXED_LENGTH || eventLength > length - at)
        {
            throw new CorruptEventException(where + ": event at byte " + at + " claims length " + eventLength);
        }
        return eventLength;
    }

    private void checkChecksum(final byte[] bytes, final int at, final int eventLength, final String where)
    {
        crc.reset();
        crc.update(bytes, at + TYPE_OFFSET, eventLength - TYPE_OFFSET);
        if ((int)crc.getValue() != buffer.getInt(at + CHECKSUM_OFFSET, ORDER))
        {
            throw new CorruptEventException(where + ": event at byte " + at + " fails its checksum");
        }
    }

    private Event decodeOne(final int island, final int at, final int eventLength, final String where)
    {
        final EventType type = EventType.ofCode(buffer.getByte(at + TYPE_OFFSET));
        final int version = buffer.getByte(at + VERSION_OFFSET);
        if (null == type || version != VERSION)
        {
            throw new CorruptEventException(where + ": event at byte " + at + " has type " +
                buffer.getByte(at + TYPE_OFFSET) + ", version " + version);
        }
        final int lineCount = buffer.getShort(at + LINE_COUNT_OFFSET, ORDER) & 0xFFFF;
        final int loginLength = buffer.getShort(at + LOGIN_LENGTH_OFFSET, ORDER) & 0xFFFF;
        final boolean fired = type == EventType.SCHEDULE_FIRED;
        if (FIXED_LENGTH + loginLength + (fired ? lineCount : lineCount * LINE_LENGTH) != eventLength)
        {
            throw new CorruptEventException(where + ": event at byte " + at + " of length " + eventLength +
                " does not fit " + lineCount + " lines and a login of " + loginLength + " bytes");
        }
        final short reasonCode = buffer.getShort(at + REASON_OFFSET, ORDER);
        final ResultCode reason;
        try
        {
            reason = reasonCode == NO_REASON ? null : ResultCode.ofCode(reasonCode);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CorruptEventException(where + ": event at byte " + at + " has reason " + reasonCode);
        }
        final String login = type.isOrderEvent() ?
            new String(buffer.byteArray(), at + FIXED_LENGTH, loginLength, StandardCharsets.UTF_8) : null;
        final byte[] payload = fired ? new byte[lineCount] : Event.NO_PAYLOAD;
        if (fired)
        {
            buffer.getBytes(at + FIXED_LENGTH + loginLength, payload);
        }
        final List<OrderLine> lines = new ArrayList<>(fired ? 0 : lineCount);
        int line = at + FIXED_LENGTH + loginLength;
        for (int i = 0; i < (fired ? 0 : lineCount); i++)
        {
            lines.add(new OrderLine(buffer.getLong(line, ORDER), buffer.getInt(line + 8, ORDER)));
            line += LINE_LENGTH;
        }
        return new Event(new EventId(island, buffer.getLong(at + SEQUENCE_OFFSET, ORDER),
            buffer.getInt(at + INDEX_OFFSET, ORDER)), buffer.getLong(at + TIMESTAMP_OFFSET, ORDER), type, login,
            buffer.getLong(at + ORDER_OFFSET, ORDER), reason, buffer.getLong(at + PRODUCT_OFFSET, ORDER),
            buffer.getLong(at + UNITS_OFFSET, ORDER), buffer.getInt(at + PEER_OFFSET, ORDER), List.copyOf(lines),
            payload);
    }
}
