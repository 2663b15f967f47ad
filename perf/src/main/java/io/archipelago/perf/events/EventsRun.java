package io.archipelago.perf.events;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.EventConsumer;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.ResultListener;
import org.HdrHistogram.Histogram;
import io.archipelago.perf.report.ResultFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The decision stream measured: engine throughput with 0, 1 and 2 consumer groups reading along, events per second
 * delivered to one group, the time a group takes to move a departed member's islands, and the lag from decision to
 * delivery at a fixed offered rate.
 */
@Command(name = "perf/run events", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
    description = {
        "Measures the event logs and consumer groups, in one JVM: (1) engine throughput (closed loop, journaled) with",
        "0, 1 and 2 groups each consuming with one member thread (committing every 100 ms); (2) events per second",
        "one group drains from a finished directory; (3) time until the survivor of a two-member group reads every",
        "island after the other leaves; (4) lag from an event's journaled time to its delivery, at --rate orders/s",
        "offered with one group.",
        "Writes <out>/events.json."},
    footer = {"", "Examples:",
        "  perf/run events                       # about a minute on 2 cores",
        "  perf/run events --orders 1000000 --rate 100000 --islands 8"})
public final class EventsRun implements Callable<Integer>
{
    private static final int PRODUCTS = 1_000;
    private static final int USERS = 100_000;
    /** Consumers commit at most this often (each commit forces one small file per island that moved). */
    private static final long COMMIT_INTERVAL_NANOS = 100_000_000L;

    @Option(names = "--islands", defaultValue = "8", description = "Islands (default: ${DEFAULT-VALUE}).")
    int islands;

    @Option(names = "--orders", defaultValue = "400000", description = "Orders per throughput run " +
        "(default: ${DEFAULT-VALUE}).")
    int orders;

    @Option(names = "--rate", defaultValue = "100000", description = "Offered orders/s for the lag run " +
        "(default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--lag-seconds", defaultValue = "5", description = "Length of the lag run " +
        "(default: ${DEFAULT-VALUE}).")
    int lagSeconds;

    @Option(names = "--window", defaultValue = "4096", description = "Orders in flight per client thread " +
        "(default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--repeats", defaultValue = "3", description = "Throughput runs per group count, the order " +
        "alternating; the median is reported (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--in-process", description = "Run the consumers as threads of this JVM instead of JVMs of " +
        "their own (their garbage collections then pause the engine too).")
    boolean inProcess;

    @Option(names = "--out", defaultValue = "perf/results", description = "Results directory " +
        "(default: ${DEFAULT-VALUE}).")
    Path out;

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new EventsRun()).execute(args));
    }

    @Override
    public Integer call() throws Exception
    {
        final Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", ResultFiles.machine());
        report.put("settings", Map.of("islands", islands, "orders", orders, "client_threads", 2,
            "window", window, "durability", "JOURNALED"));
        final Path warmUp = Files.createTempDirectory("archipelago-events");
        throughputRun(warmUp, 1);
        ResultFiles.deleteTree(warmUp);
        final List<Map<String, Object>> throughput = new ArrayList<>();
        final List<List<Double>> rates = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        Path finished = null;
        for (int repeat = 0; repeat < repeats; repeat++)
        {
            for (int k = 0; k <= 2; k++)
            {
                final int groups = repeat % 2 == 0 ? k : 2 - k;
                final Path dir = Files.createTempDirectory("archipelago-events");
                final Map<String, Object> row = throughputRun(dir, groups);
                row.put("repeat", repeat);
                throughput.add(row);
                rates.get(groups).add((double)row.get("orders_per_s"));
                System.out.printf(Locale.ROOT, "throughput with %d group(s) consuming: %,.0f orders/s; %s%n",
                    groups, (double)row.get("orders_per_s"), row);
                if (groups == 0 && null == finished)
                {
                    finished = dir;
                }
                else
                {
                    ResultFiles.deleteTree(dir);
                }
            }
        }
        final double base = median(rates.get(0));
        final List<Map<String, Object>> medians = new ArrayList<>();
        for (int groups = 0; groups <= 2; groups++)
        {
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("groups", groups);
            row.put("median_orders_per_s", median(rates.get(groups)));
            row.put("runs_orders_per_s", rates.get(groups));
            row.put("share_of_no_consumers", median(rates.get(groups)) / base);
            medians.add(row);
            System.out.printf(Locale.ROOT, "median with %d group(s): %,.0f orders/s, %.2f of no consumers%n", groups,
                median(rates.get(groups)), median(rates.get(groups)) / base);
        }
        report.put("throughput", medians);
        report.put("throughput_runs", throughput);
        report.put("drain", drain(finished));
        report.put("hand_over", handOver(finished));
        ResultFiles.deleteTree(finished);
        final Path lagDir = Files.createTempDirectory("archipelago-events");
        report.put("lag", lag(lagDir));
        ResultFiles.deleteTree(lagDir);
        final Path file = ResultFiles.writeJson(out, "events.json", report);
        System.out.println("wrote " + file);
        return 0;
    }

    private static long processCpuMillis()
    {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
    }

    private static double median(final List<Double> values)
    {
        final List<Double> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }

    private ArchipelagoConfig config(final Path dir)
    {
        return ArchipelagoConfig.builder().partitions(islands).dataDirectory(dir.resolve("data")).build();
    }

    private Map<String, Object> throughputRun(final Path dir, final int groups) throws Exception
    {
        final Map<String, Object> row = new LinkedHashMap<>();
        try (Archipelago engine = Archipelago.open(config(dir)))
        {
            createProducts(engine);
            final List<GroupThread> consumers = new ArrayList<>();
            final List<ConsumerChild> processes = new ArrayList<>();
            final Path stop = dir.resolve("stop");
            for (int g = 0; g < groups; g++)
            {
                if (inProcess)
                {
                    consumers.add(new GroupThread(dir.resolve("data"), "group-" + g, null));
                }
                else
                {
                    processes.add(startConsumer(dir.resolve("data"), "group-" + g, stop));
                }
            }
            consumers.forEach(Thread::start);
            final long cpuBefore = processCpuMillis();
            final long started = System.nanoTime();
            placeClosedLoop(engine, orders);
            final double seconds = (System.nanoTime() - started) / 1e9;
            row.put("engine_jvm_cpu_ms", processCpuMillis() - cpuBefore);
            row.put("wall_ms", Math.round(seconds * 1000));
            row.put("groups", groups);
            row.put("consumers", inProcess ? "threads" : "processes");
            row.put("orders_per_s", orders / seconds);
            if (!processes.isEmpty())
            {
                Files.writeString(stop, "stop");
                final List<Long> delivered = new ArrayList<>();
                final List<Long> cpu = new ArrayList<>();
                for (final ConsumerChild process : processes)
                {
                    final long[] result = awaitConsumer(process);
                    delivered.add(result[0]);
                    cpu.add(result[1]);
                }
                row.put("events_delivered_per_group", delivered);
                row.put("consumer_cpu_ms_per_group", cpu);
            }
            final long catchUpStarted = System.nanoTime();
            for (final GroupThread consumer : consumers)
            {
                consumer.waitQuiet(Duration.ofSeconds(60));
            }
            if (!consumers.isEmpty())
            {
                row.put("events_delivered_per_group", consumers.get(0).delivered.get());
                long lastDelivery = catchUpStarted;
                for (final GroupThread consumer : consumers)
                {
                    lastDelivery = Math.max(lastDelivery, consumer.lastDeliveryNanos);
                }
                row.put("caught_up_after_last_order_ms", (lastDelivery - catchUpStarted) / 1_000_000);
            }
            for (final GroupThread consumer : consumers)
            {
                consumer.finish();
            }
        }
        return row;
    }

    private Map<String, Object> drain(final Path dir) throws Exception
    {
        final Map<String, Object> row = new LinkedHashMap<>();
        try (EventConsumer consumer = EventConsumer.open(EventConsumer.Config.builder()
            .dataDirectory(dir.resolve("data")).group("drain").member("only").build()))
        {
            long delivered = 0;
            final long[] sink = new long[1];
            final long started = System.nanoTime();
            int idle = 0;
            while (idle < 20)
            {
                final int got = consumer.poll(event -> sink[0] += event.id().sequence(), 10_000);
                delivered += got;
                if (got > 0)
                {
                    consumer.commit();
                    idle = 0;
                }
                else
                {
                    idle++;
                    LockSupport.parkNanos(1_000_000);
                }
            }
            final double seconds = (System.nanoTime() - started) / 1e9 - idle * 0.001;
            row.put("events", delivered);
            row.put("events_per_s", delivered / seconds);
            row.put("checksum", sink[0]);
            System.out.printf(Locale.ROOT, "one group drains %,d events at %,.0f events/s (commit every 10,000)%n",
                delivered, delivered / seconds);
        }
        return row;
    }

    private Map<String, Object> handOver(final Path dir)
    {
        final Map<String, Object> row = new LinkedHashMap<>();
        final Duration interval = Duration.ofMillis(200);
        final EventConsumer leaving = EventConsumer.open(EventConsumer.Config.builder()
            .dataDirectory(dir.resolve("data")).group("hand-over").member("a").rebalanceInterval(interval).build());
        try (EventConsumer staying = EventConsumer.open(EventConsumer.Config.builder()
            .dataDirectory(dir.resolve("data")).group("hand-over").member("b").rebalanceInterval(interval).build()))
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline && (leaving.islands().length + staying.islands().length < islands))
            {
                leaving.poll(event -> { }, 100);
                staying.poll(event -> { }, 100);
                LockSupport.parkNanos(1_000_000);
            }
            leaving.close();
            final long left = System.nanoTime();
            while (System.nanoTime() < deadline && staying.islands().length < islands)
            {
                staying.poll(event -> { }, 100);
                LockSupport.parkNanos(1_000_000);
            }
            final double millis = (System.nanoTime() - left) / 1e6;
            row.put("rebalance_interval_ms", interval.toMillis());
            row.put("islands_moved_ms", millis);
            row.put("islands", staying.islands().length);
            System.out.printf(Locale.ROOT, "a departed member's islands moved in %.0f ms (rebalance interval %d ms)%n",
                millis, interval.toMillis());
        }
        return row;
    }

    private Map<String, Object> lag(final Path dir) throws Exception
    {
        final Map<String, Object> row = new LinkedHashMap<>();
        final Histogram lag = new Histogram(TimeUnit.MINUTES.toMillis(5), 3);
        try (Archipelago engine = Archipelago.open(config(dir)))
        {
            createProducts(engine);
            final GroupThread consumer = new GroupThread(dir.resolve("data"), "lag", lag);
            consumer.start();
            final long total = (long)rate * lagSeconds;
            final long intervalNanos = 1_000_000_000L / rate;
            final AtomicLong decided = new AtomicLong();
            final ResultListener listener = (correlation, result) -> decided.incrementAndGet();
            final long[] products = new long[1];
            final int[] quantities = {1};
            final long started = System.nanoTime();
            long overloaded = 0;
            for (long i = 0; i < total; i++)
            {
                final long due = started + i * intervalNanos;
                long now;
                while ((now = System.nanoTime()) < due)
                {
                    LockSupport.parkNanos(Math.min(due - now, 50_000));
                }
                products[0] = 1 + (i % PRODUCTS);
                if (engine.submitPlaceOrder("user-" + (i % USERS), 1_000_000 + i, products, quantities, 1, listener,
                    i) != ResultCode.ACCEPTED)
                {
                    overloaded++;
                }
            }
            final double seconds = (System.nanoTime() - started) / 1e9;
            consumer.waitQuiet(Duration.ofSeconds(60));
            consumer.finish();
            row.put("offered_orders_per_s", rate);
            row.put("achieved_orders_per_s", total / seconds);
            row.put("not_accepted", overloaded);
            row.put("events", lag.getTotalCount());
            row.put("lag_ms_p50", lag.getValueAtPercentile(50));
            row.put("lag_ms_p99", lag.getValueAtPercentile(99));
            row.put("lag_ms_p999", lag.getValueAtPercentile(99.9));
            row.put("lag_ms_max", lag.getMaxValue());
            System.out.printf(Locale.ROOT, "lag at %,d orders/s offered (%,.0f achieved): p50 %d ms, p99 %d ms, " +
                "p99.9 %d ms, max %d ms over %,d events%n", rate, total / seconds, lag.getValueAtPercentile(50),
                lag.getValueAtPercentile(99), lag.getValueAtPercentile(99.9), lag.getMaxValue(), lag.getTotalCount());
        }
        return row;
    }

    /**
     * A consumer JVM and its merged output.
     */
    private record ConsumerChild(Process process, BufferedReader output)
    {
    }

    private static ConsumerChild startConsumer(final Path data, final String group, final Path stop)
        throws IOException
    {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final Process process = new ProcessBuilder(java, "@" + Path.of(".jvm-flags").toAbsolutePath(), "-Xmx1g",
            "-cp", System.getProperty("java.class.path"), ConsumerProcess.class.getName(), data.toString(), group,
            stop.toString()).redirectErrorStream(true).start();
        final BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8));
        final StringBuilder said = new StringBuilder();
        String line;
        while (null != (line = output.readLine()))
        {
            if (line.equals("ready"))
            {
                return new ConsumerChild(process, output);
            }
            said.append(line).append('\n');
        }
        process.destroyForcibly();
        throw new IllegalStateException("consumer process for " + group + " did not start: " + said);
    }

    private static long[] awaitConsumer(final ConsumerChild child) throws Exception
    {
        final StringBuilder said = new StringBuilder();
        String line;
        while (null != (line = child.output.readLine()))
        {
            if (line.startsWith("delivered "))
            {
                child.process.waitFor(60, TimeUnit.SECONDS);
                final String[] words = line.split(" ");
                return new long[] {Long.parseLong(words[1]), Long.parseLong(words[3])};
            }
            said.append(line).append('\n');
        }
        child.process.destroyForcibly();
        throw new IllegalStateException("a consumer process stopped without a count: " + said);
    }

    private static void createProducts(final Archipelago engine) throws Exception
    {
        for (long p = 1; p <= PRODUCTS; p++)
        {
            engine.createProduct(p, 10_000_000L).get(30, TimeUnit.SECONDS);
        }
    }

    private void placeClosedLoop(final Archipelago engine, final int count) throws InterruptedException
    {
        final Thread[] clients = new Thread[2];
        for (int c = 0; c < clients.length; c++)
        {
            final int client = c;
            clients[c] = new Thread(() ->
            {
                final Semaphore inFlight = new Semaphore(window);
                final ResultListener listener = (correlation, result) -> inFlight.release();
                final long[] products = new long[1];
                final int[] quantities = {1};
                for (int i = client; i < count; i += clients.length)
                {
                    inFlight.acquireUninterruptibly();
                    products[0] = 1 + (i % PRODUCTS);
                    if (engine.submitPlaceOrder("user-" + (i % USERS), i, products, quantities, 1, listener, i) !=
                        ResultCode.ACCEPTED)
                    {
                        inFlight.release();
                    }
                }
                inFlight.acquireUninterruptibly(window);
            }, "client-" + c);
            clients[c].start();
        }
        for (final Thread client : clients)
        {
            client.join();
        }
    }

    /**
     * One member of one group, polling in a loop until finished; notes the lag of each event when asked.
     */
    private static final class GroupThread extends Thread
    {
        private final Path data;
        private final String group;
        private final Histogram lag;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicLong delivered = new AtomicLong();
        private volatile long lastDeliveryNanos = System.nanoTime();

        GroupThread(final Path data, final String group, final Histogram lag)
        {
            super("consumer-" + group);
            this.data = data;
            this.group = group;
            this.lag = lag;
        }

        @Override
        public void run()
        {
            try (EventConsumer consumer = EventConsumer.open(EventConsumer.Config.builder().dataDirectory(data)
                .group(group).member("m").build()))
            {
                long nextCommit = 0;
                while (!stop.get())
                {
                    final int got = consumer.poll(event ->
                    {
                        if (null != lag)
                        {
                            lag.recordValue(Math.max(0, System.currentTimeMillis() - event.timestamp()));
                        }
                    }, 10_000);
                    if (got > 0)
                    {
                        delivered.addAndGet(got);
                        lastDeliveryNanos = System.nanoTime();
                    }
                    if (System.nanoTime() - nextCommit >= 0)
                    {
                        consumer.commit();
                        nextCommit = System.nanoTime() + COMMIT_INTERVAL_NANOS;
                    }
                    else
                    {
                        LockSupport.parkNanos(1_000_000);
                    }
                }
            }
        }

        void waitQuiet(final Duration max)
        {
            final long deadline = System.nanoTime() + max.toNanos();
            while (System.nanoTime() < deadline && System.nanoTime() - lastDeliveryNanos < 500_000_000L)
            {
                LockSupport.parkNanos(10_000_000);
            }
        }

        void finish() throws InterruptedException
        {
            stop.set(true);
            join();
        }
    }

}
