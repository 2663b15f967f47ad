package io.archipelago.engine.invariants;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.CommandType;
import io.archipelago.engine.codec.RecordCodec;
import io.archipelago.engine.codec.RecordDescriptor;
import io.archipelago.engine.codec.RecordHeader;
import io.archipelago.engine.journal.RecordSource;
import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.engine.logic.LogicOutput;
import io.archipelago.engine.model.ProductView;
import io.archipelago.messaging.LinkOutbox;
import io.archipelago.messaging.LinkTransport;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InvariantsTest
{
    private static final long PRODUCT = 1;
    private static final long CREATED = 10;

    @Test
    void shouldFindNothingWhenAnOrderWasServedByATransferAndTheLinksAreDrained()
    {
        final Islands islands = new Islands(2);
        islands.createEverywhere(PRODUCT, CREATED);
        islands.client(0, new Command().placeOrder("alice", 1).addLine(PRODUCT, 8));
        islands.deliverAll();

        final Invariants invariants = Invariants.of(islands.states())
            .checkAllocations()
            .checkConservation()
            .checkConservation(Map.of(PRODUCT, CREATED))
            .checkOrders()
            .checkLinks()
            .checkJournals(islands.scans())
            .checkDeadlines(islands.scans())
            .checkQuiet();

        assertEquals(List.of(), invariants.violations());
        assertEquals(8, invariants.total(PRODUCT).sold());
        assertTrue(islands.states().get(0).product(PRODUCT).transferredIn() > 0, "the order needed a transfer");
    }

    @Test
    void shouldReportUnitsCreatedOtherThanTheCallerKnows()
    {
        final Islands islands = new Islands(2);
        islands.createEverywhere(PRODUCT, CREATED);

        final List<Violation> violations = Invariants.of(islands.states())
            .checkConservation(Map.of(PRODUCT, CREATED + 1, 2L, 3L))
            .violations();

        assertEquals(List.of(Invariant.UNITS_CREATED, Invariant.CONSERVATION, Invariant.UNITS_CREATED,
            Invariant.CONSERVATION), invariants(violations));
        assertEquals(Arrays.asList(PRODUCT, PRODUCT, 2L, 2L), violations.stream().map(Violation::product).toList());
    }

    @Test
    void shouldReportANegativeAndUnbalancedIslandOnly()
    {
        final ProductView balanced = new ProductView(PRODUCT, true, 1, 5, 2, 1, 2, 0);
        final ProductView oversold = new ProductView(PRODUCT, true, 1, 5, -1, 0, 5, 0);
        assertEquals(List.of(), Invariants.ofViews(List.of(List.of(balanced), List.of(balanced)))
            .checkAllocations().checkConservation().checkQuiet().violations().stream()
            .filter(violation -> violation.invariant() != Invariant.UNITS_RESERVED).toList());

        final List<Violation> violations = Invariants.ofViews(List.of(List.of(balanced), List.of(oversold)))
            .checkAllocations()
            .violations();

        assertEquals(List.of(Invariant.NEGATIVE_ALLOCATION, Invariant.ALLOCATION_BALANCE), invariants(violations));
        assertEquals(List.of(1, 1), violations.stream().map(Violation::island).toList());
    }

    @Test
    void shouldReportAConservationBreakOverIslandsThatEachBalance()
    {
        final ProductView granted = new ProductView(PRODUCT, true, 1, 5, 1, 0, 0, 4);
        final ProductView neverReceived = new ProductView(PRODUCT, true, 1, 5, 5, 0, 0, 0);
        final Invariants invariants = Invariants.ofViews(List.of(List.of(granted), List.of(neverReceived)));

        assertEquals(List.of(), invariants.checkAllocations().checkConservation().violations());
        assertEquals(List.of(Invariant.UNITS_IN_FLIGHT), invariants(invariants.checkQuiet().violations()));
        assertEquals(new ProductView(PRODUCT, true, 2, 10, 6, 0, 0, 4), invariants.total(PRODUCT));
    }

    @Test
    void shouldReportAGrantItsSenderNeverSent()
    {
        final Islands islands = new Islands(2);
        islands.createEverywhere(PRODUCT, CREATED);
        islands.link(0, 1, 1, new Command().link(CommandType.TRANSFER_GRANT, 77, PRODUCT, 3, 0, 0));

        final List<Violation> violations = Invariants.of(islands.states())
            .checkAllocations()
            .checkConservation(Map.of(PRODUCT, CREATED))
            .checkLinks()
            .violations();

        assertEquals(List.of(Invariant.UNSENT_MESSAGE_APPLIED), invariants(violations));
        assertEquals(Integer.valueOf(1), violations.get(0).linkSource());
        assertEquals(Integer.valueOf(0), violations.get(0).island());
    }

    @Test
    void shouldReportMoreUnitsReceivedThanGranted()
    {
        final ProductView receivedUngranted = new ProductView(PRODUCT, true, 1, 5, 8, 0, 0, -3);
        final ProductView untouched = new ProductView(PRODUCT, true, 1, 5, 5, 0, 0, 0);

        final List<Violation> violations = Invariants.ofViews(List.of(List.of(receivedUngranted), List.of(untouched)))
            .checkAllocations()
            .checkConservation(Map.of(PRODUCT, CREATED))
            .violations();

        assertEquals(List.of(Invariant.NEGATIVE_IN_FLIGHT), invariants(violations));
    }

    @Test
    void shouldReportWhatIsStillOpenWhenTheCallerExpectedQuiet()
    {
        final Islands islands = new Islands(2);
        islands.createEverywhere(PRODUCT, CREATED);
        islands.client(0, new Command().placeOrder("alice", 1).addLine(PRODUCT, 8));

        final List<Violation> violations = Invariants.of(islands.states())
            .checkAllocations()
            .checkConservation()
            .checkOrders()
            .checkLinks()
            .checkJournals(islands.scans())
            .checkQuiet()
            .violations();

        assertEquals(List.of(Invariant.ORDER_PENDING, Invariant.UNITS_RESERVED, Invariant.MESSAGE_UNAPPLIED),
            invariants(violations));
        assertEquals("alice#1", violations.get(0).order());
        assertEquals("message_unapplied island 1 link 0->1: 1 messages sent and not applied once quiet",
            violations.get(2).toString());
    }

    @Test
    void shouldReportAMessageTheSenderDroppedBeforeTheReceiverAppliedIt()
    {
        final Islands islands = new Islands(2);
        islands.createEverywhere(PRODUCT, CREATED);
        islands.client(0, new Command().placeOrder("alice", 1).addLine(PRODUCT, 8));
        final LinkOutbox link = islands.states().get(0).outbox().link(1);
        assertEquals(1, link.offer(0, new LinkTransport()
        {
            @Override
            public boolean offer(final int source, final int target, final long sequence, final DirectBuffer buffer,
                final int offset, final int length)
            {
                return true;
            }

            @Override
            public void acknowledge(final int source, final int target, final long sequence)
            {
            }

            @Override
            public long acknowledged(final int source, final int target)
            {
                return 0;
            }
        }));
        link.acknowledge(1);

        assertEquals(List.of(Invariant.MESSAGE_LOST),
            invariants(Invariants.of(islands.states()).checkLinks().violations()));
    }

    @Test
    void shouldReportAnOrderPendingPastItsDeadlineOnly()
    {
        final Islands islands = new Islands(2);
        islands.createEverywhere(PRODUCT, CREATED);
        islands.client(0, new Command().placeOrder("alice", 1).timeoutMillis(100).addLine(PRODUCT, 8));
        final long deadline = islands.states().get(0).order("alice", 1).deadline();

        assertEquals(List.of(), Invariants.of(islands.states()).checkDeadlines(List.of(
            journalEndingAt(0, deadline), journalEndingAt(1, deadline))).violations());
        final List<Violation> violations = Invariants.of(islands.states()).checkDeadlines(List.of(
            journalEndingAt(0, deadline + 1), journalEndingAt(1, deadline + 1))).violations();
        assertEquals(List.of(Invariant.ORDER_PAST_DEADLINE), invariants(violations));
        assertEquals("alice#1", violations.get(0).order());
    }

    @Test
    void shouldReportLinkMessagesRepeatedSkippedOrFromNoIslandInAJournal()
    {
        final Islands islands = new Islands(2);
        final Command grant = new Command().link(CommandType.TRANSFER_GRANT, 1, PRODUCT, 1, 0, 0);
        islands.journal(0, grant, 1, 1);
        islands.journal(0, grant, 1, 1);
        islands.journal(0, grant, 1, 3);
        islands.journal(0, grant, 5, 1);

        final List<Violation> violations = Invariants.of(islands.states()).checkJournals(islands.scans())
            .violations();

        assertEquals(List.of(Invariant.LINK_SOURCE, Invariant.DUPLICATE_LINK_APPLY, Invariant.LINK_GAP,
            Invariant.LINK_JOURNAL_MISMATCH), invariants(violations));
        assertEquals(2, islands.scans().get(0).messages());
        assertEquals(3, islands.scans().get(0).highest()[1]);
    }

    private static JournalLinks journalEndingAt(final int island, final long timestamp)
    {
        return new JournalLinks(island, 1, timestamp, new long[2], 0, List.of());
    }

    private static List<Invariant> invariants(final List<Violation> violations)
    {
        return violations.stream().map(Violation::invariant).toList();
    }

    /**
     * Islands whose every input is journaled in memory, with links delivered by hand in order.
     */
    private static final class Islands
    {
        private final List<InventoryLogic> states = new ArrayList<>();
        private final List<List<byte[]>> journals = new ArrayList<>();
        private final long[] delivered;
        private final RecordCodec codec = new RecordCodec();
        private long now = 1_000;

        Islands(final int count)
        {
            delivered = new long[count * count];
            for (int island = 0; island < count; island++)
            {
                states.add(new InventoryLogic(island, count));
                journals.add(new ArrayList<>());
            }
        }

        List<InventoryLogic> states()
        {
            return states;
        }

        void createEverywhere(final long productId, final long units)
        {
            for (int island = 0; island < states.size(); island++)
            {
                client(island, new Command().createProduct(productId, units));
            }
        }

        void client(final int island, final Command command)
        {
            journal(island, command, RecordDescriptor.SOURCE_CLIENT, 0);
            states.get(island).apply(command, now, LogicOutput.DISCARD);
        }

        void link(final int island, final int source, final long sequence, final Command command)
        {
            journal(island, command, source, sequence);
            states.get(island).apply(command, now, source, sequence, LogicOutput.DISCARD);
        }

        void journal(final int island, final Command command, final int source, final long sourceSequence)
        {
            final List<byte[]> journal = journals.get(island);
            final int length = codec.encode(command, journal.size() + 1, now, source, sourceSequence);
            journal.add(Arrays.copyOf(codec.bytes(), length));
        }

        void deliverAll()
        {
            final int count = states.size();
            boolean progress = true;
            while (progress)
            {
                progress = false;
                for (int source = 0; source < count; source++)
                {
                    for (int target = 0; target < count; target++)
                    {
                        while (source != target && deliverOne(source, target))
                        {
                            progress = true;
                        }
                    }
                }
            }
        }

        private boolean deliverOne(final int source, final int target)
        {
            final long next = delivered[source * states.size() + target] + 1;
            final Command message = new Command();
            final boolean[] found = new boolean[1];
            states.get(source).outbox().link(target).forEach(next, (to, sequence, buffer, offset, length) ->
            {
                if (!found[0] && sequence == next)
                {
                    RecordCodec.decodeLinkPayload(buffer, offset, message);
                    found[0] = true;
                }
            });
            if (found[0])
            {
                delivered[source * states.size() + target] = next;
                now++;
                link(target, source, next, message);
            }
            return found[0];
        }

        List<JournalLinks> scans()
        {
            final List<JournalLinks> scans = new ArrayList<>();
            for (int island = 0; island < states.size(); island++)
            {
                scans.add(JournalLinks.scan(island, states.size(), reader(journals.get(island))));
            }
            return scans;
        }

        private RecordSource reader(final List<byte[]> records)
        {
            return new RecordSource()
            {
                private final RecordCodec decoder = new RecordCodec();
                private final RecordHeader header = new RecordHeader();
                private final Command command = new Command();
                private int next;

                @Override
                public boolean next()
                {
                    if (next == records.size())
                    {
                        return false;
                    }
                    final byte[] record = records.get(next++);
                    System.arraycopy(record, 0, decoder.bytes(), 0, record.length);
                    decoder.decode(record.length, header, command);
                    return true;
                }

                @Override
                public RecordHeader header()
                {
                    return header;
                }

                @Override
                public Command command()
                {
                    return command;
                }
            };
        }
    }
}
