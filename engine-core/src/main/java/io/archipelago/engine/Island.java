package io.archipelago.engine;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.archipelago.engine.codec.RecordCodec;
import io.archipelago.engine.codec.RecordDescriptor;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.journal.JournalReader;
import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.engine.logic.LogicOutput;
import org.agrona.concurrent.EpochClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One island at run time: an ingress ring that client threads publish into, and one thread that journals each input,
 * applies it to the island's {@link InventoryLogic}, and releases replies once the input is durable.
 * <pre>
 *   client threads --tryNext/publish--> [ring] --> IslandHandler: encode, append to journal (document closed),
 *                                                  apply, buffer reply; at end of batch (after sync if asked)
 *                                                  release the batch's replies
 * </pre>
 */
final class Island
{
    private static final Logger LOG = LoggerFactory.getLogger(Island.class);
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final int index;
    private final Path directory;
    private final Journal journal;
    private final InventoryLogic logic;
    private final EpochClock clock;
    private final Durability durability;
    private final long submitTimeoutNanos;
    private final Disruptor<IngressEvent> disruptor;
    private final RingBuffer<IngressEvent> ring;
    private final AtomicInteger submitsInProgress = new AtomicInteger();
    private volatile boolean closed;
    private volatile Throwable failure;

    private long sequence;
    private long lastTimestamp;
    private long replayedRecords;
    private long replayNanos;
    private boolean verifiedCleanShutdown;

    Island(final int index, final int islands, final Path directory, final ArchipelagoConfig config)
    {
        this.index = index;
        this.directory = directory;
        this.durability = config.durability();
        this.journal = durability == Durability.NONE ? null : Journal.open(index, directory.resolve("journal"));
        this.logic = new InventoryLogic(index, islands);
        this.clock = config.clock();
        this.submitTimeoutNanos = config.submitTimeout().toNanos();
        this.disruptor = new Disruptor<>(IngressEvent::new, config.ringSize(),
            runnable -> newThread(runnable, index), ProducerType.MULTI, config.waitStrategy().newWaitStrategy());
        this.disruptor.handleEventsWith(new IslandHandler(config.ringSize()));
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

    /**
     * Rebuilds state from the journal with outputs discarded. Called before {@link #start()} on a replay thread.
     */
    void replay()
    {
        if (null == journal)
        {
            return;
        }
        final long start = System.nanoTime();
        long records = 0;
        try (JournalReader reader = journal.reader())
        {
            while (reader.next())
            {
                logic.apply(reader.command(), reader.header().timestamp(), LogicOutput.DISCARD);
                lastTimestamp = reader.header().timestamp();
                records++;
            }
            sequence = reader.lastSequence();
        }
        replayedRecords = records;
        replayNanos = System.nanoTime() - start;
        final CleanShutdownFile clean = CleanShutdownFile.read(directory);
        if (null != clean && clean.sequence() == sequence)
        {
            final String digest = logic.digest();
            if (!digest.equals(clean.digest()))
            {
                throw new IllegalStateException("island " + index + ": replay of " + journal.directory() +
                    " reached digest " + digest + " at sequence " + sequence + " but the digest recorded at the " +
                    "last clean shutdown was " + clean.digest() + "; refusing to run on state that differs");
            }
            verifiedCleanShutdown = true;
        }
    }

    void start()
    {
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
        if (closed)
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
        final CompletableFuture<String> digest = new CompletableFuture<>();
        final boolean queued = null == failure;
        if (queued)
        {
            final long slot = ring.next();
            final IngressEvent event = ring.get(slot);
            event.kind = IngressEvent.QUERY;
            event.query = (state, seq) ->
            {
                final String value = state.digest();
                if (null != journal && null == failure)
                {
                    new CleanShutdownFile(seq, value).write(directory);
                }
                digest.complete(value);
            };
            ring.publish(slot);
        }
        String result = null;
        try
        {
            if (queued && null == failure)
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

    Throwable failure()
    {
        return failure;
    }

    private final class IslandHandler implements EventHandler<IngressEvent>, LogicOutput
    {
        private final RecordCodec codec = new RecordCodec();
        private final ResultListener[] replyListeners;
        private final long[] replyCorrelations;
        private final ResultCode[] replyResults;
        private int replyCount;
        private ResultListener currentListener;
        private long currentCorrelation;

        IslandHandler(final int capacity)
        {
            replyListeners = new ResultListener[capacity];
            replyCorrelations = new long[capacity];
            replyResults = new ResultCode[capacity];
        }

        @Override
        public void onEvent(final IngressEvent event, final long ringSequence, final boolean endOfBatch)
        {
            try
            {
                switch (event.kind)
                {
                    case IngressEvent.COMMAND -> applyCommand(event);
                    case IngressEvent.QUERY ->
                    {
                        releaseReplies();
                        event.query.run(logic, sequence);
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
                releaseReplies();
            }
        }

        private void applyCommand(final IngressEvent event)
        {
            final long timestamp = Math.max(lastTimestamp, clock.time());
            final long next = sequence + 1;
            if (null != journal)
            {
                final int length = codec.encode(event.command, next, timestamp, RecordDescriptor.SOURCE_CLIENT, 0);
                journal.append(codec.bytes(), length);
            }
            sequence = next;
            lastTimestamp = timestamp;
            currentListener = event.listener;
            currentCorrelation = event.correlationId;
            logic.apply(event.command, timestamp, this);
            currentListener = null;
        }

        @Override
        public void reply(final ResultCode result)
        {
            if (null == currentListener)
            {
                return;
            }
            if (replyCount == replyListeners.length)
            {
                releaseReplies();
            }
            replyListeners[replyCount] = currentListener;
            replyCorrelations[replyCount] = currentCorrelation;
            replyResults[replyCount] = result;
            replyCount++;
        }

        private void releaseReplies()
        {
            if (replyCount == 0)
            {
                return;
            }
            if (durability == Durability.JOURNALED_SYNC)
            {
                journal.sync();
            }
            for (int i = 0; i < replyCount; i++)
            {
                final ResultListener listener = replyListeners[i];
                replyListeners[i] = null;
                try
                {
                    listener.onResult(replyCorrelations[i], replyResults[i]);
                }
                catch (final RuntimeException ex)
                {
                    LOG.warn("island {}: a result listener threw; the result stands", index, ex);
                }
            }
            replyCount = 0;
        }

        @Override
        public void onShutdown()
        {
            releaseReplies();
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
