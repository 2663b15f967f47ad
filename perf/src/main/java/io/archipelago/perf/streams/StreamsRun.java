package io.archipelago.perf.streams;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.events.EventLog;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.journal.JournalReader;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.Event;
import io.archipelago.engine.model.HistoryEntry;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.ResultListener;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import io.archipelago.engine.stream.UserIndex;
import io.archipelago.engine.stream.UserStream;
import io.archipelago.perf.report.ResultFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One user's stream read through the island's user index versus a scan of the island's journal and event log (what a
 * consumer of a Kafka partition would do), on one island holding {@code --orders} journaled orders of {@code --users}
 * users, among them one user with {@code --target-orders} orders (two stream entries each: the input and its
 * decision). Also: the time and rate of building the index from the journal, its size per record, and what building
 * it adds to {@code close()}. Run it with {@code perf/run streams}.
 */
@Command(name = "perf/run streams", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
    description = {
        "Writes one island's journal through the engine (JOURNALED), closes it (the close brings the user index up",
        "to date), then measures: building the index from nothing, reading one user's stream through the index",
        "(offline and on a reopened engine), and the same stream by scanning the journal and the event log.",
        "Writes <out>/streams.json."},
    footer = {"", "Examples:",
        "  perf/run streams                                  # 10M orders: about 1 minute and 2.5 GB of disk",
        "  perf/run streams --orders 1000000 --reads 50"})
public final class StreamsRun implements Callable<Integer>
{
    private static final String TARGET = "stream-target";

    @Option(names = "--orders", defaultValue = "10000000", description = "Orders journaled on the island " +
        "(default: ${DEFAULT-VALUE}).")
    long orders;

    @Option(names = "--users", defaultValue = "100000", description = "Users placing them (default: " +
        "${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--target-orders", defaultValue = "50", description = "Orders of the user whose stream is read, " +
        "spread evenly over the run (default: ${DEFAULT-VALUE}; each gives an input and a decision).")
    int targetOrders;

    @Option(names = "--reads", defaultValue = "20", description = "Reads of the stream through the index " +
        "(default: ${DEFAULT-VALUE}).")
    int reads;

    @Option(names = "--scans", defaultValue = "2", description = "Full scans (default: ${DEFAULT-VALUE}).")
    int scans;

    @Option(names = "--dir", description = "Where to write the data directory (default: a new temporary " +
        "directory, removed afterwards).")
    Path dir;

    @Option(names = "--out", defaultValue = "perf/results", description = "Where streams.json goes (default: " +
        "${DEFAULT-VALUE}).")
    Path out;

    /**
     * @param args see {@code --help}.
     */
    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new StreamsRun()).execute(args));
    }

    @Override
    public Integer call() throws Exception
    {
        if (orders < targetOrders || targetOrders < 1 || users < 1 || reads < 1 || scans < 1)
        {
            throw new CommandLine.ParameterException(new CommandLine(this), "need --orders >= --target-orders >= 1, " +
                "--users, --reads and --scans >= 1");
        }
        final boolean temporary = null == dir;
        final Path data = temporary ? Files.createTempDirectory("archipelago-perf-streams-") : dir;
        final Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", ResultFiles.machine());
        report.put("jvm_options", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(option -> !option.startsWith("--add-") && !option.startsWith("-Dchronicle")).toList());
        report.put("settings", Map.of("orders", orders, "users", users, "target_orders", targetOrders, "reads",
            reads, "scans", scans, "islands", 1));
        try
        {
            final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(1).dataDirectory(data).build();
            final long written = write(config, report);
            final DataDirectoryLayout layout = new DataDirectoryLayout(data);
            report.put("journal_records", written);
            report.put("journal_bytes", bytes(layout.journal(0)));
            report.put("event_log_bytes", bytes(layout.events(0)));
            final long indexBytes = bytes(layout.users(0));
            report.put("index_bytes", indexBytes);
            report.put("index_bytes_per_record", round(indexBytes / (double)written));

            rebuild(layout, written, report);
            final List<HistoryEntry> viaIndex = readThroughIndex(layout, report);
            final List<HistoryEntry> viaScan = scan(layout, report);
            if (!viaIndex.equals(viaScan))
            {
                throw new IllegalStateException("the stream through the index differs from the scan: " +
                    viaIndex.size() + " entries against " + viaScan.size());
            }
            report.put("stream_entries", viaIndex.size());
            live(config, viaIndex, report);
            final double indexMs = ((Number)report.get("index_read_ms_median")).doubleValue();
            final double scanMs = ((Number)report.get("scan_ms_median")).doubleValue();
            report.put("scan_vs_index", round(scanMs / indexMs));
        }
        finally
        {
            if (temporary)
            {
                ResultFiles.deleteTree(data);
            }
        }
        final Path file = ResultFiles.writeJson(out, "streams.json", report);
        System.out.println("wrote " + file);
        return 0;
    }

    private long write(final ArchipelagoConfig config, final Map<String, Object> report) throws Exception
    {
        final Random random = new Random(42);
        final String[] logins = new String[users];
        for (int i = 0; i < users; i++)
        {
            logins[i] = "user-" + i;
        }
        final long every = orders / targetOrders;
        final Semaphore inFlight = new Semaphore(8192);
        final long[] confirmed = new long[1];
        final ResultListener listener = (correlation, result) ->
        {
            if (result == ResultCode.CONFIRMED)
            {
                confirmed[0]++;
            }
            inFlight.release();
        };
        final long[] products = {1};
        final int[] quantities = {1};
        final long[] nextId = new long[users];
        long targetId = 0;
        final long started = System.nanoTime();
        final long closeNanos;
        final long records;
        try (Archipelago engine = Archipelago.open(config))
        {
            final ResultCode created = engine.createProduct(1, 1L << 40).get(30, TimeUnit.SECONDS);
            if (created != ResultCode.CREATED)
            {
                throw new IllegalStateException("creating the product: " + created);
            }
            for (long i = 0; i < orders; i++)
            {
                final boolean target = i % every == every / 2 && targetId < targetOrders;
                final String login;
                final long id;
                if (target)
                {
                    login = TARGET;
                    id = ++targetId;
                }
                else
                {
                    final int user = random.nextInt(users);
                    login = logins[user];
                    id = ++nextId[user];
                }
                inFlight.acquire();
                ResultCode submitted;
                while ((submitted = engine.submitPlaceOrder(login, id, products, quantities, 1, listener, i)) ==
                    ResultCode.OVERLOADED)
                {
                    Thread.onSpinWait();
                }
                if (submitted != ResultCode.ACCEPTED)
                {
                    throw new IllegalStateException("order " + i + " refused: " + submitted);
                }
            }
            inFlight.acquire(8192);
            inFlight.release(8192);
            final long written = System.nanoTime();
            report.put("write_seconds", round((written - started) / 1e9));
            report.put("orders_confirmed", confirmed[0]);
            records = engine.health().islands().get(0).sequence();
            final long closing = System.nanoTime();
            engine.close();
            closeNanos = System.nanoTime() - closing;
        }
        report.put("close_ms_with_index", TimeUnit.NANOSECONDS.toMillis(closeNanos));
        return records;
    }

    private static void rebuild(final DataDirectoryLayout layout, final long records,
        final Map<String, Object> report) throws Exception
    {
        final Path copy = layout.island(0).resolve("users-rebuilt");
        final long started = System.nanoTime();
        try (Journal journal = Journal.openReadOnly(0, layout.journal(0));
            EventLog events = EventLog.openReadOnly(0, layout.events(0));
            UserIndex index = UserIndex.open(0, copy, true))
        {
            index.catchUp(journal, events, Long.MAX_VALUE);
            index.persist();
            report.put("index_segments", index.segmentCount());
        }
        final double seconds = (System.nanoTime() - started) / 1e9;
        report.put("index_build_seconds", round(seconds));
        report.put("index_build_records_per_second", Math.round(records / seconds));
        ResultFiles.deleteTree(copy);
    }

    private List<HistoryEntry> readThroughIndex(final DataDirectoryLayout layout, final Map<String, Object> report)
    {
        final double[] opening = new double[reads];
        final double[] millis = new double[reads];
        List<HistoryEntry> entries = null;
        for (int i = 0; i < reads; i++)
        {
            final long started = System.nanoTime();
            try (Journal journal = Journal.openReadOnly(0, layout.journal(0));
                EventLog events = EventLog.openReadOnly(0, layout.events(0));
                UserIndex index = UserIndex.open(0, layout.users(0), false))
            {
                index.catchUp(journal, events, Long.MAX_VALUE);
                final long open = System.nanoTime();
                entries = UserStream.entries(index, journal, events, TARGET, 1, false);
                millis[i] = (System.nanoTime() - open) / 1e6;
                opening[i] = (open - started) / 1e6;
            }
        }
        report.put("index_read_ms_first", round(millis[0]));
        Arrays.sort(millis);
        Arrays.sort(opening);
        report.put("index_read_ms_median", round(millis[reads / 2]));
        report.put("index_read_ms_max", round(millis[reads - 1]));
        report.put("open_ms_median", round(opening[reads / 2]));
        report.put("index_read_note", "index_read: the user's entries looked up in every segment, then each record " +
            "read from the journal and each decision from the event log, all checked; open: opening the journal, " +
            "the event log and the index read-only and checking each segment's last record against the journal " +
            "(paid once by a live engine)");
        return entries;
    }

    private List<HistoryEntry> scan(final DataDirectoryLayout layout, final Map<String, Object> report)
    {
        final double[] millis = new double[scans];
        List<HistoryEntry> entries = null;
        final byte[] target = TARGET.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < scans; i++)
        {
            final long started = System.nanoTime();
            entries = new ArrayList<>();
            final Map<Long, List<Event>> decided = new LinkedHashMap<>();
            try (EventLog events = EventLog.openReadOnly(0, layout.events(0));
                EventLog.Reader reader = events.reader())
            {
                List<Event> batch;
                while (null != (batch = reader.next()))
                {
                    for (final Event event : batch)
                    {
                        if (TARGET.equals(event.login()))
                        {
                            decided.computeIfAbsent(event.id().sequence(), s -> new ArrayList<>()).add(event);
                        }
                    }
                }
            }
            try (Journal journal = Journal.openReadOnly(0, layout.journal(0)); JournalReader reader = journal.reader())
            {
                while (reader.next())
                {
                    final io.archipelago.engine.codec.Command command = reader.command();
                    final long sequence = reader.header().sequence();
                    final long timestamp = reader.header().timestamp();
                    if (UserIndex.isUserInput(command.type()) && command.loginLength() == target.length &&
                        Arrays.equals(command.loginBytes(), 0, target.length, target, 0, target.length))
                    {
                        entries.add(new HistoryEntry(0, sequence, timestamp, UserStream.input(command, timestamp),
                            null));
                    }
                    for (final Event event : decided.getOrDefault(sequence, List.of()))
                    {
                        entries.add(new HistoryEntry(0, sequence, timestamp, null, event));
                    }
                }
            }
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(millis);
        report.put("scan_ms_median", round(millis[scans / 2]));
        report.put("scan_ms_min", round(millis[0]));
        return entries;
    }

    private void live(final ArchipelagoConfig config, final List<HistoryEntry> expected,
        final Map<String, Object> report)
    {
        final double[] millis = new double[reads];
        try (Archipelago engine = Archipelago.open(config))
        {
            for (int i = 0; i < reads; i++)
            {
                final long started = System.nanoTime();
                final List<HistoryEntry> entries = engine.history(TARGET);
                millis[i] = (System.nanoTime() - started) / 1e6;
                if (!entries.equals(expected))
                {
                    throw new IllegalStateException("the live stream differs from the offline one");
                }
            }
        }
        report.put("live_history_ms_first", round(millis[0]));
        Arrays.sort(millis);
        report.put("live_history_ms_median", round(millis[reads / 2]));
    }

    private static long bytes(final Path directory) throws Exception
    {
        if (!Files.isDirectory(directory))
        {
            return 0;
        }
        try (Stream<Path> files = Files.walk(directory))
        {
            long total = 0;
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                if (Files.isRegularFile(file))
                {
                    total += Files.size(file);
                }
            }
            return total;
        }
    }

    private static double round(final double value)
    {
        return Math.round(value * 100) / 100.0;
    }

}
