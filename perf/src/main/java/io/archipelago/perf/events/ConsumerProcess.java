package io.archipelago.perf.events;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

import io.archipelago.engine.EventConsumer;

/**
 * One member of one consumer group in a JVM of its own, for {@link EventsRun}: polls until the stop file appears and
 * nothing new came for half a second, committing every 100 ms, then prints the events it was given.
 * Arguments: data directory, group, stop file.
 */
public final class ConsumerProcess
{
    private ConsumerProcess()
    {
    }

    public static void main(final String[] args)
    {
        final Path data = Path.of(args[0]);
        final Path stop = Path.of(args[2]);
        long delivered = 0;
        long lastDelivery = System.nanoTime();
        long nextCommit = 0;
        try (EventConsumer consumer = EventConsumer.open(EventConsumer.Config.builder().dataDirectory(data)
            .group(args[1]).member("m").build()))
        {
            System.out.println("ready");
            System.out.flush();
            while (!Files.exists(stop) || System.nanoTime() - lastDelivery < 500_000_000L)
            {
                final int got = consumer.poll(event -> { }, 10_000);
                if (got > 0)
                {
                    delivered += got;
                    lastDelivery = System.nanoTime();
                }
                else
                {
                    LockSupport.parkNanos(1_000_000);
                }
                if (System.nanoTime() - nextCommit >= 0)
                {
                    consumer.commit();
                    nextCommit = System.nanoTime() + 100_000_000L;
                }
            }
        }
        System.out.println("delivered " + delivered + " cpu_ms " + ProcessHandle.current().info().totalCpuDuration()
            .map(java.time.Duration::toMillis).orElse(-1L));
    }
}
