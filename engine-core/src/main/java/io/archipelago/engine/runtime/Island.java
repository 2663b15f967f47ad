package io.archipelago.engine.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import io.archipelago.engine.codec.CorruptRecordException;
import io.archipelago.engine.codec.RecordCodec;
import io.archipelago.engine.core.IslandCore;
import io.archipelago.engine.events.EventLog;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.journal.JournalWriteException;
import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.engine.logic.LogicSnapshot;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.Durability;
import io.archipelago.engine.model.EventId;
import io.archipelago.engine.model.Health;
import io.archipelago.engine.model.Health.Lifecycle;
import io.archipelago.engine.model.IslandRecovery;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.ResultListener;
import io.archipelago.engine.model.TransferPolicy;
import io.archipelago.engine.recovery.CleanShutdownFile;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import io.archipelago.engine.recovery.DirectoryHistory;
import io.archipelago.engine.recovery.IslandLoader;
import io.archipelago.engine.recovery.IslandRefusedException;
import io.archipelago.engine.recovery.OfflineReplay;
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
 * Every claim goes through {@link IngressPublisher#claim(Island, IngressPublisher.Claimant, long)}; the island's one
 * lifecycle state decides what it takes. The state changes only through {@link #moveTo}, by compare-and-set:
 * <pre>
 *   NEW --load--> RECOVERING --start--> RUNNING --stopTakingCommands--> DRAINING
 *    |                |                    |                               |
 *    +----------------+-------close--------+-------------------------------+--> CLOSING --close done or gave up--> CLOSED
 *
 *   NEW, RECOVERING, RUNNING, DRAINING, CLOSING --an input, the runner or the journal fails--> FAILED
 * </pre>
 * <table>
 *   <caption>what each state takes</caption>
 *   <tr><th>state</th><th>client commands</th><th>queries</th><th>links, ticks</th><th>close query</th></tr>
 *   <tr><td>NEW, RECOVERING</td><td>yes</td><td>yes</td><td>no</td><td>no</td></tr>
 *   <tr><td>RUNNING</td><td>yes</td><td>yes</td><td>yes</td><td>no</td></tr>
 *   <tr><td>DRAINING</td><td>no (CLOSED)</td><td>yes</td><td>yes</td><td>no</td></tr>
 *   <tr><td>CLOSING</td><td>no (CLOSED)</td><td>no</td><td>no</td><td>yes, until the runner lets go</td></tr>
 *   <tr><td>CLOSED</td><td>no (CLOSED)</td><td>no</td><td>no</td><td>no</td></tr>
 *   <tr><td>FAILED</td><td>no (ISLAND_FAILED)</td><td>no</td><td>no</td><td>no</td></tr>
 * </table>
 * While the device holding the journal is below its free-space floor ({@link StorageFloor}), client command claims are
 * refused with STORAGE_FULL in every state that takes commands; links, ticks and queries go on.
 * <p>
 * In CLOSING the runner applies what is in the ring up to the close query, which records the digest, and then lets
 * the island go; in CLOSED it applies nothing more and lets go at once (close gave up waiting). On FAILED the runner
 * answers every caller still waiting (replies of the batch, pending orders, inputs still in the ring and claims in
 * progress) and lets go. The runner that lets an island go closes its journal; close does it for an island no runner
 * ever took.
 */
final class Island implements LinkReceiver
{
    private static final Logger LOG = LoggerFactory.getLogger(Island.class);
    private static final long REFUSE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Inputs a batch looks ahead at, at a time, to overlap their cache misses. */
    static final int PREFETCH_AHEAD = 16;
    /** How often, at most, a running island forces its journal so the manifest can advance. */
    static final long DURABLE_INTERVAL_MILLIS = 1_000;

    private final int index;
    private final DataDirectoryLayout layout;
    /** Null until {@link #openJournal()}: recovery reads a read-only copy of the journal. */
    private Journal journal;
    private EventLog eventLog;
    /** Island sequence of the input that caused the last event in the event log at open, 0 when none. */
    private long loggedEventsThrough;
    /** The island has a journal and no event log: it is rebuilt from the journal once every island passed. */
    private boolean rebuildEventLog;
    private final IslandCore core;
    private final EpochClock clock;
    private final TransferPolicy policy;
    private final long submitTimeoutNanos;
    private final LinkTransport transport;
    private final RingBuffer<IngressEvent> ring;
    private final EventPoller<IngressEvent> poller;
    private final RunnerWakeup wakeup;
    private final StorageFloor storageFloor;
    private final BatchHandler batchHandler = new BatchHandler();
    private final RefusingHandler refusingHandler = new RefusingHandler();
    private final CountDownLatch detached = new CountDownLatch(1);
    private final AtomicReference<Lifecycle> state = new AtomicReference<>(Lifecycle.NEW);
    private volatile Throwable failure;
    private final AtomicInteger submitsInProgress = new AtomicInteger();
    private final AtomicBoolean tickQueued = new AtomicBoolean();
    private volatile long wakeAt = Long.MAX_VALUE;
    private volatile long journaledSequence;
    /** Runner thread only: the close query ran; the runner lets the island go at the end of the batch. */
    private boolean letGoAfterBatch;
    /** Runner thread only: the client of the input that was being applied when the island failed. */
    private ResultListener failedListener;
    private long failedCorrelation;
    private CompletableFuture<?> failedAnswer;

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
        this.storageFloor = new StorageFloor(index, null == layout ? null : layout.journal(index),
            config.minFreeDiskBytes());
        this.policy = config.transferPolicy();
        this.transport = transport;
        this.core = new IslandCore(index, new InventoryLogic(index, islands, policy.strategy()), null, transport,
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
        if (null == layout || null == moveTo(Lifecycle.RECOVERING))
        {
            return;
        }
        prepareEventRegeneration();
        final IslandLoader.Result result;
        try (Journal readOnly = DirectoryHistory.hasJournalFiles(layout, index) ?
            Journal.openReadOnly(index, layout.journal(index)) : null)
        {
            result = IslandLoader.load(core, new DirectoryHistory(layout, index, readOnly),
                IslandLoader.Options.engine(policy.strategy()));
        }
        for (final String skipped : result.skippedSnapshots())
        {
            LOG.warn("island {}: skipping unusable snapshot: {}", index, skipped);
        }
        loaded = result.orThrow();
        if (loggedEventsThrough > core.sequence())
        {
            throw new IslandRefusedException(index, layout.journal(index).toString(),
                IslandRefusedException.Kind.MISSING_RECORDS, "island " + index + ": journal " +
                layout.journal(index) + " ends at sequence " + core.sequence() + " but its event log " +
                layout.events(index) + " holds events of sequence " + loggedEventsThrough +
                " (the journal lost records whose decisions were already published)");
        }
        durableSequence = core.sequence();
        lastSnapshotSequence = Math.max(0, result.snapshotSequence());
        journaledSequence = core.sequence();
    }

    /**
     * Tells the core which events the event log holds already, so replay decides again and keeps only the ones a
     * crash kept from it. An island with a journal and no event log, or one holding no event (written before event
     * logs existed, deleted, emptied, or a rebuild cut short), is marked to have its log rebuilt whole from the
     * journal once every island passed ({@link #rebuildEventLog}); nothing is written here.
     */
    private void prepareEventRegeneration()
    {
        final Path directory = layout.events(index);
        if (!Files.isDirectory(directory))
        {
            if (DirectoryHistory.hasJournalFiles(layout, index))
            {
                rebuildEventLog = true;
                LOG.warn("island {}: no event log at {}; it is rebuilt from the journal once every island is open",
                    index, directory);
            }
            return;
        }
        final EventId last;
        try (EventLog log = EventLog.openReadOnly(index, directory))
        {
            last = log.lastEventId();
        }
        catch (final RuntimeException ex)
        {
            throw new IslandRefusedException(index, directory.toString(), IslandRefusedException.Kind.DAMAGED,
                "island " + index + ": event log " + directory + " cannot be read: " + ex.getMessage());
        }
        if (null == last)
        {
            if (DirectoryHistory.hasJournalFiles(layout, index))
            {
                rebuildEventLog = true;
                LOG.warn("island {}: event log {} holds no event; it is rebuilt from the journal once every island " +
                    "is open", index, directory);
                return;
            }
            core.regenerateEventsAfter(-1, -1);
        }
        else
        {
            loggedEventsThrough = last.sequence();
            core.regenerateEventsAfter(last.sequence(), last.index());
        }
    }

    /**
     * Decides every event of the journal again, replaying it whole on a core of its own, into a new log in
     * {@code temporary}, forces it, and only then puts it in place of the island's event log: the log is derived
     * from the journal, so one that was deleted, emptied, or never written (by a version before event logs) comes back
     * whole with the ids it had, and a rebuild cut short leaves only the temporary directory, removed at the next open.
     */
    private void rebuildEventLog(final Path temporary)
    {
        final long started = System.nanoTime();
        final IslandCore rebuilder = OfflineReplay.readOnlyCore(index, islands, policy.strategy());
        rebuilder.regenerateEventsAfter(-1, -1);
        try (EventLog rebuilt = EventLog.open(index, temporary))
        {
            rebuilder.attachEventLog(rebuilt);
            IslandLoader.load(rebuilder, new DirectoryHistory(layout, index, journal),
                new IslandLoader.Options(false, false, policy.strategy(), null)).orThrow();
            rebuilder.flushEvents();
            rebuilt.sync();
            rebuilt.closeAppender();
        }
        try
        {
            DataDirectoryLayout.deleteTree(layout.events(index));
            Files.move(temporary, layout.events(index), StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("island " + index + ": cannot put the rebuilt event log " + temporary +
                " in place of " + layout.events(index), ex);
        }
        LOG.info("island {}: rebuilt its event log from {} journal records in {} ms", index, rebuilder.sequence(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * Opens the island's journal and event log for appending, after every island passed recovery, and appends the
     * events replay regenerated. Before {@link #start()}.
     */
    void openJournal()
    {
        if (null != layout)
        {
            journal = Journal.open(index, layout.journal(index));
            core.attachJournal(journal);
            final Path temporary = layout.eventsRebuilding(index);
            try
            {
                DataDirectoryLayout.deleteTree(temporary);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("island " + index + ": cannot remove " + temporary, ex);
            }
            if (rebuildEventLog)
            {
                rebuildEventLog(temporary);
            }
            eventLog = EventLog.open(index, layout.events(index));
            core.attachEventLog(eventLog);
            eventLog.closeAppender();
        }
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
        core.flushEvents();
        if (null != eventLog)
        {
            eventLog.sync();
        }
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
     * Lets links and ticks in (RUNNING); the island's runner thread must be started after this.
     */
    void start()
    {
        moveTo(Lifecycle.RUNNING);
    }

    /**
     * The one setter of the lifecycle state: moves to {@code next} by compare-and-set when the state diagram allows
     * it from the current state.
     *
     * @param next the state to move to.
     * @return the state left, or {@code null} when the move is not allowed from the current state.
     */
    private Lifecycle moveTo(final Lifecycle next)
    {
        while (true)
        {
            final Lifecycle current = state.get();
            if (!allowed(current, next))
            {
                return null;
            }
            if (state.compareAndSet(current, next))
            {
                return current;
            }
        }
    }

    private static boolean allowed(final Lifecycle from, final Lifecycle to)
    {
        return switch (to)
        {
            case NEW -> false;
            case RECOVERING -> from == Lifecycle.NEW;
            case RUNNING -> from == Lifecycle.NEW || from == Lifecycle.RECOVERING;
            case DRAINING -> from == Lifecycle.RUNNING;
            case CLOSING -> from == Lifecycle.NEW || from == Lifecycle.RECOVERING || from == Lifecycle.RUNNING ||
                from == Lifecycle.DRAINING;
            case CLOSED -> from == Lifecycle.CLOSING;
            case FAILED -> from != Lifecycle.CLOSED && from != Lifecycle.FAILED;
        };
    }

    /**
     * @return the lifecycle state now.
     */
    Lifecycle state()
    {
        return state.get();
    }

    /**
     * @return this island's health now: its state, the cause of its failure if it failed, and its journaled sequence.
     */
    Health.IslandHealth health()
    {
        storageFloor.recheckIfDue();
        final Lifecycle now = state.get();
        final Throwable cause = failure;
        return new Health.IslandHealth(index, now, now == Lifecycle.FAILED && null != cause ? cause.toString() : null,
            journaledSequence, storageFloor.refusesCommands());
    }

    /**
     * Called by {@link IngressPublisher#claim(Island, IngressPublisher.Claimant, long)} before every attempt.
     *
     * @param claimant who claims a slot.
     * @return 0 when the state takes the claimant, else the refusal.
     */
    long refusal(final IngressPublisher.Claimant claimant)
    {
        final Lifecycle now = state.get();
        if (now == Lifecycle.FAILED)
        {
            return IngressPublisher.REFUSED_FAILED;
        }
        final boolean takes = switch (claimant)
        {
            case COMMAND -> now == Lifecycle.NEW || now == Lifecycle.RECOVERING || now == Lifecycle.RUNNING;
            case QUERY -> now == Lifecycle.NEW || now == Lifecycle.RECOVERING || now == Lifecycle.RUNNING ||
                now == Lifecycle.DRAINING;
            case LINK, TICK -> now == Lifecycle.RUNNING || now == Lifecycle.DRAINING;
            case CLOSE -> now == Lifecycle.CLOSING && 0 != detached.getCount();
        };
        if (!takes)
        {
            return IngressPublisher.REFUSED_CLOSED;
        }
        return claimant == IngressPublisher.Claimant.COMMAND && storageFloor.refusesCommands() ?
            IngressPublisher.REFUSED_STORAGE_FULL : 0;
    }

    RingBuffer<IngressEvent> ring()
    {
        return ring;
    }

    long submitTimeoutNanos()
    {
        return submitTimeoutNanos;
    }

    IngressEvent event(final long slot)
    {
        return ring.get(slot);
    }

    void publish(final long slot)
    {
        ring.publish(slot);
    }

    /**
     * A submission starts; the claim that follows checks the state, so close and a failure see every submission that
     * could still publish.
     */
    void beginSubmit()
    {
        submitsInProgress.incrementAndGet();
    }

    void endSubmit()
    {
        submitsInProgress.decrementAndGet();
    }

    /**
     * Stops taking client commands (DRAINING); links, ticks and queries go on so pending work can finish.
     */
    void stopTakingCommands()
    {
        moveTo(Lifecycle.DRAINING);
    }

    Throwable failure()
    {
        return failure;
    }

    /**
     * @return what callers of a failed island are told: the island and the cause.
     */
    String failureMessage()
    {
        return "island " + index + " has failed: " + failure;
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
        final long slot = IngressPublisher.claim(this, IngressPublisher.Claimant.LINK, 0);
        if (slot < 0)
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
     * Called by the engine's ticker: rereads the free space when due, and queues a tick when a deadline is due or the
     * outbox waits for room.
     *
     * @param now the clock's reading.
     */
    void wakeIfDue(final long now)
    {
        storageFloor.recheckIfDue();
        if (wakeAt <= now && tickQueued.compareAndSet(false, true))
        {
            final long slot = IngressPublisher.claim(this, IngressPublisher.Claimant.TICK, 0);
            if (slot < 0)
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
     * @return false when the island is closed or failed, or its ring stayed full.
     */
    boolean submitQuery(final IslandQuery query)
    {
        final long slot = IngressPublisher.claim(this, IngressPublisher.Claimant.QUERY, submitTimeoutNanos);
        if (slot < 0)
        {
            return false;
        }
        final IngressEvent event = ring.get(slot);
        event.kind = IngressEvent.QUERY;
        event.query = query;
        ring.publish(slot);
        endSubmit();
        return true;
    }

    /**
     * Stops taking submissions (CLOSING), lets the runner apply what is in the ring and record the digest, waits for
     * the runner to let the island go, and moves to CLOSED. Only the first call does anything; an island that failed
     * is only waited for.
     *
     * @param timeoutMillis how long to wait for the drain, and then for the runner to let go.
     * @return the island's digest at close, or {@code null} if it could not be taken.
     */
    String close(final long timeoutMillis)
    {
        final Lifecycle left = moveTo(Lifecycle.CLOSING);
        if (null == left)
        {
            if (state.get() == Lifecycle.FAILED)
            {
                awaitLetGo(timeoutMillis);
            }
            return null;
        }
        while (submitsInProgress.get() != 0)
        {
            LockSupport.parkNanos(REFUSE_PARK_NANOS);
        }
        if (left == Lifecycle.NEW || left == Lifecycle.RECOVERING)
        {
            closeJournal();
            moveTo(Lifecycle.CLOSED);
            return null;
        }
        final CompletableFuture<String> digest = new CompletableFuture<>();
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        final long slot = IngressPublisher.claim(this, IngressPublisher.Claimant.CLOSE,
            TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
        final boolean queued = slot >= 0;
        if (queued)
        {
            final IngressEvent event = ring.get(slot);
            event.kind = IngressEvent.CLOSE;
            event.answer = digest;
            event.query = (logic, seq) ->
            {
                final String value = logic.digest();
                if (null != journal)
                {
                    journal.sync();
                    durableSequence = seq;
                    new CleanShutdownFile(seq, value).write(layout.cleanShutdown(index));
                }
                core.failDeferred(ResultCode.PENDING_AT_CLOSE);
                digest.complete(value);
            };
            ring.publish(slot);
            endSubmit();
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
        }
        catch (final ExecutionException ex)
        {
            LOG.error("island {}: digest at close failed", index, ex.getCause());
        }
        if (null == result)
        {
            moveTo(Lifecycle.CLOSED);
            wakeup.signal();
        }
        if (!awaitLetGo(timeoutMillis))
        {
            LOG.error("island {}: its runner is still applying an input after {} ms; the journal closes when it " +
                "lets the island go", index, timeoutMillis);
        }
        moveTo(Lifecycle.CLOSED);
        return result;
    }

    private boolean awaitLetGo(final long timeoutMillis)
    {
        try
        {
            return detached.await(timeoutMillis, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return 0 == detached.getCount();
        }
    }

    /**
     * @return the island's journal, {@code null} before it is open or without a data directory. Other threads may
     *         read it ({@link Journal#reader()}); only the island appends.
     */
    Journal journal()
    {
        return journal;
    }

    /**
     * @return the island's event log, {@code null} before it is open or without a data directory.
     */
    EventLog eventLog()
    {
        return eventLog;
    }

    private void closeJournal()
    {
        if (null != journal)
        {
            journal.close();
        }
        if (null != eventLog)
        {
            eventLog.close();
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
            journaledSequence = core.sequence();
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
     * @return true until the runner has let the island go (it closed or failed); the runner stops polling it then.
     */
    boolean attached()
    {
        return 0 != detached.getCount();
    }

    /**
     * Runner thread only.
     *
     * @return true when an input is ready or the island waits to be let go.
     */
    boolean hasWork()
    {
        return attached() && (state.get() == Lifecycle.CLOSED || ring.isAvailable(poller.getSequence().get() + 1));
    }

    /**
     * Runner thread only: applies the inputs ready in the ring, at most {@code limit}, and ends the batch after the
     * last. A failure to apply an input fails the island: its callers are answered and it is let go.
     *
     * @param limit most inputs to apply.
     * @return inputs applied.
     */
    int poll(final int limit)
    {
        if (!attached())
        {
            return 0;
        }
        if (state.get() == Lifecycle.CLOSED)
        {
            refuseQueued(ResultCode.CLOSED, "island " + index + " closed before the input was applied");
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
        catch (final JournalWriteException ex)
        {
            fail(ex, "cannot write its journal; the inputs of the batch being written are not in it");
            return handler.applied;
        }
        catch (final InternalError ex)
        {
            // A fault in a write to a mapped file (a full device) is raised at the thread's next safepoint, which may
            // come after the write returned: the batch's document may hold a record written in part, so it is
            // abandoned, never committed.
            fail(null == journal ? ex : journal.abandonBatch(ex), "cannot write its journal; the inputs of the " +
                "batch being written are not in it");
            return handler.applied;
        }
        catch (final Exception | Error ex)
        {
            fail(ex, "failed applying an input");
            return handler.applied;
        }
        if (letGoAfterBatch)
        {
            detach();
        }
        return handler.applied;
    }

    /**
     * Runner thread only: records a failure (FAILED: submissions refused with ISLAND_FAILED from now on), answers
     * every caller still waiting, and lets the island go.
     */
    void fail(final Throwable cause, final String what)
    {
        failure = cause;
        final boolean failed = null != moveTo(Lifecycle.FAILED);
        LOG.error("island {}: {}; the island stops taking work", index, what, cause);
        if (failed)
        {
            answerEveryCaller();
        }
        else
        {
            refuseQueued(ResultCode.CLOSED, "island " + index + " closed before the input was applied");
        }
        if (attached())
        {
            detach();
        }
    }

    /**
     * Runner thread only, after the move to FAILED: answers the replies of the batch, the pending orders and the
     * input that failed with ISLAND_FAILED, then every input still in the ring.
     */
    private void answerEveryCaller()
    {
        final String message = failureMessage();
        try
        {
            core.failAllReplies(ResultCode.ISLAND_FAILED, failedListener, failedCorrelation);
        }
        catch (final RuntimeException | Error ex)
        {
            LOG.error("island {}: failed to answer the callers of its batch", index, ex);
        }
        if (null != failedAnswer)
        {
            failedAnswer.completeExceptionally(new IllegalStateException(message, failure));
        }
        failedListener = null;
        failedAnswer = null;
        refuseQueued(ResultCode.ISLAND_FAILED, message);
    }

    /**
     * Runner thread only, once the island takes no more submissions: answers every input still in the ring with
     * {@code result} (queries complete exceptionally with {@code message}) until no claim is in progress and the ring
     * is empty. Claims in progress end within one park of seeing the state; the runner parks between rounds.
     */
    private void refuseQueued(final ResultCode result, final String message)
    {
        final RefusingHandler handler = refusingHandler;
        handler.result = result;
        handler.message = message;
        while (true)
        {
            try
            {
                poller.poll(handler);
            }
            catch (final Exception ex)
            {
                LOG.error("island {}: failed to answer a queued caller", index, ex);
            }
            if (0 == submitsInProgress.get() && poller.getSequence().get() == ring.getCursor())
            {
                return;
            }
            LockSupport.parkNanos(REFUSE_PARK_NANOS);
        }
    }

    /**
     * Lets the island go: releases what is owed, appends the events still buffered unless the island failed (the
     * inputs of a failed batch may not be durable; replay decides their events again on the next open), closes the
     * event log and the journal.
     */
    private void detach()
    {
        try
        {
            core.releaseReplies();
            if (null != eventLog)
            {
                if (state.get() != Lifecycle.FAILED)
                {
                    core.flushEvents();
                }
                eventLog.closeAppender();
                eventLog.close();
            }
            if (null != journal)
            {
                journal.closeAppender();
                journal.close();
            }
        }
        catch (final RuntimeException | Error ex)
        {
            LOG.error("island {}: failed to shut down cleanly", index, ex);
        }
        finally
        {
            detached.countDown();
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
                    core.flushEvents();
                    event.query.run(core.logic(), core.sequence());
                }
                case IngressEvent.CLOSE ->
                {
                    core.releaseReplies();
                    event.query.run(core.logic(), core.sequence());
                    letGoAfterBatch = true;
                }
                default ->
                {
                }
            }
        }
        catch (final RuntimeException | Error ex)
        {
            if (event.kind == IngressEvent.COMMAND)
            {
                failedListener = event.listener;
                failedCorrelation = event.correlationId;
            }
            failedAnswer = event.answer;
            throw ex;
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
            journaledSequence = core.sequence();
            storageFloor.onJournaled(journaledSequence);
            wakeAt = core.hasUndelivered() ? 0 : core.logic().nextDeadline();
        }
    }

    /**
     * Applies a polled batch; the batch ends at the last input ready, after {@code limit} inputs, at the close query,
     * or at once when close gave up waiting.
     */
    private final class BatchHandler implements EventPoller.Handler<IngressEvent>
    {
        int limit;
        int applied;
        /** The last ring sequence whose input was looked ahead at. */
        private long prefetchedThrough = -1;

        @Override
        public boolean onEvent(final IngressEvent event, final long sequence, final boolean endOfBatch)
        {
            if (sequence >= prefetchedThrough)
            {
                prefetchAfter(sequence);
            }
            applied++;
            final boolean last = endOfBatch || applied >= limit || event.kind == IngressEvent.CLOSE ||
                state.get() == Lifecycle.CLOSED;
            apply(event, last);
            return !last;
        }

        /**
         * Looks ahead at the next {@link #PREFETCH_AHEAD} inputs already published ({@link InventoryLogic#prefetch}):
         * their users' cache misses overlap here instead of stalling each input in turn. Reads only; a published slot
         * is not written again until the island has applied it.
         */
        private void prefetchAfter(final long sequence)
        {
            final InventoryLogic logic = core.logic();
            long next = sequence + 1;
            final long end = next + PREFETCH_AHEAD;
            while (next < end && ring.isAvailable(next))
            {
                final IngressEvent ahead = ring.get(next);
                if (ahead.kind == IngressEvent.COMMAND)
                {
                    logic.prefetch(ahead.command);
                }
                next++;
            }
            prefetchedThrough = next - 1;
        }
    }

    /**
     * Answers the inputs left in the ring of an island that applies no more: client commands get the result, queries
     * and the close query complete exceptionally with the message; links and ticks are dropped (links stay in their
     * sender's outbox and are offered again).
     */
    private final class RefusingHandler implements EventPoller.Handler<IngressEvent>
    {
        ResultCode result;
        String message;

        @Override
        public boolean onEvent(final IngressEvent event, final long sequence, final boolean endOfBatch)
        {
            try
            {
                if (event.kind == IngressEvent.COMMAND && null != event.listener)
                {
                    event.listener.onResult(event.correlationId, result);
                }
                else if (null != event.answer)
                {
                    event.answer.completeExceptionally(new IllegalStateException(message, failure));
                }
            }
            catch (final RuntimeException ex)
            {
                LOG.warn("island {}: a result listener threw; the result stands", index, ex);
            }
            finally
            {
                event.clear();
            }
            return true;
        }
    }
}
