package io.archipelago.engine.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.IslandRecovery;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.ScheduledActivity;
import org.agrona.concurrent.EpochClock;

/**
 * The engine of the timers crash test, one run per JVM, on {@value #ISLANDS} islands and a fast-forward clock
 * ({@link FastForwardClock}): engine time stands at {@link #EPOCH} until the first run has scheduled every timer,
 * then runs {@code speedup} times faster than the wall clock, in both runs.
 * <p>
 * Run 1 opens a new directory, prints {@value #READY}, schedules {@code count} timers (keys 0 to count - 1, due times
 * from {@link #due}) with a bound on how many are unanswered, checks that every one was answered {@code SCHEDULED},
 * prints {@value #SCHEDULED}, starts the clock and prints {@value #FIRING} with the wall time it started at. While
 * timers fire it schedules {@code late} more (keys from {@code count}) paced over the first half of the window, each
 * due at least a sixth of the window after the engine time it is submitted at, and waits to be killed.
 * <p>
 * Run 2 prints {@value #OPENING} with the engine time before it reopens the directory (every timer due earlier fell
 * due while the engine was down), waits until no timer is pending, closes the engine, prints {@value #CLOSED} and
 * then {@value #DIGESTS} with the close digests, and exits 0.
 * <p>
 * What each timer went through is written to the mapped acknowledgement file (one byte per key: {@link #NONE},
 * {@link #SUBMITTED} before the call, {@link #ACKNOWLEDGED} or {@link #ACKNOWLEDGED_AFTER_DUE} when the answer
 * came); the due time of each late timer is written to the mapped due file (one long per late key) before it is
 * submitted. Both survive a {@code SIGKILL} of the JVM (the pages belong to the operating system).
 * <p>
 * Arguments: data directory, run (1 or 2), acknowledgement file, due file (both created by run 1), count, late,
 * speed-up, window (engine ms), most unanswered schedules, snapshot every records, firing start (wall ms; -1 in
 * run 1). Started and killed through {@link GroupCrashProcess}.
 */
final class TimersCrashEngineMain
{
    static final int ISLANDS = 8;
    /** Engine time before the clock starts: 2030-01-01T00:00:00Z. */
    static final long EPOCH = 1_893_456_000_000L;
    static final String READY = "READY";
    static final String SCHEDULED = "SCHEDULED";
    static final String FIRING = "FIRING";
    static final String OPENING = "OPENING";
    static final String CLOSED = "CLOSED";
    static final String DIGESTS = "DIGESTS";

    /** Never submitted. */
    static final byte NONE = 0;
    /** Submitted, no answer seen. */
    static final byte SUBMITTED = 1;
    /** Answered {@code SCHEDULED} while engine time was before the timer's due time. */
    static final byte ACKNOWLEDGED = 2;
    /** Answered {@code SCHEDULED} when engine time had reached its due time (may fire after later timers). */
    static final byte ACKNOWLEDGED_AFTER_DUE = 3;

    private static final int ARGUMENTS = 11;
    private static final int PAYLOAD_BYTES = Long.BYTES;
    private static final long PROGRESS_INTERVAL_MILLIS = 500;
    private static final long MAX_LIFETIME_SECONDS = 900;

    private TimersCrashEngineMain()
    {
    }

    /**
     * What both runs and the test agree on.
     *
     * @param count                timers scheduled before the clock starts.
     * @param late                 timers scheduled while they fire.
     * @param speedup              engine milliseconds per wall millisecond once the clock runs.
     * @param windowMillis         engine time over which due times spread.
     * @param inFlight             most schedules without an answer.
     * @param snapshotEveryRecords the engine's snapshot interval.
     */
    record Settings(int count, int late, long speedup, long windowMillis, int inFlight, long snapshotEveryRecords)
    {
        /**
         * @return wall milliseconds the window takes.
         */
        long windowWallMillis()
        {
            return windowMillis / speedup;
        }

        /**
         * @return the earliest a late timer is due after the engine time it is submitted at.
         */
        long lateMarginMillis()
        {
            return windowMillis / 6;
        }

        /**
         * @return keys of both kinds: acknowledgement file bytes.
         */
        int keys()
        {
            return count + late;
        }
    }

    /**
     * @param key a timer's key.
     * @return its user: keys spread over 65,536 users, so each user has several timers.
     */
    static String login(final long key)
    {
        return "user-" + (key & 0xFFFF);
    }

    /**
     * @param key          a timer scheduled before the clock starts.
     * @param windowMillis the window.
     * @return its due time: {@link #EPOCH} plus 1 to {@code windowMillis} ms, scattered over the keys.
     */
    static long due(final long key, final long windowMillis)
    {
        return EPOCH + 1 + Long.remainderUnsigned(mix(key), windowMillis);
    }

    /**
     * @param key a timer's key.
     * @return the payload it is scheduled with: the key, big-endian.
     */
    static byte[] payload(final long key)
    {
        return ByteBuffer.allocate(PAYLOAD_BYTES).putLong(0, key).array();
    }

    /**
     * @param payload a firing's payload.
     * @return the key it encodes, or -1 when it is not {@value #PAYLOAD_BYTES} bytes.
     */
    static long keyOf(final byte[] payload)
    {
        return payload.length == PAYLOAD_BYTES ? ByteBuffer.wrap(payload).getLong() : -1;
    }

    private static long mix(final long key)
    {
        long z = key * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * @param data     the data directory.
     * @param settings the test's settings.
     * @param clock    the engine clock.
     * @return the configuration every run opens the directory with.
     */
    static ArchipelagoConfig config(final Path data, final Settings settings, final EpochClock clock)
    {
        return ArchipelagoConfig.builder()
            .partitions(ISLANDS)
            .dataDirectory(data)
            .clock(clock)
            .replayThreads(2)
            .snapshotEveryRecords(settings.snapshotEveryRecords())
            .closeTimeout(Duration.ofSeconds(30))
            .build();
    }

    /**
     * @param data         the data directory.
     * @param run          1 or 2.
     * @param acks         the acknowledgement file.
     * @param dues         the late timers' due file.
     * @param settings     the settings.
     * @param firingStart  wall ms the clock started at, or -1 (run 1).
     * @return the child's arguments.
     */
    static String[] arguments(final Path data, final int run, final Path acks, final Path dues,
        final Settings settings, final long firingStart)
    {
        return new String[]{data.toString(), Integer.toString(run), acks.toString(), dues.toString(),
            Integer.toString(settings.count()), Integer.toString(settings.late()), Long.toString(settings.speedup()),
            Long.toString(settings.windowMillis()), Integer.toString(settings.inFlight()),
            Long.toString(settings.snapshotEveryRecords()), Long.toString(firingStart)};
    }

    public static void main(final String[] args)
    {
        if (args.length != ARGUMENTS)
        {
            System.err.println("usage: TimersCrashEngineMain <data directory> <run> <ack file> <due file> <count> " +
                "<late> <speed-up> <window ms> <in flight> <snapshot every records> <firing start ms or -1>");
            System.exit(GroupCrashProcess.FAILED);
        }
        GroupCrashProcess.watchParent(() ->
        {
        });
        final int run = Integer.parseInt(args[1]);
        try
        {
            final Settings settings = new Settings(Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                Long.parseLong(args[6]), Long.parseLong(args[7]), Integer.parseInt(args[8]),
                Long.parseLong(args[9]));
            final FastForwardClock clock = new FastForwardClock(settings.speedup(), Long.parseLong(args[10]));
            final Path data = Path.of(args[0]);
            if (run == 1)
            {
                try (FileChannel ackChannel = FileChannel.open(Path.of(args[2]), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
                     FileChannel dueChannel = FileChannel.open(Path.of(args[3]), StandardOpenOption.CREATE_NEW,
                         StandardOpenOption.READ, StandardOpenOption.WRITE))
                {
                    final MappedByteBuffer acks = ackChannel.map(FileChannel.MapMode.READ_WRITE, 0, settings.keys());
                    final MappedByteBuffer dues = dueChannel.map(FileChannel.MapMode.READ_WRITE, 0,
                        (long)Math.max(1, settings.late()) * Long.BYTES);
                    scheduleAndFire(data, settings, clock, acks, dues);
                }
            }
            else
            {
                reopenAndDrain(data, settings, clock);
            }
            System.exit(0);
        }
        catch (final Throwable ex)
        {
            failed(run, ex);
        }
    }

    private static void failed(final int run, final Throwable ex)
    {
        System.out.println("FAILED timers run " + run + ": " + ex);
        ex.printStackTrace(System.out);
        System.out.flush();
        Runtime.getRuntime().halt(GroupCrashProcess.FAILED);
    }

    private static void scheduleAndFire(final Path data, final Settings settings, final FastForwardClock clock,
        final MappedByteBuffer acks, final MappedByteBuffer dues) throws Exception
    {
        final Archipelago engine = Archipelago.open(config(data, settings, clock));
        System.out.println(READY + " run 1");
        System.out.flush();
        final Semaphore inFlight = new Semaphore(settings.inFlight());
        final long start = System.nanoTime();
        for (int key = 0; key < settings.count(); key++)
        {
            inFlight.acquire();
            final int k = key;
            final long due = due(key, settings.windowMillis());
            acks.put(key, SUBMITTED);
            engine.schedule(login(key), key, Instant.ofEpochMilli(due), payload(key))
                .whenComplete((result, ex) -> answered(k, due, result, ex, clock, acks, inFlight));
        }
        inFlight.acquire(settings.inFlight());
        inFlight.release(settings.inFlight());
        final long nanos = System.nanoTime() - start;
        final ScheduledActivity activity = engine.scheduledActivity().get(60, TimeUnit.SECONDS);
        if (activity.pendingTimers() != settings.count())
        {
            throw new IllegalStateException(settings.count() + " timers scheduled, " + activity.pendingTimers() +
                " pending");
        }
        System.out.printf("%s %d timers in %d ms: %.0f schedules/s%n", SCHEDULED, settings.count(),
            TimeUnit.NANOSECONDS.toMillis(nanos), settings.count() * 1e9 / nanos);
        final long firingStart = clock.start();
        System.out.println(FIRING + " " + firingStart);
        System.out.flush();
        final Thread late = new Thread(() -> scheduleLate(engine, settings, clock, acks, dues, inFlight),
            "timers-crash-late");
        late.setDaemon(true);
        late.setUncaughtExceptionHandler((thread, ex) -> failed(1, ex));
        late.start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_LIFETIME_SECONDS);
        while (System.nanoTime() - deadline < 0)
        {
            Thread.sleep(PROGRESS_INTERVAL_MILLIS);
            progress(engine, clock);
        }
        throw new IllegalStateException("not killed within " + MAX_LIFETIME_SECONDS + " s");
    }

    /**
     * Schedules the late timers, paced evenly over the first half of the window (wall time).
     */
    private static void scheduleLate(final Archipelago engine, final Settings settings, final FastForwardClock clock,
        final MappedByteBuffer acks, final MappedByteBuffer dues, final Semaphore inFlight)
    {
        final long spreadNanos = TimeUnit.MILLISECONDS.toNanos(settings.windowWallMillis()) / 2;
        final long end = EPOCH + settings.windowMillis();
        final long start = System.nanoTime();
        for (int i = 0; i < settings.late(); i++)
        {
            final long dueAtNanos = start + spreadNanos * i / settings.late();
            final long wait = dueAtNanos - System.nanoTime();
            if (wait > 0)
            {
                LockSupport.parkNanos(wait);
            }
            inFlight.acquireUninterruptibly();
            final int key = settings.count() + i;
            final long earliest = clock.time() + settings.lateMarginMillis();
            final long due = earliest + Long.remainderUnsigned(mix(key), Math.max(1, end - earliest));
            dues.putLong(i * Long.BYTES, due);
            acks.put(key, SUBMITTED);
            engine.schedule(login(key), key, Instant.ofEpochMilli(due), payload(key))
                .whenComplete((result, ex) -> answered(key, due, result, ex, clock, acks, inFlight));
        }
        System.out.println("LATE " + settings.late() + " timers submitted");
        System.out.flush();
    }

    /**
     * An island thread: records the answer to a schedule of run 1; anything but {@code SCHEDULED} fails the run.
     */
    private static void answered(final int key, final long due, final ResultCode result, final Throwable ex,
        final EpochClock clock, final MappedByteBuffer acks, final Semaphore inFlight)
    {
        if (null != ex || result != ResultCode.SCHEDULED)
        {
            failed(1, new IllegalStateException("scheduling timer " + key + " gave " + result, ex));
        }
        acks.put(key, clock.time() < due ? ACKNOWLEDGED : ACKNOWLEDGED_AFTER_DUE);
        inFlight.release();
    }

    private static void reopenAndDrain(final Path data, final Settings settings, final FastForwardClock clock)
        throws Exception
    {
        System.out.println(OPENING + " " + clock.time());
        System.out.flush();
        final long openStart = System.nanoTime();
        final Archipelago engine = Archipelago.open(config(data, settings, clock));
        long records = 0;
        for (final IslandRecovery island : engine.recovery())
        {
            records += island.records();
        }
        System.out.printf("RECOVERED in %d ms, %d records replayed: %s%n",
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openStart), records, engine.recovery());
        System.out.flush();
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.windowWallMillis()) +
            TimeUnit.SECONDS.toNanos(120);
        while (progress(engine, clock).pendingTimers() > 0)
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("timers still pending at engine time " + clock.time());
            }
            Thread.sleep(100);
        }
        engine.close();
        System.out.println(CLOSED + " run 2 after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openStart) +
            " ms");
        System.out.println(DIGESTS + " " + String.join(",", engine.closeDigests()));
        System.out.flush();
    }

    private static ScheduledActivity progress(final Archipelago engine, final EpochClock clock) throws Exception
    {
        final ScheduledActivity activity = engine.scheduledActivity().get(60, TimeUnit.SECONDS);
        System.out.printf("PROGRESS engine time +%d s, %d timers pending%n", (clock.time() - EPOCH) / 1000,
            activity.pendingTimers());
        System.out.flush();
        return activity;
    }

    /**
     * Engine time: {@link #EPOCH} until {@link #start()} (or the firing start handed to the second run), then
     * {@code EPOCH + speedup x (wall time - firing start)}. Wall time is the wall clock read once at start-up plus
     * {@link System#nanoTime()} since, so it never goes backwards within a run; a new run starts later than the
     * killed one ended, so it does not go backwards across the restart either. Readings are made monotonic against
     * each other all the same.
     */
    static final class FastForwardClock implements EpochClock
    {
        private static final long NOT_STARTED = Long.MIN_VALUE;

        private final long speedup;
        private final long anchorWallNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
        private final long anchorNanos = System.nanoTime();
        private final AtomicLong last = new AtomicLong(EPOCH);
        private volatile long startWallNanos;

        FastForwardClock(final long speedup, final long firingStartWallMillis)
        {
            this.speedup = speedup;
            this.startWallNanos = firingStartWallMillis < 0 ? NOT_STARTED :
                TimeUnit.MILLISECONDS.toNanos(firingStartWallMillis);
        }

        /**
         * Starts engine time now.
         *
         * @return the wall time it started at (ms), for the next run.
         */
        long start()
        {
            final long startMillis = TimeUnit.NANOSECONDS.toMillis(wallNanos());
            startWallNanos = TimeUnit.MILLISECONDS.toNanos(startMillis);
            return startMillis;
        }

        private long wallNanos()
        {
            return anchorWallNanos + System.nanoTime() - anchorNanos;
        }

        @Override
        public long time()
        {
            final long start = startWallNanos;
            final long elapsed = start == NOT_STARTED ? 0 : Math.max(0, wallNanos() - start);
            final long now = EPOCH + elapsed * speedup / 1_000_000;
            return last.accumulateAndGet(now, Math::max);
        }
    }
}
