package io.archipelago.engine.stream;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The index's in-memory sort and hash: the radix sort orders entries as {@link Long#compare} orders their hashes and
 * keeps entries of one hash in the order they were added (a stable sort, checked against the JDK's); the hash is a
 * fixed function of the bytes wherever they sit in an array.
 */
class IndexEntriesTest
{
    @Test
    void shouldSortByHashAsLongCompareDoesKeepingTheOrderOfEqualHashes()
    {
        for (int seed = 0; seed < 50; seed++)
        {
            final Random random = new Random(seed);
            final IndexEntries entries = new IndexEntries();
            final int size = random.nextInt(5000);
            final long[] pool = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1, random.nextLong(), random.nextLong()};
            for (int i = 0; i < size; i++)
            {
                final long hash = random.nextInt(3) == 0 ? pool[random.nextInt(pool.length)] :
                    random.nextInt(4) == 0 ? random.nextInt(100) - 50 : random.nextLong();
                entries.add(hash, i, 0, -1, 1);
            }
            final List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < size; i++)
            {
                expected.add(i);
            }
            expected.sort(Comparator.comparingLong(entries::hash));
            final int[] sorted = entries.sortedByHash();
            assertArrayEquals(expected.stream().mapToInt(Integer::intValue).toArray(), sorted, "seed " + seed);
        }
    }

    @Test
    void shouldHashTheSameBytesTheSameWhereverTheyAre()
    {
        final byte[] login = "user-\u00e9-long-enough-for-several-blocks".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        final byte[] shifted = new byte[login.length + 5];
        System.arraycopy(login, 0, shifted, 5, login.length);
        assertEquals(UserIndex.hash(login, 0, login.length), UserIndex.hash(shifted, 5, login.length));
        assertEquals(UserIndex.hash(new String(login, java.nio.charset.StandardCharsets.UTF_8)),
            UserIndex.hash(login, 0, login.length));
        assertNotEquals(UserIndex.hash(login, 0, login.length), UserIndex.hash(login, 0, login.length - 1));
        assertNotEquals(UserIndex.hash("a"), UserIndex.hash("a\u0000"));
        assertEquals(1_199_195_967_318_363_267L, UserIndex.hash("alice"), "the hash is part of the file format");
    }
}
