package io.archipelago.engine.logic;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import io.archipelago.engine.codec.Command;
import io.archipelago.messaging.InboundLinks;

/**
 * Takes an inbound link message (already decoded and validated), moves its link's high-water mark, and calls the
 * transfer search: the receiving side of {@link LinkProxy}.
 */
final class LinkAdapter
{
    private final int island;
    private final int islands;
    private final InboundLinks inbound;
    private final TransferSearch search;

    LinkAdapter(final int island, final int islands, final TransferSearch search)
    {
        this.island = island;
        this.islands = islands;
        this.inbound = new InboundLinks(island, islands);
        this.search = search;
    }

    InboundLinks inbound()
    {
        return inbound;
    }

    /**
     * @throws IllegalStateException when the message is not the next on its link.
     */
    void onMessage(final int source, final long sourceSequence, final Command command)
    {
        inbound.advance(source, sourceSequence);
        switch (command.type())
        {
            case TRANSFER_REQUEST -> search.onRequest(source, command.requestId(), command.productId(),
                command.units(), command.extra(), command.priority());
            case TRANSFER_GRANT -> search.onGrant(source, command.requestId(), command.productId(), command.units(),
                command.extra(), command.flags(), command.priority());
            case TRANSFER_DENIAL -> search.onDenial(source, command.requestId(), command.productId(), command.extra(),
                command.flags(), command.priority());
            default -> throw new IllegalStateException("not a link message: " + command.type());
        }
    }

    /**
     * @param source an island.
     * @return the last sequence applied from it.
     */
    long highWaterMark(final int source)
    {
        return inbound.highWaterMark(source);
    }

    void writeTo(final DataOutput out) throws IOException
    {
        for (int source = 0; source < islands; source++)
        {
            out.writeLong(inbound.highWaterMark(source));
        }
    }

    void readFrom(final DataInput in) throws IOException
    {
        for (int source = 0; source < islands; source++)
        {
            final long highWaterMark = in.readLong();
            if (source != island)
            {
                inbound.restore(source, highWaterMark);
            }
        }
    }
}
