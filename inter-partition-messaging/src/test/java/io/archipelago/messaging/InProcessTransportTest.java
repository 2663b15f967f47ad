package io.archipelago.messaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class InProcessTransportTest
{
    @Test
    void shouldRefuseFewerThanOneIsland()
    {
        final IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
            () -> new InProcessTransport(0));
        assertEquals("islands must be positive, was 0", none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new InProcessTransport(-3));
    }

    @Test
    void shouldNotTakeAMessageForAnIslandWithNoReceiver()
    {
        final InProcessTransport transport = new InProcessTransport(3);
        final CopyingReceiver registered = new CopyingReceiver(true);
        transport.register(0, registered);

        assertFalse(transport.offer(0, 1, 1, new UnsafeBuffer(new byte[4]), 0, 4));
        assertFalse(transport.offer(0, 2, 1, new UnsafeBuffer(new byte[4]), 0, 4));
        assertTrue(registered.received.isEmpty());
    }

    @Test
    void shouldHandThePayloadAndHeaderToTheTargetsReceiver()
    {
        final InProcessTransport transport = new InProcessTransport(3);
        final CopyingReceiver zero = new CopyingReceiver(true);
        final CopyingReceiver two = new CopyingReceiver(true);
        transport.register(0, zero);
        transport.register(2, two);
        final byte[] payload = Payloads.of(77, 20);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        buffer.setMemory(0, 64, (byte)0x33);
        buffer.putBytes(9, payload);

        assertTrue(transport.offer(1, 2, 5, buffer, 9, payload.length));

        assertTrue(zero.received.isEmpty());
        assertEquals(1, two.received.size());
        final ReceivedMessage received = two.received.get(0);
        assertEquals(1, received.source());
        assertEquals(5, received.sequence());
        assertArrayEquals(payload, received.payload());

        buffer.setMemory(0, 64, (byte)0);
        assertArrayEquals(payload, two.received.get(0).payload());
    }

    @Test
    void shouldHandTheHeldPayloadOfAnOutboxToTheReceiver()
    {
        final InProcessTransport transport = new InProcessTransport(2);
        final CopyingReceiver receiver = new CopyingReceiver(true);
        transport.register(1, receiver);
        final Outbox outbox = new Outbox(0, 2, 24);
        final List<byte[]> sent = new ArrayList<>();
        for (int id = 1; id <= 5; id++)
        {
            final byte[] payload = Payloads.of(id, 8 + id * 3);
            sent.add(payload);
            outbox.append(1, Payloads.wrap(payload), 0, payload.length);
        }

        assertEquals(5, outbox.deliver(transport));

        assertEquals(5, receiver.received.size());
        for (int i = 0; i < 5; i++)
        {
            assertEquals(0, receiver.received.get(i).source());
            assertEquals(i + 1, receiver.received.get(i).sequence());
            assertArrayEquals(sent.get(i), receiver.received.get(i).payload());
        }
    }

    @Test
    void shouldReportAReceiverThatHasNoRoom()
    {
        final InProcessTransport transport = new InProcessTransport(2);
        final CopyingReceiver full = new CopyingReceiver(false);
        transport.register(1, full);

        assertFalse(transport.offer(0, 1, 1, new UnsafeBuffer(new byte[4]), 0, 4));
        assertEquals(1, full.attempts);
        assertTrue(full.received.isEmpty());
    }

    @Test
    void shouldStartEveryLinkUnacknowledged()
    {
        final InProcessTransport transport = new InProcessTransport(3);

        for (int source = 0; source < 3; source++)
        {
            for (int target = 0; target < 3; target++)
            {
                assertEquals(0, transport.acknowledged(source, target));
            }
        }
    }

    @Test
    void shouldKeepAcknowledgementsPerLinkIndependent()
    {
        final int islands = 4;
        final InProcessTransport transport = new InProcessTransport(islands);

        for (int source = 0; source < islands; source++)
        {
            for (int target = 0; target < islands; target++)
            {
                if (source != target)
                {
                    transport.acknowledge(source, target, 100L * source + 10L * target + 1);
                }
            }
        }

        for (int source = 0; source < islands; source++)
        {
            for (int target = 0; target < islands; target++)
            {
                final long expected = source == target ? 0 : 100L * source + 10L * target + 1;
                assertEquals(expected, transport.acknowledged(source, target), source + "->" + target);
            }
        }
    }

    @Test
    void shouldReportTheLatestAcknowledgementOfALink()
    {
        final InProcessTransport transport = new InProcessTransport(2);

        transport.acknowledge(0, 1, 5);
        transport.acknowledge(0, 1, 9);

        assertEquals(9, transport.acknowledged(0, 1));
        assertEquals(0, transport.acknowledged(1, 0));
    }

    /**
     * An ingress that copies what it takes, or has no room.
     */
    static final class CopyingReceiver implements LinkReceiver
    {
        final List<ReceivedMessage> received = new ArrayList<>();
        final boolean room;
        int attempts;

        CopyingReceiver(final boolean room)
        {
            this.room = room;
        }

        @Override
        public boolean tryReceive(final int source, final long sequence, final DirectBuffer buffer, final int offset,
            final int length)
        {
            attempts++;
            if (room)
            {
                received.add(new ReceivedMessage(source, sequence, Payloads.copy(buffer, offset, length)));
            }
            return room;
        }
    }
}
