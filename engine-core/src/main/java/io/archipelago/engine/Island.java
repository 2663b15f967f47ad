package io.archipelago.engine;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.archipelago.engine.codec.CorruptRecordException;
import io.archipelago.engine.codec.RecordCodec;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.journal.JournalReader;
import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.engine.logic.LogicSnapshot;
import io.archipelago.engine.logic.TransferPolicy;
import io.archipelago.messaging.LinkReceiver;
import io.archipelago.messaging.LinkTransport;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One island at run time: an ingress ring that client threads and other islands publish into, and one thread that
 * runs the island's {@link IslandCore} over it. End of a Disruptor batch is the group commit: replies and outbound
 * link messages of the batch leave then.
 * <pre>
 *   client threads ---claim/publish (bounded wait)--+
 *   other islands' outboxes ---tryNext (never waits)-+--> [ring] --> IslandHandler --> IslandCore
 *   engine ticker ---TICK when a deadline is due-----+
 * </pre>
 */
final class Island implements LinkReceiver
{
    private static final Logger LOG = LoggerFactory.getLogger(Island.class);
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final int index;
    private final Path directory;
    private final Journal journal;
    private final IslandCore core;
    private final EpochClock clock;
    private final TransferPolicy policy;
    private final long submitTimeoutNanos;
    private final LinkTransport transport;
    private final Disruptor<IngressEvent> disruptor;
    private final RingBuffer<IngressEvent> ring;
    private final AtomicInteger submitsInProgress = new AtomicInteger();
    private final AtomicBoolean tickQueued = new AtomicBoolean();
    private volatile boolean closed;
    private volatile boolean stopping;
    private volatile boolean started;
    private volatile Throwable failure;
    private volatile long wakeAt = Long.MAX_VALUE;

    private final int islands;
    private final SnapshotStore snapshots;
    private final long snapshotEveryRecords;
    private final long snapshotEveryMillis;
    private final int snapshotsToKeep;
    private long lastSnapshotSequence;
    private long lastSnapshotMillis;

    private long replayedRecords;
    private long replayNanos;
    private long recoveredFromSnapshot = -1;
    private boolean verifiedCleanShutdown;

    Island(final int index, final int islands, final Path directory, final ArchipelagoConfig config,
        final LinkTransport transport)
    {
        this.index = index;
        this.islands = islands;
        this.directory = directory;
        this.snapshots = null == directory ? null : new SnapshotStore(directory.resolve("snapshots"));
        this.snapshotEveryRecords = config.snapshotEveryRecords();
        this.snapshotEveryMillis = config.snapshotEvery().toMillis();
        this.snapshotsToKeep = config.snapshotsToKeep();
        this.journal = config.durability() == Durability.NONE ? null :
            Journal.open(index, directory.resolve("journal"));
        this.policy = config.transferPolicy();
        this.transport = transport;
        this.core = new IslandCore(index, new InventoryLogic(index, islands, policy.strategy()), journal, transport,
            config.durability() == Durability.JOURNALED_SYNC, config.ringSize());
        this.clock = config.clock();
        this.submitTimeoutNanos = config.submitTimeout().toNanos();
        this.disruptor = new Disruptor<>(IngressEvent::new, config.ringSize(),
            runnable -> newThread(runnable, index), ProducerType.MULTI, config.waitStrategy().newWaitStrategy());
        this.disruptor.handleEventsWith(new IslandHandler());
        this.disruptor.setDefaultExceptionHandler(new IslandExceptionHandler());
        this.ring = disruptor.getRingBuffer();
    }

    private static Thread newThread(final Runnable runnable, final int index)
    {
        final Thread thread = new Thread(runnable, "archipelago-island-" + index);
        thread.setDaemon(true);
        return thread;
    }

    int index()
    {
        return index;
    }

    IslandCore core()
    {
        return core;
    }

    /**
     * Rebuilds state from the newest usable snapshot plus the journal after it (or the whole journal), with outputs
     * discarded. Called before {@link #start()} on a replay thread. A damaged or foreign snapshot is skipped with a
     * warning and an older one (or the journal start) is used instead; a damaged journal is an error.
     */
    void replay()
    {
        if (null == journal)
        {
            return;
        }
        final long start = System.nanoTime();
        long newestSnapshotSequence = 0;
        for (final Path file : snapshots.list())
        {
            newestSnapshotSequence = Math.max(newestSnapshotSequence, SnapshotStore.sequenceOf(file));
            if (replayFromSnapshot(file))
            {
                break;
            }
        }
        if (recoveredFromSnapshot < 0)
        {
            try (JournalReader reader = journal.reader())
            {
                replayedRecords = core.replay(reader);
            }
        }
        replayNanos = System.nanoTime() - start;
        lastSnapshotSequence = Math.max(0, recoveredFromSnapshot);
        if (core.sequence() < newestSnapshotSequence)
        {
            throw new IllegalStateException("island " + index + ": journal " + journal.directory() + " ends at " +
                "sequence " + core.sequence() + " but a snapshot covers up to " + newestSnapshotSequence +
                "; records are missing, refusing to run without them");
        }
        final CleanShutdownFile clean = CleanShutdownFile.read(directory);
        if (null != clean && core.sequence() < clean.sequence())
        {
            throw new IllegalStateException("island " + index + ": journal " + journal.directory() + " ends at " +
                "sequence " + core.sequence() + " but the island had journaled " + clean.sequence() + " records at " +
                "its last clean shutdown; records are missing, refusing to run without them");
        }
        if (null != clean && clean.sequence() == core.sequence())
        {
            final String digest = core.logic().digest();
            if (!digest.equals(clean.digest()))
            {
                throw new IllegalStateException("island " + index + ": replay of " + journal.directory() +
                    " reached digest " + digest + " at sequence " + core.sequence() + " but the digest recorded " +
                    "at the last clean shutdown was " + clean.digest() + "; refusing to run on state that differs");
            }
            verifiedCleanShutdown = true;
        }
    }

    private boolean replayFromSnapshot(final Path file)
    {
        final SnapshotStore.Snapshot snapshot;
        final InventoryLogic restored;
        try
        {
            snapshot = SnapshotStore.read(file);
            if (snapshot.island() != index || snapshot.islands() != islands)
            {
                throw new IllegalStateException("snapshot " + file + " is of island " + snapshot.island() + " of " +
                    snapshot.islands());
            }
            restored = LogicSnapshot.read(snapshot.state(), policy.strategy());
            if (restored.island() != index || !restored.digest().equals(snapshot.digest()))
            {
                throw new IllegalStateException("snapshot " + file + " does not rebuild the state it recorded");
            }
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("island {}: skipping unusable snapshot: {}", index, ex.getMessage());
            return false;
        }
        try (JournalReader reader = journal.reader())
        {
            if (!reader.startAfter(snapshot.journalIndex(), snapshot.sequence()))
            {
                LOG.warn("island {}: journal has no record at index 0x{} named by snapshot {}; trying an older one",
                    index, Long.toHexString(snapshot.journalIndex()), file);
                return false;
            }
            core.restore(restored, snapshot.sequence(), snapshot.timestamp(), snapshot.journalIndex());
            replayedRecords = core.replay(reader);
        }
        recoveredFromSnapshot = snapshot.sequence();
        return true;
    }

    /**
     * Writes a snapshot of the island's state now. Island thread only (or before start).
     *
     * @return the snapshot written, or {@code null} when there is nothing to snapshot (no journal, no records).
     */
    SnapshotStore.Snapshot takeSnapshot()
    {
        if (null == journal || core.sequence() == 0 || core.lastJournalIndex() < 0)
        {
            return null;
        }
        journal.sync();
        final InventoryLogic logic = core.logic();
        final SnapshotStore.Snapshot snapshot = new SnapshotStore.Snapshot(null, index, islands, core.sequence(),
            core.lastTimestamp(), core.lastJournalIndex(), logic.digest(), LogicSnapshot.write(logic));
        final Path file = snapshots.write(snapshot, snapshotsToKeep);
        lastSnapshotSequence = core.sequence();
        lastSnapshotMillis = clock.time();
        return new SnapshotStore.Snapshot(file, snapshot.island(), snapshot.islands(), snapshot.sequence(),
            snapshot.timestamp(), snapshot.journalIndex(), snapshot.digest(), snapshot.state());
    }

    private void snapshotIfDue(final long now)
    {
        if (null == journal || core.sequence() == lastSnapshotSequence)
        {
            return;
        }
        if ((snapshotEveryRecords > 0 && core.sequence() - lastSnapshotSequence >= snapshotEveryRecords) ||
            (snapshotEveryMillis > 0 && now - lastSnapshotMillis >= snapshotEveryMillis))
        {
            takeSnapshot();
        }
    }

    long recoveredFromSnapshot()
    {
        return recoveredFromSnapshot;
    }

    void start()
    {
        started = true;
        disruptor.start();
    }

    long replayedRecords()
    {
        return replayedRecords;
    }

    long replayNanos()
    {
        return replayNanos;
    }

    boolean verifiedCleanShutdown()
    {
        return verifiedCleanShutdown;
    }

    /**
     * Claims a slot, waiting at most the submit timeout. Pair every claim that returns a sequence with
     * {@link #publish(long)}; callers must call {@link #beginSubmit()} first and {@link #endSubmit()} after.
     *
     * @return the slot's sequence, or -1 when the ring stayed full or the island is closed.
     */
    long claim()
    {
        if (closed || null != failure)
        {
            return -1;
        }
        try
        {
            return ring.tryNext();
        }
        catch (final InsufficientCapacityException ignore)
        {
            return claimSlowly();
        }
    }

    private long claimSlowly()
    {
        final long deadline = System.nanoTime() + submitTimeoutNanos;
        long parkNanos = 1_000;
        while (!closed && null == failure)
        {
            try
            {
                return ring.tryNext();
            }
            catch (final InsufficientCapacityException ignore)
            {
                if (System.nanoTime() - deadline >= 0)
                {
                    return -1;
                }
                LockSupport.parkNanos(parkNanos);
                parkNanos = Math.min(parkNanos << 1, MAX_PARK_NANOS);
            }
        }
        return -1;
    }

    IngressEvent event(final long slot)
    {
        return ring.get(slot);
    }

    void publish(final long slot)
    {
        ring.publish(slot);
    }

    boolean beginSubmit()
    {
        submitsInProgress.incrementAndGet();
        if (closed)
        {
            submitsInProgress.decrementAndGet();
            return false;
        }
        return true;
    }

    void endSubmit()
    {
        submitsInProgress.decrementAndGet();
    }

    boolean isClosed()
    {
        return closed;
    }

    /**
     * Stops taking client commands; links, ticks and queries go on so pending work can finish.
     */
    void stopTakingCommands()
    {
        stopping = true;
    }

    /**
     * @return true while client commands are taken.
     */
    boolean takesCommands()
    {
        return !stopping && !closed;
    }

    Throwable failure()
    {
        return failure;
    }

    /**
     * Island thread only (from a query).
     *
     * @param logic the island's state.
     * @return true when the island has no pending order, no search for units under way, and every message it sent
     *         has been journaled by its receiver.
     */
    boolean quiet(final InventoryLogic logic)
    {
        if (logic.pendingOrderCount() != 0 || logic.activeSearches() != 0 || logic.outbox().hasUnoffered())
        {
            return false;
        }
        for (int target = 0; target < logic.islands(); target++)
        {
            if (target != index && transport.acknowledged(index, target) < logic.outbox().link(target).nextSequence() - 1)
            {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean tryReceive(final int source, final long sequence, final DirectBuffer buffer, final int offset,
        final int length)
    {
        if (closed || !started)
        {
            return false;
        }
        final long slot;
        try
        {
            slot = ring.tryNext();
        }
        catch (final InsufficientCapacityException ignore)
        {
            return false;
        }
        final IngressEvent event = ring.get(slot);
        try
        {
            RecordCodec.decodeLinkPayload(buffer, offset, event.command);
            event.kind = IngressEvent.LINK;
            event.source = source;
            event.linkSequence = sequence;
        }
        catch (final CorruptRecordException ex)
        {
            LOG.error("island {}: undecodable link message {}#{} dropped: {}", index, source, sequence,
                ex.getMessage());
            event.clear();
        }
        finally
        {
            ring.publish(slot);
        }
        return true;
    }

    /**
     * Called by the engine's ticker: queues a tick when a deadline is due or the outbox waits for room.
     *
     * @param now the clock's reading.
     */
    void wakeIfDue(final long now)
    {
        if (wakeAt <= now && !closed && null == failure && tickQueued.compareAndSet(false, true))
        {
            final long slot;
            try
            {
                slot = ring.tryNext();
            }
            catch (final InsufficientCapacityException ignore)
            {
                tickQueued.set(false);
                return;
            }
            ring.get(slot).kind = IngressEvent.TICK;
            ring.publish(slot);
        }
    }

    /**
     * Runs a query on the island thread.
     *
     * @param query what to run.
     * @return false when the island is closed or its ring stayed full.
     */
    boolean submitQuery(final IslandQuery query)
    {
        if (!beginSubmit())
        {
            return false;
        }
        try
        {
            final long slot = claim();
            if (slot < 0)
            {
                return false;
            }
            final IngressEvent event = ring.get(slot);
            event.kind = IngressEvent.QUERY;
            event.query = query;
            ring.publish(slot);
            return true;
        }
        finally
        {
            endSubmit();
        }
    }

    /**
     * Stops taking submissions, drains what is in the ring, records the digest, and stops the island thread.
     *
     * @param timeoutMillis how long to wait for the drain.
     * @return the island's digest at close, or {@code null} if it could not be taken.
     */
    String close(final long timeoutMillis)
    {
        closed = true;
        while (submitsInProgress.get() != 0)
        {
            Thread.yield();
        }
        if (!started)
        {
            if (null != journal)
            {
                journal.close();
            }
            return null;
        }
        final CompletableFuture<String> digest = new CompletableFuture<>();
        final boolean queued = null == failure;
        if (queued)
        {
            final long slot = ring.next();
            final IngressEvent event = ring.get(slot);
            event.kind = IngressEvent.QUERY;
            event.query = (logic, seq) ->
            {
                final String value = logic.digest();
                if (null != journal && null == failure)
                {
                    new CleanShutdownFile(seq, value).write(directory);
                }
                core.failDeferred(ResultCode.CLOSED);
                digest.complete(value);
            };
            ring.publish(slot);
        }
        String result = null;
        try
        {
            if (queued)
            {
                result = digest.get(timeoutMillis, TimeUnit.MILLISECONDS);
            }
            disruptor.shutdown(timeoutMillis, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final TimeoutException | com.lmax.disruptor.TimeoutException ex)
        {
            LOG.error("island {}: did not drain within {} ms; halting", index, timeoutMillis);
            disruptor.halt();
        }
        catch (final java.util.concurrent.ExecutionException ex)
        {
            LOG.error("island {}: digest at close failed", index, ex.getCause());
        }
        if (null != journal)
        {
            journal.close();
        }
        return result;
    }

    private final class IslandHandler implements EventHandler<IngressEvent>
    {
        @Override
        public void onStart()
        {
            lastSnapshotMillis = clock.time();
            core.ensurePolicy(policy, clock.time());
            core.endOfBatch();
            wakeAt = core.hasUndelivered() ? 0 : core.logic().nextDeadline();
        }

        @Override
        public void onEvent(final IngressEvent event, final long ringSequence, final boolean endOfBatch)
        {
            try
            {
                switch (event.kind)
                {
                    case IngressEvent.COMMAND -> core.onClientCommand(event.command, clock.time(), event.listener,
                        event.correlationId);
                    case IngressEvent.LINK -> core.onLinkMessage(event.source, event.linkSequence, event.command,
                        clock.time());
                    case IngressEvent.TICK ->
                    {
                        tickQueued.set(false);
                        core.onTick(clock.time());
                    }
                    case IngressEvent.QUERY ->
                    {
                        core.releaseReplies();
                        event.query.run(core.logic(), core.sequence());
                    }
                    default ->
                    {
                    }
                }
            }
            finally
            {
                event.clear();
            }
            if (endOfBatch)
            {
                final long now = clock.time();
                if (core.logic().nextDeadline() <= now)
                {
                    core.onTick(now);
                }
                core.endOfBatch();
                snapshotIfDue(now);
                wakeAt = core.hasUndelivered() ? 0 : core.logic().nextDeadline();
            }
        }

        @Override
        public void onShutdown()
        {
            core.releaseReplies();
            if (null != journal)
            {
                journal.closeAppender();
            }
        }
    }

    private final class IslandExceptionHandler implements ExceptionHandler<IngressEvent>
    {
        @Override
        public void handleEventException(final Throwable ex, final long ringSequence, final IngressEvent event)
        {
            failure = ex;
            LOG.error("island {}: failed applying an input; the island stops taking work", index, ex);
            throw new IllegalStateException("island " + index + " failed", ex);
        }

        @Override
        public void handleOnStartException(final Throwable ex)
        {
            failure = ex;
            LOG.error("island {}: failed to start", index, ex);
        }

        @Override
        public void handleOnShutdownException(final Throwable ex)
        {
            LOG.error("island {}: failed to shut down cleanly", index, ex);
        }
    }
}
