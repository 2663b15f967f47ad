package io.archipelago.engine.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@link CrashWorkerMain} in its own JVM, killed with {@code SIGKILL}. Its output (standard output and
 * error together) goes to a log file; the process's standard input stays open while it runs so that it can tell when
 * the test JVM is gone.
 */
final class WorkerProcess
{
    /** Exit status of a process killed by signal 9 ({@code SIGKILL}): 128 + 9. */
    static final int KILLED_BY_SIGKILL = 137;

    /**
     * The JVM flags Chronicle Queue and Agrona need on Java 17, taken from this JVM's own arguments (surefire starts it
     * with the argument file {@code .jvm-flags}): every {@code --add-exports}, {@code --add-opens} and
     * {@code -Dchronicle.} option.
     */
    private static final List<String> CHRONICLE_FLAGS = chronicleFlagsOfThisJvm();

    /** Keeps the worker JVM small and quick to start: it runs for about a second. */
    private static final List<String> SMALL_JVM_FLAGS = List.of(
        "-Xmx256m",
        "-XX:TieredStopAtLevel=1",
        "-Xshare:auto",
        "-XX:+UseSerialGC",
        "-Dorg.slf4j.simpleLogger.log.net.openhft=warn");

    private final Process process;
    private final Path log;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile String recovery;
    private final Thread pump;
    private final long startNanos = System.nanoTime();

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

    private WorkerProcess(final Process process, final Path log)
    {
        this.process = process;
        this.log = log;
        this.pump = new Thread(this::pumpOutput, "crash-worker-output-" + process.pid());
        this.pump.setDaemon(true);
        this.pump.start();
    }

    /**
     * Starts a worker run.
     *
     * @param data    the data directory.
     * @param acks    the acknowledgement log.
     * @param run     the run number.
     * @param seed    the run's seed.
     * @param log     where the worker's output goes.
     * @return the running worker.
     */
    static WorkerProcess start(final Path data, final Path acks, final int run, final long seed, final Path log)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(CHRONICLE_FLAGS);
        command.addAll(SMALL_JVM_FLAGS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashWorkerMain.class.getName());
        command.add(data.toString());
        command.add(acks.toString());
        command.add(Integer.toString(run));
        command.add(Long.toString(seed));
        try
        {
            return new WorkerProcess(new ProcessBuilder(command).redirectErrorStream(true).start(), log);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start " + command, ex);
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
                if (line.startsWith(CrashWorkerMain.RECOVERED))
                {
                    recovery = line.substring(CrashWorkerMain.RECOVERED.length()).trim();
                }
                if (line.startsWith(CrashWorkerMain.READY))
                {
                    ready.countDown();
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot copy the output of worker " + process.pid() + " to " + log, ex);
        }
    }

    /**
     * @return the worker's process id.
     */
    long pid()
    {
        return process.pid();
    }

    /**
     * @return milliseconds since the worker was started.
     */
    long millisSinceStart()
    {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /**
     * Waits until the worker says it is ready, it dies, or the time is up.
     *
     * @param timeoutMillis how long to wait.
     * @return true when ready.
     * @throws InterruptedException when interrupted.
     */
    boolean awaitReady(final long timeoutMillis) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() - deadline < 0)
        {
            if (ready.await(20, TimeUnit.MILLISECONDS))
            {
                return true;
            }
            if (!process.isAlive())
            {
                return ready.getCount() == 0;
            }
        }
        return false;
    }

    /**
     * @return how the worker said it recovered the data directory, or {@code null} before it said so.
     */
    String recovery()
    {
        return recovery;
    }

    /**
     * @return true once the worker has said it is ready.
     */
    boolean isReady()
    {
        return ready.getCount() == 0;
    }

    /**
     * @return true while the process runs.
     */
    boolean isAlive()
    {
        return process.isAlive();
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
            throw new IllegalStateException("worker " + process.pid() + " still runs 30 s after SIGKILL");
        }
        pump.join(TimeUnit.SECONDS.toMillis(10));
        return process.exitValue();
    }

    /**
     * @return the worker's output so far.
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
}
