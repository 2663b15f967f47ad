package io.archipelago.perf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.IslandRecovery;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.ResultListener;
import io.archipelago.engine.model.SnapshotInfo;

/**
 * Replay and recovery speed: journals {@code records} orders over {@code partitions} islands once, then reopens the
 * directory with 1 replay thread and with {@code threads} replay threads (whole journals), takes a snapshot of every
 * island, appends {@code tail} more orders and reopens again (snapshot + tail). Prints one JSON line per measurement.
 * <pre>
 *   java -cp perf.jar io.archipelago.perf.ReplayHarness partitions=8 records=10000000 threads=2 tail=100000
 *       data=/tmp/archipelago-replay
 * </pre>
 */
public final class ReplayHarness
{
    private ReplayHarness()
    {
    }

    /**
     * @param args {@code key=value} settings.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception
    {
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
        int partitions = 8;
        long records = 2_000_000;
        int threads = Runtime.getRuntime().availableProcessors();
        long tail = 100_000;
        Path data = Path.of(System.getProperty("java.io.tmpdir"));
        for (final String arg : args)
        {
            final String[] kv = arg.split("=", 2);
            switch (kv[0])
            {
                case "partitions" -> partitions = Integer.parseInt(kv[1]);
                case "records" -> records = Long.parseLong(kv[1]);
                case "threads" -> threads = Integer.parseInt(kv[1]);
                case "tail" -> tail = Long.parseLong(kv[1]);
                case "data" -> data = Path.of(kv[1]);
                default -> throw new IllegalArgumentException("unknown setting " + kv[0]);
            }
        }
        final Path dir = Files.createTempDirectory(data, "replay");
        try
        {
            final ArchipelagoConfig.Builder builder = ArchipelagoConfig.builder().partitions(partitions)
                .dataDirectory(dir).snapshotEveryRecords(0);
            final long writeStart = System.nanoTime();
            try (Archipelago engine = Archipelago.open(builder.build()))
            {
                engine.createProduct(1, records * 2).join();
                place(engine, 0, records);
            }
            report("write", partitions, records, System.nanoTime() - writeStart, 0, -1);
            reopen("replay", builder.replayThreads(1).build(), partitions);
            reopen("replay", builder.replayThreads(threads).build(), partitions);
            try (Archipelago engine = Archipelago.open(builder.build()))
            {
                final List<SnapshotInfo> snapshots = engine.snapshot();
                long bytes = 0;
                long micros = 0;
                for (final SnapshotInfo snapshot : snapshots)
                {
                    bytes += snapshot.bytes();
                    micros = Math.max(micros, snapshot.micros());
                }
                System.out.printf(Locale.ROOT, "{\"phase\":\"snapshot\",\"partitions\":%d,\"bytes\":%d," +
                    "\"slowest_island_ms\":%.1f}%n", partitions, bytes, micros / 1000.0);
                place(engine, records, tail);
            }
            reopen("snapshot+tail", builder.replayThreads(threads).build(), partitions);
        }
        finally
        {
            try (var walk = Files.walk(dir))
            {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void reopen(final String phase, final ArchipelagoConfig config, final int partitions)
    {
        final long start = System.nanoTime();
        try (Archipelago engine = Archipelago.open(config))
        {
            final long elapsed = System.nanoTime() - start;
            long records = 0;
            long slowest = 0;
            for (final IslandRecovery recovery : engine.recovery())
            {
                records += recovery.records();
                slowest = Math.max(slowest, recovery.replayMillis());
            }
            report(phase, partitions, records, elapsed, config.replayThreads(), slowest);
        }
    }

    private static void report(final String phase, final int partitions, final long records, final long nanos,
        final int threads, final long slowestIslandMillis)
    {
        System.out.printf(Locale.ROOT, "{\"phase\":\"%s\",\"partitions\":%d,\"replay_threads\":%d,\"records\":%d," +
            "\"seconds\":%.3f,\"records_per_s\":%.0f,\"slowest_island_ms\":%d}%n", phase, partitions, threads,
            records, nanos / 1e9, records / (nanos / 1e9), slowestIslandMillis);
    }

    private static void place(final Archipelago engine, final long from, final long count)
    {
        final Semaphore window = new Semaphore(8_192);
        final ResultListener listener = (correlation, result) ->
        {
            if (result != ResultCode.CONFIRMED)
            {
                throw new IllegalStateException("order " + correlation + ": " + result);
            }
            window.release();
        };
        final long[] productIds = {1};
        final int[] quantities = {1};
        for (long i = from; i < from + count; i++)
        {
            window.acquireUninterruptibly();
            final ResultCode result = engine.submitPlaceOrder("user-" + (i % 100_000), i, productIds, quantities,
                1, listener, i);
            if (result != ResultCode.ACCEPTED)
            {
                throw new IllegalStateException("submit refused: " + result);
            }
        }
        window.acquireUninterruptibly(8_192);
    }
}
