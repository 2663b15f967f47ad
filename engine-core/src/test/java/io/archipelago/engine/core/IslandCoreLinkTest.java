package io.archipelago.engine.core;

import java.util.ArrayList;
import java.util.List;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.CommandType;
import io.archipelago.engine.journal.RecordSink;
import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.messaging.LinkTransport;
import io.archipelago.messaging.LinkVerdict;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How an island's core treats link messages and when it lets replies and messages out.
 */
class IslandCoreLinkTest
{
    private final CountingSink journal = new CountingSink();
    private final RecordingTransport transport = new RecordingTransport();
    private final IslandCore core = new IslandCore(0, new InventoryLogic(0, 3), journal, transport, false, 64);

    private static Command request(final long requestId)
    {
        return new Command().link(CommandType.TRANSFER_REQUEST, requestId, 7, 2, 2, 0);
    }

    @Test
    void shouldJournalAndApplyTheNextMessageAndAcknowledgeItAtTheEndOfTheBatch()
    {
        assertEquals(LinkVerdict.NEXT, core.onLinkMessage(1, 1, request(1), 1_000));
        assertEquals(1, journal.records, "journaled");
        assertEquals(1, core.logic().inbound().highWaterMark(1));
        assertEquals(0, transport.acknowledged(1, 0), "not acknowledged before the batch ends");
        assertTrue(transport.offered.isEmpty(), "the denial waits for the end of the batch");
        core.endOfBatch();
        assertEquals(1, transport.acknowledged(1, 0));
        assertEquals(List.of("0->1#1"), transport.offered, "the answer leaves after the batch");
    }

    @Test
    void shouldDropADuplicateWithoutJournalingOrChangingState()
    {
        core.onLinkMessage(1, 1, request(1), 1_000);
        final String digest = core.logic().digest();
        assertEquals(LinkVerdict.DUPLICATE, core.onLinkMessage(1, 1, request(1), 1_001));
        assertEquals(1, journal.records);
        assertEquals(1, core.duplicatesDropped());
        assertEquals(digest, core.logic().digest());
    }

    @Test
    void shouldNeverSkipAGapSilently()
    {
        core.onLinkMessage(2, 1, request(1), 1_000);
        final String digest = core.logic().digest();
        assertEquals(LinkVerdict.GAP, core.onLinkMessage(2, 3, request(3), 1_001));
        assertEquals(1, journal.records, "nothing journaled");
        assertEquals(1, core.gapsDetected());
        assertEquals(1, core.logic().inbound().highWaterMark(2), "high-water mark unchanged");
        assertEquals(digest, core.logic().digest());
        assertEquals(LinkVerdict.NEXT, core.onLinkMessage(2, 2, request(2), 1_002), "the missing one still fits");
    }

    @Test
    void shouldDropAMessageFromAnUnknownIsland()
    {
        final String digest = core.logic().digest();
        assertEquals(LinkVerdict.UNKNOWN_SOURCE, core.onLinkMessage(9, 1, request(1), 1_000));
        assertEquals(LinkVerdict.UNKNOWN_SOURCE, core.onLinkMessage(0, 1, request(1), 1_000), "nor from itself");
        assertEquals(2, core.unknownSourceDropped());
        assertEquals(0, journal.records);
        assertEquals(digest, core.logic().digest());
    }

    @Test
    void shouldDropAnInvalidLinkMessage()
    {
        final String digest = core.logic().digest();
        final Command grantOfNothing = new Command().link(CommandType.TRANSFER_GRANT, 1, 7, 0, 0, 0);
        core.onLinkMessage(1, 1, grantOfNothing, 1_000);
        assertEquals(1, core.invalidLinkDropped());
        assertEquals(0, journal.records);
        assertEquals(digest, core.logic().digest());
    }

    @Test
    void shouldReleaseRepliesOnlyAtTheEndOfTheBatch()
    {
        final List<ResultCode> replies = new ArrayList<>();
        core.onClientCommand(new Command().createProduct(7, 30), 1_000, (c, r) -> replies.add(r), 0);
        assertTrue(replies.isEmpty(), "held until the batch ends");
        core.endOfBatch();
        assertEquals(List.of(ResultCode.CREATED), replies);
    }

    @Test
    void shouldJournalATickOnlyWhenADeadlineIsDue()
    {
        assertTrue(!core.onTick(5_000), "nothing scheduled");
        core.onClientCommand(new Command().placeOrder("a", 1).addLine(99, 1).timeoutMillis(100), 1_000, null, 0);
        assertEquals(1, journal.records);
        assertTrue(!core.onTick(1_050));
        assertTrue(core.onTick(1_100), "the order's deadline");
        assertEquals(2, journal.records);
        assertEquals(OrderState.REJECTED, core.logic().order("a", 1).state());
    }

    private static final class CountingSink implements RecordSink
    {
        int records;

        @Override
        public long append(final byte[] bytes, final int length)
        {
            return records++;
        }

        @Override
        public void sync()
        {
        }
    }

    private static final class RecordingTransport implements LinkTransport
    {
        final List<String> offered = new ArrayList<>();
        final long[][] acknowledged = new long[3][3];

        @Override
        public boolean offer(final int source, final int target, final long sequence, final DirectBuffer buffer,
            final int offset, final int length)
        {
            offered.add(source + "->" + target + "#" + sequence);
            return true;
        }

        @Override
        public void acknowledge(final int source, final int target, final long sequence)
        {
            acknowledged[source][target] = sequence;
        }

        @Override
        public long acknowledged(final int source, final int target)
        {
            return acknowledged[source][target];
        }
    }
}
