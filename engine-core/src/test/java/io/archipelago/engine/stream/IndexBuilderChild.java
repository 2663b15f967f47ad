package io.archipelago.engine.stream;

import java.nio.file.Path;
import java.util.Random;

import io.archipelago.engine.events.EventLog;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.recovery.DataDirectoryLayout;

/**
 * Run in a child JVM by {@link UserIndexCrashTest}: builds island 0's user index over and over in small steps (a
 * segment written and merges done at every step, the whole index dropped and started again at the journal's end),
 * printing {@code READY} once started, until it is killed.
 */
public final class IndexBuilderChild
{
    private IndexBuilderChild()
    {
    }

    /**
     * @param args the data directory and a seed.
     */
    public static void main(final String[] args)
    {
        final DataDirectoryLayout layout = new DataDirectoryLayout(Path.of(args[0]));
        final Random random = new Random(Long.parseLong(args[1]));
        try (Journal journal = Journal.openReadOnly(0, layout.journal(0));
            EventLog events = EventLog.openReadOnly(0, layout.events(0));
            UserIndex index = UserIndex.open(0, layout.users(0), true))
        {
            System.out.println("READY");
            System.out.flush();
            while (true)
            {
                final long before = index.coveredThrough();
                final long covered = index.catchUp(journal, events, before + 1 + random.nextInt(3000));
                index.persist();
                if (covered == before)
                {
                    index.reset(null);
                }
            }
        }
    }
}
