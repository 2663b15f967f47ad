package io.archipelago.router;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import com.google.common.hash.Hashing;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LoginHashTest
{
    @Test
    void shouldEqualGuavaMurmur3OfTheUtf8BytesForRandomStrings()
    {
        final Random random = new Random(7);
        for (int n = 0; n < 200_000; n++)
        {
            final StringBuilder sb = new StringBuilder();
            final int length = random.nextInt(24);
            for (int i = 0; i < length; i++)
            {
                switch (random.nextInt(6))
                {
                    case 0, 1, 2 -> sb.append((char)(0x20 + random.nextInt(0x5F)));
                    case 3 -> sb.append((char)(0x80 + random.nextInt(0x780)));
                    case 4 -> sb.append((char)(0x800 + random.nextInt(0xD000)));
                    default -> sb.appendCodePoint(0x10000 + random.nextInt(0xFFFFF));
                }
            }
            final String s = sb.toString();
            assertEquals(Hashing.murmur3_32_fixed().hashString(s, StandardCharsets.UTF_8).asInt(),
                LoginHash.murmur3(s), s);
        }
    }

    @Test
    void shouldEqualGuavaEvenForUnpairedSurrogates()
    {
        for (final String s : new String[]{"a\uD800", "\uDC00b", "x\uD800\uD800y", "\uD83D"})
        {
            assertEquals(Hashing.murmur3_32_fixed().hashString(s, StandardCharsets.UTF_8).asInt(),
                LoginHash.murmur3(s), s);
        }
    }

    @Test
    void shouldRouteExactlyAsGuavaHashCodeRouting()
    {
        final PartitionRouter router = new PartitionRouter(64);
        for (int i = 0; i < 10_000; i++)
        {
            final String login = "user-" + i + "-zoë";
            assertEquals(Hashing.consistentHash(Hashing.murmur3_32_fixed().hashString(login, StandardCharsets.UTF_8),
                64), router.partitionOf(login));
        }
    }
}
