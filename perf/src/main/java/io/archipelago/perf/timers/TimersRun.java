package io.archipelago.perf.timers;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.archipelago.perf.bench.ChildJvm;
import io.archipelago.perf.report.ResultFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Users' timers and holds measured: schedule and fire rates per island (the logic alone, and the engine journaled on
 * a fast-forward clock), heap per pending timer, and hold-to-confirm latency at an offered rate next to plain orders
 * at the same rate. Each case runs in a JVM of its own, started with this JVM's options; the child writes its result
 * to a file the parent reads back. Run it with {@code perf/run timers}.
 */
@Command(name = "perf/run timers", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
    description = {
        "Measures users' timers and holds, each case in a JVM of its own (--no-fork: all in this one):",
        "  logic    one island's InventoryLogic.apply, no journal: schedule --timers timers due over --spread-minutes,",
        "           then fire them by ticking at each due time, every second, and all at once (catch-up)",
        "  memory   heap used (after System.gc()) before and after scheduling --timers timers in one InventoryLogic,",
        "           over --users users and with one user per timer: bytes per pending timer",
        "  engine   1 island, JOURNALED: schedule --timers timers through the async facade (--in-flight calls",
        "           outstanding), snapshot, jump a fast-forward clock past every due time, time until none is pending",
        "  latency  --islands islands, engine defaults, JOURNALED: holds at --rate/s offered (open loop), each",
        "           confirmed as soon as it is HELD, and plain orders at the same rate; p50/p99/p99.9/max",
        "Writes <out>/timers.json."},
    footer = {"", "Examples:",
        "  perf/run timers                             # about 2 minutes on 2 cores",
        "  perf/run timers --cases latency --rate 20000 --rate-seconds 20",
        "  perf/run timers --cases logic,memory --timers 4000000 --payload-bytes 64"})
public final class TimersRun implements Callable<Integer>
{
    private static final List<String> CASES = List.of("logic", "memory", "engine", "latency");
    private static final int MAX_PAYLOAD_BYTES = io.archipelago.engine.codec.Command.MAX_PAYLOAD_BYTES;

    @Option(names = "--cases", split = ",", description = "Cases to run, comma-separated (default: all: " +
        "logic,memory,engine,latency).")
    List<String> cases = CASES;

    @Option(names = "--timers", defaultValue = "1000000", description = "Timers per round (default: " +
        "${DEFAULT-VALUE}).")
    int timers;

    @Option(names = "--users", defaultValue = "100000", description = "Users the timers are spread over, round " +
        "robin (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--spread-minutes", defaultValue = "120", description = "Due times spread uniformly over this " +
        "many minutes (default: ${DEFAULT-VALUE}).")
    int spreadMinutes;

    @Option(names = "--payload-bytes", defaultValue = "16", description = "Payload per timer (default: " +
        "${DEFAULT-VALUE}).")
    int payloadBytes;

    @Option(names = "--in-flight", defaultValue = "4096", description = "Schedule calls outstanding in the engine " +
        "case (default: ${DEFAULT-VALUE}).")
    int inFlight;

    @Option(names = "--islands", defaultValue = "8", description = "Islands in the latency case (default: " +
        "${DEFAULT-VALUE}).")
    int islands;

    @Option(names = "--rate", defaultValue = "50000", description = "Holds (and orders) offered per second in the " +
        "latency case (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--rate-seconds", defaultValue = "10", description = "Length of each measured latency phase " +
        "(default: ${DEFAULT-VALUE}).")
    int rateSeconds;

    @Option(names = "--warmup-seconds", defaultValue = "3", description = "Length of the holds and the orders " +
        "warm-up phases (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--rounds", defaultValue = "2", description = "Measured latency rounds, each a holds and an " +
        "orders phase, the order alternating (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--no-fork", description = "Run every case in this JVM.")
    boolean noFork;

    @Option(names = "--out", defaultValue = "perf/results", description = "Results directory (default: " +
        "${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--case", hidden = true, description = "Run one case and write its result to --case-out.")
    String childCase;

    @Option(names = "--case-out", hidden = true)
    Path childOut;

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new TimersRun()).execute(args));
    }

    private TimersSettings settings()
    {
        if (timers < 1 || users < 1 || users > timers || spreadMinutes < 1 || payloadBytes < 0 ||
            payloadBytes > MAX_PAYLOAD_BYTES || inFlight < 1 || islands < 1 ||
            rate < 1 || rateSeconds < 1 || warmupSeconds < 1 || rounds < 1)
        {
            throw new CommandLine.ParameterException(new CommandLine(this), "a setting is out of range: timers and " +
                "users >= 1 (users <= timers), payload 0.." + MAX_PAYLOAD_BYTES + ", every other setting >= 1");
        }
        return new TimersSettings(timers, users, Duration.ofMinutes(spreadMinutes).toMillis(), payloadBytes,
            inFlight, islands, rate, rateSeconds, warmupSeconds, rounds);
    }

    @Override
    public Integer call() throws Exception
    {
        final TimersSettings settings = settings();
        for (final String name : cases)
        {
            if (!CASES.contains(name))
            {
                throw new CommandLine.ParameterException(new CommandLine(this), "unknown case " + name + "; the " +
                    "cases are " + String.join(",", CASES));
            }
        }
        if (null != childCase)
        {
            final Map<String, Object> result = runCase(childCase, settings);
            new ObjectMapper().writeValue(childOut.toFile(), result);
            return 0;
        }
        final long started = System.nanoTime();
        final Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", ResultFiles.machine());
        report.put("jvm_options", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(option -> !option.startsWith("--add-") && !option.startsWith("-Dchronicle")).toList());
        report.put("gc", ManagementFactory.getGarbageCollectorMXBeans().stream().map(bean -> bean.getName())
            .toList());
        report.put("load_average_at_start", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        report.put("forked", !noFork);
        report.put("settings", settings.toMap());
        for (final String name : cases)
        {
            System.out.printf(Locale.ROOT, "[%5.1f s] case %s%n", (System.nanoTime() - started) / 1e9, name);
            final Map<String, Object> result = noFork ? runCase(name, settings) : forked(name);
            result.put("load_average_after", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            report.put(name, result);
        }
        report.put("run_seconds", Math.round((System.nanoTime() - started) / 1e8) / 10.0);
        final Path file = ResultFiles.writeJson(out, "timers.json", report);
        System.out.printf(Locale.ROOT, "[%5.1f s] wrote %s%n", (System.nanoTime() - started) / 1e9, file);
        return 0;
    }

    private static Map<String, Object> runCase(final String name, final TimersSettings settings) throws Exception
    {
        return switch (name)
        {
            case "logic" -> LogicTimers.run(settings);
            case "memory" -> TimerMemory.run(settings);
            case "engine" -> EngineTimers.run(settings);
            case "latency" -> HoldLatency.run(settings);
            default -> throw new IllegalArgumentException("unknown case " + name);
        };
    }

    private Map<String, Object> forked(final String name) throws Exception
    {
        final Path result = Files.createTempFile("archipelago-perf-timers-", ".json");
        try
        {
            final List<String> command = ChildJvm.command(TimersRun.class, childArguments());
            command.add("--case=" + name);
            command.add("--case-out=" + result);
            final int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
            if (exit != 0)
            {
                throw new IllegalStateException("case " + name + " failed in its JVM (exit " + exit + "); its " +
                    "output is above");
            }
            return new ObjectMapper().readValue(result.toFile(), new TypeReference<LinkedHashMap<String, Object>>()
            {
            });
        }
        finally
        {
            Files.deleteIfExists(result);
        }
    }

    private List<String> childArguments()
    {
        return List.of("--timers=" + timers, "--users=" + users, "--spread-minutes=" + spreadMinutes,
            "--payload-bytes=" + payloadBytes, "--in-flight=" + inFlight, "--islands=" + islands, "--rate=" + rate,
            "--rate-seconds=" + rateSeconds, "--warmup-seconds=" + warmupSeconds, "--rounds=" + rounds);
    }
}
