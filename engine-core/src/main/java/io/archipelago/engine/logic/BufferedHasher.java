package io.archipelago.engine.logic;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;

import com.google.common.hash.Funnel;
import com.google.common.hash.HashCode;
import com.google.common.hash.Hasher;

/**
 * A {@link Hasher} that gathers what is put into it, as the little-endian bytes Guava's streaming hashers see, in a
 * buffer and hands them to the hasher it wraps in large blocks. Guava's streaming hash functions (murmur3 among them)
 * hash a byte stream, so the result is the one the wrapped hasher gives for the same puts one by one; a put of a
 * single field there costs a buffer compaction every 16 bytes, here a store into an array. One use, one thread.
 */
final class BufferedHasher implements Hasher
{
    private static final int CAPACITY = 64 * 1024;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
        ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class,
        ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class,
        ByteOrder.LITTLE_ENDIAN);

    private final Hasher hasher;
    private final byte[] buffer = new byte[CAPACITY];
    private int length;

    BufferedHasher(final Hasher hasher)
    {
        this.hasher = hasher;
    }

    private void room(final int bytes)
    {
        if (length + bytes > CAPACITY)
        {
            flush();
        }
    }

    private void flush()
    {
        if (length > 0)
        {
            hasher.putBytes(buffer, 0, length);
            length = 0;
        }
    }

    @Override
    public Hasher putByte(final byte b)
    {
        room(1);
        buffer[length++] = b;
        return this;
    }

    @Override
    public Hasher putBytes(final byte[] bytes)
    {
        return putBytes(bytes, 0, bytes.length);
    }

    @Override
    public Hasher putBytes(final byte[] bytes, final int off, final int len)
    {
        if (len > CAPACITY / 2)
        {
            flush();
            hasher.putBytes(bytes, off, len);
            return this;
        }
        room(len);
        System.arraycopy(bytes, off, buffer, length, len);
        length += len;
        return this;
    }

    @Override
    public Hasher putBytes(final ByteBuffer bytes)
    {
        flush();
        hasher.putBytes(bytes);
        return this;
    }

    @Override
    public Hasher putShort(final short s)
    {
        room(Short.BYTES);
        SHORTS.set(buffer, length, s);
        length += Short.BYTES;
        return this;
    }

    @Override
    public Hasher putInt(final int i)
    {
        room(Integer.BYTES);
        INTS.set(buffer, length, i);
        length += Integer.BYTES;
        return this;
    }

    @Override
    public Hasher putLong(final long l)
    {
        room(Long.BYTES);
        LONGS.set(buffer, length, l);
        length += Long.BYTES;
        return this;
    }

    @Override
    public Hasher putFloat(final float f)
    {
        return putInt(Float.floatToRawIntBits(f));
    }

    @Override
    public Hasher putDouble(final double d)
    {
        return putLong(Double.doubleToRawLongBits(d));
    }

    @Override
    public Hasher putBoolean(final boolean b)
    {
        return putByte(b ? (byte)1 : (byte)0);
    }

    @Override
    public Hasher putChar(final char c)
    {
        return putShort((short)c);
    }

    @Override
    public Hasher putUnencodedChars(final CharSequence chars)
    {
        for (int i = 0; i < chars.length(); i++)
        {
            putChar(chars.charAt(i));
        }
        return this;
    }

    @Override
    public Hasher putString(final CharSequence chars, final Charset charset)
    {
        return putBytes(chars.toString().getBytes(charset));
    }

    @Override
    public <T> Hasher putObject(final T instance, final Funnel<? super T> funnel)
    {
        funnel.funnel(instance, this);
        return this;
    }

    @Override
    public HashCode hash()
    {
        flush();
        return hasher.hash();
    }

    @Override
    @Deprecated
    @SuppressWarnings("deprecation")
    public int hashCode()
    {
        return hasher.hashCode();
    }
}
