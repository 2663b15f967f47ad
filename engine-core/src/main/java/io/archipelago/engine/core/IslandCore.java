package io.archipelago.engine.core;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.RecordCodec;
import io.archipelago.engine.codec.RecordDescriptor;
import io.archipelago.engine.codec.RecordHeader;
import io.archipelago.engine.events.EventBatch;
import io.archipelago.engine.journal.JournalReader;
import io.archipelago.engine.journal.RecordSink;
import io.archipelago.engine.journal.RecordSource;
import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.engine.logic.LogicOutput;
import io.archipelago.engine.model.EventType;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.ResultListener;
import io.archipelago.engine.model.TransferPolicy;
import io.archipelago.messaging.LinkTransport;
import io.archipelago.messaging.LinkVerdict;
import org.agrona.collections.Long2ObjectHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-threaded heart of an island, independent of how inputs arrive: stamps each input with the island's
 * next sequence and the journaled time, appends it to the journal, applies it to the logic, and holds the replies
 * and outbound link messages it causes until the end of the batch (after a sync when asked), so nothing leaves the
 * island before its cause is durable. The Disruptor runtime ({@link Island}) and the deterministic simulator drive
 * the same code.
 * <pre>
 *   client command --> stamp, journal, apply --> replies buffered ----+
 *   link message ----> classify by high-water mark: NEXT --> stamp, journal, apply, ack after the batch
 *                                      DUPLICATE/GAP/UNKNOWN --> dropped and counted, nothing journaled
 *   tick ------------> if a deadline is due: journal TICK, apply
 *   end of batch ----> [sync] --> release replies --> append the batch's events to the event log
 *                      --> acknowledge links --> offer the outbox (never blocks)
 * </pre>
 * Events are the decisions the logic reports through {@link LogicOutput}; they are recorded once an event log is
 * attached or replay was asked to regenerate the ones a crash kept from the log ({@link #regenerateEventsAfter}).
 */
public final class IslandCore implements LogicOutput
{
    private static final Logger LOG = LoggerFactory.getLogger(IslandCore.class);

    private final int index;
    private InventoryLogic logic;
    private RecordSink journal;
    private final LinkTransport transport;
    private final boolean syncEachBatch;
    private final RecordCodec codec = new RecordCodec();
    private final Command scratch = new Command();

    private final ResultListener[] replyListeners;
    private final long[] replyCorrelations;
    /** Ordinals, not references: a reference store into an old array costs the collector's write barrier. */
    private final int[] replyResults;
    private static final ResultCode[] RESULTS = ResultCode.values();
    private int replyCount;
    private ResultListener currentListener;
    private long currentCorrelation;
    private final Long2ObjectHashMap<DeferredReply> deferred = new Long2ObjectHashMap<>();
    private long nextHandle = 1;
    private boolean linksApplied;

    /** A replay that has an event log attached appends what it decided whenever this much has gathered. */
    private static final int REPLAY_FLUSH_BYTES = 1 << 20;

    private final EventBatch events = new EventBatch();
    private final LogicOutput replayOutput = new ReplayOutput();
    /** Made on the first replay: a running island never needs it. */
    private Lookahead lookahead;
    private RecordSink eventLog;
    private boolean eventsOn;
    /** Records were journaled since the journal was last forced (with {@code syncEachBatch}). */
    private boolean unsynced;
    /** Records were added to the journal's batch and not yet committed. */
    private boolean uncommitted;

    private long sequence;
    private long lastTimestamp;
    private long lastJournalIndex = -1;
    private long duplicatesDropped;
    private long gapsDetected;
    private long unknownSourceDropped;
    private long invalidLinkDropped;

    /**
     * @param index         the island.
     * @param logic         its state machine.
     * @param journal       where inputs are journaled, or {@code null} for none.
     * @param transport     links to the other islands.
     * @param syncEachBatch force the journal to the device before each batch's replies leave.
     * @param replyCapacity replies buffered before an early release.
     */
    public IslandCore(final int index, final InventoryLogic logic, final RecordSink journal,
        final LinkTransport transport, final boolean syncEachBatch, final int replyCapacity)
    {
        this.index = index;
        this.logic = logic;
        this.journal = journal;
        this.transport = transport;
        this.syncEachBatch = syncEachBatch;
        this.replyListeners = new ResultListener[replyCapacity];
        this.replyCorrelations = new long[replyCapacity];
        this.replyResults = new int[replyCapacity];
    }

    /**
     * Starts journaling to {@code journal}: an island is rebuilt from a journal opened read-only and gets its writer
     * only once every island of the engine passed recovery, so a refused open writes nothing.
     *
     * @param journal where inputs are journaled from now on.
     * @throws IllegalStateException when the core journals somewhere already.
     */
    public void attachJournal(final RecordSink journal)
    {
        if (null != this.journal)
        {
            throw new IllegalStateException("island " + index + " journals already");
        }
        this.journal = journal;
    }

    /**
     * Appends events to {@code log} from now on, first the ones replay regenerated.
     *
     * @param log the island's event log.
     */
    public void attachEventLog(final RecordSink log)
    {
        this.eventLog = log;
        this.eventsOn = true;
        flushEvents();
        events.skipThrough(-1, -1);
    }

    /**
     * Makes the next replay decide events again and keep those after {@code (sequence, index)}, the last the event
     * log holds: after a crash they are the ones that never reached it. Call before replaying.
     *
     * @param sequence the input of the last event in the log, or -1 when it holds none.
     * @param index    that event's index among its input's events.
     */
    public void regenerateEventsAfter(final long sequence, final int index)
    {
        events.skipThrough(sequence, index);
        eventsOn = true;
    }

    /**
     * Appends the events decided so far to the event log, if one is attached.
     */
    public void flushEvents()
    {
        if (null != eventLog && events.length() > 0)
        {
            commitJournal();
            syncJournalIfAsked();
            eventLog.append(events.seal(), events.length());
            events.clear();
        }
    }

    /**
     * With {@code syncEachBatch}, forces what was journaled since the last force: nothing an input caused, a reply or
     * an event, leaves before the input is on the device.
     */
    private void syncJournalIfAsked()
    {
        if (syncEachBatch && unsynced && null != journal)
        {
            commitJournal();
            journal.sync();
            unsynced = false;
        }
    }

    /**
     * @return the island.
     */
    public int index()
    {
        return index;
    }

    /**
     * @return the island's state machine.
     */
    public InventoryLogic logic()
    {
        return logic;
    }

    /**
     * @return the island sequence of the last input journaled (or replayed).
     */
    public long sequence()
    {
        return sequence;
    }

    /**
     * @return the journaled time of the last input.
     */
    public long lastTimestamp()
    {
        return lastTimestamp;
    }

    /**
     * Rebuilds the logic from journal records with every output discarded, and continues the sequence after them.
     * Reads up to {@link Lookahead#RECORDS} records ahead of the one it applies, unless the source forbids it
     * ({@link RecordSource#allowsReadAhead()}); a record that cannot be read is thrown only after every record before
     * it was applied.
     *
     * @param source the records.
     * @return records replayed.
     */
    public long replay(final RecordSource source)
    {
        long records = 0;
        if (sequence == 0)
        {
            events.clear();
        }
        final LogicOutput output = eventsOn ? replayOutput : LogicOutput.DISCARD;
        final Lookahead ahead = null != lookahead ? lookahead : (lookahead = new Lookahead());
        final JournalReader reader = source instanceof JournalReader journalReader ? journalReader : null;
        final int batch = source.allowsReadAhead() ? Lookahead.RECORDS : 1;
        int count;
        do
        {
            count = 0;
            RuntimeException failure = null;
            try
            {
                while (count < batch && source.next())
                {
                    ahead.take(count, source, null == reader ? lastJournalIndex : reader.index());
                    count++;
                }
            }
            catch (final RuntimeException ex)
            {
                failure = ex;
            }
            for (int i = 0; i < count; i++)
            {
                logic.prefetch(ahead.commands[i]);
            }
            for (int i = 0; i < count; i++)
            {
                final long timestamp = ahead.timestamps[i];
                events.beginInput(ahead.sequences[i], timestamp);
                logic.apply(ahead.commands[i], timestamp, ahead.sources[i], ahead.sourceSequences[i], output);
                if (null != eventLog && events.length() >= REPLAY_FLUSH_BYTES)
                {
                    flushEvents();
                }
                sequence = ahead.sequences[i];
                lastTimestamp = timestamp;
                lastJournalIndex = ahead.journalIndexes[i];
                records++;
            }
            if (null != failure)
            {
                throw failure;
            }
        }
        while (count == batch);
        return records;
    }

    /**
     * Records read ahead of the one replay applies, so the state each will touch is read first
     * ({@link InventoryLogic#prefetch}) and their cache misses overlap. A record that cannot be read ends the look-ahead:
     * the records before it are applied first, as without it, and then the failure is thrown.
     */
    private static final class Lookahead
    {
        static final int RECORDS = 64;
        final Command[] commands = new Command[RECORDS];
        final long[] sequences = new long[RECORDS];
        final long[] timestamps = new long[RECORDS];
        final int[] sources = new int[RECORDS];
        final long[] sourceSequences = new long[RECORDS];
        final long[] journalIndexes = new long[RECORDS];

        Lookahead()
        {
            for (int i = 0; i < RECORDS; i++)
            {
                commands[i] = new Command();
            }
        }

        void take(final int slot, final RecordSource source, final long journalIndex)
        {
            final RecordHeader header = source.header();
            commands[slot].copyFrom(source.command());
            sequences[slot] = header.sequence();
            timestamps[slot] = header.timestamp();
            sources[slot] = header.source();
            sourceSequences[slot] = header.sourceSequence();
            journalIndexes[slot] = journalIndex;
        }
    }

    /**
     * Replaces the state with one restored from a snapshot taken after the record {@code sequence}; a following
     * {@link #replay} continues after that record.
     *
     * @param restored     the state.
     * @param sequence     the island sequence the snapshot covers.
     * @param timestamp    the journaled time of that record.
     * @param journalIndex its Chronicle index.
     */
    public void restore(final InventoryLogic restored, final long sequence, final long timestamp,
        final long journalIndex)
    {
        this.logic = restored;
        events.clear();
        this.sequence = sequence;
        this.lastTimestamp = timestamp;
        this.lastJournalIndex = journalIndex;
    }

    /**
     * @return the Chronicle index of the last record journaled or replayed, -1 if unknown.
     */
    public long lastJournalIndex()
    {
        return lastJournalIndex;
    }

    /**
     * Journals a policy record when the logic's policy differs from {@code policy}.
     *
     * @param policy the policy to run with.
     * @param now    the clock's reading.
     */
    public void ensurePolicy(final TransferPolicy policy, final long now)
    {
        if (logic.policyDiffers(policy))
        {
            scratch.setPolicy(policy.strategy().name(), policy.transferTimeoutMillis(), policy.retryInitialMillis(),
                policy.retryMaxMillis());
            journalAndApply(scratch, now, RecordDescriptor.SOURCE_CLIENT, 0);
        }
    }

    /**
     * A client's command.
     *
     * @param command       the input (must have passed {@link Command#validate()}).
     * @param now           the clock's reading.
     * @param listener      receives the outcome, or {@code null}.
     * @param correlationId passed back to the listener.
     */
    public void onClientCommand(final Command command, final long now, final ResultListener listener,
        final long correlationId)
    {
        currentListener = listener;
        currentCorrelation = correlationId;
        try
        {
            journalAndApply(command, now, RecordDescriptor.SOURCE_CLIENT, 0);
        }
        finally
        {
            currentListener = null;
        }
    }

    /**
     * A message from another island. Journaled and applied only when it is the next on its link.
     *
     * @param source       the sending island.
     * @param linkSequence its link sequence.
     * @param command      the decoded message.
     * @param now          the clock's reading.
     * @return what the high-water mark made of it.
     */
    public LinkVerdict onLinkMessage(final int source, final long linkSequence, final Command command,
        final long now)
    {
        final LinkVerdict verdict = logic.inbound().classify(source, linkSequence);
        switch (verdict)
        {
            case NEXT ->
            {
                final String invalid = command.validate();
                if (null != invalid || !command.type().isLinkMessage())
                {
                    invalidLinkDropped++;
                    LOG.error("island {}: dropped invalid link message {}#{}: {}", index, source, linkSequence,
                        null != invalid ? invalid : command.type());
                    return verdict;
                }
                final long unknownBefore = logic.statistics().unknownRequests();
                journalAndApply(command, now, source, linkSequence);
                linksApplied = true;
                if (logic.statistics().unknownRequests() != unknownBefore)
                {
                    LOG.error("island {}: {} {}#{} answers request {} which this island never sent; applied as a " +
                        "no-op", index, command.type(), source, linkSequence, command.requestId());
                }
            }
            case DUPLICATE -> duplicatesDropped++;
            case GAP ->
            {
                gapsDetected++;
                LOG.error("island {}: link message {}#{} skips ahead of high-water mark {}; dropped, not applied",
                    index, source, linkSequence, logic.inbound().highWaterMark(source));
            }
            case UNKNOWN_SOURCE ->
            {
                unknownSourceDropped++;
                LOG.error("island {}: link message from unknown island {} dropped", index, source);
            }
            default -> throw new IllegalStateException("unhandled " + verdict);
        }
        return verdict;
    }

    /**
     * Fires timers due at {@code now}, journaling one TICK for all of them.
     *
     * @param now the clock's reading.
     * @return true when a tick was journaled.
     */
    public boolean onTick(final long now)
    {
        final long time = Math.max(lastTimestamp, now);
        if (logic.nextDeadline() > time)
        {
            return false;
        }
        scratch.tick();
        journalAndApply(scratch, time, RecordDescriptor.SOURCE_TIMER, 0);
        return true;
    }

    /**
     * Ends a batch: sync if asked, release replies, acknowledge link messages journaled, offer the outbox.
     */
    public void endOfBatch()
    {
        releaseReplies();
        flushEvents();
        if (linksApplied)
        {
            linksApplied = false;
            final int islands = logic.islands();
            for (int source = 0; source < islands; source++)
            {
                if (source != index)
                {
                    final long highWaterMark = logic.inbound().highWaterMark(source);
                    if (highWaterMark > transport.acknowledged(source, index))
                    {
                        transport.acknowledge(source, index, highWaterMark);
                    }
                }
            }
        }
        if (logic.outbox().hasUnoffered())
        {
            logic.outbox().deliver(transport);
        }
    }

    /**
     * @return true when the outbox holds messages no receiver has taken yet.
     */
    public boolean hasUndelivered()
    {
        return logic.outbox().hasUnoffered();
    }

    private void journalAndApply(final Command command, final long now, final int source, final long linkSequence)
    {
        final long timestamp = Math.max(lastTimestamp, now);
        final long next = sequence + 1;
        if (null != journal)
        {
            final int length = codec.encode(command, next, timestamp, source, linkSequence);
            if (!journal.hasRoomFor(length))
            {
                releaseReplies();
            }
            final long index = journal.add(codec.bytes(), length);
            if (index >= 0)
            {
                lastJournalIndex = index;
            }
            else
            {
                uncommitted = true;
            }
            unsynced = true;
        }
        sequence = next;
        lastTimestamp = timestamp;
        events.beginInput(next, timestamp);
        logic.apply(command, timestamp, source, linkSequence, this);
    }

    @Override
    public void reply(final ResultCode result)
    {
        if (null != currentListener)
        {
            bufferReply(currentListener, currentCorrelation, result);
        }
    }

    @Override
    public void orderEvent(final EventType type, final byte[] login, final int loginLength, final long orderId,
        final ResultCode reason, final int lineCount, final long flag)
    {
        if (eventsOn)
        {
            events.order(type, login, loginLength, orderId, reason, lineCount, flag);
        }
    }

    @Override
    public void eventLine(final long productId, final int quantity)
    {
        if (eventsOn)
        {
            events.line(productId, quantity);
        }
    }

    @Override
    public void stockEvent(final EventType type, final long productId, final long units, final int peer)
    {
        if (eventsOn)
        {
            events.stock(type, productId, units, peer);
        }
    }

    @Override
    public void scheduleFired(final String login, final long key, final byte[] payload)
    {
        if (eventsOn)
        {
            events.scheduleFired(login, key, payload);
        }
    }

    @Override
    public long deferReply()
    {
        if (null == currentListener)
        {
            return 0;
        }
        final long handle = nextHandle++;
        deferred.put(handle, new DeferredReply(currentListener, currentCorrelation));
        return handle;
    }

    @Override
    public void replyDeferred(final long handle, final ResultCode result)
    {
        if (handle == 0)
        {
            return;
        }
        final DeferredReply reply = deferred.remove(handle);
        if (null != reply)
        {
            bufferReply(reply.listener, reply.correlationId, result);
        }
    }

    private void bufferReply(final ResultListener listener, final long correlationId, final ResultCode result)
    {
        if (replyCount == replyListeners.length)
        {
            releaseReplies();
        }
        replyListeners[replyCount] = listener;
        replyCorrelations[replyCount] = correlationId;
        replyResults[replyCount] = result.ordinal();
        replyCount++;
    }

    /**
     * Releases buffered replies (after a sync when asked). Also called before a query runs, so a query never sees
     * state whose replies are still held.
     */
    public void releaseReplies()
    {
        commitJournal();
        if (replyCount == 0)
        {
            return;
        }
        syncJournalIfAsked();
        for (int i = 0; i < replyCount; i++)
        {
            final ResultListener listener = replyListeners[i];
            replyListeners[i] = null;
            try
            {
                listener.onResult(replyCorrelations[i], RESULTS[replyResults[i]]);
            }
            catch (final RuntimeException ex)
            {
                LOG.warn("island {}: a result listener threw; the result stands", index, ex);
            }
        }
        replyCount = 0;
    }

    /**
     * Closes the journal document holding the records added since the last commit, so they survive a crash of the
     * process: before any reply, event, link acknowledgement or message leaves, before a query reads the state, and
     * before a snapshot. Throws when the journal lost the batch; the records stay uncommitted, so every later attempt
     * to release what they caused throws too.
     */
    public void commitJournal()
    {
        if (uncommitted)
        {
            final long index = journal.commit();
            uncommitted = false;
            if (index >= 0)
            {
                lastJournalIndex = index;
            }
        }
    }

    /**
     * Tells every client still waiting for a pending order that the engine stopped before the order was decided.
     * The orders stay pending in the state and are decided after the engine reopens.
     *
     * @param result what to tell them.
     */
    public void failDeferred(final ResultCode result)
    {
        final long[] handles = deferredHandlesInOrder();
        for (final long handle : handles)
        {
            replyDeferred(handle, result);
        }
        releaseReplies();
    }

    /**
     * @return the handles of clients waiting for pending orders, in the order they began waiting (never hash order).
     */
    private long[] deferredHandlesInOrder()
    {
        final long[] handles = new long[deferred.size()];
        int count = 0;
        final Long2ObjectHashMap<DeferredReply>.KeyIterator keys = deferred.keySet().iterator();
        while (keys.hasNext())
        {
            handles[count++] = keys.nextLong();
        }
        java.util.Arrays.sort(handles);
        return handles;
    }

    /**
     * For an island that failed: answers every client still owed a reply. Replies buffered before the failure are
     * released with their results when the journal can still be synced; what is left of them, every client waiting for
     * a pending order, and the client of the input that failed (unless it was already answered or is among those) get
     * {@code result}. A listener that throws does not stop the others.
     *
     * @param result          what to tell them.
     * @param failedListener  the listener of the client command whose input failed, or {@code null}.
     * @param failedCorrelation its correlation id.
     */
    public void failAllReplies(final ResultCode result, final ResultListener failedListener,
        final long failedCorrelation)
    {
        final boolean failedOwed = null != failedListener && !owes(failedListener, failedCorrelation);
        try
        {
            releaseReplies();
        }
        catch (final RuntimeException | Error ex)
        {
            LOG.error("island {}: replies of the batch that failed could not be made durable", index, ex);
        }
        for (int i = 0; i < replyCount; i++)
        {
            final ResultListener listener = replyListeners[i];
            replyListeners[i] = null;
            answer(listener, replyCorrelations[i], result);
        }
        replyCount = 0;
        final long[] handles = deferredHandlesInOrder();
        for (final long handle : handles)
        {
            final DeferredReply reply = deferred.remove(handle);
            answer(reply.listener, reply.correlationId, result);
        }
        if (failedOwed)
        {
            answer(failedListener, failedCorrelation, result);
        }
    }

    private boolean owes(final ResultListener listener, final long correlationId)
    {
        for (int i = 0; i < replyCount; i++)
        {
            if (replyListeners[i] == listener && replyCorrelations[i] == correlationId)
            {
                return true;
            }
        }
        for (final DeferredReply reply : deferred.values())
        {
            if (reply.listener == listener && reply.correlationId == correlationId)
            {
                return true;
            }
        }
        return false;
    }

    private void answer(final ResultListener listener, final long correlationId, final ResultCode result)
    {
        try
        {
            listener.onResult(correlationId, result);
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("island {}: a result listener threw; the result stands", index, ex);
        }
    }

    /**
     * @return clients still waiting for a pending order's outcome.
     */
    public int deferredReplies()
    {
        return deferred.size();
    }

    /**
     * @return link messages dropped as already applied.
     */
    public long duplicatesDropped()
    {
        return duplicatesDropped;
    }

    /**
     * @return link messages dropped because an earlier one on the link was missing.
     */
    public long gapsDetected()
    {
        return gapsDetected;
    }

    /**
     * @return link messages dropped because their source island does not exist.
     */
    public long unknownSourceDropped()
    {
        return unknownSourceDropped;
    }

    /**
     * @return link messages dropped because they could not be valid.
     */
    public long invalidLinkDropped()
    {
        return invalidLinkDropped;
    }

    /**
     * Replay's output: replies go nowhere (their clients are long gone), events are recorded as live ones are (the
     * batch keeps those the log lacks).
     */
    private final class ReplayOutput implements LogicOutput
    {
        @Override
        public void reply(final ResultCode result)
        {
        }

        @Override
        public long deferReply()
        {
            return 0;
        }

        @Override
        public void replyDeferred(final long handle, final ResultCode result)
        {
        }

        @Override
        public void orderEvent(final EventType type, final byte[] login, final int loginLength, final long orderId,
            final ResultCode reason, final int lineCount, final long flag)
        {
            IslandCore.this.orderEvent(type, login, loginLength, orderId, reason, lineCount, flag);
        }

        @Override
        public void eventLine(final long productId, final int quantity)
        {
            IslandCore.this.eventLine(productId, quantity);
        }

        @Override
        public void stockEvent(final EventType type, final long productId, final long units, final int peer)
        {
            IslandCore.this.stockEvent(type, productId, units, peer);
        }

        @Override
        public void scheduleFired(final String login, final long key, final byte[] payload)
        {
            IslandCore.this.scheduleFired(login, key, payload);
        }
    }

    private record DeferredReply(ResultListener listener, long correlationId)
    {
    }
}
