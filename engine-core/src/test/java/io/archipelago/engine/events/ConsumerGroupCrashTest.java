package io.archipelago.engine.events;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.archipelago.engine.model.Event;
import io.archipelago.engine.model.EventId;
import io.archipelago.engine.model.EventType;
import io.archipelago.engine.model.TransferPolicy;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Consumer groups across processes under {@code kill -9}. An engine JVM places orders on {@value #ISLANDS} islands,
 * transfers between islands included; it is killed with {@code SIGKILL} once and reopened on the same directory (so
 * recovery decides again what the event logs lost), and stopped cleanly at the end. Meanwhile two groups of consumer
 * JVMs read the islands' event logs, each member storing every event before it commits: "billing" with two members
 * and a third joining midway, "reports" with three members of which one leaves cleanly midway. One member of each
 * group is killed with {@code SIGKILL} {@value #KILLS_PER_GROUP} times and started again under the same id.
 * <pre>
 *   engine run 1 READY; billing a, b; reports a, b, c
 *   kill billing/a, restart; kill reports/b, restart
 *   SIGKILL the engine; engine run 2 reopens the directory and goes on with new orders
 *   billing/c joins
 *   kill billing/a, restart; kill reports/b, restart
 *   reports/c closes
 *   kill billing/a, restart; kill reports/b, restart
 *   the engine stops cleanly; the groups drain to the logs' ends and stop cleanly
 * </pre>
 * Then, for each group: the ids delivered are exactly the ids in the islands' event logs, each log holding exactly
 * what replaying its island's journal decides; each incarnation delivers an island's events in increasing order; an
 * id delivered twice was delivered by killed incarnations above their last commit and once more at most
 * ({@link GroupCrashDeliveries}). A failure names the seed (rerun with {@code -Dgroupcrash.seed=N}) and keeps the
 * delivery files, the process logs and the logs' events under {@code target/group-crash-evidence}.
 */
class ConsumerGroupCrashTest
{
    private static final int ISLANDS = GroupCrashEngineMain.ISLANDS;
    private static final int KILLS_PER_GROUP = 3;
    private static final long ENGINE_READY_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(120);
    private static final long ENGINE_STOP_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(60);
    private static final long DRAIN_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(60);
    private static final int SHOWN_PROBLEMS = 30;

    @TempDir
    Path dir;

    @Test
    void shouldDeliverEveryEventToEachGroupAndAgainOnlyWhatAKilledMemberHadNotCommitted() throws Exception
    {
        final long seed = Long.getLong("groupcrash.seed", System.nanoTime());
        final PrintStream out = System.out;
        out.printf("consumer group crash test: seed %d (rerun with -Dgroupcrash.seed=%d)%n", seed, seed);
        final long start = System.nanoTime();
        final Random random = new Random(seed);
        final Path data = dir.resolve("data");
        final Path engineLogs = Files.createDirectories(dir.resolve("engine").resolve("logs"));
        final GroupCrashGroup billing = new GroupCrashGroup("billing", data, dir, out);
        final GroupCrashGroup reports = new GroupCrashGroup("reports", data, dir, out);
        final List<GroupCrashProcess> engines = new ArrayList<>();
        try
        {
            engines.add(startEngine(data, 1, seed, engineLogs));
            List.of("a", "b").forEach(billing::start);
            List.of("a", "b", "c").forEach(reports::start);
            billing.awaitReady();
            reports.awaitReady();
            out.printf("  engine run 1 and 5 members ready after %d ms%n", millisSince(start));

            pause(random, engines, billing, reports);
            billing.killAndRestart("a");
            pause(random, engines, billing, reports);
            reports.killAndRestart("b");

            pause(random, engines, billing, reports);
            final GroupCrashProcess first = engines.get(0);
            final boolean engineAlive = first.isAlive();
            final int engineStatus = first.kill();
            assertTrue(engineAlive && engineStatus == GroupCrashProcess.KILLED_BY_SIGKILL, "engine run 1 ended " +
                "with status " + engineStatus + (engineAlive ? "" : " on its own") + ". Its output:\n" +
                first.output());
            out.printf("  engine run 1 killed (SIGKILL, pid %d) after %d ms%n", first.pid(), millisSince(start));
            engines.add(startEngine(data, 2, seed, engineLogs));
            out.printf("  engine run 2 ready after %d ms: %s%n", millisSince(start),
                firstLine(engines.get(1).output(), "RECOVERED"));

            pause(random, engines, billing, reports);
            billing.start("c");
            billing.awaitReady();
            out.println("  billing/c joined");
            for (int kill = 2; kill <= KILLS_PER_GROUP; kill++)
            {
                pause(random, engines, billing, reports);
                billing.killAndRestart("a");
                pause(random, engines, billing, reports);
                reports.killAndRestart("b");
                if (kill == 2)
                {
                    pause(random, engines, billing, reports);
                    reports.stop("c");
                    out.println("  reports/c closed");
                }
            }
            pause(random, engines, billing, reports);

            final GroupCrashProcess last = engines.get(1);
            final int stopped = last.stop(ENGINE_STOP_TIMEOUT_MILLIS);
            assertEquals(0, stopped, "engine run 2 stopped cleanly. Its output:\n" + last.output());
            out.printf("  engine run 2 stopped after %d ms: %s%n", millisSince(start),
                firstLine(last.output(), GroupCrashEngineMain.CLOSED));

            final DataDirectoryLayout layout = new DataDirectoryLayout(data);
            final List<Event> events = new ArrayList<>();
            final EventId[] lastIds = new EventId[ISLANDS];
            for (int island = 0; island < ISLANDS; island++)
            {
                final List<Event> logged = checkedLog(layout, island);
                lastIds[island] = logged.isEmpty() ? null : logged.get(logged.size() - 1).id();
                events.addAll(logged);
            }
            final Set<EventId> expected = events.stream().map(Event::id).collect(Collectors.toSet());
            assertEquals(events.size(), expected.size(), "no id twice in the logs");
            assertTrue(count(events, EventType.UNITS_SENT) > 0, "units moved between islands");

            for (final GroupCrashGroup group : List.of(billing, reports))
            {
                awaitDrained(layout, group, lastIds);
                group.stopAll();
            }
            final long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            final StringBuilder problems = new StringBuilder();
            out.printf("consumer group crash test: %d events in the logs (%s); 1 engine kill; run time %d s%n",
                events.size(), byType(events), seconds);
            for (final GroupCrashGroup group : List.of(billing, reports))
            {
                final GroupCrashDeliveries deliveries = GroupCrashDeliveries.check(group.name(),
                    group.deliveries(), group.killed(), expected);
                out.printf("  group %s: %d events, %d deliveries, %d duplicates, %d incarnations, %d kills%n",
                    group.name(), deliveries.events(), deliveries.deliveries(), deliveries.duplicates(),
                    deliveries.incarnations(), group.killed().size());
                if (!deliveries.problems().isEmpty())
                {
                    problems.append("group ").append(group.name()).append(": ")
                        .append(deliveries.problems().size()).append(" problems:\n");
                    deliveries.problems().stream().limit(SHOWN_PROBLEMS)
                        .forEach(problem -> problems.append("  ").append(problem).append('\n'));
                }
                assertEquals(KILLS_PER_GROUP, group.killed().size(), "kills in group " + group.name());
                if (!group.killedIdle().isEmpty())
                {
                    problems.append("group ").append(group.name()).append(": incarnations ").append(group.killedIdle())
                        .append(" were given no island to read before they were killed (islands not shared)\n");
                }
            }
            if (problems.length() > 0)
            {
                fail("seed " + seed + ":\n" + problems);
            }
        }
        catch (final AssertionError | RuntimeException ex)
        {
            keepEvidence(seed, data, out);
            throw ex;
        }
        finally
        {
            engines.forEach(GroupCrashProcess::destroy);
            billing.destroyAll();
            reports.destroyAll();
        }
    }

    private static GroupCrashProcess startEngine(final Path data, final int run, final long seed, final Path logs)
        throws InterruptedException
    {
        final GroupCrashProcess engine = GroupCrashProcess.start("engine-" + run, GroupCrashEngineMain.class,
            "256m", logs.resolve("run-" + run + ".log"), data.toString(), Integer.toString(run),
            Long.toString(seed * 31 + run));
        if (!engine.awaitLine(GroupCrashEngineMain.READY, ENGINE_READY_TIMEOUT_MILLIS))
        {
            engine.destroy();
            fail("engine run " + run + " did not become ready within " + ENGINE_READY_TIMEOUT_MILLIS +
                " ms. Its output:\n" + engine.output());
        }
        return engine;
    }

    /**
     * Lets the engine and the members run for a while, then checks that none of them ended on its own.
     */
    private static void pause(final Random random, final List<GroupCrashProcess> engines,
        final GroupCrashGroup... groups) throws InterruptedException
    {
        Thread.sleep(700 + random.nextInt(800));
        final GroupCrashProcess engine = engines.get(engines.size() - 1);
        assertTrue(engine.isAlive(), () -> engine.name() + " ended on its own. Its output:\n" + engine.output());
        for (final GroupCrashGroup group : groups)
        {
            group.checkNoneFailed();
        }
    }

    /**
     * Reads an island's event log and checks it against what replaying the island's journal decides.
     */
    private static List<Event> checkedLog(final DataDirectoryLayout layout, final int island)
    {
        final List<Event> logged = logged(layout, island);
        final List<Event> replayed = JournalEvents.of(layout, island, ISLANDS, TransferPolicy.DEFAULT.strategy());
        if (!replayed.equals(logged))
        {
            int at = 0;
            while (at < logged.size() && at < replayed.size() && logged.get(at).equals(replayed.get(at)))
            {
                at++;
            }
            fail("island " + island + ": the event log holds " + logged.size() + " events, replaying the journal " +
                "decides " + replayed.size() + "; first difference at " + at + ": log " +
                (at < logged.size() ? logged.get(at) : "(end)") + ", journal " +
                (at < replayed.size() ? replayed.get(at) : "(end)"));
        }
        for (int i = 1; i < logged.size(); i++)
        {
            assertTrue(logged.get(i).id().isAfter(logged.get(i - 1).id()), "island " + island + ": ids grow in " +
                "the log: " + logged.get(i - 1) + " then " + logged.get(i));
            assertEquals(island, logged.get(i).id().island(), "an island's log holds its own events");
        }
        return logged;
    }

    private static List<Event> logged(final DataDirectoryLayout layout, final int island)
    {
        try (EventLog log = EventLog.openReadOnly(island, layout.events(island)))
        {
            return JournalEvents.read(log);
        }
    }

    /**
     * Waits until the group has committed the last event of every island's log.
     */
    private static void awaitDrained(final DataDirectoryLayout layout, final GroupCrashGroup group,
        final EventId[] lastIds) throws InterruptedException
    {
        final GroupFiles files = new GroupFiles(layout, group.name());
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_TIMEOUT_MILLIS);
        while (true)
        {
            group.checkNoneFailed();
            boolean drained = true;
            for (int island = 0; island < ISLANDS; island++)
            {
                final GroupOffset offset = GroupOffset.read(files.offset(island), island);
                drained &= Objects.equals(lastIds[island], null == offset ? null : offset.last());
            }
            if (drained)
            {
                return;
            }
            if (System.nanoTime() - deadline > 0)
            {
                fail("group " + group.name() + " did not commit the logs' last events " + List.of(lastIds) +
                    " within " + DRAIN_TIMEOUT_MILLIS + " ms: " + GroupStatus.of(layout, group.name(), ISLANDS));
            }
            Thread.sleep(100);
        }
    }

    private static long count(final List<Event> events, final EventType type)
    {
        return events.stream().filter(event -> event.type() == type).count();
    }

    private static String byType(final List<Event> events)
    {
        final Map<EventType, Long> counts = new EnumMap<>(EventType.class);
        events.forEach(event -> counts.merge(event.type(), 1L, Long::sum));
        return counts.entrySet().stream().map(entry -> entry.getKey() + " " + entry.getValue())
            .collect(Collectors.joining(", "));
    }

    private static String firstLine(final String output, final String word)
    {
        return output.lines().filter(line -> line.startsWith(word)).findFirst().orElse("(no " + word + " line)");
    }

    private static long millisSince(final long startNanos)
    {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /**
     * Copies the delivery files, the process logs, the groups' files and the events of every island's log (as
     * text) to {@code target/group-crash-evidence/seed-N}; best effort, a failure here must not hide the test's.
     */
    private void keepEvidence(final long seed, final Path data, final PrintStream out)
    {
        final Path evidence = Path.of("target", "group-crash-evidence", "seed-" + seed).toAbsolutePath();
        try
        {
            EventLogTest.copyTree(dir.resolve("billing"), evidence.resolve("billing"));
            EventLogTest.copyTree(dir.resolve("reports"), evidence.resolve("reports"));
            EventLogTest.copyTree(dir.resolve("engine"), evidence.resolve("engine"));
            final DataDirectoryLayout layout = new DataDirectoryLayout(data);
            EventLogTest.copyTree(layout.groups(), evidence.resolve("groups"));
            for (int island = 0; island < ISLANDS; island++)
            {
                if (Files.isDirectory(layout.events(island)))
                {
                    Files.write(evidence.resolve("island-" + island + ".events"), logged(layout, island).stream()
                        .map(Event::toString).toList(), StandardCharsets.UTF_8);
                }
            }
            out.println("consumer group crash test: evidence kept in " + evidence);
        }
        catch (final IOException | RuntimeException ex)
        {
            out.println("consumer group crash test: could not keep all evidence in " + evidence + ": " + ex);
        }
    }
}
