package io.archipelago.router;

import java.nio.charset.StandardCharsets;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;

/**
 * murmur3_32 (seed 0) of a string's UTF-8 bytes, computed from the chars without building the byte array or a hash
 * object: the same value as Guava's {@code Hashing.murmur3_32_fixed().hashString(s, UTF_8).asInt()}, which
 * {@code LoginHashTest} checks against Guava. Strings with an unpaired surrogate (not valid logins anyway) go through
 * Guava, so even they hash the same.
 */
final class LoginHash
{
    private static final HashFunction GUAVA = Hashing.murmur3_32_fixed();
    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private LoginHash()
    {
    }

    static int murmur3(final String s)
    {
        final Accumulator acc = new Accumulator();
        final int length = s.length();
        for (int i = 0; i < length; i++)
        {
            final char c = s.charAt(i);
            if (c < 0x80)
            {
                acc.add(c);
            }
            else if (c < 0x800)
            {
                acc.add(0xC0 | (c >> 6));
                acc.add(0x80 | (c & 0x3F));
            }
            else if (Character.isSurrogate(c))
            {
                if (!Character.isHighSurrogate(c) || i + 1 >= length || !Character.isLowSurrogate(s.charAt(i + 1)))
                {
                    return GUAVA.hashString(s, StandardCharsets.UTF_8).asInt();
                }
                final int codePoint = Character.toCodePoint(c, s.charAt(++i));
                acc.add(0xF0 | (codePoint >> 18));
                acc.add(0x80 | ((codePoint >> 12) & 0x3F));
                acc.add(0x80 | ((codePoint >> 6) & 0x3F));
                acc.add(0x80 | (codePoint & 0x3F));
            }
            else
            {
                acc.add(0xE0 | (c >> 12));
                acc.add(0x80 | ((c >> 6) & 0x3F));
                acc.add(0x80 | (c & 0x3F));
            }
        }
        return acc.finish();
    }

    /**
     * Per-call state; it does not escape, so the JIT keeps it in registers.
     */
    private static final class Accumulator
    {
        private int h1;
        private int k1;
        private int count;

        void add(final int b)
        {
            k1 |= (b & 0xFF) << ((count & 3) << 3);
            count++;
            if ((count & 3) == 0)
            {
                h1 = mixH1(h1, mixK1(k1));
                k1 = 0;
            }
        }

        int finish()
        {
            int h = h1;
            if ((count & 3) != 0)
            {
                h ^= mixK1(k1);
            }
            h ^= count;
            h ^= h >>> 16;
            h *= 0x85ebca6b;
            h ^= h >>> 13;
            h *= 0xc2b2ae35;
            h ^= h >>> 16;
            return h;
        }
    }

    private static int mixK1(final int k)
    {
        int k1 = k * C1;
        k1 = Integer.rotateLeft(k1, 15);
        return k1 * C2;
    }

    private static int mixH1(final int h, final int k1)
    {
        int h1 = h ^ k1;
        h1 = Integer.rotateLeft(h1, 13);
        return h1 * 5 + 0xe6546b64;
    }
}
