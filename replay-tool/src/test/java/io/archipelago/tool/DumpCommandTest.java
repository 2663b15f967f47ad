package io.archipelago.tool;

import static io.archipelago.tool.HistoryCommandTest.records;
import static io.archipelago.tool.Json.array;
import static io.archipelago.tool.Json.bool;
import static io.archipelago.tool.Json.number;
import static io.archipelago.tool.Json.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DumpCommandTest extends DemoDirectoryTest
{
    @Test
    void shouldPrintTheFirstRecordsOfAnIsland()
    {
        final CliRun run = CliRun.of("dump", "--data", data.toString(), "--partition", "0", "--limit", "5");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.err(), run::toString);
        final List<String> lines = run.out().lines().toList();
        assertEquals(5, lines.size(), run::toString);
        for (int i = 0; i < lines.size(); i++)
        {
            assertTrue(lines.get(i).matches("\\s+" + (i + 1) + "  \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z  " +
                "[A-Z_]+\\s+(client|timer|island \\d+ #\\d+)\\s+.*"), lines.get(i));
        }
        assertTrue(lines.get(0).contains("SET_POLICY") && lines.get(0).contains("wound-wait"),
            "a fresh island journals its transfer policy first: " + run);
        assertTrue(lines.get(1).contains("CREATE_PRODUCT   client          product=1 units=2000"), run::toString);
    }

    @Test
    void shouldPrintTheIslandsEventLogBesideItsJournal()
    {
        final CliRun text = CliRun.of("dump", "--data", data.toString(), "--partition", "0", "--events", "--limit",
            "3");
        assertEquals(0, text.exitCode(), text::toString);
        final List<String> lines = text.out().lines().toList();
        assertEquals(3, lines.size(), text::toString);
        assertTrue(lines.get(0).matches("0/2/0 \\d+ PRODUCT_CREATED product=1 units=\\d+"),
            "the island's first decision is its share of product 1, caused by its record 2: " + text);

        final CliRun json = CliRun.of("dump", "--data", data.toString(), "--partition", "2", "--events", "--from",
            "100", "--json");
        assertEquals(0, json.exitCode(), json::toString);
        final List<?> events = array(json.json(), "events");
        assertTrue(events.size() > 10, json::toString);
        long previous = 0;
        for (final Object event : events)
        {
            @SuppressWarnings("unchecked")
            final Map<String, Object> fields = (Map<String, Object>)event;
            assertEquals(2, number(fields, "island"));
            assertTrue(number(fields, "sequence") >= 100, "from record 100 on");
            assertTrue(number(fields, "sequence") >= previous, "in order");
            previous = number(fields, "sequence");
        }
    }

    @Test
    void shouldDecodeEveryRecordAsJson()
    {
        final CliRun run = CliRun.of("dump", "--data", data.toString(), "--partition", "1", "--json");

        assertEquals(0, run.exitCode(), run::toString);
        final Map<String, Object> json = run.json();
        assertEquals("dump", string(json, "command"));
        assertEquals(1, number(json, "partition"));
        assertEquals(1, number(json, "from"));
        assertNull(json.get("limit"));
        assertFalse(bool(json, "more"));
        final List<Map<String, Object>> records = records(json);
        final Map<String, Object> replay = ReplayCommandTest.islands(CliRun.of("replay", "--data", data.toString(),
            "--json").json()).get(1);
        assertEquals(number(replay, "last_sequence"), records.size(), "every record of the journal");
        boolean link = false;
        for (int i = 0; i < records.size(); i++)
        {
            final Map<String, Object> record = records.get(i);
            assertEquals(1, number(record, "partition"));
            assertEquals(i + 1, number(record, "sequence"));
            assertEquals(Instant.ofEpochMilli(number(record, "timestamp")), Instant.parse(string(record, "time")));
            switch (string(record, "type"))
            {
                case "CREATE_PRODUCT", "RESTOCK" -> assertTrue(number(record, "units") > 0);
                case "PLACE_ORDER" -> assertFalse(string(record, "login").isEmpty());
                case "TRANSFER_REQUEST", "TRANSFER_GRANT", "TRANSFER_DENIAL" ->
                {
                    link = true;
                    assertEquals("link", string(record, "source"));
                    assertTrue(number(record, "link_sequence") > 0);
                    assertTrue(number(record, "from_partition") != 1);
                    assertTrue(number(record, "request") > 0);
                }
                default ->
                {
                }
            }
        }
        assertTrue(link, "island 1 received link messages in the skewed demo");
    }

    @Test
    void shouldResumeAfterASnapshotAndPrintTheSameRecords()
    {
        final Map<String, Object> island = ReplayCommandTest.islands(CliRun.of("replay", "--data", data.toString(),
            "--json").json()).get(2);
        final long snapshot = number(island, "snapshot_sequence");
        final long from = snapshot + 1;
        final List<Map<String, Object>> everything = records(CliRun.of("dump", "--data", data.toString(),
            "--partition", "2", "--json").json());

        final CliRun run = CliRun.of("dump", "--data", data.toString(), "--partition", "2", "--from",
            String.valueOf(from), "--limit", "1", "--json");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(everything.subList((int)snapshot, (int)snapshot + 1), records(run.json()));
        assertEquals(number(island, "last_sequence") > from, bool(run.json(), "more"));
        final CliRun middle = CliRun.of("dump", "--data", data.toString(), "--partition", "2", "--from", "10",
            "--limit", "3", "--json");
        assertEquals(everything.subList(9, 12), records(middle.json()));
        assertTrue(bool(middle.json(), "more"));
    }

    @Test
    void shouldSaySoWhenNoRecordIsLeft()
    {
        final CliRun run = CliRun.of("dump", "--data", data.toString(), "--partition", "0", "--from", "999999999");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.out(), run::toString);
        assertTrue(run.err().contains("has no records from sequence 999999999 on; its journal ends at "),
            run::toString);
    }

    static Stream<Arguments> badFlags()
    {
        return Stream.of(
            Arguments.of(List.of(), "--partition"),
            Arguments.of(List.of("--partition", "4"), "--partition 4 does not exist"),
            Arguments.of(List.of("--partition", "-1"), "--partition -1 does not exist"),
            Arguments.of(List.of("--partition", "0", "--from", "0"), "--from"),
            Arguments.of(List.of("--partition", "0", "--limit", "-3"), "--limit"),
            Arguments.of(List.of("--partition", "x"), "--partition"));
    }

    @ParameterizedTest
    @MethodSource("badFlags")
    void shouldExitTwoForABadFlag(final List<String> flags, final String named)
    {
        final String[] args = Stream.concat(Stream.of("dump", "--data", data.toString()), flags.stream())
            .toArray(String[]::new);

        final CliRun run = CliRun.of(args);

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("", run.out(), run::toString);
        assertEquals(1, run.err().lines().count(), run::toString);
        assertTrue(run.err().contains(named), run::toString);
    }

    @Test
    void shouldPrintHelpWithExamples()
    {
        final CliRun run = CliRun.of("dump", "--help");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("--partition=P"), run::toString);
        assertTrue(run.out().contains("Examples:"), run::toString);
    }
}
