package io.archipelago.engine.core;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.journal.JournalReader;
import io.archipelago.engine.journal.RecordSink;
import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.engine.model.ResultCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The core journals before it applies: an append that fails (as Chronicle fails on a full device) leaves the state,
 * the sequence and the replies as they were, and the journal holds exactly the inputs applied.
 */
class IslandCoreJournalFailureTest
{
    private static final long PRODUCT = 3;

    @TempDir
    Path dir;

    /**
     * A real journal whose next append can be made to fail with the error Chronicle throws on a full mapped file.
     */
    private static final class FailingSink implements RecordSink
    {
        private final Journal journal;
        boolean failNext;

        FailingSink(final Journal journal)
        {
            this.journal = journal;
        }

        @Override
        public long append(final byte[] bytes, final int length)
        {
            if (failNext)
            {
                failNext = false;
                throw new InternalError("a fault occurred in a recent unsafe memory access operation");
            }
            return journal.append(bytes, length);
        }

        @Override
        public void sync()
        {
            journal.sync();
        }
    }

    @Test
    void shouldLeaveStateAndSequenceUnchangedWhenAnAppendFails()
    {
        final List<ResultCode> results = new ArrayList<>();
        final Command command = new Command();
        try (Journal journal = Journal.open(0, dir))
        {
            final FailingSink sink = new FailingSink(journal);
            final IslandCore core = new IslandCore(0, new InventoryLogic(0, 1), sink, null, false, 64);
            core.onClientCommand(command.createProduct(PRODUCT, 10), 1_000, (id, code) -> results.add(code), 1);
            command.placeOrder("alice", 1).addLine(PRODUCT, 2);
            core.onClientCommand(command, 1_001, (id, code) -> results.add(code), 2);
            core.endOfBatch();
            final String digest = core.logic().digest();
            final long sequence = core.sequence();

            sink.failNext = true;
            command.placeOrder("alice", 2).addLine(PRODUCT, 3);
            final InternalError failure = assertThrows(InternalError.class,
                () -> core.onClientCommand(command, 1_002, (id, code) -> results.add(code), 3));
            assertTrue(failure.getMessage().contains("unsafe memory access"));
            assertEquals(digest, core.logic().digest(), "the input that failed to journal was not applied");
            assertEquals(sequence, core.sequence(), "nor did it take a sequence");
            core.endOfBatch();
            assertEquals(List.of(ResultCode.CREATED, ResultCode.CONFIRMED), results,
                "no reply for the input that failed");

            command.placeOrder("alice", 3).addLine(PRODUCT, 4);
            core.onClientCommand(command, 1_003, (id, code) -> results.add(code), 4);
            core.endOfBatch();
            assertSame(ResultCode.CONFIRMED, results.get(2));
            assertEquals(sequence + 1, core.sequence(), "the next input takes the next sequence");
            journal.closeAppender();
        }
        try (Journal journal = Journal.openReadOnly(0, dir); JournalReader reader = journal.reader())
        {
            final IslandCore replayed = new IslandCore(0, new InventoryLogic(0, 1), null, null, false, 64);
            assertEquals(3, replayed.replay(reader), "the journal holds the three inputs applied");
            final InventoryLogic live = new InventoryLogic(0, 1);
            final IslandCore reference = new IslandCore(0, live, null, null, false, 64);
            reference.onClientCommand(command.createProduct(PRODUCT, 10), 1_000, null, 0);
            reference.onClientCommand(command.placeOrder("alice", 1).addLine(PRODUCT, 2), 1_001, null, 0);
            reference.onClientCommand(command.placeOrder("alice", 3).addLine(PRODUCT, 4), 1_003, null, 0);
            assertEquals(reference.logic().digest(), replayed.logic().digest(),
                "replay reaches the state of the inputs that were journaled");
        }
    }
}
