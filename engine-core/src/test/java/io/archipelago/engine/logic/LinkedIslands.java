package io.archipelago.engine.logic;

import java.util.ArrayList;
import java.util.List;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.RecordCodec;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.TransferPolicy;
import io.archipelago.engine.model.TransferStrategy;

/**
 * A few islands' logic wired by hand for unit tests: messages are moved only when the test says so, in link order.
 */
final class LinkedIslands
{
    final InventoryLogic[] islands;
    final long[] delivered;
    final List<ResultCode> immediate = new ArrayList<>();
    final List<ResultCode> deferred = new ArrayList<>();
    long now = 1_000;
    private long nextHandle = 1;

    final LogicOutput output = new LogicOutput()
    {
        @Override
        public void reply(final ResultCode result)
        {
            immediate.add(result);
        }

        @Override
        public long deferReply()
        {
            return nextHandle++;
        }

        @Override
        public void replyDeferred(final long handle, final ResultCode result)
        {
            if (handle != 0)
            {
                deferred.add(result);
            }
        }
    };

    LinkedIslands(final int count, final TransferStrategy strategy)
    {
        islands = new InventoryLogic[count];
        delivered = new long[count * count];
        for (int i = 0; i < count; i++)
        {
            islands[i] = new InventoryLogic(i, count, strategy);
            if (!strategy.name().equals(TransferPolicy.INITIAL.strategy().name()))
            {
                islands[i].apply(new Command().setPolicy(strategy.name(), 250, 2, 250), now, output);
            }
        }
    }

    InventoryLogic island(final int index)
    {
        return islands[index];
    }

    void apply(final int island, final Command command)
    {
        islands[island].apply(command, now, output);
    }

    void createEverywhere(final long productId, final long units)
    {
        for (int i = 0; i < islands.length; i++)
        {
            apply(i, new Command().createProduct(productId, units));
        }
    }

    void tick(final long advanceMillis)
    {
        now += advanceMillis;
        for (final InventoryLogic island : islands)
        {
            island.apply(new Command().tick(), now, output);
        }
    }

    /**
     * Delivers the next undelivered message on the link, if any.
     *
     * @return the message's type, or null when the link is empty.
     */
    Command deliverOne(final int source, final int target)
    {
        final long next = delivered[source * islands.length + target] + 1;
        final Command[] message = new Command[1];
        islands[source].outbox().link(target).forEach(next, (t, sequence, buffer, offset, length) ->
        {
            if (null == message[0] && sequence == next)
            {
                message[0] = new Command();
                RecordCodec.decodeLinkPayload(buffer, offset, message[0]);
            }
        });
        if (null == message[0])
        {
            return null;
        }
        delivered[source * islands.length + target] = next;
        islands[target].apply(message[0], now, source, next, output);
        return message[0];
    }

    /**
     * Delivers every message on every link until none is left.
     *
     * @return messages delivered.
     */
    int deliverAll()
    {
        int count = 0;
        boolean progress = true;
        while (progress)
        {
            progress = false;
            for (int s = 0; s < islands.length; s++)
            {
                for (int d = 0; d < islands.length; d++)
                {
                    if (s != d && null != deliverOne(s, d))
                    {
                        progress = true;
                        count++;
                    }
                }
            }
        }
        return count;
    }

    long totalAvailable(final long productId)
    {
        long sum = 0;
        for (final InventoryLogic island : islands)
        {
            sum += null == island.product(productId) ? 0 : island.product(productId).available();
        }
        return sum;
    }

    void assertConservation(final long productId, final long created)
    {
        long held = 0;
        long inFlight = 0;
        for (final InventoryLogic island : islands)
        {
            final Product p = island.product(productId);
            if (null == p)
            {
                continue;
            }
            if (p.available() < 0 || p.reserved() < 0 || p.sold() < 0)
            {
                throw new AssertionError("negative allocation at island " + island.island());
            }
            held += p.available() + p.reserved() + p.sold();
            inFlight += p.transferredOut() - p.transferredIn();
        }
        if (held + inFlight != created)
        {
            throw new AssertionError("conservation: held " + held + " + in flight " + inFlight + " != " + created);
        }
    }
}
