package io.archipelago.router;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RoutingIdentityTest
{
    @Test
    void shouldUseTheRoutersHashScheme()
    {
        final RoutingIdentity identity = RoutingIdentity.of(8, 1);

        assertEquals(PartitionRouter.HASH_SCHEME, identity.hashScheme());
        assertEquals(8, identity.partitions());
        assertEquals(1, identity.formatVersion());
    }

    @Test
    void shouldDescribeItselfOnOneLine()
    {
        assertEquals("partitions=8, hash=murmur3_32_fixed+jump_consistent_hash, format=1",
            RoutingIdentity.of(8, 1).describe());
    }

    @Test
    void shouldBeEqualOnlyWhenEveryFieldIsEqual()
    {
        assertEquals(RoutingIdentity.of(8, 1), new RoutingIdentity(PartitionRouter.HASH_SCHEME, 8, 1));
        assertNotEquals(RoutingIdentity.of(8, 1), RoutingIdentity.of(3, 1));
        assertNotEquals(RoutingIdentity.of(8, 1), RoutingIdentity.of(8, 2));
        assertNotEquals(RoutingIdentity.of(8, 1), new RoutingIdentity("other", 8, 1));
    }

    @Test
    void shouldRejectMissingOrBlankHashScheme()
    {
        assertThrows(IllegalArgumentException.class, () -> new RoutingIdentity(null, 8, 1));
        assertThrows(IllegalArgumentException.class, () -> new RoutingIdentity("", 8, 1));
        assertThrows(IllegalArgumentException.class, () -> new RoutingIdentity("  ", 8, 1));
    }

    @Test
    void shouldRejectHashSchemeWithLineBreak()
    {
        assertThrows(IllegalArgumentException.class, () -> new RoutingIdentity("murmur3\npartitions=9", 8, 1));
    }

    @Test
    void shouldRejectPartitionCountOutOfRange()
    {
        assertThrows(IllegalArgumentException.class, () -> RoutingIdentity.of(0, 1));
        assertThrows(IllegalArgumentException.class, () -> RoutingIdentity.of(65537, 1));
        assertEquals(65536, RoutingIdentity.of(65536, 1).partitions());
    }

    @Test
    void shouldRejectFormatVersionBelowOne()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> RoutingIdentity.of(8, 0));
        assertEquals("formatVersion must be >= 1 but was 0", ex.getMessage());
    }
}
