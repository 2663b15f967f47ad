package io.archipelago.engine.events;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * One consumer group of the crash test as the test drives it: its members' processes, each start of a member a new
 * incarnation (numbered within the group) with its own delivery file and output log, and which incarnations were
 * killed with {@code SIGKILL}.
 */
final class GroupCrashGroup
{
    private static final long READY_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(60);
    private static final long DELIVERING_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(5);
    private static final long STOP_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(30);

    private final String name;
    private final Path data;
    private final Path deliveries;
    private final Path logs;
    private final PrintStream out;
    private final Map<String, GroupCrashProcess> live = new HashMap<>();
    private final Map<GroupCrashProcess, Integer> incarnationOf = new HashMap<>();
    private final List<GroupCrashProcess> started = new ArrayList<>();
    private final Set<Integer> killed = new TreeSet<>();
    /** Killed incarnations that had delivered nothing within the wait: the group never gave them an island. */
    private final Set<Integer> killedIdle = new TreeSet<>();
    private int incarnations;

    /**
     * @param name the group.
     * @param data the data directory.
     * @param work where the group's delivery files and member logs go.
     * @param out  where what happens is printed.
     * @throws IOException when the directories cannot be created.
     */
    GroupCrashGroup(final String name, final Path data, final Path work, final PrintStream out) throws IOException
    {
        this.name = name;
        this.data = data;
        this.deliveries = Files.createDirectories(work.resolve(name).resolve("deliveries"));
        this.logs = Files.createDirectories(work.resolve(name).resolve("logs"));
        this.out = out;
    }

    /**
     * @return the group.
     */
    String name()
    {
        return name;
    }

    /**
     * @return the directory of the delivery files.
     */
    Path deliveries()
    {
        return deliveries;
    }

    /**
     * @return the incarnations killed with {@code SIGKILL}.
     */
    Set<Integer> killed()
    {
        return killed;
    }

    /**
     * @return killed incarnations that had delivered nothing in the 5 s it was given while the
     *         engine was deciding events: the group did not share its islands with them.
     */
    Set<Integer> killedIdle()
    {
        return killedIdle;
    }

    /**
     * Starts a new incarnation of a member; {@link #awaitReady} waits for it.
     *
     * @param member the member id.
     */
    void start(final String member)
    {
        if (live.containsKey(member))
        {
            throw new IllegalStateException(name + "/" + member + " runs already");
        }
        final int incarnation = ++incarnations;
        final GroupCrashProcess process = GroupCrashProcess.start(name + "-" + member + "-" + incarnation,
            GroupCrashConsumerMain.class, "128m", logs.resolve(String.format("incarnation-%03d-%s.log", incarnation,
                member)), data.toString(), name, member, Integer.toString(incarnation),
            GroupCrashDeliveries.file(deliveries, incarnation, member).toString());
        live.put(member, process);
        incarnationOf.put(process, incarnation);
        started.add(process);
    }

    /**
     * Waits until every live member has joined the group.
     *
     * @throws InterruptedException when interrupted.
     * @throws AssertionError       naming the member and showing its output when one did not.
     */
    void awaitReady() throws InterruptedException
    {
        for (final Map.Entry<String, GroupCrashProcess> entry : live.entrySet())
        {
            final GroupCrashProcess process = entry.getValue();
            if (!process.awaitLine(GroupCrashConsumerMain.READY, READY_TIMEOUT_MILLIS))
            {
                throw new AssertionError(name + "/" + entry.getKey() + " incarnation " + incarnationOf.get(process) +
                    " did not join the group within " + READY_TIMEOUT_MILLIS + " ms (alive: " + process.isAlive() +
                    "). Its output:\n" + process.output());
            }
        }
    }

    /**
     * Kills a member with {@code SIGKILL} once it has delivered something (or after a bounded wait), and starts it
     * again under the same id.
     *
     * @param member the member id.
     * @throws InterruptedException when interrupted.
     * @throws AssertionError       when the member had ended on its own or did not die of the signal.
     */
    void killAndRestart(final String member) throws InterruptedException
    {
        final GroupCrashProcess process = live.remove(member);
        final int incarnation = incarnationOf.get(process);
        final boolean delivering = process.awaitLine(GroupCrashConsumerMain.DELIVERING, DELIVERING_TIMEOUT_MILLIS);
        final boolean alive = process.isAlive();
        final int status = process.kill();
        if (!alive || status != GroupCrashProcess.KILLED_BY_SIGKILL)
        {
            throw new AssertionError(name + "/" + member + " incarnation " + incarnation + " " + (alive ?
                "ended with status " + status + " instead of " + GroupCrashProcess.KILLED_BY_SIGKILL :
                "ended by itself with status " + status + " before the kill") + ". Its output:\n" + process.output());
        }
        killed.add(incarnation);
        if (!delivering)
        {
            killedIdle.add(incarnation);
        }
        out.printf("  %s/%s incarnation %d killed (SIGKILL, pid %d)%s%n", name, member, incarnation, process.pid(),
            delivering ? " after it had delivered events" : " before it had delivered any (waited " +
                DELIVERING_TIMEOUT_MILLIS + " ms)");
        start(member);
        awaitReady();
    }

    /**
     * Asks a member to close and waits for it to end cleanly.
     *
     * @param member the member id.
     * @throws InterruptedException when interrupted.
     * @throws AssertionError       when it did not exit with status 0.
     */
    void stop(final String member) throws InterruptedException
    {
        final GroupCrashProcess process = live.remove(member);
        final int status = process.stop(STOP_TIMEOUT_MILLIS);
        if (status != 0)
        {
            throw new AssertionError(name + "/" + member + " incarnation " + incarnationOf.get(process) +
                " ended with status " + status + " when asked to stop. Its output:\n" + process.output());
        }
    }

    /**
     * Stops every live member cleanly.
     *
     * @throws InterruptedException when interrupted.
     */
    void stopAll() throws InterruptedException
    {
        for (final String member : new TreeSet<>(live.keySet()))
        {
            stop(member);
        }
    }

    /**
     * Checks that no member died on its own: every incarnation still runs, was killed by the test, or was stopped.
     *
     * @throws AssertionError showing the output of one that ended otherwise.
     */
    void checkNoneFailed()
    {
        for (final Map.Entry<String, GroupCrashProcess> entry : live.entrySet())
        {
            if (!entry.getValue().isAlive())
            {
                throw new AssertionError(name + "/" + entry.getKey() + " incarnation " +
                    incarnationOf.get(entry.getValue()) + " ended on its own. Its output:\n" +
                    entry.getValue().output());
            }
        }
    }

    /**
     * @return how many incarnations were started.
     */
    int incarnations()
    {
        return incarnations;
    }

    /**
     * Kills every process of the group still running; for finally blocks.
     */
    void destroyAll()
    {
        started.forEach(GroupCrashProcess::destroy);
    }
}
