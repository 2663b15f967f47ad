package io.archipelago.engine.events;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.EventConsumer;
import io.archipelago.engine.codec.CommandType;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.journal.JournalReader;
import io.archipelago.engine.model.Event;
import io.archipelago.engine.model.EventId;
import io.archipelago.engine.model.EventType;
import io.archipelago.engine.model.IslandRecovery;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import io.archipelago.engine.recovery.IslandLoader;
import io.archipelago.engine.recovery.OfflineReplay;
import io.archipelago.router.PartitionRouter;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.archipelago.engine.events.TimersCrashEngineMain.ACKNOWLEDGED;
import static io.archipelago.engine.events.TimersCrashEngineMain.ACKNOWLEDGED_AFTER_DUE;
import static io.archipelago.engine.events.TimersCrashEngineMain.ISLANDS;
import static io.archipelago.engine.events.TimersCrashEngineMain.NONE;
import static io.archipelago.engine.events.TimersCrashEngineMain.SUBMITTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Users' timers fire exactly once across a {@code SIGKILL} and a reopen. An engine JVM ({@link TimersCrashEngineMain})
 * on {@value TimersCrashEngineMain#ISLANDS} islands and a fast-forward clock schedules {@code timers.count} timers
 * (default {@value #DEFAULT_COUNT}; 1,000,000 with {@code -Dtimers.count=1000000}) due over two hours of engine time,
 * starts the clock (two hours pass in about 7 s at the default {@code -Dtimers.speedup=1000}) and schedules
 * {@code timers.late} more while they fire. The test kills it with {@code SIGKILL} {@code timers.killAt} of the way
 * through the window (default 0.4), while timers fire and late ones are being scheduled, and {@code timers.downFor}
 * of the window later (default 0.1) starts a second engine JVM on the same directory, which fires what fell due
 * while the engine was down and the rest on time, and closes cleanly once no timer is pending.
 * <pre>
 *   run 1: schedule count timers (engine time stands still) -> start the clock -> fire, schedule late timers
 *   SIGKILL at killAt of the window
 *   run 2: reopen (recovery) -> fire the backlog, then the rest on time -> close
 *   consumer group (this JVM) reads every island's events throughout and drains the logs at the end
 * </pre>
 * Checked through the group's deliveries: every acknowledged timer fired exactly once, a timer submitted without an
 * answer at most once, one never submitted never; more precisely, every timer fired as often as its island's journal
 * holds its schedule (once or never), and every acknowledged one is in the journal. Every event is a
 * {@code SCHEDULE_FIRED} on the user's island carrying the timer's key and payload, with the journaled time of the
 * TICK record that caused it, at or after the due time; per island, journaled times never go back and timers fire in
 * due order (those answered before they fell due, which are all but a few late ones). Then replaying every journal
 * whole gives the digests the second run closed with and every snapshot's digest, and reopening the directory
 * verifies the clean shutdown, gives the same digests and no pending timer.
 * <p>
 * Prints the schedule rate, each island's firing rate on time and in the catch-up after the reopen, how late timers
 * fired, and the run time.
 */
class TimersCrashTest
{
    private static final int DEFAULT_COUNT = 200_000;
    private static final long DEFAULT_SPEEDUP = 1_000;
    private static final long WINDOW_MILLIS = TimeUnit.HOURS.toMillis(2);
    private static final int IN_FLIGHT = 4_096;
    private static final double DEFAULT_KILL_AT = 0.4;
    private static final double DEFAULT_DOWN_FOR = 0.1;
    private static final long READY_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(120);
    private static final long CONSUMER_DRAIN_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(120);
    private static final int SHOWN_PROBLEMS = 30;
    private static final String GROUP = "timers";

    @TempDir
    Path dir;

    @Test
    void shouldFireEveryAcknowledgedTimerExactlyOnceAcrossAKillAndReopen() throws Exception
    {
        final int count = Integer.getInteger("timers.count", DEFAULT_COUNT);
        final TimersCrashEngineMain.Settings settings = new TimersCrashEngineMain.Settings(count,
            Integer.getInteger("timers.late", count / 10), Long.getLong("timers.speedup", DEFAULT_SPEEDUP),
            WINDOW_MILLIS, IN_FLIGHT, Math.max(1_000, count * 2L / 5 / ISLANDS));
        final double killAt = Double.parseDouble(System.getProperty("timers.killAt", Double.toString(DEFAULT_KILL_AT)));
        final double downFor = Double.parseDouble(System.getProperty("timers.downFor",
            Double.toString(DEFAULT_DOWN_FOR)));
        final PrintStream out = System.out;
        out.printf("timers crash test: %,d timers + %,d late on %d islands, window %d min of engine time in %.1f s " +
            "(speed-up %d), killed at %.0f%% of it, down for %.0f%% of it%n", settings.count(), settings.late(),
            ISLANDS, TimeUnit.MILLISECONDS.toMinutes(WINDOW_MILLIS), settings.windowWallMillis() / 1000.0,
            settings.speedup(), killAt * 100, downFor * 100);
        final long start = System.nanoTime();
        final Path data = dir.resolve("data");
        final Path acks = dir.resolve("acks");
        final Path dues = dir.resolve("late-dues");
        final Path logs = Files.createDirectories(dir.resolve("logs"));
        final String heap = Math.max(256, 128 + settings.keys() / 2_000) + "m";
        final List<GroupCrashProcess> engines = new ArrayList<>();
        final Deliveries deliveries = new Deliveries(settings.keys());
        Thread consumerThread = null;
        try
        {
            final GroupCrashProcess first = GroupCrashProcess.start("timers-run-1", TimersCrashEngineMain.class,
                heap, logs.resolve("run-1.log"), TimersCrashEngineMain.arguments(data, 1, acks, dues, settings, -1));
            engines.add(first);
            awaitLine(first, TimersCrashEngineMain.READY, READY_TIMEOUT_MILLIS);
            consumerThread = new Thread(() -> deliveries.consume(data), "timers-crash-consumer");
            consumerThread.setDaemon(true);
            consumerThread.start();

            awaitLine(first, TimersCrashEngineMain.FIRING, READY_TIMEOUT_MILLIS + count / 2);
            final String scheduled = line(first, TimersCrashEngineMain.SCHEDULED);
            final long firingStart = Long.parseLong(word(line(first, TimersCrashEngineMain.FIRING), 1));
            out.printf("  run 1: %s; clock started %d ms after the test%n", scheduled, millisSince(start));

            Thread.sleep(Math.max(0, firingStart + (long)(settings.windowWallMillis() * killAt) -
                System.currentTimeMillis()));
            final boolean alive = first.isAlive();
            final int status = first.kill();
            assertTrue(alive && status == GroupCrashProcess.KILLED_BY_SIGKILL, "run 1 ended with status " + status +
                (alive ? "" : " on its own") + ". Its output:\n" + first.output());
            out.printf("  run 1 killed (SIGKILL, pid %d) at engine time +%d s; its last words: %s%n", first.pid(),
                (System.currentTimeMillis() - firingStart) * settings.speedup() / 1000,
                lastLine(first, "PROGRESS"));
            Thread.sleep(Math.max(0, firingStart + (long)(settings.windowWallMillis() * (killAt + downFor)) -
                System.currentTimeMillis()));

            final GroupCrashProcess second = GroupCrashProcess.start("timers-run-2", TimersCrashEngineMain.class,
                heap, logs.resolve("run-2.log"), TimersCrashEngineMain.arguments(data, 2, acks, dues, settings,
                    firingStart));
            engines.add(second);
            awaitLine(second, TimersCrashEngineMain.DIGESTS, READY_TIMEOUT_MILLIS + settings.windowWallMillis());
            assertEquals(0, second.stop(TimeUnit.SECONDS.toMillis(60)), "run 2 exits 0. Its output:\n" +
                second.output());
            final long reopenedAt = Long.parseLong(word(line(second, TimersCrashEngineMain.OPENING), 1));
            final List<String> closeDigests = List.of(word(line(second, TimersCrashEngineMain.DIGESTS), 1)
                .split(","));
            out.printf("  run 2: %s; %s%n", line(second, "RECOVERED").replaceAll(": \\[.*", ""),
                line(second, TimersCrashEngineMain.CLOSED));

            deliveries.finish();
            consumerThread.join(CONSUMER_DRAIN_TIMEOUT_MILLIS);
            assertFalse(consumerThread.isAlive(), "the consumer drained the logs within " +
                CONSUMER_DRAIN_TIMEOUT_MILLIS + " ms");
            if (null != deliveries.failure)
            {
                throw new AssertionError("the consumer failed", deliveries.failure);
            }

            final long journalsStart = System.nanoTime();
            final Journals journals = Journals.read(data, settings.keys());
            out.printf("  journals: %,d SCHEDULE and %,d TICK records (read in %d ms)%n", journals.scheduleRecords,
                journals.tickRecords, millisSince(journalsStart));
            final Verdict verdict = check(settings, deliveries, journals, Files.readAllBytes(acks),
                ByteBuffer.wrap(Files.readAllBytes(dues)), reopenedAt);
            verdict.print(out, settings);
            if (verdict.problemCount > 0)
            {
                fail(verdict.problemCount + " problems, the first ones:\n  " + String.join("\n  ", verdict.problems));
            }
            assertTrue(verdict.firedBeforeKill > 0, "some timers fired before the kill");
            assertTrue(verdict.backlog > 0, "some timers fell due while the engine was down and fired at the reopen");
            assertTrue(verdict.total() - verdict.firedBeforeKill >= settings.count() / 10,
                "many timers fired after the reopen");

            checkReplayAndReopen(data, settings, firingStart, closeDigests, out);
            out.printf("timers crash test: run time %.1f s%n", millisSince(start) / 1000.0);
        }
        catch (final AssertionError | RuntimeException ex)
        {
            engines.forEach(engine -> out.println("--- output of " + engine.name() + ":\n" +
                tail(engine.output())));
            throw ex;
        }
        finally
        {
            engines.forEach(GroupCrashProcess::destroy);
            deliveries.finish();
            if (null != consumerThread)
            {
                consumerThread.join(TimeUnit.SECONDS.toMillis(10));
            }
        }
    }

    /**
     * Replays every journal whole (snapshots checked against it, not used) and reopens the directory: both reach
     * the digests the second run closed with.
     */
    private static void checkReplayAndReopen(final Path data, final TimersCrashEngineMain.Settings settings,
        final long firingStart, final List<String> closeDigests, final PrintStream out)
    {
        final long replayStart = System.nanoTime();
        final List<OfflineReplay.IslandState> states = OfflineReplay.replay(data, 2, false,
            OfflineReplay.defaultStrategy(), null);
        long records = 0;
        int snapshots = 0;
        for (final OfflineReplay.IslandState state : states)
        {
            final int island = state.partition();
            assertTrue(state.matchesCleanShutdown(), "island " + island + " replays to its clean shutdown");
            assertEquals(closeDigests.get(island), state.digest(), "island " + island + ": replayed digest");
            for (final IslandLoader.SnapshotCheck check : state.snapshotChecks())
            {
                assertTrue(check.matches(), "island " + island + ": snapshot at " + check.sequence() +
                    " recorded " + check.recorded() + ", replay reached " + check.replayed());
                snapshots++;
            }
            records += state.records();
        }
        out.printf("  replayed %,d journal records whole in %d ms: close digests reached, %d snapshots agree%n",
            records, millisSince(replayStart), snapshots);
        assertTrue(snapshots > 0, "islands took snapshots with timers pending");

        final long reopenStart = System.nanoTime();
        final Archipelago engine = Archipelago.open(TimersCrashEngineMain.config(data, settings,
            new TimersCrashEngineMain.FastForwardClock(settings.speedup(), firingStart)));
        try
        {
            for (final IslandRecovery island : engine.recovery())
            {
                assertTrue(island.verified(), "island " + island.partition() + " reopened verified: " + island);
            }
            assertEquals(closeDigests, engine.digests(), "digests after reopening");
            assertEquals(0, engine.scheduledActivity().join().pendingTimers(), "no timer pending after reopening");
        }
        finally
        {
            engine.close();
        }
        out.printf("  reopened in this JVM in %d ms: verified, same digests, no timer pending%n",
            millisSince(reopenStart));
    }

    /**
     * Everything the group delivered, per island in delivery order; checks each event as it comes.
     */
    private static final class Deliveries
    {
        private final int keys;
        private final PartitionRouter router = new PartitionRouter(ISLANDS);
        private final LongArrayList[] firedKeys = new LongArrayList[ISLANDS];
        private final LongArrayList[] firedTimes = new LongArrayList[ISLANDS];
        private final LongArrayList[] firedSequences = new LongArrayList[ISLANDS];
        private final EventId[] lastIds = new EventId[ISLANDS];
        private final List<String> problems = new ArrayList<>();
        private long problemCount;
        private volatile boolean finishing;
        private volatile Throwable failure;

        Deliveries(final int keys)
        {
            this.keys = keys;
            for (int island = 0; island < ISLANDS; island++)
            {
                firedKeys[island] = new LongArrayList();
                firedTimes[island] = new LongArrayList();
                firedSequences[island] = new LongArrayList();
            }
        }

        void finish()
        {
            finishing = true;
        }

        /**
         * Polls and commits until told to finish, then until a poll that owns every island finds nothing new.
         */
        void consume(final Path data)
        {
            try (EventConsumer consumer = EventConsumer.open(EventConsumer.Config.builder().dataDirectory(data)
                .group(GROUP).member("checker").rebalanceInterval(Duration.ofMillis(100)).build()))
            {
                int idle = 0;
                while (idle < 2)
                {
                    final boolean last = finishing;
                    if (consumer.poll(this::onEvent, 16_384) > 0)
                    {
                        consumer.commit();
                        idle = 0;
                    }
                    else
                    {
                        idle = last && consumer.islands().length == ISLANDS ? idle + 1 : 0;
                        Thread.sleep(10);
                    }
                }
            }
            catch (final Throwable ex)
            {
                failure = ex;
            }
        }

        private void onEvent(final Event event)
        {
            final int island = event.id().island();
            if (null != lastIds[island] && !event.id().isAfter(lastIds[island]))
            {
                problem("island " + island + ": " + event.id() + " delivered after " + lastIds[island]);
            }
            lastIds[island] = event.id();
            final long key = event.orderId();
            if (event.type() != EventType.SCHEDULE_FIRED)
            {
                problem("unexpected event " + event);
                return;
            }
            if (key < 0 || key >= keys)
            {
                problem("a firing of a key never scheduled: " + event);
                return;
            }
            if (!TimersCrashEngineMain.login(key).equals(event.login()))
            {
                problem("key " + key + " fired for user " + event.login() + ": " + event);
            }
            if (router.partitionOf(event.login()) != island)
            {
                problem("key " + key + " fired on island " + island + ", its user lives on island " +
                    router.partitionOf(event.login()));
            }
            if (TimersCrashEngineMain.keyOf(event.payload()) != key)
            {
                problem("key " + key + " fired with payload " + Arrays.toString(event.payload()));
            }
            firedKeys[island].addLong(key);
            firedTimes[island].addLong(event.timestamp());
            firedSequences[island].addLong(event.id().sequence());
        }

        private void problem(final String problem)
        {
            if (problemCount++ < SHOWN_PROBLEMS)
            {
                problems.add(problem);
            }
        }
    }

    /**
     * Checks the deliveries against what the engine runs recorded.
     */
    private static Verdict check(final TimersCrashEngineMain.Settings settings, final Deliveries deliveries,
        final Journals journals, final byte[] acks, final ByteBuffer lateDues, final long reopenedAt)
    {
        final long[] resumedAt = new long[ISLANDS];
        for (int island = 0; island < ISLANDS; island++)
        {
            final LongArrayList times = deliveries.firedTimes[island];
            resumedAt[island] = Long.MAX_VALUE;
            for (int i = times.size() - 1; i >= 0 && times.getLong(i) >= reopenedAt; i--)
            {
                resumedAt[island] = times.getLong(i);
            }
        }
        final Verdict verdict = new Verdict(reopenedAt, resumedAt);
        deliveries.problems.forEach(verdict::problem);
        verdict.problemCount += deliveries.problemCount - deliveries.problems.size();
        final byte[] fired = new byte[settings.keys()];
        for (int island = 0; island < ISLANDS; island++)
        {
            final LongArrayList keys = deliveries.firedKeys[island];
            final LongArrayList times = deliveries.firedTimes[island];
            final LongArrayList sequences = deliveries.firedSequences[island];
            long lastTime = Long.MIN_VALUE;
            long lastDue = Long.MIN_VALUE;
            long lastKey = -1;
            for (int i = 0; i < keys.size(); i++)
            {
                final int key = (int)keys.getLong(i);
                final long time = times.getLong(i);
                fired[key] = (byte)Math.min(fired[key] + 1, Byte.MAX_VALUE);
                final long tickTime = journals.ticks[island].get(sequences.getLong(i));
                if (tickTime != time)
                {
                    verdict.problem("island " + island + ": key " + key + " fired at " + time + " by record " +
                        sequences.getLong(i) + ", " + (tickTime == Journals.NO_TICK ? "which is no TICK" :
                        "a TICK journaled at " + tickTime));
                }
                final boolean isLate = key >= settings.count();
                if (isLate && acks[key] == NONE)
                {
                    continue;
                }
                final long due = isLate ? lateDues.getLong((key - settings.count()) * Long.BYTES) :
                    TimersCrashEngineMain.due(key, settings.windowMillis());
                if (time < due)
                {
                    verdict.problem("key " + key + " due " + due + " fired early, at " + time + " on island " +
                        island);
                }
                if (time < lastTime)
                {
                    verdict.problem("island " + island + ": key " + key + " journaled at " + time + " after a " +
                        "firing journaled at " + lastTime);
                }
                lastTime = time;
                if (!isLate || acks[key] == ACKNOWLEDGED)
                {
                    if (due < lastDue)
                    {
                        verdict.problem("island " + island + ": key " + key + " due " + due + " fired after key " +
                            lastKey + " due " + lastDue);
                    }
                    lastDue = due;
                    lastKey = key;
                }
                verdict.count(island, time, due);
            }
        }
        for (int key = 0; key < settings.keys(); key++)
        {
            final boolean acknowledged = acks[key] == ACKNOWLEDGED || acks[key] == ACKNOWLEDGED_AFTER_DUE;
            if (key < settings.count() && !acknowledged)
            {
                verdict.problem("key " + key + " was scheduled before the clock started but not acknowledged (" +
                    acks[key] + ")");
            }
            if (acknowledged && fired[key] != 1)
            {
                verdict.problem("acknowledged key " + key + " fired " + fired[key] + " times");
            }
            else if (acks[key] == SUBMITTED && fired[key] > 1)
            {
                verdict.problem("unacknowledged key " + key + " fired " + fired[key] + " times");
            }
            else if (acks[key] == NONE && fired[key] != 0)
            {
                verdict.problem("key " + key + " never submitted fired " + fired[key] + " times");
            }
            if (acknowledged && journals.scheduled[key] == 0)
            {
                verdict.problem("acknowledged key " + key + " is not in its island's journal");
            }
            if (fired[key] != journals.scheduled[key])
            {
                verdict.problem("key " + key + " journaled " + journals.scheduled[key] + " times fired " +
                    fired[key] + " times");
            }
            if (key >= settings.count())
            {
                verdict.countLate(acks[key], fired[key]);
            }
        }
        return verdict;
    }

    /**
     * What the islands' journals hold: how often each key was journaled scheduled, and the journaled time of each
     * TICK record by island sequence.
     */
    private static final class Journals
    {
        static final long NO_TICK = Long.MIN_VALUE;

        final byte[] scheduled;
        final Long2LongHashMap[] ticks = new Long2LongHashMap[ISLANDS];
        long scheduleRecords;
        long tickRecords;

        private Journals(final int keys)
        {
            this.scheduled = new byte[keys];
        }

        static Journals read(final Path data, final int keys)
        {
            final Journals journals = new Journals(keys);
            final DataDirectoryLayout layout = new DataDirectoryLayout(data);
            for (int island = 0; island < ISLANDS; island++)
            {
                final Long2LongHashMap ticks = new Long2LongHashMap(NO_TICK);
                journals.ticks[island] = ticks;
                try (Journal journal = Journal.openReadOnly(island, layout.journal(island));
                     JournalReader reader = journal.reader())
                {
                    while (reader.next())
                    {
                        final CommandType type = reader.command().type();
                        if (type == CommandType.TICK)
                        {
                            ticks.put(reader.header().sequence(), reader.header().timestamp());
                            journals.tickRecords++;
                        }
                        else if (type == CommandType.SCHEDULE)
                        {
                            final long key = reader.command().orderId();
                            assertTrue(key >= 0 && key < keys, "island " + island + " journaled key " + key);
                            journals.scheduled[(int)key]++;
                            journals.scheduleRecords++;
                        }
                    }
                }
            }
            return journals;
        }
    }

    /**
     * What the check found and the figures it prints.
     */
    private static final class Verdict
    {
        final List<String> problems = new ArrayList<>();
        final long reopenedAt;
        final long[] resumedAt;
        long problemCount;
        final long[] beforeKill = new long[ISLANDS];
        final long[] firstBeforeKill = filled(Long.MAX_VALUE);
        final long[] lastBeforeKill = filled(Long.MIN_VALUE);
        final long[] atLastBeforeKill = new long[ISLANDS];
        final long[] caughtUp = new long[ISLANDS];
        final long[] firstCaughtUp = filled(Long.MAX_VALUE);
        final long[] lastCaughtUp = filled(Long.MIN_VALUE);
        final long[] atLastCaughtUp = new long[ISLANDS];
        final long[] afterReopen = new long[ISLANDS];
        long firedBeforeKill;
        long backlog;
        long latenessBeforeKill;
        long maxLatenessBeforeKill;
        long latenessAfterReopen;
        long maxLatenessAfterReopen;
        long lateAcknowledged;
        long lateAcknowledgedAfterDue;
        long lateUnanswered;
        long lateUnansweredFired;
        long lateNeverSubmitted;

        /**
         * @param reopenedAt engine time before the second run opened the directory: later firings are its.
         * @param resumedAt  per island, the journaled time of the second run's first firing: what was due before it
         *                   fell due while the island was down and fires in the catch-up.
         */
        Verdict(final long reopenedAt, final long[] resumedAt)
        {
            this.reopenedAt = reopenedAt;
            this.resumedAt = resumedAt;
        }

        private static long[] filled(final long value)
        {
            final long[] array = new long[ISLANDS];
            Arrays.fill(array, value);
            return array;
        }

        void problem(final String problem)
        {
            if (problemCount++ < SHOWN_PROBLEMS)
            {
                problems.add(problem);
            }
        }

        void count(final int island, final long time, final long due)
        {
            if (time < reopenedAt)
            {
                beforeKill[island]++;
                firedBeforeKill++;
                latenessBeforeKill += time - due;
                maxLatenessBeforeKill = Math.max(maxLatenessBeforeKill, time - due);
                firstBeforeKill[island] = Math.min(firstBeforeKill[island], time);
                atLastBeforeKill[island] = time == lastBeforeKill[island] ? atLastBeforeKill[island] + 1 : 1;
                lastBeforeKill[island] = time;
            }
            else if (due < resumedAt[island])
            {
                caughtUp[island]++;
                backlog++;
                firstCaughtUp[island] = Math.min(firstCaughtUp[island], time);
                atLastCaughtUp[island] = time == lastCaughtUp[island] ? atLastCaughtUp[island] + 1 : 1;
                lastCaughtUp[island] = time;
            }
            else
            {
                afterReopen[island]++;
                latenessAfterReopen += time - due;
                maxLatenessAfterReopen = Math.max(maxLatenessAfterReopen, time - due);
            }
        }

        void countLate(final byte ack, final int fired)
        {
            switch (ack)
            {
                case ACKNOWLEDGED -> lateAcknowledged++;
                case ACKNOWLEDGED_AFTER_DUE -> lateAcknowledgedAfterDue++;
                case SUBMITTED ->
                {
                    lateUnanswered++;
                    lateUnansweredFired += fired;
                }
                default -> lateNeverSubmitted++;
            }
        }

        long total()
        {
            long total = 0;
            for (int island = 0; island < ISLANDS; island++)
            {
                total += beforeKill[island] + caughtUp[island] + afterReopen[island];
            }
            return total;
        }

        /**
         * Per island: firings before the kill and their rate; the backlog fired at the reopen (what fell due while
         * the island was down) and its rate; the firings after. A rate is over the wall time the firings' ticks span,
         * from their journaled times through the speed-up (one engine ms is one wall microsecond at 1,000). Then how
         * late timers fired, in wall time, outside the catch-up (those due while it runs wait for it).
         */
        void print(final PrintStream out, final TimersCrashEngineMain.Settings settings)
        {
            final long after = total() - firedBeforeKill - backlog;
            out.printf("  %,d firings delivered once each: %,d before the kill, %,d fell due while the island was " +
                "down (the catch-up), %,d due after it resumed%n", total(), firedBeforeKill, backlog, after);
            out.printf("  journaled after their due time by (wall ms): before the kill %.1f on average, %.1f at " +
                "most; due after the island resumed %.1f on average, %.1f at most%n",
                wallMillis(latenessBeforeKill / (double)Math.max(1, firedBeforeKill), settings),
                wallMillis(maxLatenessBeforeKill, settings),
                wallMillis(latenessAfterReopen / (double)Math.max(1, after), settings),
                wallMillis(maxLatenessAfterReopen, settings));
            out.printf("  late timers: %,d acknowledged (%,d of them after their due time), %,d unanswered at the " +
                "kill (%,d of those fired), %,d never submitted%n", lateAcknowledged + lateAcknowledgedAfterDue,
                lateAcknowledgedAfterDue, lateUnanswered, lateUnansweredFired, lateNeverSubmitted);
            out.println("  island  before kill  on-time fires/s  backlog  catch-up fires/s  after reopen");
            for (int island = 0; island < ISLANDS; island++)
            {
                out.printf("  %6d  %11d  %15s  %7d  %16s  %12d%n", island, beforeKill[island],
                    rate(beforeKill[island] - atLastBeforeKill[island], firstBeforeKill[island],
                        lastBeforeKill[island], settings.speedup()),
                    caughtUp[island], rate(caughtUp[island] - atLastCaughtUp[island], firstCaughtUp[island],
                        lastCaughtUp[island], settings.speedup()), afterReopen[island]);
            }
        }

        private static double wallMillis(final double engineMillis, final TimersCrashEngineMain.Settings settings)
        {
            return engineMillis / settings.speedup();
        }

        /**
         * @param firings firings from the first tick to the one before the last (a tick's time is taken before it
         *                fires, so the last tick's firings fall outside the span).
         */
        private static String rate(final long firings, final long first, final long last, final long speedup)
        {
            if (first > last)
            {
                return "-";
            }
            final double wallSeconds = (last - first) / (double)speedup / 1000.0;
            return first == last ? "one tick" : String.format("%.0f", firings / wallSeconds);
        }
    }

    private static void awaitLine(final GroupCrashProcess process, final String word, final long timeoutMillis)
        throws InterruptedException
    {
        if (!process.awaitLine(word, timeoutMillis))
        {
            fail(process.name() + " printed no " + word + " line within " + timeoutMillis + " ms. Its output:\n" +
                tail(process.output()));
        }
    }

    private static String line(final GroupCrashProcess process, final String word)
    {
        return process.output().lines().filter(line -> line.startsWith(word + " ")).findFirst()
            .orElseThrow(() -> new AssertionError(process.name() + " printed no " + word + " line"));
    }

    private static String lastLine(final GroupCrashProcess process, final String word)
    {
        return process.output().lines().filter(line -> line.startsWith(word + " ")).reduce((a, b) -> b)
            .orElse("(no " + word + " line)");
    }

    private static String word(final String line, final int index)
    {
        return line.split(" ")[index];
    }

    private static String tail(final String output)
    {
        final List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private static long millisSince(final long startNanos)
    {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
