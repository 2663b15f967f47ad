package io.archipelago.engine.events;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One child JVM of the consumer-group crash test ({@link GroupCrashEngineMain} or {@link GroupCrashConsumerMain}),
 * started with the test JVM's Chronicle flags and classpath as the crash harness starts its workers. Its output
 * (standard output and error together) is copied to a log file; the first word of every line is remembered so the
 * test can wait for a line. The child's standard input stays open while it runs: a line {@value #STOP} asks it to
 * stop cleanly, and end of input (the test JVM went away) makes it halt.
 */
final class GroupCrashProcess
{
    /** Exit status of a process killed by signal 9 ({@code SIGKILL}): 128 + 9. */
    static final int KILLED_BY_SIGKILL = 137;
    /** What the test writes to a child's standard input to make it stop cleanly. */
    static final String STOP = "stop";
    /** Exit status of a child whose standard input closed before it was told to stop. */
    static final int ORPHANED = 3;
    /** Exit status of a child that failed. */
    static final int FAILED = 2;

    private static final List<String> CHRONICLE_FLAGS = chronicleFlagsOfThisJvm();

    private final String name;
    private final Process process;
    private final Path log;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Thread pump;

    private GroupCrashProcess(final String name, final Process process, final Path log)
    {
        this.name = name;
        this.process = process;
        this.log = log;
        this.pump = new Thread(this::pumpOutput, "group-crash-output-" + name);
        this.pump.setDaemon(true);
        this.pump.start();
    }

    private static List<String> chronicleFlagsOfThisJvm()
    {
        final List<String> flags = new ArrayList<>();
        final List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (int i = 0; i < arguments.size(); i++)
        {
            final String argument = arguments.get(i);
            if (argument.equals("--add-exports") || argument.equals("--add-opens"))
            {
                flags.add(argument);
                if (i + 1 < arguments.size())
                {
                    flags.add(arguments.get(++i));
                }
            }
            else if (argument.startsWith("--add-exports=") || argument.startsWith("--add-opens=") ||
                argument.startsWith("-Dchronicle."))
            {
                flags.add(argument);
            }
        }
        return List.copyOf(flags);
    }

    /**
     * Starts a child JVM.
     *
     * @param name      a short name for messages and the output thread.
     * @param mainClass the child's main class.
     * @param maxHeap   its {@code -Xmx}.
     * @param log       where its output goes.
     * @param arguments its arguments.
     * @return the running child.
     */
    static GroupCrashProcess start(final String name, final Class<?> mainClass, final String maxHeap, final Path log,
        final String... arguments)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(CHRONICLE_FLAGS);
        command.addAll(List.of("-Xmx" + maxHeap, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:+UseSerialGC",
            "-XX:CICompilerCount=1", "-Dorg.slf4j.simpleLogger.log.net.openhft=warn"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(arguments));
        try
        {
            return new GroupCrashProcess(name, new ProcessBuilder(command).redirectErrorStream(true).start(), log);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start " + name + ": " + command, ex);
        }
    }

    private void pumpOutput()
    {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8)))
        {
            String line;
            while (null != (line = in.readLine()))
            {
                out.println(line);
                out.flush();
                final int space = line.indexOf(' ');
                seen.add(space < 0 ? line : line.substring(0, space));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot copy the output of " + name + " to " + log, ex);
        }
    }

    /**
     * @return the name given at start.
     */
    String name()
    {
        return name;
    }

    /**
     * @return the child's process id.
     */
    long pid()
    {
        return process.pid();
    }

    /**
     * @return true while the child runs.
     */
    boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * Waits until the child printed a line starting with {@code word}, it ended, or the time is up.
     *
     * @param word          the line's first word.
     * @param timeoutMillis how long to wait.
     * @return true when the line came.
     * @throws InterruptedException when interrupted.
     */
    boolean awaitLine(final String word, final long timeoutMillis) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!seen.contains(word) && process.isAlive() && System.nanoTime() - deadline < 0)
        {
            Thread.sleep(20);
        }
        if (!process.isAlive())
        {
            pump.join(TimeUnit.SECONDS.toMillis(5));
        }
        return seen.contains(word);
    }

    /**
     * Asks the child to stop cleanly and waits for it to end.
     *
     * @param timeoutMillis how long to wait.
     * @return its exit status.
     * @throws InterruptedException  when interrupted.
     * @throws IllegalStateException when it still runs after the timeout (it is then killed).
     */
    int stop(final long timeoutMillis) throws InterruptedException
    {
        try
        {
            final OutputStream in = process.getOutputStream();
            in.write((STOP + "\n").getBytes(StandardCharsets.US_ASCII));
            in.flush();
        }
        catch (final IOException ex)
        {
            // the child is gone already: its exit status says how
        }
        if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS))
        {
            kill();
            throw new IllegalStateException(name + " (pid " + pid() + ") still ran " + timeoutMillis +
                " ms after it was asked to stop; killed. Its output:\n" + output());
        }
        pump.join(TimeUnit.SECONDS.toMillis(5));
        return process.exitValue();
    }

    /**
     * Sends {@code SIGKILL} ({@link Process#destroyForcibly()} on Linux) and waits for the process to be gone.
     *
     * @return the exit status, {@link #KILLED_BY_SIGKILL} when the signal killed it.
     * @throws InterruptedException when interrupted.
     */
    int kill() throws InterruptedException
    {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS))
        {
            throw new IllegalStateException(name + " (pid " + pid() + ") still runs 30 s after SIGKILL");
        }
        pump.join(TimeUnit.SECONDS.toMillis(5));
        return process.exitValue();
    }

    /**
     * Kills the child if it still runs; for finally blocks.
     */
    void destroy()
    {
        if (process.isAlive())
        {
            process.destroyForcibly();
            try
            {
                process.waitFor(30, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * @return the child's output so far.
     */
    String output()
    {
        try
        {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        }
        catch (final IOException ex)
        {
            return "(cannot read " + log + ": " + ex + ")";
        }
    }

    /**
     * Watches the test JVM from inside a child: a line {@value #STOP} on standard input calls {@code onStop}; end of
     * input before it halts the child with {@value #ORPHANED}, since nobody would stop it.
     *
     * @param onStop what to do when told to stop.
     */
    static void watchParent(final Runnable onStop)
    {
        final Thread watcher = new Thread(() ->
        {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)))
            {
                String line;
                while (null != (line = in.readLine()))
                {
                    if (STOP.equals(line.trim()))
                    {
                        onStop.run();
                        in.transferTo(Writer.nullWriter());
                    }
                }
            }
            catch (final IOException ex)
            {
                System.out.println("standard input failed: " + ex);
            }
            Runtime.getRuntime().halt(ORPHANED);
        }, "group-crash-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
