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

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DumpCommandTest extends DemoDirectoryTest
{
    private static final String USER_ISLAND = String.valueOf(HoldsDirectory.USER_ISLAND);
    private static final String OTHER_ISLAND = String.valueOf(HoldsDirectory.OTHER_ISLAND);

    private static Path holds;

    @BeforeAll
    static void writeHoldsDirectory()
    {
        holds = HoldsDirectory.create(shared.resolve("holds"));
    }
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
    void shouldDecodeHoldAndTimerRecordsAsText()
    {
        final CliRun run = CliRun.of("dump", "--data", holds.toString(), "--partition", USER_ISLAND);

        assertEquals(0, run.exitCode(), run::toString);
        final String user = HoldsDirectory.USER;
        final List<String> fields = run.out().lines().map(line -> line.substring(37).stripTrailing()).toList();
        assertEquals(List.of(
            "SET_POLICY       client          strategy=wound-wait transfer-timeout=250ms retry=2..250ms",
            "CREATE_PRODUCT   client          product=1 units=100",
            "CREATE_PRODUCT   client          product=2 units=40",
            "PLACE_HOLD       client          login=" + user + " hold=1 lines=[1x3] timeout=2000ms hold-for=60000ms",
            "PLACE_HOLD       client          login=" + user + " hold=2 lines=[1x2] timeout=2000ms hold-for=600000ms",
            "PLACE_HOLD       client          login=" + user + " hold=3 lines=[2x1] timeout=2000ms hold-for=600000ms",
            "PLACE_HOLD       client          login=" + user + " hold=4 lines=[2x4] timeout=2000ms hold-for=3600000ms",
            "PLACE_ORDER      client          login=" + user + " order=5 lines=[1x1] timeout=2000ms",
            "SCHEDULE         client          login=" + user + " key=7 after=30000ms payload=4B",
            "SCHEDULE         client          login=" + user + " key=8 due=2027-01-15T09:40:00.000Z payload=0B",
            "SCHEDULE         client          login=" + user + " key=8 due=2027-01-15T10:00:00.000Z payload=3B",
            "SCHEDULE         client          login=" + user + " key=9 after=300000ms payload=1B",
            "TICK             timer",
            "CONFIRM_HOLD     client          login=" + user + " hold=1",
            "CONFIRM_HOLD     client          login=" + user + " hold=2",
            "RELEASE_HOLD     client          login=" + user + " hold=3",
            "CANCEL_SCHEDULE  client          login=" + user + " key=9"), fields, run::toString);
        assertTrue(run.out().lines().skip(12).allMatch(line -> line.contains("  2027-01-15T08:01:01.000Z  ")),
            "the tick and what follows it are journaled at the time the clock moved to: " + run);
    }

    @Test
    void shouldDecodeHoldAndTimerRecordsAsJson()
    {
        final CliRun run = CliRun.of("dump", "--data", holds.toString(), "--partition", USER_ISLAND, "--json");

        assertEquals(0, run.exitCode(), run::toString);
        final List<Map<String, Object>> records = records(run.json());
        assertEquals(17, records.size(), run::toString);
        final Map<String, Object> hold = records.get(3);
        assertEquals("PLACE_HOLD", string(hold, "type"));
        assertEquals(HoldsDirectory.USER, string(hold, "login"));
        assertEquals(HoldsDirectory.EXPIRED_HOLD, number(hold, "order"));
        assertEquals(60_000, number(hold, "hold_for_ms"));
        assertEquals(List.of(Map.of("product", 1L, "quantity", 3L)), array(hold, "lines"));
        final Map<String, Object> after = records.get(8);
        assertEquals("SCHEDULE", string(after, "type"));
        assertEquals(HoldsDirectory.FIRED_TIMER, number(after, "key"));
        assertEquals(30_000, number(after, "after_ms"));
        assertFalse(after.containsKey("due"), after::toString);
        assertEquals("cGluZw==", string(after, "payload"), "\"ping\" in base64");
        final Map<String, Object> at = records.get(10);
        assertEquals(HoldsDirectory.PENDING_TIMER, number(at, "key"));
        assertEquals(HoldsDirectory.PENDING_TIMER_DUE, number(at, "due"));
        assertEquals("AQID", string(at, "payload"), "bytes 1 2 3 in base64");
        assertEquals("TICK", string(records.get(12), "type"));
        assertEquals("timer", string(records.get(12), "source"));
        assertEquals(HoldsDirectory.AFTER_TICK, number(records.get(12), "timestamp"));
        for (final int i : new int[] {13, 14, 15})
        {
            assertEquals(HoldsDirectory.USER, string(records.get(i), "login"));
            assertEquals(i - 12, number(records.get(i), "order"));
        }
        assertEquals(List.of("CONFIRM_HOLD", "CONFIRM_HOLD", "RELEASE_HOLD", "CANCEL_SCHEDULE"),
            records.subList(13, 17).stream().map(record -> string(record, "type")).toList());
        assertEquals(HoldsDirectory.CANCELLED_TIMER, number(records.get(16), "key"));
    }

    @Test
    void shouldPrintHoldAndTimerEvents()
    {
        final CliRun run = CliRun.of("dump", "--data", holds.toString(), "--partition", USER_ISLAND, "--events",
            "--json");

        assertEquals(0, run.exitCode(), run::toString);
        final Map<String, Map<String, Object>> byType = new HashMap<>();
        for (final Object event : array(run.json(), "events"))
        {
            @SuppressWarnings("unchecked")
            final Map<String, Object> fields = (Map<String, Object>)event;
            byType.putIfAbsent(string(fields, "type"), fields);
        }
        assertEquals(Set.of("PRODUCT_CREATED", "HOLD_HELD", "ORDER_CONFIRMED", "SCHEDULE_FIRED", "HOLD_EXPIRED",
            "HOLD_CONFIRMED", "HOLD_RELEASED"), byType.keySet(), run::toString);
        final Map<String, Object> held = byType.get("HOLD_HELD");
        assertEquals(HoldsDirectory.EXPIRED_HOLD, number(held, "order_id"));
        assertEquals(HoldsDirectory.START + 60_000, number(held, "expires_at"));
        final Map<String, Object> fired = byType.get("SCHEDULE_FIRED");
        assertEquals(USER_ISLAND + "/13/0", string(fired, "id"), "caused by the tick, record 13");
        assertEquals(HoldsDirectory.USER, string(fired, "login"));
        assertEquals(HoldsDirectory.FIRED_TIMER, number(fired, "key"));
        assertEquals("cGluZw==", string(fired, "payload"));
        assertFalse(fired.containsKey("lines"), fired::toString);
        assertEquals(13, number(byType.get("HOLD_EXPIRED"), "sequence"), "the same tick expired hold 1");
        assertTrue(bool(byType.get("HOLD_RELEASED"), "was_held"));
    }

    @Test
    void shouldListPendingTimersAndHeldHoldsInTheOrderTheyFire()
    {
        final CliRun text = CliRun.of("dump", "--data", holds.toString(), "--partition", USER_ISLAND, "--timers");

        assertEquals(0, text.exitCode(), text::toString);
        assertEquals("", text.err(), text::toString);
        assertEquals(List.of(
            "island " + USER_ISLAND + "  2027-01-15T09:00:00.000Z  hold-expiry  login=" + HoldsDirectory.USER +
                " hold=4 lines=[2x4]",
            "island " + USER_ISLAND + "  2027-01-15T10:00:00.000Z  timer        login=" + HoldsDirectory.USER +
                " key=8 payload=3B"), text.out().lines().toList());

        final CliRun json = CliRun.of("dump", "--data", holds.toString(), "--partition", OTHER_ISLAND, "--timers",
            "--json");
        assertEquals(0, json.exitCode(), json::toString);
        final Map<String, Object> timer = new LinkedHashMap<>();
        timer.put("partition", (long)HoldsDirectory.OTHER_ISLAND);
        timer.put("kind", "timer");
        timer.put("login", HoldsDirectory.OTHER);
        timer.put("key", HoldsDirectory.OTHER_TIMER);
        timer.put("due", HoldsDirectory.OTHER_TIMER_DUE);
        timer.put("due_time", "2027-01-15T09:30:00.000Z");
        timer.put("payload_bytes", 1L);
        timer.put("payload", "eA==");
        final Map<String, Object> expiry = new LinkedHashMap<>();
        expiry.put("partition", (long)HoldsDirectory.OTHER_ISLAND);
        expiry.put("kind", "hold_expiry");
        expiry.put("login", HoldsDirectory.OTHER);
        expiry.put("key", HoldsDirectory.OTHER_HOLD);
        expiry.put("due", HoldsDirectory.OTHER_HOLD_EXPIRES);
        expiry.put("due_time", "2027-01-15T11:00:00.000Z");
        expiry.put("payload_bytes", null);
        expiry.put("payload", null);
        expiry.put("lines", List.of(Map.of("product", HoldsDirectory.PRODUCT, "quantity", 5L)));
        assertEquals(List.of(timer, expiry), array(json.json(), "timers"), "the timer fires first");
        assertFalse(bool(json.json(), "more"));

        final CliRun first = CliRun.of("dump", "--data", holds.toString(), "--partition", OTHER_ISLAND, "--timers",
            "--limit", "1", "--json");
        assertEquals(List.of(timer), array(first.json(), "timers"));
        assertTrue(bool(first.json(), "more"));
    }

    @Test
    void shouldSaySoWhenNoTimerIsPending()
    {
        final CliRun run = CliRun.of("dump", "--data", data.toString(), "--partition", "0", "--timers");
        final CliRun json = CliRun.of("dump", "--data", data.toString(), "--partition", "0", "--timers", "--json");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.out(), run::toString);
        assertTrue(run.err().contains("island 0 of " + data.toAbsolutePath() + " has no pending users' timers or " +
            "held holds"), run::toString);
        assertEquals(0, json.exitCode(), json::toString);
        assertEquals(List.of(), array(json.json(), "timers"));
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
            Arguments.of(List.of("--partition", "x"), "--partition"),
            Arguments.of(List.of("--partition", "0", "--timers", "--events"), "--timers and --events"),
            Arguments.of(List.of("--partition", "0", "--timers", "--from", "2"), "--from selects journal records"));
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
        assertTrue(run.out().contains("--timers"), run::toString);
        assertTrue(run.out().contains("Examples:"), run::toString);
    }
}
