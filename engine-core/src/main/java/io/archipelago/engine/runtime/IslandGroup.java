package io.archipelago.engine.runtime;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;

import io.archipelago.engine.codec.RecordDescriptor;
import io.archipelago.engine.core.IslandCore;
import io.archipelago.engine.events.EventLog;
import io.archipelago.engine.journal.ChronicleSettings;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.Durability;
import io.archipelago.engine.model.Health;
import io.archipelago.engine.model.HistoryEntry;
import io.archipelago.engine.model.IslandRecovery;
import io.archipelago.engine.model.SnapshotInfo;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import io.archipelago.engine.recovery.DirectoryHistory;
import io.archipelago.engine.recovery.IslandRefusedException;
import io.archipelago.engine.recovery.DirectoryLock;
import io.archipelago.engine.recovery.LinkReconciler;
import io.archipelago.engine.recovery.Manifest;
import io.archipelago.engine.recovery.SnapshotStore;
import io.archipelago.engine.stream.DamagedIndexException;
import io.archipelago.engine.stream.UserIndex;
import io.archipelago.engine.stream.UserStream;
import io.archipelago.messaging.InProcessTransport;
import io.archipelago.router.MetaFile;
import io.archipelago.router.RoutingIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole run-time pipeline of an engine, laid out in one place: the islands with their rings, the in-process
 * transport between them, the runner threads, and the ticker that wakes islands when a deadline is due.
 * <pre>
 *   open:  lock the data directory (DirectoryLock), check archipelago.meta, the manifest and that every island it
 *          names exists -> build islands -> load every island in parallel (IslandLoader)
 *          -> reconcile links (LinkReconciler) -> write the manifest -> start islands -> start runners and the ticker
 *   run:   the ticker also rewrites the manifest (at most once a second) as islands force their journals
 *   run:   IngressPublisher -> island rings -> runners -> IslandCore
 *   close: stop taking commands -> wait until quiet -> stop the ticker -> drain, digest, let go each island
 *          -> let go of the data directory
 * </pre>
 * The {@code Archipelago} facade only publishes into it.
 */
public final class IslandGroup
{
    private static final Logger LOG = LoggerFactory.getLogger(IslandGroup.class);
    private static final long CLOSE_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(60);
    private static final long TICK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MANIFEST_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ArchipelagoConfig config;
    private final Island[] islands;
    private final IngressPublisher publisher;
    private final List<IslandRecovery> recovery;
    private final Thread ticker;
    private final DataDirectoryLayout layout;
    private Manifest manifest;
    private long lastManifestNanos;
    private volatile boolean tickerRunning = true;
    private final DirectoryLock directoryLock;
    /** Each island's user index, opened at the first history read ({@link #history}); guarded by {@code this}. */
    private final UserIndex[] userIndexes;

    private IslandGroup(final ArchipelagoConfig config, final DataDirectoryLayout layout, final Manifest manifest,
        final Island[] islands, final List<IslandRecovery> recovery, final DirectoryLock directoryLock)
    {
        this.directoryLock = directoryLock;
        this.config = config;
        this.layout = layout;
        this.manifest = manifest;
        this.islands = islands;
        this.publisher = new IngressPublisher(islands);
        this.recovery = recovery;
        this.ticker = new Thread(this::tick, "archipelago-ticker");
        this.ticker.setDaemon(true);
        this.userIndexes = new UserIndex[islands.length];
    }

    /**
     * Creates the data directory, or checks an existing one and rebuilds every island from it (in parallel), then
     * starts the islands.
     *
     * @param config the configuration.
     * @return the running group.
     */
    public static IslandGroup open(final ArchipelagoConfig config)
    {
        final int partitions = config.partitions();
        config.requireHeapFits(Runtime.getRuntime().maxMemory());
        final DataDirectoryLayout layout = null == config.dataDirectory() || config.durability() == Durability.NONE ?
            null : new DataDirectoryLayout(config.dataDirectory());
        if (null != layout)
        {
            ChronicleSettings.requireWriteAccess("data directory " + layout.root());
        }
        final RoutingIdentity identity = RoutingIdentity.of(partitions, RecordDescriptor.FORMAT_VERSION);
        final DirectoryLock directoryLock = null == layout ? null :
            DirectoryLock.acquire(layout.root(), () -> MetaFile.openOrCreate(layout.root(), identity));
        Manifest manifest = null;
        if (null != layout)
        {
            try
            {
                manifest = checkIslandsExist(layout, partitions);
            }
            catch (final RuntimeException ex)
            {
                directoryLock.close();
                throw ex;
            }
        }
        final Island[] islands = new Island[partitions];
        final InProcessTransport transport = new InProcessTransport(partitions);
        final int runners = config.islandThreads();
        final RunnerWakeup[] wakeups = IslandRunner.wakeups(runners, config.waitStrategy());
        try
        {
            for (int i = 0; i < partitions; i++)
            {
                islands[i] = new Island(i, partitions, layout, config, transport, wakeups[i % runners]);
                transport.register(i, islands[i]);
            }
            final long replayStart = System.nanoTime();
            loadAll(islands, config.replayThreads());
            final IslandCore[] cores = new IslandCore[partitions];
            for (int i = 0; i < partitions; i++)
            {
                cores[i] = islands[i].core();
            }
            final long[] redelivered = null == layout ? LinkReconciler.reconcileAll(cores, transport) :
                LinkReconciler.reconcileAll(cores, transport, island -> "journal " + layout.journal(island));
            for (final Island island : islands)
            {
                island.openJournal();
            }
            final List<IslandRecovery> recovery = new ArrayList<>(islands.length);
            long records = 0;
            for (final Island island : islands)
            {
                recovery.add(island.recovery(redelivered[island.index()]));
                records += island.recovery(0).records();
            }
            if (records > 0)
            {
                LOG.info("recovered {} islands from {}: {} journal records replayed in {} ms, {} link messages to " +
                    "deliver again", partitions, config.dataDirectory(), records,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - replayStart), LongStream.of(redelivered).sum());
            }
            for (final Island island : islands)
            {
                island.start();
            }
            for (int r = 0; r < runners; r++)
            {
                final List<Island> runs = new ArrayList<>(partitions / runners + 1);
                for (int i = r; i < partitions; i += runners)
                {
                    runs.add(islands[i]);
                }
                new IslandRunner(r, runs, wakeups[r], config.waitStrategy()).start();
            }
            if (null != layout)
            {
                manifest = (null == manifest ? Manifest.empty(partitions) : manifest).advancedTo(durable(islands));
                manifest.write(layout);
            }
            final IslandGroup group = new IslandGroup(config, layout, manifest, islands,
                Collections.unmodifiableList(recovery), directoryLock);
            group.ticker.start();
            return group;
        }
        catch (final RuntimeException ex)
        {
            for (final Island island : islands)
            {
                if (null != island)
                {
                    island.close(1_000);
                }
            }
            if (null != directoryLock)
            {
                directoryLock.close();
            }
            throw ex;
        }
    }

    /**
     * Every island the manifest names must still have its journal directory: a deleted island is refused, never
     * recreated empty. A directory without a manifest (created before manifests existed) gets one after opening.
     *
     * @return the manifest, or {@code null} when there is none yet.
     */
    private static Manifest checkIslandsExist(final DataDirectoryLayout layout, final int partitions)
    {
        final Manifest manifest;
        try
        {
            manifest = Manifest.read(layout);
        }
        catch (final IllegalStateException ex)
        {
            throw new IslandRefusedException(-1, layout.manifest().toString(), IslandRefusedException.Kind.DAMAGED,
                ex.getMessage() + "; refusing to open without knowing which records must exist");
        }
        if (null == manifest)
        {
            return null;
        }
        if (manifest.partitions() != partitions)
        {
            throw new IslandRefusedException(-1, layout.manifest().toString(), IslandRefusedException.Kind.DAMAGED,
                "manifest " + layout.manifest() + " knows " + manifest.partitions() + " islands but the directory " +
                "has " + partitions + "; refusing to open");
        }
        for (int i = 0; i < partitions; i++)
        {
            if (!Files.isDirectory(layout.journal(i)))
            {
                throw new IslandRefusedException(i, layout.journal(i).toString(),
                    IslandRefusedException.Kind.MISSING_RECORDS, "island " + i + ": journal directory " +
                    layout.journal(i) + " is missing but " + layout.manifest() + " records the island (" +
                    manifest.durable(i) + " records durable); refusing to recreate it empty");
            }
        }
        return manifest;
    }

    private static long[] durable(final Island[] islands)
    {
        final long[] sequences = new long[islands.length];
        for (int i = 0; i < islands.length; i++)
        {
            sequences[i] = islands[i].durableSequence();
        }
        return sequences;
    }

    private void tick()
    {
        while (tickerRunning)
        {
            final long now = config.clock().time();
            for (final Island island : islands)
            {
                island.wakeIfDue(now);
            }
            advanceManifestIfDue();
            LockSupport.parkNanos(TICK_INTERVAL_NANOS);
        }
    }

    /**
     * Ticker thread (and close, after the ticker stopped): rewrites the manifest when an island's durable sequence
     * moved, at most once per {@link #MANIFEST_INTERVAL_NANOS}.
     */
    private void advanceManifestIfDue()
    {
        final long nowNanos = System.nanoTime();
        if (null == layout || nowNanos - lastManifestNanos < MANIFEST_INTERVAL_NANOS)
        {
            return;
        }
        lastManifestNanos = nowNanos;
        writeManifest();
    }

    private synchronized void writeManifest()
    {
        final Manifest next = manifest.advancedTo(durable(islands));
        if (!next.sameAs(manifest))
        {
            try
            {
                next.write(layout);
                manifest = next;
            }
            catch (final RuntimeException ex)
            {
                LOG.error("cannot update the manifest {}: {}", layout.manifest(), ex.getMessage());
            }
        }
    }

    private static void loadAll(final Island[] islands, final int threads)
    {
        final ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, islands.length), runnable ->
        {
            final Thread thread = new Thread(runnable, "archipelago-replay");
            thread.setDaemon(true);
            return thread;
        });
        try
        {
            final List<Future<?>> futures = new ArrayList<>(islands.length);
            for (final Island island : islands)
            {
                futures.add(pool.submit(island::load));
            }
            RuntimeException failure = null;
            for (int i = 0; i < futures.size(); i++)
            {
                try
                {
                    awaitUninterruptibly(futures.get(i));
                }
                catch (final ExecutionException ex)
                {
                    final RuntimeException cause = ex.getCause() instanceof RuntimeException runtime ? runtime :
                        new IllegalStateException("island " + i + ": replay failed: " + ex.getCause(),
                            ex.getCause());
                    if (null == failure)
                    {
                        failure = cause;
                    }
                    else
                    {
                        failure.addSuppressed(cause);
                    }
                }
            }
            if (null != failure)
            {
                throw failure;
            }
        }
        finally
        {
            pool.shutdown();
        }
    }

    /**
     * Waits for a load to end even if interrupted: journals must not be closed under a running replay.
     */
    private static void awaitUninterruptibly(final Future<?> future) throws ExecutionException
    {
        boolean interrupted = false;
        try
        {
            while (true)
            {
                try
                {
                    future.get();
                    return;
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true;
                }
            }
        }
        finally
        {
            if (interrupted)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * @return the one way into the islands' rings.
     */
    public IngressPublisher publisher()
    {
        return publisher;
    }

    /**
     * @return what opening did for each island, by partition.
     */
    public List<IslandRecovery> recovery()
    {
        return recovery;
    }

    /**
     * @return every island's lifecycle state, failure cause and journaled sequence, read now.
     */
    public Health health()
    {
        final List<Health.IslandHealth> states = new ArrayList<>(islands.length);
        for (final Island island : islands)
        {
            states.add(island.health());
        }
        return new Health(states);
    }

    /**
     * Stops taking commands, waits (up to the close timeout) until no island has a pending order or an undelivered
     * link message, stops the ticker, then lets every island finish what is in its ring, records its digest next to
     * its journal and lets its runner go.
     *
     * @return each island's digest at close ({@code null} for one that could not be taken), by partition.
     */
    public List<String> close()
    {
        for (final Island island : islands)
        {
            island.stopTakingCommands();
        }
        awaitQuiet(config.closeTimeout().toNanos());
        tickerRunning = false;
        LockSupport.unpark(ticker);
        awaitTickerStopped();
        final List<String> digests = new ArrayList<>(islands.length);
        for (final Island island : islands)
        {
            digests.add(island.close(CLOSE_TIMEOUT_MILLIS));
        }
        if (null != layout)
        {
            writeManifest();
            if (config.indexUsersAtClose())
            {
                indexUsers();
            }
            else
            {
                closeUserIndexes();
            }
        }
        if (null != directoryLock)
        {
            directoryLock.close();
        }
        return Collections.unmodifiableList(digests);
    }

    /**
     * One user's stream on a running engine, read from the user's island's journal and event log through its user
     * index, which is first brought up to {@code through}. A damaged index is set aside and built again from the
     * journal, once.
     *
     * @param partition    the user's island.
     * @param login        the user.
     * @param fromSequence the first island sequence wanted.
     * @param through      an island sequence whose record and events are in the journal and event log.
     * @return the user's inputs and decisions, in island-sequence order.
     * @throws IllegalStateException when the engine has no data directory or the island's journal is not open.
     */
    public List<HistoryEntry> history(final int partition, final String login, final long fromSequence,
        final long through)
    {
        if (null == layout)
        {
            throw new IllegalStateException("history is read from the islands' journals: the engine runs without a " +
                "data directory");
        }
        final Island island = islands[partition];
        final Journal journal = island.journal();
        final EventLog events = island.eventLog();
        if (null == journal || null == events)
        {
            throw new IllegalStateException("island " + partition + " has no journal open (" + island.state() + ")");
        }
        final UserIndex index = userIndex(partition);
        index.catchUp(journal, events, through);
        try
        {
            return UserStream.entries(index, journal, events, login, fromSequence, false);
        }
        catch (final DamagedIndexException ex)
        {
            index.reset(ex.getMessage());
            index.catchUp(journal, events, through);
            return UserStream.entries(index, journal, events, login, fromSequence, false);
        }
    }

    private synchronized UserIndex userIndex(final int partition)
    {
        UserIndex index = userIndexes[partition];
        if (null == index)
        {
            index = UserIndex.open(partition, layout.users(partition), true);
            userIndexes[partition] = index;
        }
        return index;
    }

    /**
     * Brings every island's user index up to the end of its journal once the islands closed (every event is written
     * then), so the tools find it whole. An island that failed is left for the next close; a failure here is logged,
     * never thrown: the index is derived and is built again from the journal when it is needed.
     */
    private void indexUsers()
    {
        final long started = System.nanoTime();
        final ExecutorService pool = Executors.newFixedThreadPool(
            Math.max(1, Math.min(islands.length, Runtime.getRuntime().availableProcessors())), runnable ->
            {
                final Thread thread = new Thread(runnable, "archipelago-user-index");
                thread.setDaemon(true);
                return thread;
            });
        try
        {
            final List<Future<?>> futures = new ArrayList<>(islands.length);
            for (int partition = 0; partition < islands.length; partition++)
            {
                final int island = partition;
                futures.add(pool.submit(() -> indexUsers(island)));
            }
            for (final Future<?> future : futures)
            {
                try
                {
                    awaitUninterruptibly(future);
                }
                catch (final ExecutionException ex)
                {
                    LOG.warn("user index not brought up to date at close: {}", String.valueOf(ex.getCause()));
                }
            }
        }
        finally
        {
            pool.shutdownNow();
        }
        LOG.debug("user indexes brought up to date in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() -
            started));
    }

    /**
     * Writes what the indexes that {@link #history} opened hold in memory, and closes them.
     */
    private synchronized void closeUserIndexes()
    {
        for (final UserIndex index : userIndexes)
        {
            if (null != index)
            {
                try
                {
                    index.persist();
                }
                catch (final RuntimeException ex)
                {
                    LOG.warn("user index not written at close: {}", ex.toString());
                }
                index.close();
            }
        }
    }

    private void indexUsers(final int partition)
    {
        final UserIndex index = userIndex(partition);
        try
        {
            if (islands[partition].state() == Health.Lifecycle.FAILED ||
                !DirectoryHistory.hasJournalFiles(layout, partition) || !Files.isDirectory(layout.events(partition)))
            {
                return;
            }
            try (Journal journal = Journal.openReadOnly(partition, layout.journal(partition));
                EventLog events = EventLog.openReadOnly(partition, layout.events(partition)))
            {
                index.catchUp(journal, events, Long.MAX_VALUE);
                index.persist();
            }
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("island {}: user index not brought up to date at close: {}", partition, ex.toString());
        }
        finally
        {
            index.close();
        }
    }

    private void awaitTickerStopped()
    {
        boolean interrupted = false;
        while (ticker.isAlive())
        {
            try
            {
                ticker.join();
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    private boolean awaitQuiet(final long timeoutNanos)
    {
        final long deadline = System.nanoTime() + timeoutNanos;
        while (true)
        {
            boolean quiet = true;
            for (final Island island : islands)
            {
                if (island.state() == Health.Lifecycle.FAILED)
                {
                    continue;
                }
                final CompletableFuture<Boolean> islandQuiet = new CompletableFuture<>();
                if (null != publisher.query(island.index(),
                    (logic, sequence) -> islandQuiet.complete(island.quiet(logic)), islandQuiet))
                {
                    return false;
                }
                try
                {
                    quiet &= islandQuiet.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    return false;
                }
                catch (final ExecutionException | TimeoutException ex)
                {
                    return false;
                }
            }
            if (quiet)
            {
                return true;
            }
            if (System.nanoTime() - deadline >= 0)
            {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    /**
     * Takes a snapshot of every island now, each at a consistent point between two inputs (the request travels
     * through the island's ring).
     *
     * @return per island, the snapshot taken (or {@code null} for an island with nothing journaled).
     */
    public List<SnapshotInfo> snapshot()
    {
        final List<CompletableFuture<SnapshotInfo>> futures = new ArrayList<>(islands.length);
        for (final Island island : islands)
        {
            final CompletableFuture<SnapshotInfo> future = new CompletableFuture<>();
            futures.add(future);
            final String refused = publisher.query(island.index(), (logic, sequence) ->
            {
                try
                {
                    final long start = System.nanoTime();
                    final SnapshotStore.Snapshot taken = island.takeSnapshot();
                    future.complete(null == taken ? null : new SnapshotInfo(island.index(), taken.sequence(),
                        taken.file(), taken.size(), TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start)));
                }
                catch (final RuntimeException ex)
                {
                    future.completeExceptionally(ex);
                }
            }, future);
            if (null != refused)
            {
                future.completeExceptionally(new IllegalStateException(refused));
            }
        }
        final List<SnapshotInfo> result = new ArrayList<>(islands.length);
        for (final CompletableFuture<SnapshotInfo> future : futures)
        {
            result.add(future.join());
        }
        return Collections.unmodifiableList(result);
    }
}
