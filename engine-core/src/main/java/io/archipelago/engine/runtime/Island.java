package io.archipelago.engine.runtime;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.archipelago.engine.codec.CorruptRecordException;
import io.archipelago.engine.codec.RecordCodec;
import io.archipelago.engine.core.IslandCore;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.engine.logic.LogicSnapshot;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.Durability;
import io.archipelago.engine.model.IslandRecovery;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.TransferPolicy;
import io.archipelago.engine.recovery.CleanShutdownFile;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import io.archipelago.engine.recovery.DirectoryHistory;
import io.archipelago.engine.recovery.IslandLoader;
import io.archipelago.engine.recovery.SnapshotStore;
import io.archipelago.messaging.LinkReceiver;
import io.archipelago.messaging.LinkTransport;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One island at run time: a multi-producer Disruptor ring that client threads and other islands publish into, polled
 * by the {@link IslandRunner} thread that runs this island (alone or with others), which applies the inputs through the
 * island's {@link IslandCore}. The end of a polled batch is the group commit: replies and outbound link messages of
 * the batch leave then.
 * <pre>
 *   client threads ---claim/publish (bounded wait)--+
 *   other islands' outboxes ---tryNext (never waits)-+--> [ring] --> poll (runner thread) --> IslandCore
 *   engine ticker ---TICK when a deadline is due-----+
 * </pre>
 */
final class Island implements LinkReceiver
{
    private static final Logger LOG = LoggerFactory.getLogger(Island.class);
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How often, at most, a running island forces its journal so the manifest can advance. */
    static final long DURABLE_INTERVAL_MILLIS = 1_000;

    private final int index;
    private final DataDirectoryLayout layout;
    private final Journal journal;
    private final IslandCore core;
    private final EpochClock clock;
    private final TransferPolicy policy;
    private final long submitTimeoutNanos;
    private final LinkTransport transport;
    private final RingBuffer<IngressEvent> ring;
    private final EventPoller<IngressEvent> poller;
    private final RunnerWakeup wakeup;
    private final BatchHandler batchHandler = new BatchHandler();
    private final CountDownLatch detached = new CountDownLatch(1);
    private volatile boolean detachRequested;
    /** Set when close gave up waiting: the runner stops applying this island's inputs at once and lets it go. */
    private volatile boolean abandoned;
    /** Set when close gave up waiting for the runner: the runner closes the journal when it lets the island go. */
    private volatile boolean journalClosedByRunner;
    private final AtomicBoolean journalClosed = new AtomicBoolean();
    private boolean attached = true;
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
    /** Highest island sequence forced to the device, for the manifest; written by the island thread only. */
    private volatile long durableSequence;
    private long lastDurableMillis;

    private IslandLoader.Result loaded;

    Island(final int index, final int islands, final DataDirectoryLayout layout, final ArchipelagoConfig config,
        final LinkTransport transport, final RunnerWakeup wakeup)
    {
        this.index = index;
        this.islands = islands;
        this.layout = layout;
        this.snapshots = null == layout ? null : new SnapshotStore(layout, index);
        this.snapshotEveryRecords = config.snapshotEveryRecords();
        this.snapshotEveryMillis = config.snapshotEvery().toMillis();
        this.snapshotsToKeep = config.snapshotsToKeep();
        this.journal = null == layout ? null : Journal.open(index, layout.journal(index));
        this.policy = config.transferPolicy();
        this.transport = transport;
        this.core = new IslandCore(index, new InventoryLogic(index, islands, policy.strategy()), journal, transport,
            config.durability() == Durability.JOURNALED_SYNC, config.ringSize());
        this.clock = config.clock();
        this.submitTimeoutNanos = config.submitTimeout().toNanos();
        this.wakeup = wakeup;
        this.ring = RingBuffer.createMultiProducer(IngressEvent::new, config.ringSize(), wakeup);
        this.poller = ring.newPoller();
        this.ring.addGatingSequences(poller.getSequence());
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
     * Rebuilds state from the newest usable snapshot plus the journal after it (or the whole journal) through the
     * {@link IslandLoader}, with outputs discarded, and refuses what the loader refuses. Called before
     * {@link #start()} on a replay thread.
     */
    void load()
    {
        if (null == journal)
        {
            return;
        }
        final IslandLoader.Result result = IslandLoader.load(core,
            new DirectoryHistory(layout, index, journal), IslandLoader.Options.engine(policy.strategy()));
        for (final String skipped : result.skippedSnapshots())
        {
            LOG.warn("island {}: skipping unusable snapshot: {}", index, skipped);
        }
        loaded = result.orThrow();
        durableSequence = core.sequence();
        lastSnapshotSequence = Math.max(0, result.snapshotSequence());
    }

    /**
     * @param redelivered link messages this island will send again.
     * @return what opening did for this island.
     */
    IslandRecovery recovery(final long redelivered)
    {
        return null == loaded ? new IslandRecovery(index, -1, 0, 0, false, redelivered) :
            new IslandRecovery(index, loaded.snapshotSequence(), loaded.records(),
                TimeUnit.NANOSECONDS.toMillis(loaded.nanos()), loaded.verified(), redelivered);
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
        durableSequence = core.sequence();
        final InventoryLogic logic = core.logic();
        final SnapshotStore.Snapshot snapshot = new SnapshotStore.Snapshot(null, index, islands, core.sequence(),
            core.lastTimestamp(), core.lastJournalIndex(), logic.digest(), LogicSnapshot.write(logic));
        final Path file = snapshots.write(snapshot, snapshotsToKeep);
        lastSnapshotSequence = core.sequence();
        lastSnapshotMillis = clock.time();
        return new SnapshotStore.Snapshot(file, snapshot.island(), snapshot.islands(), snapshot.sequence(),
            snapshot.timestamp(), snapshot.journalIndex(), snapshot.digest(), snapshot.state());
    }

    /**
     * Forces the journal to the device at most once per {@link #DURABLE_INTERVAL_MILLIS} while records are added, so
     * the manifest can record a sequence known durable.
     */
    private void syncIfDue(final long now)
    {
        if (null != journal && core.sequence() != durableSequence && now - lastDurableMillis >= DURABLE_INTERVAL_MILLIS)
        {
            journal.sync();
            durableSequence = core.sequence();
            lastDurableMillis = now;
        }
    }

    /**
     * @return the highest island sequence known forced to the device (after load: the sequence the journal was read
     *         to). Any thread.
     */
    long durableSequence()
    {
        return durableSequence;
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

    /**
     * Lets links and ticks in; the island's runner thread must be started after this.
     */
    void start()
    {
        started = true;
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
        return claimBefore(System.nanoTime() + submitTimeoutNanos, false);
    }

    /**
     * Claims a slot, parking with back-off while the ring is full, until {@code deadline}; gives up at once when
     * nobody would free a slot or take the input: the island failed, or (for a client) it is closed, or (for the close
     * query) its runner already let it go.
     */
    private long claimBefore(final long deadline, final boolean forClose)
    {
        long parkNanos = 1_000;
        while (null == failure && (forClose ? 0 != detached.getCount() : !closed))
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
        if (closed || !started || null != failure)
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
     * Stops taking submissions, drains what is in the ring, records the digest, and lets the runner thread go of the
     * island. Only the first call does anything.
     *
     * @param timeoutMillis how long to wait for the drain.
     * @return the island's digest at close, or {@code null} if it could not be taken.
     */
    String close(final long timeoutMillis)
    {
        if (closed)
        {
            return null;
        }
        closed = true;
        while (submitsInProgress.get() != 0)
        {
            Thread.yield();
        }
        if (!started)
        {
            closeJournal();
            return null;
        }
        final CompletableFuture<String> digest = new CompletableFuture<>();
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        final long slot = claimBefore(deadline, true);
        final boolean queued = slot >= 0;
        if (queued)
        {
            final IngressEvent event = ring.get(slot);
            event.kind = IngressEvent.QUERY;
            event.query = (logic, seq) ->
            {
                final String value = logic.digest();
                if (null != journal && null == failure)
                {
                    journal.sync();
                    durableSequence = seq;
                    new CleanShutdownFile(seq, value).write(layout.cleanShutdown(index));
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
                result = digest.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final TimeoutException ex)
        {
            LOG.error("island {}: did not drain within {} ms; what is left in its ring is not applied", index,
                timeoutMillis);
            abandoned = true;
        }
        catch (final java.util.concurrent.ExecutionException ex)
        {
            LOG.error("island {}: digest at close failed", index, ex.getCause());
        }
        if (null == result && queued)
        {
            abandoned = true;
        }
        detachRequested = true;
        wakeup.signal();
        boolean letGo = false;
        try
        {
            letGo = detached.await(timeoutMillis, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        if (letGo)
        {
            closeJournal();
        }
        else
        {
            LOG.error("island {}: its runner is still applying an input after {} ms; the journal closes when it " +
                "lets the island go", index, timeoutMillis);
            journalClosedByRunner = true;
            if (0 == detached.getCount())
            {
                closeJournal();
            }
        }
        return result;
    }

    private void closeJournal()
    {
        if (null != journal && journalClosed.compareAndSet(false, true))
        {
            journal.close();
        }
    }

    /**
     * Runner thread only, once before the first {@link #poll}.
     */
    void onRunnerStart()
    {
        try
        {
            lastSnapshotMillis = clock.time();
            core.ensurePolicy(policy, clock.time());
            core.endOfBatch();
            wakeAt = core.hasUndelivered() ? 0 : core.logic().nextDeadline();
        }
        catch (final RuntimeException | Error ex)
        {
            fail(ex, "failed to start");
        }
    }

    /**
     * Runner thread only.
     *
     * @return true until the island has closed or failed; the runner stops polling it then.
     */
    boolean attached()
    {
        return attached;
    }

    /**
     * Runner thread only.
     *
     * @return true when an input is ready or the island waits to be let go.
     */
    boolean hasWork()
    {
        return attached && (detachRequested || ring.isAvailable(poller.getSequence().get() + 1));
    }

    /**
     * Runner thread only: applies the inputs ready in the ring, at most {@code limit}, and ends the batch after the
     * last. A failure to apply an input stops the island: it takes no more work and is let go.
     *
     * @param limit most inputs to apply.
     * @return inputs applied.
     */
    int poll(final int limit)
    {
        if (!attached)
        {
            return 0;
        }
        if (abandoned)
        {
            detach();
            return 0;
        }
        final BatchHandler handler = batchHandler;
        handler.limit = limit;
        handler.applied = 0;
        try
        {
            poller.poll(handler);
        }
        catch (final Exception | Error ex)
        {
            fail(ex, "failed applying an input");
            return handler.applied;
        }
        if (0 == handler.applied && detachRequested)
        {
            detach();
        }
        return handler.applied;
    }

    /**
     * Runner thread only: records a failure, stops the island (submissions refused from now on) and lets it go.
     */
    void fail(final Throwable cause, final String what)
    {
        failure = cause;
        LOG.error("island {}: {}; the island stops taking work", index, what, cause);
        if (attached)
        {
            detach();
        }
    }

    private void detach()
    {
        attached = false;
        try
        {
            core.releaseReplies();
            if (null != journal)
            {
                journal.closeAppender();
            }
        }
        catch (final RuntimeException | Error ex)
        {
            LOG.error("island {}: failed to shut down cleanly", index, ex);
        }
        finally
        {
            detached.countDown();
            if (journalClosedByRunner)
            {
                closeJournal();
            }
        }
    }

    private void apply(final IngressEvent event, final boolean endOfBatch)
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
            syncIfDue(now);
            wakeAt = core.hasUndelivered() ? 0 : core.logic().nextDeadline();
        }
    }

    /**
     * Applies a polled batch; the batch ends at the last input ready or after {@code limit} inputs.
     */
    private final class BatchHandler implements EventPoller.Handler<IngressEvent>
    {
        int limit;
        int applied;

        @Override
        public boolean onEvent(final IngressEvent event, final long sequence, final boolean endOfBatch)
        {
            applied++;
            final boolean last = endOfBatch || applied >= limit || abandoned;
            apply(event, last);
            return !last;
        }
    }
}
