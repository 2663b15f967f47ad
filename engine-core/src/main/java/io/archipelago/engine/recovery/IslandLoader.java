package io.archipelago.engine.recovery;

import java.util.ArrayList;
import java.util.List;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.RecordHeader;
import io.archipelago.engine.core.IslandCore;
import io.archipelago.engine.journal.CorruptJournalException;
import io.archipelago.engine.journal.RecordSource;
import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.engine.logic.LogicSnapshot;
import io.archipelago.engine.model.TransferStrategy;

/**
 * The one way an island is rebuilt from what survived: the engine when it opens, every read-only tool, and the
 * simulator after a crash all call {@link #load}, so they always reach the same verdict on the same history.
 * <pre>
 *   snapshots, newest first --usable?--> restore it, replay the journal after it
 *        | none usable (each skip is reported)
 *        v
 *   replay the whole journal (optionally comparing the digest at each snapshot's sequence)
 *        |
 *   refusal rules, in order:
 *     MISSING_RECORDS  the journal ends before the newest snapshot's sequence
 *     DAMAGED          the manifest exists but cannot be read
 *     MISSING_RECORDS  the journal ends before the sequence the manifest records as durable
 *     DAMAGED          the clean-shutdown record exists but cannot be read
 *     MISSING_RECORDS  the journal ends before the clean-shutdown record's sequence
 *     STATE_DIFFERS    the journal ends at the clean-shutdown sequence but replay reached another digest
 * </pre>
 * A damaged record in the part of the journal that is read is a {@link CorruptJournalException}, thrown as it is
 * found; anything else that stops the replay (a link message out of place in a journal that was swapped or replaced,
 * a Chronicle file it cannot map) is thrown as a {@code DAMAGED} refusal naming the island and the journal. The caller decides what a refusal means: the engine throws it, a
 * tool reports it.
 */
public final class IslandLoader
{
    private IslandLoader()
    {
    }

    /**
     * Receives progress while an island is replayed.
     */
    @FunctionalInterface
    public interface Progress
    {
        /**
         * @param partition an island.
         * @param records   records it has replayed so far.
         */
        void onProgress(int partition, long records);
    }

    /**
     * How to load.
     *
     * @param useSnapshots   start from the newest usable snapshot (else replay the whole journal).
     * @param checkSnapshots when the whole journal is replayed, compare each readable snapshot's digest with the
     *                       digest replay reaches at its sequence.
     * @param strategy       the transfer strategy snapshots are read with.
     * @param progress       told about progress every 64k records, or {@code null}.
     */
    public record Options(boolean useSnapshots, boolean checkSnapshots, TransferStrategy strategy, Progress progress)
    {
        /**
         * @param strategy the transfer strategy.
         * @return what the engine uses: newest usable snapshot, no snapshot checks, no progress.
         */
        public static Options engine(final TransferStrategy strategy)
        {
            return new Options(true, false, strategy, null);
        }
    }

    /**
     * A snapshot compared with a replay of the journal up to the snapshot's sequence.
     *
     * @param sequence the island sequence the snapshot covers.
     * @param recorded the digest the snapshot recorded.
     * @param replayed the digest replay reached at that sequence, or {@code null} when the journal ends before it.
     */
    public record SnapshotCheck(long sequence, String recorded, String replayed)
    {
        /**
         * @return true when replay reached the recorded digest.
         */
        public boolean matches()
        {
            return recorded.equals(replayed);
        }
    }

    /**
     * What loading did.
     *
     * @param island           the island.
     * @param snapshotSequence island sequence of the snapshot used, or -1 for the journal start.
     * @param records          journal records replayed.
     * @param nanos            time taken.
     * @param cleanShutdown    the clean-shutdown record, or {@code null} (also when unreadable).
     * @param verified         true when the journal ends where the last clean shutdown left it with the same digest.
     * @param skippedSnapshots one line per snapshot passed over, newest first, naming it and why.
     * @param snapshotChecks   with {@link Options#checkSnapshots}, one per readable snapshot, oldest first.
     * @param refusal          why the island must not be run or trusted, or {@code null}.
     */
    public record Result(int island, long snapshotSequence, long records, long nanos, CleanShutdownFile cleanShutdown,
        boolean verified, List<String> skippedSnapshots, List<SnapshotCheck> snapshotChecks,
        IslandRefusedException refusal)
    {
        /**
         * @return this result when there is no refusal.
         * @throws IslandRefusedException the refusal.
         */
        public Result orThrow()
        {
            if (null != refusal)
            {
                throw refusal;
            }
            return this;
        }
    }

    /**
     * Rebuilds an island into {@code core}, which must be empty, with every output discarded.
     *
     * @param core    an empty core of the island; holds the rebuilt state afterwards.
     * @param history what survived.
     * @param options how to load.
     * @return what loading did, with the refusal if a rule is broken.
     * @throws io.archipelago.engine.journal.CorruptJournalException when a record read is damaged.
     */
    public static Result load(final IslandCore core, final IslandHistory history, final Options options)
    {
        try
        {
            return loadOrFail(core, history, options);
        }
        catch (final CorruptJournalException | IslandRefusedException ex)
        {
            throw ex;
        }
        catch (final RuntimeException | InternalError | StackOverflowError ex)
        {
            throw new IslandRefusedException(history.island(), history.journalName(),
                IslandRefusedException.Kind.DAMAGED, "island " + history.island() + ": journal " +
                history.journalName() + " cannot be replayed: " + firstLine(ex) + "; refusing to run on it");
        }
    }

    private static String firstLine(final Throwable ex)
    {
        final String message = null == ex.getMessage() ? ex.getClass().getName() :
            ex.getClass().getSimpleName() + ": " + ex.getMessage();
        final int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }

    private static Result loadOrFail(final IslandCore core, final IslandHistory history, final Options options)
    {
        final long start = System.nanoTime();
        final int island = history.island();
        final List<Long> sequences = history.snapshotSequences();
        final long newestSnapshot = sequences.isEmpty() ? 0 : sequences.get(0);
        final List<String> skipped = new ArrayList<>();
        final List<SnapshotCheck> checks = new ArrayList<>();
        long snapshotUsed = -1;
        long records = 0;
        if (options.useSnapshots())
        {
            for (final long sequence : sequences)
            {
                final long replayed = replayAfterSnapshot(core, history, sequence, options, skipped);
                if (replayed >= 0)
                {
                    snapshotUsed = sequence;
                    records = replayed;
                    break;
                }
            }
        }
        if (snapshotUsed < 0)
        {
            records = replayWholeJournal(core, history, options, sequences, checks);
        }
        CleanShutdownFile clean = null;
        IslandRefusedException refusal = null;
        boolean verified = false;
        if (core.sequence() < newestSnapshot)
        {
            refusal = new IslandRefusedException(island, history.journalName(),
                IslandRefusedException.Kind.MISSING_RECORDS, "island " + island + ": journal " +
                history.journalName() + " ends at sequence " + core.sequence() + " but a snapshot covers up to " +
                newestSnapshot + " (" + history.snapshotName(newestSnapshot) + "); records are missing, refusing " +
                "to run without them");
        }
        if (null == refusal)
        {
            refusal = checkDurableFloor(core, history);
        }
        if (null == refusal)
        {
            try
            {
                clean = history.cleanShutdown();
            }
            catch (final IllegalStateException ex)
            {
                refusal = new IslandRefusedException(island, history.cleanShutdownName(),
                    IslandRefusedException.Kind.DAMAGED, "island " + island + ": " + ex.getMessage());
            }
        }
        if (null == refusal && null != clean && core.sequence() < clean.sequence())
        {
            refusal = new IslandRefusedException(island, history.journalName(),
                IslandRefusedException.Kind.MISSING_RECORDS, "island " + island + ": journal " +
                history.journalName() + " ends at sequence " + core.sequence() + " but the island had journaled " +
                clean.sequence() + " records at its last clean shutdown (" + history.cleanShutdownName() + "); " +
                "records are missing, refusing to run without them");
        }
        if (null == refusal && null != clean && clean.sequence() == core.sequence())
        {
            final String digest = core.logic().digest();
            if (digest.equals(clean.digest()))
            {
                verified = true;
            }
            else
            {
                refusal = new IslandRefusedException(island, history.journalName(),
                    IslandRefusedException.Kind.STATE_DIFFERS, "island " + island + ": replay of " +
                    history.journalName() + " reached digest " + digest + " at sequence " + core.sequence() +
                    " but the digest recorded at the last clean shutdown was " + clean.digest() + "; refusing " +
                    "to run on state that differs");
            }
        }
        return new Result(island, snapshotUsed, records, System.nanoTime() - start, clean, verified,
            List.copyOf(skipped), List.copyOf(checks), refusal);
    }

    private static IslandRefusedException checkDurableFloor(final IslandCore core, final IslandHistory history)
    {
        final int island = history.island();
        final long floor;
        try
        {
            floor = history.durableFloor();
        }
        catch (final IllegalStateException ex)
        {
            return new IslandRefusedException(island, history.durableFloorName(), IslandRefusedException.Kind.DAMAGED,
                "island " + island + ": " + ex.getMessage());
        }
        if (core.sequence() < floor)
        {
            return new IslandRefusedException(island, history.journalName(),
                IslandRefusedException.Kind.MISSING_RECORDS, "island " + island + ": journal " +
                history.journalName() + " ends at sequence " + core.sequence() + " but " +
                history.durableFloorName() + " records sequence " + floor + " as durable; records are missing, " +
                "refusing to run without them");
        }
        return null;
    }

    /**
     * @return records replayed after the snapshot, or -1 when it is unusable (the reason added to {@code skipped}).
     */
    private static long replayAfterSnapshot(final IslandCore core, final IslandHistory history, final long sequence,
        final Options options, final List<String> skipped)
    {
        final String name = history.snapshotName(sequence);
        final SnapshotStore.Snapshot snapshot;
        final InventoryLogic restored;
        try
        {
            snapshot = history.readSnapshot(sequence);
            if (snapshot.island() != history.island() || snapshot.islands() != core.logic().islands())
            {
                skipped.add(name + " is of island " + snapshot.island() + " of " + snapshot.islands());
                return -1;
            }
            restored = LogicSnapshot.read(snapshot.state(), options.strategy());
            if (restored.island() != history.island() || !restored.digest().equals(snapshot.digest()))
            {
                skipped.add(name + " does not rebuild the state it recorded");
                return -1;
            }
        }
        catch (final RuntimeException ex)
        {
            skipped.add(name + ": " + ex.getMessage());
            return -1;
        }
        try (RecordSource reader = history.readerAfter(snapshot.journalIndex(), snapshot.sequence()))
        {
            if (null == reader)
            {
                skipped.add(name + " names journal index 0x" + Long.toHexString(snapshot.journalIndex()) +
                    ", which " + history.journalName() + " does not hold");
                return -1;
            }
            core.restore(restored, snapshot.sequence(), snapshot.timestamp(), snapshot.journalIndex());
            return replay(core, reader, history.island(), options.progress(), null);
        }
    }

    private static long replayWholeJournal(final IslandCore core, final IslandHistory history, final Options options,
        final List<Long> sequences, final List<SnapshotCheck> checks)
    {
        final List<SnapshotStore.Snapshot> snapshots = new ArrayList<>();
        if (options.checkSnapshots())
        {
            for (final long sequence : sequences)
            {
                try
                {
                    final SnapshotStore.Snapshot snapshot = history.readSnapshot(sequence);
                    if (snapshot.island() == history.island() && snapshot.islands() == core.logic().islands())
                    {
                        snapshots.add(0, snapshot);
                    }
                }
                catch (final IllegalStateException ex)
                {
                    continue;
                }
            }
        }
        final String[] reached = new String[snapshots.size()];
        final Runnable atEachRecord = snapshots.isEmpty() ? null : () ->
        {
            for (int i = 0; i < reached.length; i++)
            {
                if (snapshots.get(i).sequence() == core.sequence())
                {
                    reached[i] = core.logic().digest();
                }
            }
        };
        final long records;
        try (RecordSource reader = history.reader())
        {
            records = replay(core, reader, history.island(), options.progress(), atEachRecord);
        }
        for (int i = 0; i < reached.length; i++)
        {
            checks.add(new SnapshotCheck(snapshots.get(i).sequence(), snapshots.get(i).digest(), reached[i]));
        }
        return records;
    }

    private static long replay(final IslandCore core, final RecordSource reader, final int island,
        final Progress progress, final Runnable atEachRecord)
    {
        if (null == progress && null == atEachRecord)
        {
            return core.replay(reader);
        }
        final long[] reads = new long[1];
        final long replayed = core.replay(new CheckpointSource(reader, null == atEachRecord, () ->
        {
            if (null != atEachRecord)
            {
                atEachRecord.run();
            }
            if (null != progress && reads[0] > 0 && (reads[0] & 0xFFFF) == 0)
            {
                progress.onProgress(island, reads[0]);
            }
            reads[0]++;
        }));
        if (null != progress)
        {
            progress.onProgress(island, replayed);
        }
        return replayed;
    }

    /**
     * Positions a reader near a sequence without decoding every record before it: a snapshot taken before that
     * sequence records the journal position of its last record, so reading can resume right after it. Snapshots that
     * are damaged, foreign or point past the journal are passed over; without a usable one, reading starts at the
     * journal's first record.
     *
     * @param history the island's history.
     * @param from    the first sequence wanted, at least 1.
     * @return an open reader whose next record has a sequence of at most {@code from}; the caller closes it.
     */
    public static RecordSource readerFrom(final IslandHistory history, final long from)
    {
        if (from > 1)
        {
            for (final long sequence : history.snapshotSequences())
            {
                if (sequence >= from || sequence < 1)
                {
                    continue;
                }
                try
                {
                    final SnapshotStore.Snapshot snapshot = history.readSnapshot(sequence);
                    if (snapshot.island() != history.island())
                    {
                        continue;
                    }
                    final RecordSource reader = history.readerAfter(snapshot.journalIndex(), snapshot.sequence());
                    if (null != reader)
                    {
                        return reader;
                    }
                }
                catch (final RuntimeException ex)
                {
                    continue;
                }
            }
        }
        return history.reader();
    }

    /**
     * Runs an action before each record is read, and once more at the end. Without read-ahead the state covers
     * exactly the records read so far each time (what a snapshot check needs); with it, progress is counted as records
     * are read.
     */
    private static final class CheckpointSource implements RecordSource
    {
        private final RecordSource reader;
        private final boolean readAhead;
        private final Runnable check;

        CheckpointSource(final RecordSource reader, final boolean readAhead, final Runnable check)
        {
            this.reader = reader;
            this.readAhead = readAhead;
            this.check = check;
        }

        @Override
        public boolean allowsReadAhead()
        {
            return readAhead && reader.allowsReadAhead();
        }

        @Override
        public boolean next()
        {
            check.run();
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
    }
}
