package io.archipelago.engine.recovery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link LockHolderMain} in its own JVM, started with the test JVM's module flags (as the crash tests start their
 * workers) and killed with {@code SIGKILL}.
 */
final class LockHolderProcess
{
    /** Exit status of a process killed by signal 9: 128 + 9. */
    static final int KILLED_BY_SIGKILL = 137;

    private final Process process;
    private final StringBuilder output = new StringBuilder();

    private LockHolderProcess(final Process process)
    {
        this.process = process;
    }

    /**
     * Starts a holder and waits until it holds the data directory.
     *
     * @param data the data directory.
     * @return the running holder.
     * @throws IOException when it cannot be started or ends before holding the directory.
     */
    static LockHolderProcess startHolding(final Path data) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(arg -> arg.startsWith("--add-") || arg.startsWith("-Dchronicle")).toList());
        command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Dorg.slf4j.simpleLogger.log.net.openhft=warn", "-cp", System.getProperty("java.class.path"),
            LockHolderMain.class.getName(), data.toString()));
        final LockHolderProcess holder =
            new LockHolderProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
        final BufferedReader in = new BufferedReader(new InputStreamReader(holder.process.getInputStream(),
            StandardCharsets.UTF_8));
        String line;
        while (null != (line = in.readLine()))
        {
            holder.output.append(line).append('\n');
            if (line.startsWith(LockHolderMain.HOLDING))
            {
                final Thread drain = new Thread(() -> drain(in), "lock-holder-output-" + holder.pid());
                drain.setDaemon(true);
                drain.start();
                return holder;
            }
        }
        throw new IOException("the lock holder ended before holding " + data + ":\n" + holder.output);
    }

    private static void drain(final BufferedReader in)
    {
        try
        {
            in.transferTo(Writer.nullWriter());
        }
        catch (final IOException ignored)
        {
            return;
        }
    }

    /**
     * @return the holder's process id.
     */
    long pid()
    {
        return process.pid();
    }

    /**
     * @return what the holder printed until it held the directory.
     */
    String output()
    {
        return output.toString();
    }

    /**
     * Sends {@code SIGKILL} and waits for the process to be gone.
     *
     * @return its exit status.
     * @throws InterruptedException when interrupted.
     */
    int kill() throws InterruptedException
    {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS))
        {
            throw new IllegalStateException("lock holder " + process.pid() + " still runs 30 s after SIGKILL");
        }
        return process.exitValue();
    }
}
