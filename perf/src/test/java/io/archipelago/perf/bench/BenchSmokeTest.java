package io.archipelago.perf.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs the whole harness on a tiny workload (every step, both baselines, charts) and checks what it writes. It checks
 * the plumbing and the bookkeeping, never a speed.
 */
class BenchSmokeTest
{
    @BeforeAll
    static void quietChronicle()
    {
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void shouldWriteEveryResultOfAQuickRun(@TempDir final Path out) throws Exception
    {
        final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        final CommandLine command = new CommandLine(new Bench());
        command.setOut(new java.io.PrintWriter(stdout, true, StandardCharsets.UTF_8));
        final PrintStream originalOut = System.out;
        final int exit;
        try (PrintStream capture = new PrintStream(stdout, true, StandardCharsets.UTF_8))
        {
            System.setOut(capture);
            exit = command.execute("--quick", "--out", out.toString(), "--data", out.toString(),
                "--islands", "1,2,4", "--reference-islands", "2", "--replay-islands", "4", "--orders", "6000",
                "--warmup", "2000", "--rates", "5000,10000", "--rate-seconds", "0.5", "--ceiling-seconds", "0.1",
                "--users", "500", "--products", "20");
        }
        finally
        {
            System.setOut(originalOut);
        }
        assertEquals(0, exit, stdout.toString(StandardCharsets.UTF_8));

        final String json = Files.readString(out.resolve("quick.json"));
        for (final String ratio : List.of("engine_vs_shared_state", "engine_vs_pekko", "engine_vs_single_island",
            "journal_efficiency", "parallel_replay_speedup", "replay_vs_raw_read_per_island"))
        {
            assertTrue(positive(json, ratio), ratio + " is a positive number in " + json);
        }
        assertTrue(json.contains("\"islands64_vs_islands2\": null"), "no 64-island run, no ratio");
        final Matcher latency = Pattern.compile("\"latency_us\": \\{\"offered_per_s\":(\\d+),\"held\":true," +
            "\"p50\":([0-9.]+),.*?\"p99\":([0-9.]+),.*?\"p9999\":([0-9.]+)").matcher(json);
        assertTrue(latency.find(), "latency at the highest rate that held: " + json);
        assertTrue(Double.parseDouble(latency.group(2)) <= Double.parseDouble(latency.group(3)));
        assertTrue(Double.parseDouble(latency.group(3)) <= Double.parseDouble(latency.group(4)));
        assertEquals(9, count(json, "\"target\":"), "every target reported");
        assertTrue(positive(json, "island_vs_append_ceiling"), json);
        assertEquals(count(json, "{", 0), count(json, "}", 0), "balanced braces");

        final List<String> throughput = Files.readAllLines(out.resolve("quick/throughput.csv"));
        assertEquals(1 + 3 + 1 + 1 + 2, throughput.size(), "header, 3 engine runs, single-island, one island fed " +
            "by one client, 2 baselines: " + throughput);
        assertTrue(throughput.stream().anyMatch(r -> r.startsWith("island-1-client,1,1,")), throughput::toString);
        for (final String row : throughput.subList(1, throughput.size()))
        {
            final String[] f = row.split(",");
            assertEquals("6000", f[4], "every system measured the same orders: " + row);
            assertEquals(6000, Long.parseLong(f[7]) + Long.parseLong(f[8]), "every order decided once: " + row);
        }
        assertTrue(throughput.stream().anyMatch(r -> r.startsWith("shared-state,")));
        assertTrue(throughput.stream().anyMatch(r -> r.startsWith("pekko,")));
        assertEquals(1 + 3 * 2, Files.readAllLines(out.resolve("quick/replay.csv")).size());
        final List<String> latencyRows = Files.readAllLines(out.resolve("quick/latency.csv"));
        assertEquals(1 + 2 + 2, latencyRows.size(), "header, the engine and the hand-off ceiling at 2 rates: " +
            latencyRows);
        assertEquals(2, latencyRows.stream().filter(r -> r.startsWith("handoff,")).count(), latencyRows::toString);
        assertTrue(Pattern.compile("\"latency_p99_vs_ceiling\": \\{\"5000\":[0-9.]+,\"10000\":[0-9.]+\\}")
            .matcher(json).find(), "the engine's p99 over the ceiling's at each rate: " + json);
        assertEquals(1 + 5, Files.readAllLines(out.resolve("quick/ceilings.csv")).size());
        for (final String chart : List.of("throughput.png", "latency.png", "latency-handoff.png", "replay.png"))
        {
            assertTrue(Files.size(out.resolve("quick").resolve(chart)) > 1_000, chart);
        }
        try (var files = Files.list(out))
        {
            assertEquals(List.of("quick", "quick.json"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                "temporary journals are deleted");
        }
    }

    @Test
    void shouldRefuseAnUnknownBaselineWithAReason()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final CommandLine command = new CommandLine(new Bench());
        command.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
        final int exit = command.execute("--baselines", "kafka");
        assertEquals(2, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown baseline 'kafka'"), err.toString());
    }

    private static boolean positive(final String json, final String key)
    {
        final Matcher m = Pattern.compile("\"" + key + "\": ([0-9.]+)").matcher(json);
        return m.find() && Double.parseDouble(m.group(1)) > 0;
    }

    private static int count(final String text, final String needle)
    {
        return count(text, needle, 0);
    }

    private static int count(final String text, final String needle, final int from)
    {
        int count = 0;
        for (int i = text.indexOf(needle, from); i >= 0; i = text.indexOf(needle, i + 1))
        {
            count++;
        }
        return count;
    }
}
