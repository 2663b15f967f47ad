package io.archipelago.engine.logic;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.CommandType;
import io.archipelago.engine.codec.RecordCodec;
import io.archipelago.engine.codec.RecordDescriptor;
import io.archipelago.messaging.LinkOutbox;
import io.archipelago.messaging.Outbox;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes the transfer protocol's messages and appends them to the island's {@link Outbox}, one link per other
 * island. The outbox is logical state (replay regenerates it); its unacknowledged messages are part of a snapshot.
 */
final class LinkProxy
{
    private final int island;
    private final int islands;
    private final Outbox outbox;
    private final Command scratch = new Command();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RecordDescriptor.LINK_PAYLOAD_LENGTH]);

    LinkProxy(final int island, final int islands)
    {
        this.island = island;
        this.islands = islands;
        this.outbox = new Outbox(island, islands, RecordDescriptor.LINK_PAYLOAD_LENGTH);
    }

    Outbox outbox()
    {
        return outbox;
    }

    /**
     * Asks {@code target} for {@code units} of a product, and up to {@code extra} more, on behalf of orders of
     * seniority {@code priority} ({@link Command#NO_PRIORITY} for none).
     */
    void request(final int target, final long requestId, final long productId, final long units, final long extra,
        final long priority)
    {
        scratch.link(CommandType.TRANSFER_REQUEST, requestId, productId, units, extra, 0).priority(priority);
        append(target);
    }

    /**
     * Gives {@code units} to the island that asked, telling it how many are left here and how many were sold here
     * ({@link Command#NO_PRIORITY} to tell nothing).
     */
    void grant(final int target, final long requestId, final long productId, final long units, final long available,
        final int flags, final long sold)
    {
        send(target, CommandType.TRANSFER_GRANT, requestId, productId, units, available, flags, sold);
    }

    /**
     * Tells the island that asked that none are given, how many are left here, whether some may free up, and how
     * many were sold here ({@link Command#NO_PRIORITY} to tell nothing).
     */
    void deny(final int target, final long requestId, final long productId, final long available, final int flags,
        final long sold)
    {
        send(target, CommandType.TRANSFER_DENIAL, requestId, productId, 0, available, flags, sold);
    }

    private void send(final int target, final CommandType type, final long requestId, final long productId,
        final long units, final long extra, final int flags, final long sold)
    {
        scratch.link(type, requestId, productId, units, extra, flags).priority(sold);
        append(target);
    }

    private void append(final int target)
    {
        final int length = RecordCodec.encodeLinkPayload(scratch, buffer, 0);
        outbox.append(target, buffer, 0, length);
    }

    /**
     * @param target another island.
     * @return the sequence the next message to it gets.
     */
    long nextSequence(final int target)
    {
        return outbox.link(target).nextSequence();
    }

    /**
     * Writes, per other island, the first unacknowledged sequence and the messages from it on.
     */
    void writeTo(final DataOutput out) throws IOException
    {
        for (int target = 0; target < islands; target++)
        {
            if (target == island)
            {
                continue;
            }
            final LinkOutbox link = outbox.link(target);
            out.writeLong(link.firstSequence());
            out.writeInt(link.size());
            final IOException[] failure = new IOException[1];
            link.forEach(link.firstSequence(), (t, sequence, payload, offset, length) ->
            {
                try
                {
                    final byte[] bytes = new byte[length];
                    payload.getBytes(offset, bytes);
                    out.writeInt(length);
                    out.write(bytes);
                }
                catch (final IOException ex)
                {
                    failure[0] = ex;
                }
            });
            if (null != failure[0])
            {
                throw failure[0];
            }
        }
    }

    void readFrom(final DataInput in) throws IOException
    {
        for (int target = 0; target < islands; target++)
        {
            if (target == island)
            {
                continue;
            }
            final long first = in.readLong();
            final int count = in.readInt();
            outbox.restoreLink(target, first);
            for (int i = 0; i < count; i++)
            {
                final byte[] payload = new byte[in.readInt()];
                in.readFully(payload);
                outbox.append(target, new UnsafeBuffer(payload), 0, payload.length);
            }
        }
    }
}
