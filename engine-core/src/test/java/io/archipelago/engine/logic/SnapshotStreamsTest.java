package io.archipelago.engine.logic;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The snapshot's own {@link DataOutput} and {@link DataInput} write and read exactly what {@link DataOutputStream} and
 * {@link DataInputStream} do (the snapshot format and every digest stay the same): 300 seeds of mixed writes,
 * strings with characters of every UTF-8 length, NULs and surrogates included, compared byte by byte and read back
 * both ways.
 */
class SnapshotStreamsTest
{
    @Test
    void shouldWriteAndReadTheBytesTheJdkStreamsDo() throws IOException
    {
        for (int seed = 0; seed < 300; seed++)
        {
            final List<Object[]> writes = writes(new Random(seed));
            final ByteArrayOutputStream jdkBytes = new ByteArrayOutputStream();
            try (DataOutputStream jdk = new DataOutputStream(jdkBytes))
            {
                apply(writes, jdk);
            }
            final SnapshotOutput ours = new SnapshotOutput(seed % 3 == 0 ? 0 : 1 << (seed % 12));
            apply(writes, ours);
            final byte[] expected = jdkBytes.toByteArray();
            assertArrayEquals(expected, Arrays.copyOf(ours.array(), ours.length()), "seed " + seed);

            check(writes, new SnapshotInput(expected), "ours reading, seed " + seed);
            check(writes, new DataInputStream(new ByteArrayInputStream(Arrays.copyOf(ours.array(), ours.length()))),
                "the JDK reading ours, seed " + seed);
        }
    }

    @Test
    void shouldSayWhenTheStateEndsEarly()
    {
        final SnapshotInput in = new SnapshotInput(new byte[] {1, 2, 3});
        assertThrows(EOFException.class, in::readInt);
    }

    private static List<Object[]> writes(final Random random)
    {
        final List<Object[]> writes = new ArrayList<>();
        final int count = random.nextInt(200);
        for (int i = 0; i < count; i++)
        {
            switch (random.nextInt(6))
            {
                case 0 -> writes.add(new Object[] {"long", random.nextLong()});
                case 1 -> writes.add(new Object[] {"int", random.nextInt()});
                case 2 -> writes.add(new Object[] {"short", (short)random.nextInt()});
                case 3 -> writes.add(new Object[] {"byte", (byte)random.nextInt()});
                case 4 -> writes.add(new Object[] {"boolean", random.nextBoolean()});
                default -> writes.add(new Object[] {"utf", string(random)});
            }
        }
        return writes;
    }

    private static String string(final Random random)
    {
        final char[] pool = {'a', 'Z', '0', '\u0000', '\u007f', '\u0080', '\u00e9', '\u07ff', '\u0800', '\u20ac',
            '\ud83d', '\ude00', '\uffff'};
        final StringBuilder text = new StringBuilder();
        final int length = random.nextInt(40);
        for (int i = 0; i < length; i++)
        {
            text.append(random.nextInt(3) == 0 ? pool[random.nextInt(pool.length)] : (char)random.nextInt(0x10000));
        }
        return text.toString();
    }

    private static void apply(final List<Object[]> writes, final DataOutput out) throws IOException
    {
        for (final Object[] write : writes)
        {
            switch ((String)write[0])
            {
                case "long" -> out.writeLong((Long)write[1]);
                case "int" -> out.writeInt((Integer)write[1]);
                case "short" -> out.writeShort((Short)write[1]);
                case "byte" -> out.writeByte((Byte)write[1]);
                case "boolean" -> out.writeBoolean((Boolean)write[1]);
                default -> out.writeUTF((String)write[1]);
            }
        }
    }

    private static void check(final List<Object[]> writes, final DataInput in, final String what) throws IOException
    {
        for (final Object[] write : writes)
        {
            final Object read = switch ((String)write[0])
            {
                case "long" -> in.readLong();
                case "int" -> in.readInt();
                case "short" -> in.readShort();
                case "byte" -> in.readByte();
                case "boolean" -> in.readBoolean();
                default -> in.readUTF();
            };
            assertEquals(write[1], read, what);
        }
    }
}
