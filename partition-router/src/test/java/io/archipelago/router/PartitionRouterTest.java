package io.archipelago.router;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionRouterTest
{
    @Test
    void shouldRouteKnownLoginsToFrozenIslands()
    {
        assertEquals(6, new PartitionRouter(8).partitionOf("user-0"));
        assertEquals(38, new PartitionRouter(64).partitionOf("user-99"));
        assertEquals(16, new PartitionRouter(64).partitionOf("alice@example.com"));
        assertEquals(5, new PartitionRouter(8).partitionOf("zo\u00eb"));
        assertEquals(18, new PartitionRouter(64).partitionOf("\u7528\u623742"));
    }

    @Test
    void shouldNameTheHashScheme()
    {
        assertEquals("murmur3_32_fixed+jump_consistent_hash", PartitionRouter.HASH_SCHEME);
    }

    @Test
    void shouldAcceptPartitionCountsAtTheBounds()
    {
        assertEquals(1, new PartitionRouter(1).partitions());
        assertEquals(65536, new PartitionRouter(65536).partitions());
    }

    @Test
    void shouldRejectPartitionCountsOutOfRange()
    {
        for (final int partitions : new int[]{0, -1, 65537, Integer.MIN_VALUE, Integer.MAX_VALUE})
        {
            final IllegalArgumentException ex =
                assertThrows(IllegalArgumentException.class, () -> new PartitionRouter(partitions));
            assertEquals("partitions must be in [1, 65536] but was " + partitions, ex.getMessage());
        }
    }

    @Test
    void shouldRejectNullOrEmptyLogin()
    {
        final PartitionRouter router = new PartitionRouter(8);

        assertEquals("login must not be null or empty",
            assertThrows(IllegalArgumentException.class, () -> router.partitionOf(null)).getMessage());
        assertEquals("login must not be null or empty",
            assertThrows(IllegalArgumentException.class, () -> router.partitionOf("")).getMessage());
    }

    @Test
    void shouldRouteEveryLoginToPartitionZeroWhenThereIsOnePartition()
    {
        final PartitionRouter router = new PartitionRouter(1);
        for (int i = 0; i < 10_000; i++)
        {
            assertEquals(0, router.partitionOf("user-" + i));
        }
    }

    @Test
    void shouldStayWithinRangeForAnyPartitionCount()
    {
        for (final int partitions : new int[]{2, 3, 7, 100, 1000, 65535, 65536})
        {
            final PartitionRouter router = new PartitionRouter(partitions);
            for (int i = 0; i < 2_000; i++)
            {
                final int island = router.partitionOf("login-" + i);
                assertTrue(island >= 0 && island < partitions, "island " + island + " for partitions " + partitions);
            }
        }
    }

    @Test
    void shouldRouteTheSameLoginTheSameWayInEveryInstance()
    {
        final PartitionRouter first = new PartitionRouter(64);
        final PartitionRouter second = new PartitionRouter(64);
        for (int i = 0; i < 10_000; i++)
        {
            final String login = "user-" + i;
            assertEquals(first.partitionOf(login), second.partitionOf(login));
        }
    }

    @Test
    void shouldDistinguishComposedAndDecomposedUnicode()
    {
        final PartitionRouter router = new PartitionRouter(65536);

        assertTrue(router.partitionOf("zo\u00eb") != router.partitionOf("zoe\u0308"),
            "logins are routed by their exact UTF-8 bytes, without Unicode normalisation");
    }
}
