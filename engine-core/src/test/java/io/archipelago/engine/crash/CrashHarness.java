package io.archipelago.engine.crash;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.logic.LogicStatistics;
import io.archipelago.engine.model.IslandRecovery;

/**
 * Kills a worker JVM under load again and again, and checks after every kill that what the client was told survived.
 * <pre>
 *   for each kill k (seeded schedule):
 *     start CrashWorkerMain run k  -- opens the directory, so it also recovers from kill k-1
 *     wait for READY, then a random 300..1500 ms (one kill in five after the first: 600..2100 ms after the
 *     start instead, to land in start-up or recovery)
 *     SIGKILL, expect exit status 137
 *     replay every journal read-only, twice:
 *       the journal still starts with exactly the state found at kill k-1 (digest at that sequence)
 *       both replays reach the same digests
 *       every acknowledged result is there, identical; conservation; no oversell; links
 *   finally, in this JVM:
 *     open (recover from the last kill), check the acknowledgements through the API, close once quiet
 *     a fresh replay of each journal gives the digest the live island had at close; everything settled
 *     reopen: each island verifies its clean shutdown and reports the same digest; checks again through the API
 * </pre>
 * A failure names the seed and kill, prints the schedule so far and the worker's output, and keeps a copy of the data
 * directory and acknowledgement log under {@code target/crash-evidence}.
 */
final class CrashHarness
{
    private static final long READY_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(120);

    private final Path work;
    private final Path data;
    private final Path ackFile;
    private final long seed;
    private final int kills;
    private final PrintStream out;
    private final List<String> schedule = new ArrayList<>();
    private long[] checkpointSequences = new long[CrashWorkload.PARTITIONS];
    private List<String> checkpointDigests;
    private int checkpointKill;

    /**
     * @param work  an empty directory for the data directory, the acknowledgement log and the worker logs.
     * @param seed  drives the kill schedule and the workers' order streams.
     * @param kills how many times to kill the worker.
     * @param out   where the schedule and results are printed.
     */
    CrashHarness(final Path work, final long seed, final int kills, final PrintStream out)
    {
        this.work = work;
        this.data = work.resolve("data");
        this.ackFile = work.resolve("acks.csv");
        this.seed = seed;
        this.kills = kills;
        this.out = out;
    }

    /**
     * Runs the kills and the final recovery.
     *
     * @throws Exception when the harness itself fails; violations are {@link AssertionError}s.
     */
    void run() throws Exception
    {
        out.printf("crash harness: seed %d, %d kills, %d islands (rerun with -Dcrash.seed=%d -Dcrash.kills=%d)%n",
            seed, kills, CrashWorkload.PARTITIONS, seed, kills);
        Files.createDirectories(work.resolve("logs"));
        final Random random = new Random(seed);
        final long start = System.nanoTime();
        for (int kill = 1; kill <= kills; kill++)
        {
            final boolean duringStartUp = kill > 1 && random.nextInt(5) == 0;
            final int delayMillis = duringStartUp ? 600 + random.nextInt(1_500) : 300 + random.nextInt(1_200);
            final long workerSeed = random.nextLong();
            killOnce(kill, duringStartUp, delayMillis, workerSeed);
        }
        finalRecovery();
        out.printf("crash harness: %d kills and the final recovery passed in %d s (seed %d)%n", kills,
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), seed);
    }

    private void killOnce(final int kill, final boolean duringStartUp, final int delayMillis, final long workerSeed)
        throws Exception
    {
        final Path log = work.resolve("logs").resolve("run-" + kill + ".log");
        final WorkerProcess worker = WorkerProcess.start(data, ackFile, kill, workerSeed, log);
        final String moment;
        final boolean aliveBeforeKill;
        final boolean wasReady;
        final int status;
        try
        {
            if (duringStartUp)
            {
                Thread.sleep(delayMillis);
                moment = "start-up + " + delayMillis + " ms";
            }
            else
            {
                if (!worker.awaitReady(READY_TIMEOUT_MILLIS))
                {
                    failAt(kill, "worker run " + kill + " (pid " + worker.pid() + ") never became ready; exit " +
                        "status " + worker.kill() + " after " + worker.millisSinceStart() + " ms. Its output:\n" +
                        worker.output());
                }
                final long readyAt = worker.millisSinceStart();
                Thread.sleep(delayMillis);
                moment = "READY(" + readyAt + " ms) + " + delayMillis + " ms";
            }
            aliveBeforeKill = worker.isAlive();
            wasReady = worker.isReady();
        }
        finally
        {
            status = worker.kill();
        }
        if (!aliveBeforeKill || status != WorkerProcess.KILLED_BY_SIGKILL)
        {
            failAt(kill, "worker run " + kill + " (pid " + worker.pid() + ") " + (aliveBeforeKill ?
                "ended with status " + status + " instead of " + WorkerProcess.KILLED_BY_SIGKILL + " (SIGKILL)" :
                "exited by itself with status " + status + " before the kill") + ". Its output:\n" + worker.output());
        }

        final long checkStart = System.nanoTime();
        final List<AckLine> acks = AckLog.read(ackFile);
        final List<JournalReplay.Island> replayed = JournalReplay.replay(data, CrashWorkload.PARTITIONS,
            checkpointSequences);
        final List<JournalReplay.Island> again = JournalReplay.replay(data, CrashWorkload.PARTITIONS,
            new long[CrashWorkload.PARTITIONS]);
        final SurvivalChecks checks = new SurvivalChecks();
        checkPrefix(checks, replayed);
        for (int p = 0; p < CrashWorkload.PARTITIONS; p++)
        {
            if (!replayed.get(p).digest().equals(again.get(p).digest()))
            {
                checks.fail("island " + p + ": two replays of the same journal reach different digests: " +
                    replayed.get(p).digest() + " and " + again.get(p).digest());
            }
        }
        final StateView state = StateView.of(replayed);
        checks.acknowledgedResults(acks, state);
        checks.stock(acks, state, CrashWorkload.PARTITIONS, false);
        checks.islands(replayed);

        final String line = String.format("kill %3d: worker pid %d (%s) killed at %s%s -> status %d; journals at " +
            "%s, %d orders pending, %d units in flight; %d acknowledgements; checked in %d ms", kill, worker.pid(),
            null == worker.recovery() ? "killed before it recovered" : "recovered: " + worker.recovery(), moment,
            wasReady ? "" : " (not ready)", status, sequences(replayed), pendingOrders(replayed),
            unitsInFlight(replayed), acks.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - checkStart));
        schedule.add(line);
        out.println(line);
        if (!checks.passed())
        {
            failAt(kill, "after kill " + kill + ":\n" + checks.report() + "\nworker output:\n" + worker.output());
        }
        checkpointSequences = new long[CrashWorkload.PARTITIONS];
        checkpointDigests = new ArrayList<>();
        for (final JournalReplay.Island island : replayed)
        {
            checkpointSequences[island.partition()] = island.sequence();
            checkpointDigests.add(island.digest());
        }
        checkpointKill = kill;
    }

    /**
     * A later run must have kept the journal that an earlier kill left: replaying up to the sequence found then must
     * reach the digest found then.
     */
    private void checkPrefix(final SurvivalChecks checks, final List<JournalReplay.Island> replayed)
    {
        if (null == checkpointDigests)
        {
            return;
        }
        for (final JournalReplay.Island island : replayed)
        {
            final int p = island.partition();
            if (null == island.checkpointDigest())
            {
                checks.fail("island " + p + ": the journal ends at sequence " + island.sequence() + ", but after " +
                    "kill " + checkpointKill + " it reached sequence " + island.checkpointSequence() +
                    "; recovery lost records");
            }
            else if (!island.checkpointDigest().equals(checkpointDigests.get(p)))
            {
                checks.fail("island " + p + ": replaying the journal up to sequence " + island.checkpointSequence() +
                    " (where kill " + checkpointKill + " left it) gives digest " + island.checkpointDigest() +
                    ", but right after that kill it gave " + checkpointDigests.get(p) + "; recovery rewrote " +
                    "journaled records");
            }
        }
    }

    private void finalRecovery() throws Exception
    {
        final long start = System.nanoTime();
        final List<AckLine> acks = AckLog.read(ackFile);
        final List<String> closeDigests;
        try (Archipelago engine = Archipelago.open(CrashWorkload.config(data)))
        {
            final String line = "final recovery in the test JVM: " + CrashWorkload.describe(engine.recovery());
            schedule.add(line);
            out.println(line);
            final SurvivalChecks checks = new SurvivalChecks();
            checks.acknowledgedResults(acks, StateView.of(engine, acks));
            if (!checks.passed())
            {
                failAt(kills + 1, "recovering in the test JVM after the last kill:\n" + checks.report());
            }
            engine.close();
            closeDigests = engine.closeDigests();
        }

        final List<JournalReplay.Island> replayed = JournalReplay.replay(data, CrashWorkload.PARTITIONS,
            checkpointSequences);
        final SurvivalChecks checks = new SurvivalChecks();
        checkPrefix(checks, replayed);
        for (final JournalReplay.Island island : replayed)
        {
            final String live = null == closeDigests ? null : closeDigests.get(island.partition());
            if (!island.digest().equals(live))
            {
                checks.fail("island " + island.partition() + ": the live island closed with digest " + live +
                    " at sequence " + island.sequence() + ", but a fresh replay of its journal gives " +
                    island.digest());
            }
        }
        final StateView replayedState = StateView.of(replayed);
        checks.acknowledgedResults(acks, replayedState);
        checks.stock(acks, replayedState, CrashWorkload.PARTITIONS, true);
        checks.islands(replayed);
        if (!checks.passed())
        {
            failAt(kills + 1, "after recovering and closing cleanly in the test JVM:\n" + checks.report());
        }

        try (Archipelago engine = Archipelago.open(CrashWorkload.config(data)))
        {
            final SurvivalChecks reopened = new SurvivalChecks();
            for (final IslandRecovery recovery : engine.recovery())
            {
                if (!recovery.verified())
                {
                    reopened.fail("island " + recovery.partition() + ": reopening after a clean close did not " +
                        "verify the digest recorded at close (" + recovery.records() + " records replayed)");
                }
            }
            final List<String> digests = engine.digests();
            if (!digests.equals(closeDigests))
            {
                reopened.fail("digests after reopening " + digests + " differ from those at close " + closeDigests);
            }
            final StateView state = StateView.of(engine, acks);
            reopened.acknowledgedResults(acks, state);
            reopened.stock(acks, state, CrashWorkload.PARTITIONS, true);
            userStreams(engine, reopened);
            final LogicStatistics statistics = engine.statistics();
            final String line = String.format("final: %d orders placed, %d confirmed, %d rejected, %d cancelled, " +
                "%d waited for units; %d transfer requests, %d grants (%d units), %d denials; journals at %s; " +
                "acknowledged %s; checked in %d ms", statistics.ordersPlaced(), statistics.ordersConfirmed(),
                statistics.ordersRejected(), statistics.ordersCancelled(), statistics.ordersNeededTransfer(),
                statistics.requestsSent(), statistics.grantsReceived(), statistics.unitsReceived(),
                statistics.denialsReceived(), sequences(replayed), results(acks),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            schedule.add(line);
            out.println(line);
            if (!reopened.passed())
            {
                failAt(kills + 1, "after reopening a cleanly closed directory:\n" + reopened.report());
            }
            if (statistics.grantsReceived() == 0 || statistics.ordersConfirmed() == 0 ||
                statistics.ordersRejected() == 0)
            {
                failAt(kills + 1, "the workload did not exercise transfers, confirmations and rejections: " + line);
            }
        }
    }

    /**
     * Every user's stream read through the user indexes (built across the kills: at the clean close above, and
     * brought up to date now) equals the stream scanned from the journals and event logs.
     */
    private void userStreams(final Archipelago engine, final SurvivalChecks checks)
    {
        final java.util.Map<String, List<io.archipelago.engine.model.HistoryEntry>> scanned =
            io.archipelago.engine.stream.StreamScan.everyUser(data, CrashWorkload.PARTITIONS);
        for (final java.util.Map.Entry<String, List<io.archipelago.engine.model.HistoryEntry>> user :
            scanned.entrySet())
        {
            final List<io.archipelago.engine.model.HistoryEntry> read = engine.history(user.getKey());
            if (!read.equals(user.getValue()))
            {
                checks.fail("user " + user.getKey() + ": the stream read through the user index has " + read.size() +
                    " entries, the journal and event log hold " + user.getValue().size());
            }
        }
        if (scanned.isEmpty())
        {
            checks.fail("no user stream to compare");
        }
    }

    private static long pendingOrders(final List<JournalReplay.Island> islands)
    {
        long pending = 0;
        for (final JournalReplay.Island island : islands)
        {
            pending += island.logic().pendingOrderCount();
        }
        return pending;
    }

    private static long unitsInFlight(final List<JournalReplay.Island> islands)
    {
        long inFlight = 0;
        for (final JournalReplay.Island island : islands)
        {
            for (long product = 1; product <= CrashWorkload.PRODUCTS; product++)
            {
                inFlight += island.logic().productView(product).inFlight();
            }
        }
        return inFlight;
    }

    private static String results(final List<AckLine> acks)
    {
        final Map<String, Integer> counts = new TreeMap<>();
        for (final AckLine ack : acks)
        {
            counts.merge(ack.kind().label() + (null == ack.result() ? "" : " " + ack.result()), 1, Integer::sum);
        }
        return counts.toString();
    }

    private static String sequences(final List<JournalReplay.Island> islands)
    {
        final StringBuilder text = new StringBuilder("[");
        for (final JournalReplay.Island island : islands)
        {
            text.append(text.length() > 1 ? ", " : "").append(island.sequence());
        }
        return text.append(']').toString();
    }

    private void failAt(final int kill, final String message)
    {
        final Path evidence = keepEvidence(kill);
        throw new AssertionError("crash harness failed (seed " + seed + ", " + (kill > kills ? "final recovery" :
            "kill " + kill + " of " + kills) + "; rerun with -Dcrash.seed=" + seed + " -Dcrash.kills=" + kills +
            "): " + message + "\nschedule so far:\n" + String.join("\n", schedule) +
            (null == evidence ? "" : "\ndata directory and acknowledgement log kept in " + evidence));
    }

    private Path keepEvidence(final int kill)
    {
        final Path target = Path.of(System.getProperty("crash.evidence", "target/crash-evidence"))
            .resolve("seed-" + seed + "-kill-" + kill).toAbsolutePath();
        try (Stream<Path> files = Files.walk(work))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                final Path copy = target.resolve(work.relativize(file).toString());
                if (Files.isDirectory(file))
                {
                    Files.createDirectories(copy);
                }
                else
                {
                    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return target;
        }
        catch (final IOException | UncheckedIOException ex)
        {
            out.println("could not keep the evidence in " + target + ": " + ex);
            return null;
        }
    }
}
