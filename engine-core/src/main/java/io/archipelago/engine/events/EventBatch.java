package io.archipelago.engine.events;

import java.nio.ByteOrder;
import java.util.zip.CRC32C;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.RecordCodec;
import io.archipelago.engine.model.EventType;
import io.archipelago.engine.model.ResultCode;
import org.agrona.concurrent.UnsafeBuffer;

import static io.archipelago.engine.events.EventDescriptor.*;

/**
 * The events an island decided in one batch of inputs, encoded as {@link EventDescriptor} lays them out, waiting
 * to be appended to the event log as one document once their inputs are journaled. Island thread only; encoding
 * allocates nothing once the buffer has grown to the batch size.
 * <p>
 * Events of inputs at or before {@link #skipThrough} are dropped as they come: after a crash, replay decides every
 * input again and only the events the log lacks are kept.
 */
public final class EventBatch
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int MAX_EVENT_LENGTH = FIXED_LENGTH + 3 * Command.MAX_LOGIN_BYTES +
        Command.MAX_LINES * LINE_LENGTH;

    private final CRC32C crc = new CRC32C();
    private byte[] bytes = new byte[16 * 1024];
    private final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
    private int length;
    private int events;
    private long sequence;
    private long timestamp;
    private int index;
    /** Offset of the order event whose lines are being added, -1 when none. */
    private int open = -1;
    /** Lines the open order event announced. */
    private int lineCapacity;
    private long skipSequence = -1;
    private int skipIndex = -1;

    /**
     * Starts the events of the input journaled as {@code sequence}.
     *
     * @param sequence  the input's island sequence.
     * @param timestamp its journaled time.
     */
    public void beginInput(final long sequence, final long timestamp)
    {
        this.sequence = sequence;
        this.timestamp = timestamp;
        this.index = 0;
        this.open = -1;
    }

    /**
     * Drops, from now on, events at or before {@code (sequence, index)}: the log holds them already.
     *
     * @param sequence the input of the last event in the log ({@code -1}: keep everything).
     * @param index    that event's index.
     */
    public void skipThrough(final long sequence, final int index)
    {
        this.skipSequence = sequence;
        this.skipIndex = index;
    }

    private boolean skipped()
    {
        return sequence < skipSequence || (sequence == skipSequence && index <= skipIndex);
    }

    /**
     * An order was decided; its lines follow through {@link #line}.
     *
     * @param type      an order event type.
     * @param login     the user's login in UTF-8.
     * @param loginLength its bytes in {@code login}.
     * @param orderId   the order.
     * @param reason    why it was rejected or expired, else {@code null}.
     * @param lineCount how many lines follow.
     * @param flag      for a cancelled order, 1 when it had been confirmed.
     */
    public void order(final EventType type, final byte[] login, final int loginLength, final long orderId, final ResultCode reason,
        final int lineCount, final long flag)
    {
        open = -1;
        if (skipped())
        {
            index++;
            return;
        }
        final int at = begin(type);
        buffer.putLong(at + ORDER_OFFSET, orderId, ORDER);
        buffer.putLong(at + UNITS_OFFSET, flag, ORDER);
        buffer.putShort(at + REASON_OFFSET, null == reason ? NO_REASON : (short)reason.code(), ORDER);
        System.arraycopy(login, 0, bytes, at + FIXED_LENGTH, loginLength);
        buffer.putShort(at + LOGIN_LENGTH_OFFSET, (short)loginLength, ORDER);
        buffer.putShort(at + LINE_COUNT_OFFSET, (short)0, ORDER);
        length = at + FIXED_LENGTH + loginLength;
        buffer.putInt(at + LENGTH_OFFSET, length - at, ORDER);
        open = at;
        lineCapacity = lineCount;
    }

    /**
     * A line of the order event begun last.
     *
     * @param productId the product.
     * @param quantity  its quantity.
     */
    public void line(final long productId, final int quantity)
    {
        if (open < 0)
        {
            return;
        }
        final int lines = buffer.getShort(open + LINE_COUNT_OFFSET, ORDER);
        if (lines >= lineCapacity)
        {
            throw new IllegalStateException("more lines than the order event announced");
        }
        buffer.putLong(length, productId, ORDER);
        buffer.putInt(length + 8, quantity, ORDER);
        length += LINE_LENGTH;
        buffer.putShort(open + LINE_COUNT_OFFSET, (short)(lines + 1), ORDER);
        buffer.putInt(open + LENGTH_OFFSET, length - open, ORDER);
    }

    /**
     * Stock was created, restocked, sent or received.
     *
     * @param type      a stock event type.
     * @param productId the product.
     * @param units     the units.
     * @param peer      the other island for units sent or received, else -1.
     */
    public void stock(final EventType type, final long productId, final long units, final int peer)
    {
        open = -1;
        if (skipped())
        {
            index++;
            return;
        }
        final int at = begin(type);
        buffer.putLong(at + PRODUCT_OFFSET, productId, ORDER);
        buffer.putLong(at + UNITS_OFFSET, units, ORDER);
        buffer.putInt(at + PEER_OFFSET, peer, ORDER);
        length = at + FIXED_LENGTH;
        buffer.putInt(at + LENGTH_OFFSET, FIXED_LENGTH, ORDER);
    }

    /**
     * A user's timer fired.
     *
     * @param login   the user.
     * @param key     the timer's key.
     * @param payload its payload (at most {@link Command#MAX_PAYLOAD_BYTES}).
     */
    public void scheduleFired(final String login, final long key, final byte[] payload)
    {
        open = -1;
        if (skipped())
        {
            index++;
            return;
        }
        final int at = begin(EventType.SCHEDULE_FIRED);
        buffer.putLong(at + ORDER_OFFSET, key, ORDER);
        final int loginLength = RecordCodec.putUtf8(bytes, at + FIXED_LENGTH, login);
        buffer.putShort(at + LOGIN_LENGTH_OFFSET, (short)loginLength, ORDER);
        buffer.putShort(at + LINE_COUNT_OFFSET, (short)payload.length, ORDER);
        buffer.putBytes(at + FIXED_LENGTH + loginLength, payload);
        length = at + FIXED_LENGTH + loginLength + payload.length;
        buffer.putInt(at + LENGTH_OFFSET, length - at, ORDER);
    }

    private int begin(final EventType type)
    {
        final int at = length;
        ensureCapacity(at + MAX_EVENT_LENGTH);
        buffer.setMemory(at, FIXED_LENGTH, (byte)0);
        buffer.putByte(at + TYPE_OFFSET, (byte)type.code());
        buffer.putByte(at + VERSION_OFFSET, (byte)VERSION);
        buffer.putInt(at + INDEX_OFFSET, index++, ORDER);
        buffer.putLong(at + SEQUENCE_OFFSET, sequence, ORDER);
        buffer.putLong(at + TIMESTAMP_OFFSET, timestamp, ORDER);
        buffer.putInt(at + PEER_OFFSET, -1, ORDER);
        buffer.putShort(at + REASON_OFFSET, NO_REASON, ORDER);
        events++;
        return at;
    }

    private void ensureCapacity(final int needed)
    {
        if (needed > bytes.length)
        {
            final byte[] grown = new byte[Math.max(needed, bytes.length * 2)];
            System.arraycopy(bytes, 0, grown, 0, length);
            bytes = grown;
            buffer.wrap(bytes);
        }
    }

    /**
     * Seals the batch for appending: writes each event's checksum.
     *
     * @return the bytes of the batch (valid up to {@link #length()}).
     */
    public byte[] seal()
    {
        open = -1;
        int at = 0;
        while (at < length)
        {
            final int eventLength = buffer.getInt(at + LENGTH_OFFSET, ORDER);
            crc.reset();
            crc.update(bytes, at + TYPE_OFFSET, eventLength - TYPE_OFFSET);
            buffer.putInt(at + CHECKSUM_OFFSET, (int)crc.getValue(), ORDER);
            at += eventLength;
        }
        return bytes;
    }

    /**
     * @return bytes of events in the batch.
     */
    public int length()
    {
        return length;
    }

    /**
     * @return events in the batch.
     */
    public int events()
    {
        return events;
    }

    /**
     * Empties the batch (after it was appended).
     */
    public void clear()
    {
        length = 0;
        events = 0;
        open = -1;
    }
}
