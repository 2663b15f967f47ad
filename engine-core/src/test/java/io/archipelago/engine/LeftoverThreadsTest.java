package io.archipelago.engine;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.Durability;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.ResultCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Once the last engine of a process closes, no thread the engine or Chronicle started is left: Maven's
 * {@code exec:java} runs {@code main} in a thread group of its own and, after it returns, waits up to 15 s for every
 * thread of that group that an interrupt does not end, daemon or not. A child JVM does the same as an application
 * run that way (Chronicle's process-wide threads start once per JVM, so only a fresh one shows who starts them):
 * two engines and a consumer, in a thread group of its own, then every thread still alive is listed.
 */
class LeftoverThreadsTest
{
    static final int NONE_LEFT = 0;
    static final int LEFT = 3;
    static final int RELEASER_STOPPED_EARLY = 4;
    static final int UNEXPECTED = 5;

    @TempDir
    Path dir;

    @Test
    void shouldLeaveNoThreadOfTheEngineOrChronicleAliveAfterTheLastClose() throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(arg -> arg.startsWith("--add-") || arg.startsWith("-D")).toList());
        command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
            Child.class.getName(), dir.toString()));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), output);

        assertTrue(output.contains("releaser alive while an engine is open: true"), output);
        assertEquals(NONE_LEFT, process.exitValue(), () -> "threads left after the last close (exit " +
            process.exitValue() + "):\n" + output);
    }

    /**
     * The child: works in a thread group of its own as {@code exec:java} runs {@code main}, then lists the threads
     * still alive that were not there before: any in the application's group, and any non-daemon one.
     */
    static final class Child
    {
        private Child()
        {
        }

        public static void main(final String[] args) throws Exception
        {
            final Path dir = Path.of(args[0]);
            final Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
            final ThreadGroup application = new ThreadGroup("application");
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final AtomicReference<Boolean> releaserWhileOpen = new AtomicReference<>();
            final Thread main = new Thread(application, () ->
            {
                try
                {
                    releaserWhileOpen.set(work(dir));
                }
                catch (final Throwable ex)
                {
                    failure.set(ex);
                }
            }, "application-main");
            main.start();
            main.join();
            if (null != failure.get())
            {
                failure.get().printStackTrace(System.out);
                System.exit(UNEXPECTED);
            }
            System.out.println("releaser alive while an engine is open: " + releaserWhileOpen.get());

            final List<String> left = new ArrayList<>();
            for (final Thread thread : Thread.getAllStackTraces().keySet())
            {
                if (before.contains(thread) || thread == Thread.currentThread() || !thread.isAlive())
                {
                    continue;
                }
                final boolean inApplication = inGroup(thread, application);
                if (inApplication || !thread.isDaemon())
                {
                    left.add(describe(thread) + (inApplication ? " (in the application's thread group)" : ""));
                }
            }
            left.forEach(System.out::println);
            System.out.flush();
            System.exit(!left.isEmpty() ? LEFT : Boolean.TRUE.equals(releaserWhileOpen.get()) ? NONE_LEFT :
                RELEASER_STOPPED_EARLY);
        }

        /**
         * Two engines (one syncing its journals) and a consumer; the first engine closes while the second is open.
         *
         * @return whether Chronicle's releaser was still running after the first engine closed.
         */
        private static boolean work(final Path dir) throws Exception
        {
            final Archipelago second = Archipelago.open(ArchipelagoConfig.builder().partitions(2)
                .durability(Durability.JOURNALED_SYNC).dataDirectory(dir.resolve("second")).build());
            try (second)
            {
                try (Archipelago first = Archipelago.open(ArchipelagoConfig.builder().partitions(4)
                    .dataDirectory(dir.resolve("first")).closeTimeout(Duration.ofSeconds(5)).build()))
                {
                    require(ResultCode.CREATED, first.createProduct(1, 8).get(10, TimeUnit.SECONDS));
                    for (int user = 0; user < 8; user++)
                    {
                        require(ResultCode.CONFIRMED, first.placeOrder("user-" + user, 1, new OrderLine(1, 1))
                            .get(10, TimeUnit.SECONDS));
                    }
                    first.snapshot();
                    try (EventConsumer consumer = EventConsumer.open(EventConsumer.Config.builder()
                        .dataDirectory(dir.resolve("first")).group("g").member("m").build()))
                    {
                        consumer.poll(event -> { }, 100);
                        consumer.commit();
                    }
                }
                require(ResultCode.CREATED, second.createProduct(1, 4).get(10, TimeUnit.SECONDS));
                require(ResultCode.CONFIRMED, second.placeOrder("user-0", 1, new OrderLine(1, 3))
                    .get(10, TimeUnit.SECONDS));
                return Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals("background~resource~releaser") && t.isAlive());
            }
        }

        private static void require(final ResultCode expected, final ResultCode actual)
        {
            if (expected != actual)
            {
                throw new IllegalStateException("expected " + expected + ", got " + actual);
            }
        }

        private static boolean inGroup(final Thread thread, final ThreadGroup group)
        {
            final ThreadGroup own = thread.getThreadGroup();
            return null != own && group.parentOf(own);
        }

        private static String describe(final Thread thread)
        {
            return "thread '" + thread.getName() + "' daemon=" + thread.isDaemon() + " state=" + thread.getState() +
                " group=" + (null == thread.getThreadGroup() ? "-" : thread.getThreadGroup().getName()) + " at " +
                Arrays.stream(thread.getStackTrace()).limit(6).map(String::valueOf)
                    .collect(Collectors.joining(" < "));
        }
    }
}
