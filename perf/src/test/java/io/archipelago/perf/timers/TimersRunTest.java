package io.archipelago.perf.timers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs every case of {@code perf/run timers} in this JVM on tiny settings and checks what it writes. It checks the
 * plumbing and the bookkeeping (each case checks its own timers fired, holds confirmed, orders confirmed), never a
 * speed.
 */
class TimersRunTest
{
    @BeforeAll
    static void quietChronicle()
    {
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
    }

    @Test
    void shouldWriteEveryCaseOfASmallRun(@TempDir final Path out) throws Exception
    {
        final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        final PrintStream originalOut = System.out;
        final int exit;
        try (PrintStream capture = new PrintStream(stdout, true, StandardCharsets.UTF_8))
        {
            System.setOut(capture);
            exit = new CommandLine(new TimersRun()).execute("--no-fork", "--out", out.toString(), "--timers", "5000",
                "--users", "500", "--spread-minutes", "1", "--in-flight", "64", "--islands", "2", "--rate", "500",
                "--rate-seconds", "1", "--warmup-seconds", "1", "--rounds", "1");
        }
        finally
        {
            System.setOut(originalOut);
        }
        assertEquals(0, exit, stdout.toString(StandardCharsets.UTF_8));

        final JsonNode report = new ObjectMapper().readTree(out.resolve("timers.json").toFile());
        final List<String> modes = new ArrayList<>();
        for (final JsonNode round : report.path("logic").path("rounds"))
        {
            modes.add(round.path("fire_mode").asText());
            assertEquals(5000, round.path("timers").asInt());
            assertTrue(round.path("schedule_per_s").asDouble() > 0 && round.path("fire_per_s").asDouble() > 0);
        }
        assertEquals(List.of("each-due", "1s-steps", "catch-up"), modes);

        final JsonNode memory = report.path("memory").path("rows");
        assertEquals(2, memory.size());
        assertEquals(500, memory.get(0).path("users").asInt());
        assertEquals(5000, memory.get(1).path("users").asInt());
        assertTrue(memory.get(1).path("bytes_per_timer").asDouble() > 0);

        final JsonNode engine = report.path("engine");
        assertEquals(5000, engine.path("timers").asInt());
        assertTrue(engine.path("fire_per_s").asDouble() > 0 && engine.path("snapshot_bytes").asLong() > 0);

        final JsonNode latency = report.path("latency");
        assertEquals(2, latency.path("rounds").size(), "one round: a holds and an orders phase");
        assertEquals("hold+confirm", latency.path("rounds").get(0).path("kind").asText());
        assertEquals("order", latency.path("rounds").get(1).path("kind").asText());
        final JsonNode merged = latency.path("merged_us");
        for (final String name : List.of("hold_to_held", "held_to_confirmed", "confirm_call", "hold_total", "order"))
        {
            assertTrue(merged.path(name).path("max").asLong() >= merged.path(name).path("p50").asLong(), name);
        }
        assertTrue(latency.path("p99_hold_to_confirmed_vs_p99_order").asDouble() > 0);
    }
}
