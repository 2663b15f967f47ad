package io.archipelago.engine.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import org.junit.jupiter.api.Test;

/**
 * The digest's buffering hasher gives exactly what Guava's murmur3 gives for the same puts one by one, across buffer
 * boundaries and for every kind of put, so digests written before it stay verifiable.
 */
class BufferedHasherTest
{
    @Test
    void shouldHashExactlyAsTheHasherItWrapsForAnySequenceOfPuts()
    {
        for (int seed = 0; seed < 200; seed++)
        {
            final SplittableRandom random = new SplittableRandom(seed);
            final Hasher plain = Hashing.murmur3_128(0x4172_6368).newHasher();
            final Hasher buffered = new BufferedHasher(Hashing.murmur3_128(0x4172_6368).newHasher());
            final int puts = random.nextInt(seed < 20 ? 200_000 : 2_000);
            for (int i = 0; i < puts; i++)
            {
                switch (random.nextInt(9))
                {
                    case 0 ->
                    {
                        final long l = random.nextLong();
                        plain.putLong(l);
                        buffered.putLong(l);
                    }
                    case 1 ->
                    {
                        final int n = random.nextInt();
                        plain.putInt(n);
                        buffered.putInt(n);
                    }
                    case 2 ->
                    {
                        final byte b = (byte)random.nextInt();
                        plain.putByte(b);
                        buffered.putByte(b);
                    }
                    case 3 ->
                    {
                        final String s = "user-\u00e9\u4e00" + random.nextInt(1_000_000);
                        plain.putUnencodedChars(s);
                        buffered.putUnencodedChars(s);
                    }
                    case 4 ->
                    {
                        final byte[] bytes = new byte[random.nextInt(random.nextInt(20) == 0 ? 100_000 : 40)];
                        random.nextBytes(bytes);
                        plain.putBytes(bytes);
                        buffered.putBytes(bytes);
                    }
                    case 5 ->
                    {
                        final short s = (short)random.nextInt();
                        plain.putShort(s);
                        buffered.putShort(s);
                    }
                    case 6 ->
                    {
                        final boolean b = random.nextBoolean();
                        plain.putBoolean(b);
                        buffered.putBoolean(b);
                    }
                    case 7 ->
                    {
                        final double d = random.nextDouble();
                        plain.putDouble(d).putFloat((float)d);
                        buffered.putDouble(d).putFloat((float)d);
                    }
                    default ->
                    {
                        plain.putString("k" + i, StandardCharsets.UTF_8).putChar((char)i);
                        buffered.putString("k" + i, StandardCharsets.UTF_8).putChar((char)i);
                    }
                }
            }
            assertEquals(plain.hash(), buffered.hash(), "seed " + seed);
        }
    }
}
