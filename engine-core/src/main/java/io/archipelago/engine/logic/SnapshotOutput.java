package io.archipelago.engine.logic;

import java.io.DataOutput;
import java.io.UTFDataFormatException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A {@link DataOutput} into one growable array, writing exactly the bytes {@link java.io.DataOutputStream} writes
 * (big-endian, modified UTF-8), without a stream per field and without copying the result out: an island's state of
 * millions of orders is written in one pass into an array sized from the previous snapshot.
 */
final class SnapshotOutput implements DataOutput
{
    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] bytes;
    private int length;

    SnapshotOutput(final int capacity)
    {
        this.bytes = new byte[Math.max(64, capacity)];
    }

    /**
     * @return the array written into (valid up to {@link #length()}).
     */
    byte[] array()
    {
        return bytes;
    }

    /**
     * @return the bytes written.
     */
    int length()
    {
        return length;
    }

    /**
     * Makes room for {@code count} bytes (the array may be replaced: read {@link #bytes} after calling this).
     *
     * @return where they go.
     */
    private int claim(final int count)
    {
        final int at = length;
        if (bytes.length - at < count)
        {
            final long wanted = Math.max((long)bytes.length * 2, (long)at + count);
            if (wanted > Integer.MAX_VALUE - 16)
            {
                throw new IllegalStateException("island state larger than 2 GB cannot be written as one snapshot");
            }
            bytes = Arrays.copyOf(bytes, (int)wanted);
        }
        length = at + count;
        return at;
    }

    @Override
    public void write(final int b)
    {
        final int at = claim(1);
        bytes[at] = (byte)b;
    }

    @Override
    public void write(final byte[] b)
    {
        write(b, 0, b.length);
    }

    @Override
    public void write(final byte[] b, final int off, final int len)
    {
        final int at = claim(len);
        System.arraycopy(b, off, bytes, at, len);
    }

    @Override
    public void writeBoolean(final boolean v)
    {
        write(v ? 1 : 0);
    }

    @Override
    public void writeByte(final int v)
    {
        write(v);
    }

    @Override
    public void writeShort(final int v)
    {
        final int at = claim(Short.BYTES);
        SHORTS.set(bytes, at, (short)v);
    }

    @Override
    public void writeChar(final int v)
    {
        writeShort(v);
    }

    @Override
    public void writeInt(final int v)
    {
        final int at = claim(Integer.BYTES);
        INTS.set(bytes, at, v);
    }

    @Override
    public void writeLong(final long v)
    {
        final int at = claim(Long.BYTES);
        LONGS.set(bytes, at, v);
    }

    @Override
    public void writeFloat(final float v)
    {
        writeInt(Float.floatToIntBits(v));
    }

    @Override
    public void writeDouble(final double v)
    {
        writeLong(Double.doubleToLongBits(v));
    }

    @Override
    public void writeBytes(final String s)
    {
        final int at = claim(s.length());
        for (int i = 0; i < s.length(); i++)
        {
            bytes[at + i] = (byte)s.charAt(i);
        }
    }

    @Override
    public void writeChars(final String s)
    {
        for (int i = 0; i < s.length(); i++)
        {
            writeChar(s.charAt(i));
        }
    }

    @Override
    public void writeUTF(final String s) throws UTFDataFormatException
    {
        int encoded = 0;
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            encoded += c >= 0x0001 && c <= 0x007F ? 1 : c <= 0x07FF ? 2 : 3;
        }
        if (encoded > 0xFFFF)
        {
            throw new UTFDataFormatException("encoded string too long: " + encoded + " bytes");
        }
        writeShort(encoded);
        int at = claim(encoded);
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (c >= 0x0001 && c <= 0x007F)
            {
                bytes[at++] = (byte)c;
            }
            else if (c <= 0x07FF)
            {
                bytes[at++] = (byte)(0xC0 | ((c >> 6) & 0x1F));
                bytes[at++] = (byte)(0x80 | (c & 0x3F));
            }
            else
            {
                bytes[at++] = (byte)(0xE0 | ((c >> 12) & 0x0F));
                bytes[at++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                bytes[at++] = (byte)(0x80 | (c & 0x3F));
            }
        }
    }
}
