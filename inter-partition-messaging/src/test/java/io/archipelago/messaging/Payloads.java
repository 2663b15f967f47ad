package io.archipelago.messaging;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Distinct, recognisable payloads for link tests.
 */
final class Payloads
{
    private Payloads()
    {
    }

    /**
     * @param id     what makes the payload distinct; written in the first eight bytes when there is room.
     * @param length payload length.
     * @return the payload.
     */
    static byte[] of(final long id, final int length)
    {
        final byte[] payload = new byte[length];
        final UnsafeBuffer buffer = new UnsafeBuffer(payload);
        int i = 0;
        if (length >= Long.BYTES)
        {
            buffer.putLong(0, id);
            i = Long.BYTES;
        }
        for (; i < length; i++)
        {
            payload[i] = (byte)(id * 131 + i * 7 + (id >>> 8));
        }
        return payload;
    }

    /**
     * @param payload bytes.
     * @return a buffer over them.
     */
    static UnsafeBuffer wrap(final byte[] payload)
    {
        return new UnsafeBuffer(payload);
    }

    /**
     * @param buffer holds the bytes.
     * @param offset where they start.
     * @param length how many.
     * @return a copy.
     */
    static byte[] copy(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        return copy;
    }
}
