package io.archipelago.engine.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.RecordHeader;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.journal.JournalReader;
import io.archipelago.engine.journal.RecordSource;
import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.messaging.LinkTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay reads records ahead of the one it applies; a record that cannot be read must still leave the state covering
 * exactly the records before it, as replay one record at a time does.
 */
class IslandCoreReplayTest
{
    private static final int RECORDS = 300;

    @TempDir
    Path dir;

    @Test
    void shouldApplyEveryRecordBeforeOneThatCannotBeReadThenThrow()
    {
        try (Journal journal = Journal.open(0, dir.resolve("journal")))
        {
            final IslandCore writer = new IslandCore(0, new InventoryLogic(0, 1), journal, LinkTransport.NONE, false,
                64);
            writer.onClientCommand(new Command().createProduct(1, 1_000_000), 1_000, null, 0);
            for (int i = 1; i < RECORDS; i++)
            {
                writer.onClientCommand(new Command().placeOrder("user-" + (i % 37), i).addLine(1, 1), 1_000 + i,
                    null, 0);
            }
            writer.endOfBatch();
            journal.closeAppender();

            for (final int failAt : new int[] {1, 2, 17, 64, 65, 129, 200, RECORDS})
            {
                final IslandCore ahead = new IslandCore(0, new InventoryLogic(0, 1), null, LinkTransport.NONE, false,
                    64);
                try (JournalReader reader = journal.reader())
                {
                    final RecordSource failing = new FailingAt(reader, failAt, true);
                    final IllegalStateException thrown = assertThrows(IllegalStateException.class,
                        () -> ahead.replay(failing));
                    assertTrue(thrown.getMessage().contains("record " + failAt));
                }
                final IslandCore stepwise = new IslandCore(0, new InventoryLogic(0, 1), null, LinkTransport.NONE,
                    false, 64);
                try (JournalReader reader = journal.reader())
                {
                    assertThrows(IllegalStateException.class, () -> stepwise.replay(new FailingAt(reader, failAt,
                        false)));
                }
                assertEquals(failAt - 1, ahead.sequence(), "records applied before record " + failAt);
                assertEquals(stepwise.sequence(), ahead.sequence());
                assertEquals(stepwise.logic().digest(), ahead.logic().digest(), "state before record " + failAt);
            }
        }
    }

    /**
     * Reads like the journal until record {@code failAt}, which cannot be read.
     */
    private static final class FailingAt implements RecordSource
    {
        private final RecordSource reader;
        private final int failAt;
        private final boolean readAhead;
        private int reads;

        FailingAt(final RecordSource reader, final int failAt, final boolean readAhead)
        {
            this.reader = reader;
            this.failAt = failAt;
            this.readAhead = readAhead;
        }

        @Override
        public boolean next()
        {
            if (++reads == failAt)
            {
                throw new IllegalStateException("record " + failAt + " cannot be read");
            }
            return reader.next();
        }

        @Override
        public RecordHeader header()
        {
            return reader.header();
        }

        @Override
        public Command command()
        {
            return reader.command();
        }

        @Override
        public boolean allowsReadAhead()
        {
            return readAhead;
        }
    }
}
