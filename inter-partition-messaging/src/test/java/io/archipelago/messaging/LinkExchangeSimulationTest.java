package io.archipelago.messaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.agrona.DirectBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three islands exchange link messages on a single seeded thread through a transport that refuses offers at random.
 * Receivers take messages into a small ring and journal them later; a receiver crash loses what was still in its
 * ring, and on recovery every sender rewinds its link to the receiver's high-water mark + 1. A sender crash rebuilds
 * its outbox from an older snapshot plus the messages it sent since, so receivers see duplicates and drop them.
 */
class LinkExchangeSimulationTest
{
    private static final int ISLANDS = 3;
    private static final int STEPS = 5_000;
    private static final int RING_CAPACITY = 8;
    private static final int MAX_PAYLOAD = 40;
    private static final int DRAIN_ROUNDS = 100_000;
    private static final double REFUSAL = 0.2;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 17L, 4242L, 20240607L, 987654321L})
    void shouldApplyEverySentMessageExactlyOnceInOrderDespiteRefusalsAndCrashes(final long seed)
    {
        final Simulation simulation = new Simulation(seed);

        simulation.run(STEPS);
        simulation.drain();

        simulation.assertEveryMessageAppliedOnceInOrder();
        simulation.assertFaultsWereExercised();
    }

    private static final class Simulation implements LinkTransport
    {
        private final long seed;
        private final Random random;
        private final Sender[] senders = new Sender[ISLANDS];
        private final Receiver[] receivers = new Receiver[ISLANDS];
        private final long[][] acknowledged = new long[ISLANDS][ISLANDS];
        private double refusal = REFUSAL;
        private long refusals;
        private long receiverCrashes;
        private long droppedFromRings;
        private long senderCrashes;
        private long rewinds;
        private long duplicates;

        Simulation(final long seed)
        {
            this.seed = seed;
            this.random = new Random(seed);
            for (int island = 0; island < ISLANDS; island++)
            {
                senders[island] = new Sender(island);
                receivers[island] = new Receiver(island);
            }
        }

        void run(final int steps)
        {
            for (int step = 0; step < steps; step++)
            {
                final int island = random.nextInt(ISLANDS);
                final int action = random.nextInt(100);
                if (action < 35)
                {
                    final int target = (island + 1 + random.nextInt(ISLANDS - 1)) % ISLANDS;
                    final int count = 1 + random.nextInt(3);
                    for (int i = 0; i < count; i++)
                    {
                        senders[island].send(target);
                    }
                }
                else if (action < 60)
                {
                    senders[island].outbox.deliver(this);
                }
                else if (action < 85)
                {
                    receivers[island].journal(1 + random.nextInt(4));
                }
                else if (action < 92)
                {
                    receivers[island].acknowledge();
                }
                else if (action < 95)
                {
                    senders[island].snapshot();
                }
                else if (action < 96)
                {
                    receivers[island].crash();
                }
                else if (action < 99)
                {
                    receivers[island].recover();
                }
                else
                {
                    senders[island].crashAndRecover();
                }
            }
        }

        void drain()
        {
            refusal = 0;
            for (final Receiver receiver : receivers)
            {
                receiver.recover();
            }
            for (int round = 0; round < DRAIN_ROUNDS; round++)
            {
                boolean quiet = true;
                for (final Sender sender : senders)
                {
                    sender.outbox.deliver(this);
                    quiet &= sender.outbox.depth() == 0;
                }
                for (final Receiver receiver : receivers)
                {
                    quiet &= receiver.ring.isEmpty();
                    receiver.journal(Integer.MAX_VALUE);
                    receiver.acknowledge();
                }
                if (quiet)
                {
                    return;
                }
            }
            fail(context() + "links did not drain in " + DRAIN_ROUNDS + " rounds");
        }

        void assertEveryMessageAppliedOnceInOrder()
        {
            long total = 0;
            for (int source = 0; source < ISLANDS; source++)
            {
                for (int target = 0; target < ISLANDS; target++)
                {
                    if (source == target)
                    {
                        continue;
                    }
                    final String link = context() + source + "->" + target;
                    final List<byte[]> sent = senders[source].sent.get(target);
                    final List<byte[]> applied = receivers[target].applied.get(source);
                    assertEquals(sent.size(), applied.size(), link + " applied count");
                    for (int i = 0; i < sent.size(); i++)
                    {
                        assertArrayEquals(sent.get(i), applied.get(i), link + " message " + (i + 1));
                    }
                    assertEquals(sent.size(), receivers[target].inbound.highWaterMark(source), link);
                    assertEquals(sent.size(), acknowledged[source][target], link);
                    assertEquals(sent.size() + 1, senders[source].outbox.link(target).nextSequence(), link);
                    total += sent.size();
                }
                assertEquals(0, senders[source].outbox.depth(), context() + "island " + source);
                assertFalse(senders[source].outbox.hasUnoffered(), context() + "island " + source);
            }
            assertTrue(total > 3_000, context() + "only " + total + " messages sent");
        }

        void assertFaultsWereExercised()
        {
            assertTrue(refusals > 0, context() + "no offer refused");
            assertTrue(receiverCrashes > 0, context() + "no receiver crashed");
            assertTrue(droppedFromRings > 0, context() + "no crash lost a message from a ring");
            assertTrue(rewinds > 0, context() + "no link rewound");
            assertTrue(senderCrashes > 0, context() + "no sender crashed");
            assertTrue(duplicates > 0, context() + "no duplicate reached a receiver");
        }

        private String context()
        {
            return "seed " + seed + ": ";
        }

        @Override
        public boolean offer(final int source, final int target, final long sequence, final DirectBuffer buffer,
            final int offset, final int length)
        {
            if (random.nextDouble() < refusal)
            {
                refusals++;
                return false;
            }
            return receivers[target].tryReceive(source, sequence, buffer, offset, length);
        }

        @Override
        public void acknowledge(final int source, final int target, final long sequence)
        {
            if (sequence < acknowledged[source][target])
            {
                fail(context() + "acknowledgement of " + source + "->" + target + " went back from " +
                    acknowledged[source][target] + " to " + sequence);
            }
            acknowledged[source][target] = sequence;
        }

        @Override
        public long acknowledged(final int source, final int target)
        {
            return acknowledged[source][target];
        }

        private final class Sender
        {
            private final int self;
            private final List<List<byte[]>> sent = new ArrayList<>();
            private final long[] snapshotFirst = new long[ISLANDS];
            private Outbox outbox;
            private long messages;

            Sender(final int self)
            {
                this.self = self;
                this.outbox = new Outbox(self, ISLANDS, MAX_PAYLOAD);
                for (int target = 0; target < ISLANDS; target++)
                {
                    sent.add(new ArrayList<>());
                    snapshotFirst[target] = 1;
                }
            }

            void send(final int target)
            {
                messages++;
                final long id = ((long)self << 48) | ((long)target << 40) | messages;
                final byte[] payload = Payloads.of(id, Long.BYTES + random.nextInt(MAX_PAYLOAD - Long.BYTES + 1));
                final long sequence = outbox.append(target, Payloads.wrap(payload), 0, payload.length);
                final List<byte[]> link = sent.get(target);
                assertEquals(link.size() + 1, sequence, context() + self + "->" + target);
                link.add(payload);
            }

            void snapshot()
            {
                for (int target = 0; target < ISLANDS; target++)
                {
                    if (target != self)
                    {
                        snapshotFirst[target] = outbox.link(target).firstSequence();
                    }
                }
            }

            void crashAndRecover()
            {
                senderCrashes++;
                final Outbox rebuilt = new Outbox(self, ISLANDS, MAX_PAYLOAD);
                for (int target = 0; target < ISLANDS; target++)
                {
                    if (target == self)
                    {
                        continue;
                    }
                    final List<byte[]> link = sent.get(target);
                    rebuilt.restoreLink(target, snapshotFirst[target]);
                    for (long sequence = snapshotFirst[target]; sequence <= link.size(); sequence++)
                    {
                        final byte[] payload = link.get((int)sequence - 1);
                        rebuilt.append(target, Payloads.wrap(payload), 0, payload.length);
                    }
                    assertEquals(outbox.link(target).nextSequence(), rebuilt.link(target).nextSequence(),
                        context() + self + "->" + target + " regenerated");
                }
                outbox = rebuilt;
                for (int target = 0; target < ISLANDS; target++)
                {
                    if (target != self && !receivers[target].down && random.nextBoolean())
                    {
                        outbox.rewind(target, receivers[target].inbound.highWaterMark(self) + 1);
                        rewinds++;
                    }
                }
            }
        }

        private final class Receiver
        {
            private final int self;
            private final InboundLinks inbound;
            private final ArrayDeque<ReceivedMessage> ring = new ArrayDeque<>();
            private final List<List<byte[]>> applied = new ArrayList<>();
            private boolean down;

            Receiver(final int self)
            {
                this.self = self;
                this.inbound = new InboundLinks(self, ISLANDS);
                for (int source = 0; source < ISLANDS; source++)
                {
                    applied.add(new ArrayList<>());
                }
            }

            boolean tryReceive(final int source, final long sequence, final DirectBuffer buffer, final int offset,
                final int length)
            {
                if (down || ring.size() == RING_CAPACITY)
                {
                    return false;
                }
                ring.add(new ReceivedMessage(source, sequence, Payloads.copy(buffer, offset, length)));
                return true;
            }

            void journal(final int limit)
            {
                for (int i = 0; i < limit && !ring.isEmpty(); i++)
                {
                    final ReceivedMessage message = ring.poll();
                    final LinkVerdict verdict = inbound.classify(message.source(), message.sequence());
                    if (verdict == LinkVerdict.NEXT)
                    {
                        applied.get(message.source()).add(message.payload());
                        inbound.advance(message.source(), message.sequence());
                    }
                    else if (verdict == LinkVerdict.DUPLICATE)
                    {
                        duplicates++;
                    }
                    else
                    {
                        fail(context() + "island " + self + " got " + verdict + " for " + message.source() + "#" +
                            message.sequence() + " at high-water mark " + inbound.highWaterMark(message.source()));
                    }
                }
            }

            void acknowledge()
            {
                if (down)
                {
                    return;
                }
                for (int source = 0; source < ISLANDS; source++)
                {
                    if (source != self)
                    {
                        Simulation.this.acknowledge(source, self, inbound.highWaterMark(source));
                    }
                }
            }

            void crash()
            {
                if (down)
                {
                    return;
                }
                receiverCrashes++;
                droppedFromRings += ring.size();
                ring.clear();
                down = true;
            }

            void recover()
            {
                if (!down)
                {
                    return;
                }
                for (int source = 0; source < ISLANDS; source++)
                {
                    if (source != self)
                    {
                        senders[source].outbox.rewind(self, inbound.highWaterMark(source) + 1);
                        rewinds++;
                    }
                }
                down = false;
            }
        }
    }
}
