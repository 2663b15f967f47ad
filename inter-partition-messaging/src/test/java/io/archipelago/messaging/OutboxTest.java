package io.archipelago.messaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class OutboxTest
{
    private static final int SELF = 1;
    private static final int ISLANDS = 3;
    private static final int MAX_PAYLOAD = 32;

    private final Outbox outbox = new Outbox(SELF, ISLANDS, MAX_PAYLOAD);
    private final RecordingTransport transport = new RecordingTransport();

    @Test
    void shouldHaveOneLinkToEveryOtherIsland()
    {
        assertEquals(SELF, outbox.self());
        assertEquals(ISLANDS, outbox.islands());
        assertEquals(0, outbox.link(0).target());
        assertEquals(2, outbox.link(2).target());
        assertEquals(0, outbox.depth());
        assertFalse(outbox.hasUnoffered());
    }

    @Test
    void shouldRefuseALinkToItself()
    {
        final IllegalArgumentException link = assertThrows(IllegalArgumentException.class, () -> outbox.link(SELF));
        assertEquals("island 1 has no link to itself", link.getMessage());

        final byte[] payload = Payloads.of(1, 8);
        assertThrows(IllegalArgumentException.class, () -> outbox.append(SELF, Payloads.wrap(payload), 0, 8));
        assertThrows(IllegalArgumentException.class, () -> outbox.rewind(SELF, 1));
        assertThrows(IllegalArgumentException.class, () -> outbox.restoreLink(SELF, 1));
        assertEquals(0, outbox.depth());
    }

    @Test
    void shouldNotReportUnofferedMessagesAfterAnAppendToItselfIsRefused()
    {
        final byte[] payload = Payloads.of(1, 8);

        assertThrows(IllegalArgumentException.class, () -> outbox.append(SELF, Payloads.wrap(payload), 0, 8));

        assertFalse(outbox.hasUnoffered());
        assertEquals(0, outbox.depth());
    }

    @Test
    void shouldNotReportUnofferedMessagesAfterAnOversizedAppendIsRefused()
    {
        final byte[] payload = Payloads.of(1, MAX_PAYLOAD + 1);

        assertThrows(IllegalArgumentException.class,
            () -> outbox.append(0, Payloads.wrap(payload), 0, payload.length));

        assertFalse(outbox.hasUnoffered());
        assertEquals(0, outbox.depth());
        assertEquals(1, outbox.link(0).nextSequence());
    }

    @Test
    void shouldNumberEachLinkIndependently()
    {
        assertEquals(1, append(0, 100));
        assertEquals(1, append(2, 200));
        assertEquals(2, append(0, 101));
        assertEquals(3, append(0, 102));
        assertEquals(2, append(2, 201));

        assertEquals(4, outbox.link(0).nextSequence());
        assertEquals(3, outbox.link(2).nextSequence());
    }

    @Test
    void shouldOfferEveryLinkOnDeliverAndCountWhatWasTaken()
    {
        append(0, 100);
        append(0, 101);
        append(2, 200);
        append(2, 201);
        append(2, 202);

        assertEquals(5, outbox.deliver(transport));

        assertEquals(List.of(1L, 2L), transport.takenSequences(0));
        assertEquals(List.of(1L, 2L, 3L), transport.takenSequences(2));
        for (final RecordingTransport.Attempt attempt : transport.attempts())
        {
            assertEquals(SELF, attempt.source());
            final long id = (attempt.target() == 0 ? 99 : 199) + attempt.sequence();
            assertArrayEquals(Payloads.of(id, 16), attempt.payload());
        }
        assertEquals(0, outbox.deliver(transport));
        assertEquals(5, transport.attempts().size());
    }

    @Test
    void shouldTrimEachLinkFromTheTransportsAcknowledgementsOnDeliver()
    {
        for (int i = 0; i < 3; i++)
        {
            append(0, 100 + i);
            append(2, 200 + i);
        }
        outbox.deliver(transport);
        assertEquals(6, outbox.depth());

        transport.acknowledge(SELF, 0, 2);
        transport.acknowledge(SELF, 2, 1);
        assertEquals(6, outbox.depth());

        outbox.deliver(transport);
        assertEquals(3, outbox.depth());
        assertEquals(3, outbox.link(0).firstSequence());
        assertEquals(2, outbox.link(2).firstSequence());

        transport.acknowledge(SELF, 0, 3);
        transport.acknowledge(SELF, 2, 3);
        outbox.deliver(transport);
        assertEquals(0, outbox.depth());
    }

    @Test
    void shouldNotTrimMessagesNotYetOfferedEvenWhenAcknowledgedAhead()
    {
        for (int i = 0; i < 4; i++)
        {
            append(0, 100 + i);
        }
        transport.acceptNext(1);
        outbox.deliver(transport);
        transport.acknowledge(SELF, 0, 4);

        transport.refuseAll();
        outbox.deliver(transport);

        assertEquals(3, outbox.depth());
        assertEquals(2, outbox.link(0).firstSequence());
        assertTrue(outbox.hasUnoffered());
    }

    @Test
    void shouldIgnoreAcknowledgementsOfOtherSenders()
    {
        append(0, 100);
        outbox.deliver(transport);

        transport.acknowledge(2, 0, 1);
        transport.acknowledge(0, SELF, 1);
        outbox.deliver(transport);

        assertEquals(1, outbox.depth());
    }

    @Test
    void shouldReportUnofferedMessagesUntilEverythingIsTaken()
    {
        assertFalse(outbox.hasUnoffered());

        append(0, 100);
        assertTrue(outbox.hasUnoffered());

        outbox.deliver(transport);
        assertFalse(outbox.hasUnoffered());

        append(2, 200);
        append(0, 101);
        transport.acceptNext(1);
        outbox.deliver(transport);
        assertTrue(outbox.hasUnoffered());

        transport.acceptAll();
        outbox.deliver(transport);
        assertFalse(outbox.hasUnoffered());
    }

    @Test
    void shouldReportUnofferedMessagesAfterARewind()
    {
        append(2, 200);
        append(2, 201);
        outbox.deliver(transport);
        assertFalse(outbox.hasUnoffered());

        outbox.rewind(2, 2);
        assertTrue(outbox.hasUnoffered());

        outbox.deliver(transport);
        assertFalse(outbox.hasUnoffered());
    }

    @Test
    void shouldNotReportUnofferedMessagesAfterARewindPastEverythingSent()
    {
        append(2, 200);
        append(2, 201);
        outbox.deliver(transport);

        outbox.rewind(2, 3);

        assertFalse(outbox.hasUnoffered());
        assertEquals(0, outbox.depth());
    }

    @Test
    void shouldCountHeldMessagesOverAllLinksInDepth()
    {
        append(0, 100);
        append(0, 101);
        append(2, 200);
        assertEquals(3, outbox.depth());

        transport.acceptNext(2);
        outbox.deliver(transport);
        assertEquals(3, outbox.depth());

        transport.acknowledge(SELF, 0, 2);
        outbox.deliver(transport);
        assertEquals(1, outbox.depth());
        assertEquals(1, outbox.link(2).size());
    }

    @Test
    void shouldReofferExactlyWhatTheReceiverHasNotAppliedAfterARewind()
    {
        for (int i = 0; i < 10; i++)
        {
            append(2, 200 + i);
        }
        outbox.deliver(transport);
        transport.acknowledge(SELF, 2, 3);
        outbox.deliver(transport);
        assertEquals(4, outbox.link(2).firstSequence());
        transport.clear();

        final long receiverHighWaterMark = 6;
        outbox.rewind(2, receiverHighWaterMark + 1);

        assertEquals(7, outbox.link(2).firstSequence());
        assertEquals(7, outbox.link(2).nextToOffer());
        assertEquals(4, outbox.depth());
        assertEquals(4, outbox.deliver(transport));
        assertEquals(List.of(7L, 8L, 9L, 10L), transport.takenSequences(2));
        for (final RecordingTransport.Attempt attempt : transport.attempts())
        {
            assertArrayEquals(Payloads.of(199 + attempt.sequence(), 16), attempt.payload());
        }
    }

    @Test
    void shouldRewindAheadOfWhatWasOfferedWhenTheReceiverAlreadyHasIt()
    {
        for (int i = 0; i < 5; i++)
        {
            append(0, 100 + i);
        }
        transport.refuseAll();
        outbox.deliver(transport);
        transport.clear();

        outbox.rewind(0, 4);
        transport.acceptAll();

        assertEquals(2, outbox.deliver(transport));
        assertEquals(List.of(4L, 5L), transport.takenSequences(0));
        assertEquals(2, outbox.depth());
    }

    @Test
    void shouldRefuseToRewindBelowTheOldestHeldMessage()
    {
        for (int i = 0; i < 5; i++)
        {
            append(2, 200 + i);
        }
        outbox.deliver(transport);
        transport.acknowledge(SELF, 2, 3);
        outbox.deliver(transport);

        final IllegalStateException rewound = assertThrows(IllegalStateException.class, () -> outbox.rewind(2, 2));

        assertEquals("link to 2: message 2 is no longer held (outbox starts at 4)", rewound.getMessage());
        assertThrows(IllegalStateException.class, () -> outbox.rewind(2, 3));
        assertEquals(4, outbox.link(2).firstSequence());
        assertEquals(6, outbox.link(2).nextToOffer());
        assertFalse(outbox.hasUnoffered());

        transport.clear();
        outbox.rewind(2, 4);
        assertEquals(2, outbox.deliver(transport));
        assertEquals(List.of(4L, 5L), transport.takenSequences(2));
    }

    @Test
    void shouldRefuseToRewindPastWhatWasEverSent()
    {
        for (int i = 0; i < 3; i++)
        {
            append(0, 100 + i);
        }
        outbox.deliver(transport);

        final IllegalStateException rewound = assertThrows(IllegalStateException.class, () -> outbox.rewind(0, 5));

        assertEquals("link to 0: receiver is at 4 but only 3 messages were ever sent", rewound.getMessage());
        assertEquals(1, outbox.link(0).firstSequence());
        assertEquals(4, outbox.link(0).nextToOffer());
    }

    @Test
    void shouldGiveTheRestoredSequenceToTheNextMessageOfARestoredLink()
    {
        outbox.restoreLink(0, 42);

        assertEquals(42, outbox.link(0).firstSequence());
        assertEquals(42, append(0, 100));
        assertEquals(43, append(0, 101));
        assertEquals(1, append(2, 200));

        outbox.deliver(transport);
        assertEquals(List.of(42L, 43L), transport.takenSequences(0));
    }

    @Test
    void shouldRefuseToRestoreALinkThatHoldsMessages()
    {
        append(0, 100);

        final IllegalStateException restored = assertThrows(IllegalStateException.class,
            () -> outbox.restoreLink(0, 5));

        assertEquals("link to 0 holds 1 messages; cannot restart at 5", restored.getMessage());
        assertEquals(2, outbox.link(0).nextSequence());
    }

    @Test
    void shouldRefuseToRestoreALinkBeforeTheFirstSequence()
    {
        assertThrows(IllegalStateException.class, () -> outbox.restoreLink(0, 0));
        assertEquals(1, append(0, 100));
    }

    private long append(final int target, final long id)
    {
        final byte[] payload = Payloads.of(id, 16);
        return outbox.append(target, Payloads.wrap(payload), 0, payload.length);
    }
}
