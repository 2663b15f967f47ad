package io.archipelago.engine.events;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import io.archipelago.engine.EventConsumer;
import io.archipelago.engine.model.EventId;

/**
 * One member of a consumer group in its own JVM, as an application would run it: polls, stores what it was given
 * (a line per event in its delivery file, flushed to the file), works a little and only then commits; after each
 * commit it writes what the group has committed on each island it reads. It runs until told to stop
 * ({@link GroupCrashProcess#STOP}), then commits, closes the consumer and exits 0, or until it is killed.
 * <p>
 * Arguments: data directory, group, member id, incarnation (unique within the group, one per start), delivery file.
 * The delivery file holds {@link GroupCrashDeliveries} lines:
 * <pre>
 *   delivered &lt;member&gt; &lt;incarnation&gt; &lt;island/sequence/index&gt;
 *   committed &lt;member&gt; &lt;incarnation&gt; &lt;island&gt; &lt;island/sequence/index&gt;
 *   islands &lt;member&gt; &lt;incarnation&gt; [&lt;island&gt;, ...]
 *   closed &lt;member&gt; &lt;incarnation&gt;
 * </pre>
 */
final class GroupCrashConsumerMain
{
    static final String READY = "READY";
    static final String DELIVERING = "DELIVERING";
    static final String CLOSED = "CLOSED";
    static final Duration REBALANCE_INTERVAL = Duration.ofMillis(100);

    private static final int MAX_EVENTS_PER_POLL = 200;
    private static final long IDLE_PAUSE_MILLIS = 5;
    /** The application's own work between storing what it was given and committing: where a kill makes repeats. */
    private static final long WORK_BEFORE_COMMIT_MILLIS = 2;
    private static final long MAX_LIFETIME_MILLIS = TimeUnit.SECONDS.toMillis(300);

    private static volatile boolean stopping;

    private GroupCrashConsumerMain()
    {
    }

    public static void main(final String[] args)
    {
        if (args.length != 5)
        {
            System.err.println("usage: GroupCrashConsumerMain <data directory> <group> <member> <incarnation> " +
                "<delivery file>");
            System.exit(GroupCrashProcess.FAILED);
        }
        GroupCrashProcess.watchParent(() -> stopping = true);
        try
        {
            consume(Path.of(args[0]), args[1], args[2], Integer.parseInt(args[3]), Path.of(args[4]));
            System.exit(0);
        }
        catch (final Throwable ex)
        {
            System.out.println("FAILED member " + args[2] + " incarnation " + args[3] + ": " + ex);
            ex.printStackTrace(System.out);
            System.out.flush();
            Runtime.getRuntime().halt(GroupCrashProcess.FAILED);
        }
    }

    private static void consume(final Path data, final String group, final String member, final int incarnation,
        final Path deliveries) throws Exception
    {
        final String who = member + " " + incarnation;
        try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(deliveries,
            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), StandardCharsets.UTF_8), 1 << 16);
             EventConsumer consumer = EventConsumer.open(EventConsumer.Config.builder().dataDirectory(data)
                 .group(group).member(member).rebalanceInterval(REBALANCE_INTERVAL).build()))
        {
            System.out.println(READY + " " + group + " " + who);
            System.out.flush();
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_LIFETIME_MILLIS);
            int[] islands = new int[0];
            boolean delivering = false;
            while (!stopping)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw new IllegalStateException("not stopped within " + MAX_LIFETIME_MILLIS + " ms");
                }
                final int delivered = consumer.poll(event -> write(out, "delivered " + who + " " + event.id()),
                    MAX_EVENTS_PER_POLL);
                if (!Arrays.equals(islands, consumer.islands()))
                {
                    islands = consumer.islands();
                    write(out, "islands " + who + " " + Arrays.toString(islands));
                }
                if (delivered > 0)
                {
                    out.flush();
                    Thread.sleep(WORK_BEFORE_COMMIT_MILLIS);
                    consumer.commit();
                    for (final int island : consumer.islands())
                    {
                        final EventId committed = consumer.committed(island);
                        if (null != committed)
                        {
                            write(out, "committed " + who + " " + island + " " + committed);
                        }
                    }
                    out.flush();
                    if (!delivering)
                    {
                        delivering = true;
                        System.out.println(DELIVERING + " " + group + " " + who);
                        System.out.flush();
                    }
                }
                else
                {
                    out.flush();
                    Thread.sleep(IDLE_PAUSE_MILLIS);
                }
            }
            consumer.commit();
            consumer.close();
            write(out, "closed " + who);
            out.flush();
            System.out.println(CLOSED + " " + group + " " + who);
            System.out.flush();
        }
    }

    private static void write(final BufferedWriter out, final String line)
    {
        try
        {
            out.write(line);
            out.write('\n');
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the delivery file", ex);
        }
    }
}
