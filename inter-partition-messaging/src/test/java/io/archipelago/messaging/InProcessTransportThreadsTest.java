package io.archipelago.messaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The in-process transport with a real thread per island: what one island publishes, another eventually sees.
 */
class InProcessTransportThreadsTest
{
    private static final long TIMEOUT_SECONDS = 60;

    private final ExecutorService threads = Executors.newFixedThreadPool(3);

    @AfterEach
    void stopThreads() throws InterruptedException
    {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void shouldShowTheReceiverThreadsAcknowledgementsToTheSenderThreadInOrder() throws Exception
    {
        final InProcessTransport transport = new InProcessTransport(2);
        final long acknowledgements = 200_000;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);

        final Future<long[]> sender = threads.submit(() ->
        {
            long last = 0;
            long backwards = 0;
            while (last < acknowledgements)
            {
                if (System.nanoTime() > deadline)
                {
                    throw new TimeoutException("sender saw acknowledgement " + last + " of " + acknowledgements);
                }
                final long seen = transport.acknowledged(0, 1);
                if (seen < last)
                {
                    backwards++;
                }
                last = Math.max(last, seen);
                Thread.yield();
            }
            return new long[]{last, backwards};
        });
        final Future<?> receiver = threads.submit(() ->
        {
            for (long sequence = 1; sequence <= acknowledgements; sequence++)
            {
                transport.acknowledge(0, 1, sequence);
            }
        });

        receiver.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        final long[] observed = sender.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        assertEquals(acknowledgements, observed[0]);
        assertEquals(0, observed[1], "acknowledgements seen going backwards");
        assertEquals(0, transport.acknowledged(1, 0));
    }

    @Test
    void shouldDeliverEveryMessageOfTwoSenderThreadsOnceAndInOrderToAReceiverThread() throws Exception
    {
        final int islands = 3;
        final int receiverIsland = 2;
        final int messages = 20_000;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        final InProcessTransport transport = new InProcessTransport(islands);
        final ArrayBlockingQueue<ReceivedMessage> ring = new ArrayBlockingQueue<>(16);
        transport.register(receiverIsland, (source, sequence, buffer, offset, length) ->
            ring.offer(new ReceivedMessage(source, sequence, Payloads.copy(buffer, offset, length))));

        final Future<List<List<byte[]>>> receiver = threads.submit(() ->
        {
            final InboundLinks inbound = new InboundLinks(receiverIsland, islands);
            final List<List<byte[]>> applied = List.of(new ArrayList<>(), new ArrayList<>());
            while (inbound.highWaterMark(0) < messages || inbound.highWaterMark(1) < messages)
            {
                final ReceivedMessage message = ring.poll(10, TimeUnit.MILLISECONDS);
                if (System.nanoTime() > deadline)
                {
                    throw new TimeoutException("receiver at " + inbound.highWaterMark(0) + " and " +
                        inbound.highWaterMark(1) + " of " + messages);
                }
                if (null != message)
                {
                    inbound.advance(message.source(), message.sequence());
                    applied.get(message.source()).add(message.payload());
                    transport.acknowledge(message.source(), receiverIsland, message.sequence());
                }
            }
            return applied;
        });
        final List<Future<List<byte[]>>> senders = new ArrayList<>();
        for (int island = 0; island < 2; island++)
        {
            final int self = island;
            senders.add(threads.submit(() -> send(self, receiverIsland, islands, messages, transport, deadline)));
        }

        final List<List<byte[]>> applied = receiver.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        for (int island = 0; island < 2; island++)
        {
            final List<byte[]> sent = senders.get(island).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertEquals(messages, applied.get(island).size());
            for (int i = 0; i < messages; i++)
            {
                assertArrayEquals(sent.get(i), applied.get(island).get(i), island + "#" + (i + 1));
            }
        }
        assertTrue(ring.isEmpty());
    }

    private static List<byte[]> send(final int self, final int target, final int islands, final int messages,
        final InProcessTransport transport, final long deadline) throws TimeoutException
    {
        final Outbox outbox = new Outbox(self, islands, 32);
        final List<byte[]> sent = new ArrayList<>();
        for (int id = 1; id <= messages; id++)
        {
            final byte[] payload = Payloads.of(((long)self << 32) | id, 8 + id % 24);
            sent.add(payload);
            outbox.append(target, Payloads.wrap(payload), 0, payload.length);
            if (id % 7 == 0)
            {
                outbox.deliver(transport);
            }
        }
        while (outbox.depth() != 0)
        {
            if (System.nanoTime() > deadline)
            {
                throw new TimeoutException("island " + self + " still holds " + outbox.depth() + " messages");
            }
            outbox.deliver(transport);
            Thread.yield();
        }
        return sent;
    }
}
