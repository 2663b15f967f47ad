package io.archipelago.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * {@link InProcessTransport} keeps acknowledgements in one flat array indexed {@code source * islands + target}
 * without checking either island, so an island number outside the transport silently reads or writes another link's
 * acknowledgement.
 */
class InProcessTransportIslandRangeTest
{
    @Test
    void shouldRefuseAnAcknowledgementForAnIslandOutsideTheTransport()
    {
        final InProcessTransport transport = new InProcessTransport(3);

        assertThrows(IllegalArgumentException.class, () -> transport.acknowledge(0, 3, 7));
        assertEquals(0, transport.acknowledged(1, 0), "link 1->0 was never acknowledged");
    }

    @Test
    void shouldRefuseToReadTheAcknowledgementOfAnIslandOutsideTheTransport()
    {
        final InProcessTransport transport = new InProcessTransport(3);
        transport.acknowledge(1, 0, 7);

        assertThrows(IllegalArgumentException.class, () -> transport.acknowledged(0, 3));
    }

    @Test
    void shouldNotTrimALinkItsReceiverNeverAcknowledged()
    {
        final InProcessTransport transport = new InProcessTransport(3);
        transport.register(0, (source, sequence, buffer, offset, length) -> true);
        final Outbox outbox = new Outbox(1, 3, 16);
        for (int id = 1; id <= 5; id++)
        {
            final byte[] payload = Payloads.of(id, 8);
            outbox.append(0, Payloads.wrap(payload), 0, payload.length);
        }
        outbox.deliver(transport);

        try
        {
            transport.acknowledge(0, 3, 7);
        }
        catch (final IllegalArgumentException refused)
        {
            assertEquals(0, transport.acknowledged(1, 0));
        }
        outbox.deliver(transport);

        assertEquals(5, outbox.depth(), "island 0 never journaled a message from island 1");
    }
}
