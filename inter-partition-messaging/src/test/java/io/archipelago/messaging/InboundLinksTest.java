package io.archipelago.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class InboundLinksTest
{
    private static final int SELF = 2;
    private static final int ISLANDS = 4;

    private final InboundLinks inbound = new InboundLinks(SELF, ISLANDS);

    @Test
    void shouldExpectSequenceOneFirstOnEveryLink()
    {
        assertEquals(ISLANDS, inbound.islands());
        for (int source = 0; source < ISLANDS; source++)
        {
            if (source != SELF)
            {
                assertEquals(0, inbound.highWaterMark(source));
                assertEquals(LinkVerdict.NEXT, inbound.classify(source, 1));
                assertEquals(LinkVerdict.GAP, inbound.classify(source, 2));
                assertEquals(LinkVerdict.DUPLICATE, inbound.classify(source, 0));
            }
        }
    }

    @Test
    void shouldClassifyAgainstTheHighWaterMark()
    {
        inbound.advance(0, 1);
        inbound.advance(0, 2);
        inbound.advance(0, 3);

        assertEquals(3, inbound.highWaterMark(0));
        assertEquals(LinkVerdict.DUPLICATE, inbound.classify(0, 1));
        assertEquals(LinkVerdict.DUPLICATE, inbound.classify(0, 3));
        assertEquals(LinkVerdict.NEXT, inbound.classify(0, 4));
        assertEquals(LinkVerdict.GAP, inbound.classify(0, 5));
        assertEquals(LinkVerdict.GAP, inbound.classify(0, Long.MAX_VALUE));
        assertEquals(LinkVerdict.DUPLICATE, inbound.classify(0, -1));
    }

    @Test
    void shouldClassifyMessagesFromItselfOrFromNoIslandAsUnknownSource()
    {
        assertEquals(LinkVerdict.UNKNOWN_SOURCE, inbound.classify(SELF, 1));
        assertEquals(LinkVerdict.UNKNOWN_SOURCE, inbound.classify(-1, 1));
        assertEquals(LinkVerdict.UNKNOWN_SOURCE, inbound.classify(Integer.MIN_VALUE, 1));
        assertEquals(LinkVerdict.UNKNOWN_SOURCE, inbound.classify(ISLANDS, 1));
        assertEquals(LinkVerdict.UNKNOWN_SOURCE, inbound.classify(ISLANDS + 5, 1));
        assertEquals(-1, inbound.highWaterMark(-1));
        assertEquals(-1, inbound.highWaterMark(ISLANDS));
    }

    @Test
    void shouldKeepEachSourcesHighWaterMarkIndependent()
    {
        inbound.advance(0, 1);
        inbound.advance(0, 2);
        inbound.advance(3, 1);

        assertEquals(2, inbound.highWaterMark(0));
        assertEquals(0, inbound.highWaterMark(1));
        assertEquals(1, inbound.highWaterMark(3));
        assertEquals(LinkVerdict.NEXT, inbound.classify(1, 1));
        assertEquals(LinkVerdict.NEXT, inbound.classify(3, 2));
        assertEquals(LinkVerdict.DUPLICATE, inbound.classify(0, 2));
        assertEquals(LinkVerdict.GAP, inbound.classify(1, 3));
    }

    @Test
    void shouldRefuseToAdvanceOnADuplicateNamingTheLink()
    {
        inbound.advance(0, 1);

        final IllegalStateException duplicate = assertThrows(IllegalStateException.class, () -> inbound.advance(0, 1));

        assertEquals("island 2: link message 0#1 is DUPLICATE (high-water mark 1)", duplicate.getMessage());
        assertEquals(1, inbound.highWaterMark(0));
    }

    @Test
    void shouldRefuseToAdvanceOverAGapNamingTheLink()
    {
        final IllegalStateException gap = assertThrows(IllegalStateException.class, () -> inbound.advance(3, 4));

        assertEquals("island 2: link message 3#4 is GAP (high-water mark 0)", gap.getMessage());
        assertEquals(0, inbound.highWaterMark(3));
        assertEquals(LinkVerdict.NEXT, inbound.classify(3, 1));
    }

    @Test
    void shouldRefuseToAdvanceALinkFromAnUnknownSourceNamingIt()
    {
        final IllegalStateException self = assertThrows(IllegalStateException.class, () -> inbound.advance(SELF, 1));
        assertEquals("island 2: link message 2#1 is UNKNOWN_SOURCE (high-water mark 0)", self.getMessage());

        final IllegalStateException beyond = assertThrows(IllegalStateException.class,
            () -> inbound.advance(ISLANDS, 1));
        assertEquals("island 2: link message 4#1 is UNKNOWN_SOURCE (high-water mark -1)", beyond.getMessage());

        final IllegalStateException negative = assertThrows(IllegalStateException.class,
            () -> inbound.advance(-1, 1));
        assertEquals("island 2: link message -1#1 is UNKNOWN_SOURCE (high-water mark -1)", negative.getMessage());

        assertEquals(0, inbound.highWaterMark(SELF));
    }

    @Test
    void shouldContinueFromARestoredHighWaterMark()
    {
        inbound.restore(1, 41);
        inbound.restore(3, 0);

        assertEquals(41, inbound.highWaterMark(1));
        assertEquals(LinkVerdict.DUPLICATE, inbound.classify(1, 41));
        assertEquals(LinkVerdict.NEXT, inbound.classify(1, 42));
        assertEquals(LinkVerdict.NEXT, inbound.classify(3, 1));
        inbound.advance(1, 42);
        assertEquals(42, inbound.highWaterMark(1));
        assertEquals(0, inbound.highWaterMark(0));
    }

    @Test
    void shouldRefuseToRestoreItsOwnLinkOrANegativeHighWaterMark()
    {
        final IllegalArgumentException self = assertThrows(IllegalArgumentException.class,
            () -> inbound.restore(SELF, 3));
        assertEquals("island 2: cannot restore link from 2 at 3", self.getMessage());

        final IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
            () -> inbound.restore(0, -1));
        assertEquals("island 2: cannot restore link from 0 at -1", negative.getMessage());
        assertEquals(0, inbound.highWaterMark(0));
        assertEquals(LinkVerdict.UNKNOWN_SOURCE, inbound.classify(SELF, 4));
    }
}
