package io.archipelago.engine.logic;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A {@link DataInput} over one array, reading what {@link SnapshotOutput} and {@link java.io.DataOutputStream} write,
 * without a stream call per field. Running past the end is an {@link EOFException}, as with a stream.
 */
final class SnapshotInput implements DataInput
{
    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] bytes;
    private int position;

    SnapshotInput(final byte[] bytes)
    {
        this.bytes = bytes;
    }

    private int take(final int count) throws EOFException
    {
        final int at = position;
        if (bytes.length - at < count)
        {
            throw new EOFException("island state ends at byte " + bytes.length + "; " + count + " more wanted at " +
                at);
        }
        position = at + count;
        return at;
    }

    @Override
    public void readFully(final byte[] b) throws IOException
    {
        readFully(b, 0, b.length);
    }

    @Override
    public void readFully(final byte[] b, final int off, final int len) throws IOException
    {
        System.arraycopy(bytes, take(len), b, off, len);
    }

    @Override
    public int skipBytes(final int n)
    {
        final int skipped = Math.max(0, Math.min(n, bytes.length - position));
        position += skipped;
        return skipped;
    }

    @Override
    public boolean readBoolean() throws IOException
    {
        return bytes[take(1)] != 0;
    }

    @Override
    public byte readByte() throws IOException
    {
        return bytes[take(1)];
    }

    @Override
    public int readUnsignedByte() throws IOException
    {
        return bytes[take(1)] & 0xFF;
    }

    @Override
    public short readShort() throws IOException
    {
        return (short)SHORTS.get(bytes, take(Short.BYTES));
    }

    @Override
    public int readUnsignedShort() throws IOException
    {
        return readShort() & 0xFFFF;
    }

    @Override
    public char readChar() throws IOException
    {
        return (char)readShort();
    }

    @Override
    public int readInt() throws IOException
    {
        return (int)INTS.get(bytes, take(Integer.BYTES));
    }

    @Override
    public long readLong() throws IOException
    {
        return (long)LONGS.get(bytes, take(Long.BYTES));
    }

    @Override
    public float readFloat() throws IOException
    {
        return Float.intBitsToFloat(readInt());
    }

    @Override
    public double readDouble() throws IOException
    {
        return Double.longBitsToDouble(readLong());
    }

    @Override
    public String readLine()
    {
        throw new UnsupportedOperationException("island state has no lines");
    }

    @Override
    public String readUTF() throws IOException
    {
        return DataInputStream.readUTF(this);
    }
}
