package io.archipelago.messaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class LinkOutboxTest
{
    private static final int SOURCE = 0;
    private static final int TARGET = 1;
    private static final int MAX_PAYLOAD = 16;

    private final RecordingTransport transport = new RecordingTransport();

    @Test
    void shouldAssignDenseSequencesStartingAtOne()
    {
        final LinkOutbox link = new LinkOutbox(TARGET, MAX_PAYLOAD, 8);

        for (long expected = 1; expected <= 5; expected++)
        {
            assertEquals(expected, append(link, expected, 8));
        }

        assertEquals(1, link.firstSequence());
        assertEquals(1, link.nextToOffer());
        assertEquals(6, link.nextSequence());
        assertEquals(5, link.size());
        assertTrue(link.hasUnoffered());
        assertEquals(TARGET, link.target());
    }

    @Test
    void shouldStartEmpty()
    {
        final LinkOutbox link = new LinkOutbox(TARGET, MAX_PAYLOAD, 8);

        assertEquals(1, link.firstSequence());
        assertEquals(1, link.nextSequence());
        assertEquals(0, link.size());
        assertFalse(link.hasUnoffered());
        assertEquals(0, link.offer(SOURCE, transport));
        assertTrue(transport.attempts().isEmpty());
    }

    @Test
    void shouldOfferEveryMessageInOrderWithItsPayloadAndHeader()
    {
        final LinkOutbox link = new LinkOutbox(TARGET, MAX_PAYLOAD, 8);
        for (long id = 1; id <= 4; id++)
        {
            append(link, id, (int)(8 + id));
        }

        assertEquals(4, link.offer(SOURCE, transport));

        assertEquals(4, transport.attempts().size());
        for (int i = 0; i < 4; i++)
        {
            final RecordingTransport.Attempt attempt = transport.attempts().get(i);
            assertEquals(SOURCE, attempt.source());
            assertEquals(TARGET, attempt.target());
            assertEquals(i + 1, attempt.sequence());
            assertArrayEquals(Payloads.of(i + 1, 9 + i), attempt.payload());
            assertTrue(attempt.taken());
        }
        assertEquals(5, link.nextToOffer());
        assertFalse(link.hasUnoffered());
        assertEquals(4, link.size());
    }

    @Test
    void shouldCopyThePayloadFromItsOffsetSoTheCallerMayReuseItsBuffer()
    {
        final LinkOutbox link = new LinkOutbox(TARGET, MAX_PAYLOAD, 8);
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[64]);
        final byte[] first = Payloads.of(11, 12);
        final byte[] second = Payloads.of(22, 10);

        scratch.putBytes(20, first);
        link.append(scratch, 20, first.length);
        scratch.setMemory(0, 64, (byte)0x5A);
        scratch.putBytes(3, second);
        link.append(scratch, 3, second.length);
        scratch.setMemory(0, 64, (byte)0x77);

        link.offer(SOURCE, transport);

        assertArrayEquals(first, transport.attempts().get(0).payload());
        assertArrayEquals(second, transport.attempts().get(1).payload());
    }

    @Test
    void shouldOfferAnEmptyPayload()
    {
        final LinkOutbox link = new LinkOutbox(TARGET, MAX_PAYLOAD, 8);

        assertEquals(1, link.append(new UnsafeBuffer(new byte[0]), 0, 0));
        assertEquals(1, link.offer(SOURCE, transport));

        assertEquals(0, transport.attempts().get(0).payload().length);
    }

    @Test
    void shouldStopAtTheFirstRefusalAndResumeThereLater()
    {
        final LinkOutbox link = new LinkOutbox(TARGET, MAX_PAYLOAD, 8);
        for (long id = 1; id <= 6; id++)
        {
            append(link, id, 8);
        }

        transport.acceptNext(2);
        assertEquals(2, link.offer(SOURCE, transport));
        assertEquals(List.of(1L, 2L, 3L), transport.attemptedSequences());
        assertFalse(transport.attempts().get(2).taken());
        assertEquals(3, link.nextToOffer());
        assertTrue(link.hasUnoffered());

        transport.clear();
        transport.refuseAll();
        assertEquals(0, link.offer(SOURCE, transport));
        assertEquals(List.of(3L), transport.attemptedSequences());
        assertEquals(3, link.nextToOffer());

        transport.clear();
        transport.acceptAll();
        assertEquals(4, link.offer(SOURCE, transport));
        assertEquals(List.of(3L, 4L, 5L, 6L), transport.attemptedSequences());
        for (final RecordingTransport.Attempt attempt : transport.attempts())
        {
            assertArrayEquals(Payloads.of(attempt.sequence(), 8), attempt.payload());
        }
        assertFalse(link.hasUnoffered());
    }

    @Test
    void shouldOfferMessagesAppendedAfterARefusalBehindTheRefusedOne()
    {
        final LinkOutbox link = new LinkOutbox(TARGET, MAX_PAYLOAD, 8);
        append(link, 1, 8);
        transport.refuseAll();
        link.offer(SOURCE, transport);

        append(link, 2, 8);
        transport.acceptAll();
        transport.clear();

        assertEquals(2, link.offer(SOURCE, transport));
        assertEquals(List.of(1L, 2L), transport.takenSequences(TARGET));
    }

    @Test
    void shouldTrimOnlyWhatWasOffered()
    {
        final LinkOutbox link = new LinkOutbox(TARGET, MAX_PAYLOAD, 8);
        for (long id = 1; id <= 5; id++)
        {
            append(link, id, 8);
        }

        link.acknowledge(5);
        assertEquals(1, link.firstSequence());
        assertEquals(5, link.size());

        transport.acceptNext(3);
        link.offer(SOURCE, transport);
        link.acknowledge(5);
        assertEquals(4, link.firstSequence());
        assertEquals(2, link.size());
        assertEquals(4, link.nextToOffer());

        transport.acceptAll();
        transport.clear();
        link.offer(SOURCE, transport);
        assertEquals(List.of(4L, 5L), transport.takenSequences(TARGET));
        link.acknowledge(5);
        assertEquals(6, link.firstSequence());
        assertEquals(0, link.size());
    }

    @Test
    void shouldTreatAcknowledgementsAsIdempotentAndMonotonic()
    {
        final LinkOutbox link = new LinkOutbox(TARGET, MAX_PAYLOAD, 8);
        for (long id = 1; id <= 6; id++)
        {
            append(link, id, 8);
        }
        link.offer(SOURCE, transport);

        link.acknowledge(3);
        assertEquals(4, link.firstSequence());
        link.acknowledge(3);
        assertEquals(4, link.firstSequence());
        link.acknowledge(2);
        assertEquals(4, link.firstSequence());
        link.acknowledge(0);
        assertEquals(4, link.firstSequence());
        link.acknowledge(-7);
        assertEquals(4, link.firstSequence());
        assertEquals(3, link.size());

        link.acknowledge(4);
        assertEquals(5, link.firstSequence());
        assertEquals(2, link.size());
    }

    @Test
    void shouldKeepOfferingHeldMessagesAfterAnAcknowledgementDoesNotReachThem()
    {
        final LinkOutbox link = new LinkOutbox(TARGET, MAX_PAYLOAD, 8);
        for (long id = 1; id <= 4; id++)
        {
            append(link, id, 8);
        }
        transport.acceptNext(2);
        link.offer(SOURCE, transport);
        link.acknowledge(1);

        final List<Long> visited = new ArrayList<>();
        link.forEach(0, (target, sequence, buffer, offset, length) -> visited.add(sequence));

        assertEquals(List.of(2L, 3L, 4L), visited);
    }

    @Test
    void shouldRejectAPayloadLargerThanTheMaximumWithoutUsingASequence()
    {
        final LinkOutbox link = new LinkOutbox(TARGET, 8, 4);

        final IllegalArgumentException tooLarge = assertThrows(IllegalArgumentException.class,
            () -> link.append(new UnsafeBuffer(new byte[9]), 0, 9));
        assertEquals("payload of 9 bytes, maximum 8", tooLarge.getMessage());
        assertThrows(IllegalArgumentException.class, () -> link.append(new UnsafeBuffer(new byte[9]), 0, -1));

        assertEquals(1, link.nextSequence());
        assertEquals(0, link.size());
        assertEquals(1, append(link, 1, 8));
    }

    @Test
    void shouldRejectAnInitialCapacityThatIsNotAPowerOfTwo()
    {
        final IllegalArgumentException three =
            assertThrows(IllegalArgumentException.class, () -> new LinkOutbox(TARGET, 8, 3));
        assertEquals("initialCapacity must be a power of two, was 3", three.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LinkOutbox(TARGET, 8, 0));
        assertThrows(IllegalArgumentException.class, () -> new LinkOutbox(TARGET, 8, 12));
    }

    @Test
    void shouldKeepPayloadsIntactWhenGrowingWhileTheHeldMessagesWrapAroundTheRing()
    {
        final LinkOutbox link = new LinkOutbox(TARGET, MAX_PAYLOAD, 4);
        for (long id = 1; id <= 3; id++)
        {
            append(link, id, 8 + (int)id);
        }
        link.offer(SOURCE, transport);
        link.acknowledge(2);
        for (long id = 4; id <= 9; id++)
        {
            append(link, id, 8 + (int)(id % 8));
        }

        assertEquals(7, link.size());
        final List<Long> sequences = new ArrayList<>();
        link.forEach(0, (target, sequence, buffer, offset, length) ->
        {
            sequences.add(sequence);
            final int expectedLength = sequence <= 3 ? 8 + (int)sequence : 8 + (int)(sequence % 8);
            assertArrayEquals(Payloads.of(sequence, expectedLength), Payloads.copy(buffer, offset, length));
        });
        assertEquals(List.of(3L, 4L, 5L, 6L, 7L, 8L, 9L), sequences);
    }

    @Test
    void shouldDeliverThousandsOfDistinctPayloadsInOrderWhileGrowingAndTrimming()
    {
        final LinkOutbox link = new LinkOutbox(TARGET, 64, 4);
        final Random random = new Random(20240607L);
        final int messages = 5000;
        final List<byte[]> sent = new ArrayList<>();
        int maxHeld = 0;

        for (int id = 1; id <= messages; id++)
        {
            final byte[] payload = Payloads.of(id, 8 + random.nextInt(57));
            sent.add(payload);
            assertEquals(id, link.append(Payloads.wrap(payload), 0, payload.length));
            maxHeld = Math.max(maxHeld, link.size());

            final int action = random.nextInt(10);
            if (action < 3)
            {
                transport.acceptNext(random.nextInt(8));
                link.offer(SOURCE, transport);
            }
            else if (action < 5 && (id / 400) % 2 == 0)
            {
                final long offered = link.nextToOffer() - 1;
                link.acknowledge(offered - random.nextInt(4));
            }
        }
        transport.acceptAll();
        link.offer(SOURCE, transport);

        final List<byte[]> held = new ArrayList<>();
        link.forEach(0, (target, sequence, buffer, offset, length) -> held.add(Payloads.copy(buffer, offset, length)));
        assertEquals(messages - link.firstSequence() + 1, held.size());
        for (int i = 0; i < held.size(); i++)
        {
            assertArrayEquals(sent.get((int)link.firstSequence() - 1 + i), held.get(i));
        }

        final List<RecordingTransport.Attempt> taken = transport.taken();
        assertEquals(messages, taken.size());
        for (int i = 0; i < messages; i++)
        {
            assertEquals(i + 1, taken.get(i).sequence());
            assertArrayEquals(sent.get(i), taken.get(i).payload(), "message " + (i + 1));
        }
        assertTrue(maxHeld > 64, "the ring grew several times, held at most " + maxHeld);

        link.acknowledge(messages);
        assertEquals(0, link.size());
    }

    @Test
    void shouldVisitHeldMessagesInOrderFromASequence()
    {
        final LinkOutbox link = new LinkOutbox(TARGET, MAX_PAYLOAD, 4);
        for (long id = 1; id <= 6; id++)
        {
            append(link, id, 8 + (int)id);
        }
        link.offer(SOURCE, transport);
        link.acknowledge(2);

        final List<Long> fromFour = new ArrayList<>();
        link.forEach(4, (target, sequence, buffer, offset, length) ->
        {
            assertEquals(TARGET, target);
            assertArrayEquals(Payloads.of(sequence, 8 + (int)sequence), Payloads.copy(buffer, offset, length));
            fromFour.add(sequence);
        });
        assertEquals(List.of(4L, 5L, 6L), fromFour);

        final List<Long> fromTrimmed = new ArrayList<>();
        link.forEach(1, (target, sequence, buffer, offset, length) -> fromTrimmed.add(sequence));
        assertEquals(List.of(3L, 4L, 5L, 6L), fromTrimmed);

        final List<Long> pastTheEnd = new ArrayList<>();
        link.forEach(7, (target, sequence, buffer, offset, length) -> pastTheEnd.add(sequence));
        assertTrue(pastTheEnd.isEmpty());
    }

    @Test
    void shouldVisitMessagesNotYetOffered()
    {
        final LinkOutbox link = new LinkOutbox(TARGET, MAX_PAYLOAD, 4);
        append(link, 1, 8);
        append(link, 2, 8);

        final List<Long> visited = new ArrayList<>();
        link.forEach(1, (target, sequence, buffer, offset, length) -> visited.add(sequence));

        assertEquals(List.of(1L, 2L), visited);
        assertEquals(1, link.nextToOffer());
    }

    private static long append(final LinkOutbox link, final long id, final int length)
    {
        final byte[] payload = Payloads.of(id, length);
        return link.append(Payloads.wrap(payload), 0, payload.length);
    }
}
