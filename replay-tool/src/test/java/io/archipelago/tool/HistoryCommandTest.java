package io.archipelago.tool;

import static io.archipelago.tool.Json.array;
import static io.archipelago.tool.Json.bool;
import static io.archipelago.tool.Json.number;
import static io.archipelago.tool.Json.object;
import static io.archipelago.tool.Json.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.archipelago.router.PartitionRouter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HistoryCommandTest extends DemoDirectoryTest
{
    /** A heavy user with an order that waited for units and was decided by a later record. */
    private static String heavy;

    private static Path holds;

    @BeforeAll
    static void writeHoldsDirectory()
    {
        holds = HoldsDirectory.create(shared.resolve("holds"));
    }

    @BeforeAll
    static void findAHeavyUserWhoseOrderWaited()
    {
        heavy = IntStream.range(0, 8).mapToObj(k -> "heavy-" + k)
            .filter(login -> null != decidedLater(login))
            .findFirst().orElseThrow(() -> new AssertionError("with skewed demand some heavy user's order waits"));
    }

    @Test
    void shouldShowEveryUsersHistoryThroughTheIndexAsReplayingTheIslandShowsIt() throws Exception
    {
        int compared = 0;
        for (final Path directory : List.of(data, holds))
        {
            final List<String> logins = loginsOf(directory);
            assertTrue(logins.size() > 1, directory.toString());
            for (int i = 0; i < logins.size(); i++)
            {
                final String login = logins.get(i);
                for (final String format : i % 10 == 0 ? List.of("--json", "--text") : List.of("--json"))
                {
                    final List<String> args = new ArrayList<>(List.of("history", "--data", directory.toString(),
                        "--user", login));
                    if (format.equals("--json"))
                    {
                        args.add("--json");
                    }
                    final CliRun indexed = CliRun.of(args.toArray(String[]::new));
                    args.add("--replay");
                    final CliRun replayed = CliRun.of(args.toArray(String[]::new));
                    assertEquals(0, indexed.exitCode(), indexed::toString);
                    assertEquals("", indexed.err(), indexed::toString);
                    assertEquals(replayed.out(), indexed.out(), login + " " + format);
                    compared++;
                }
            }
        }
        for (final String[] one : List.of(
            new String[] {"--user", HoldsDirectory.USER, "--order", String.valueOf(HoldsDirectory.EXPIRED_HOLD)},
            new String[] {"--user", HoldsDirectory.USER, "--order", String.valueOf(HoldsDirectory.HELD_HOLD)},
            new String[] {"--user", HoldsDirectory.USER, "--timer", "8"},
            new String[] {"--user", HoldsDirectory.USER, "--timer", "7"}))
        {
            final List<String> args = new ArrayList<>(List.of("history", "--data", holds.toString()));
            args.addAll(List.of(one));
            final CliRun indexed = CliRun.of(args.toArray(String[]::new));
            args.add("--replay");
            assertEquals(CliRun.of(args.toArray(String[]::new)).out(), indexed.out(), String.join(" ", one));
        }
        assertTrue(compared > 100, "compared " + compared);
    }

    @Test
    void shouldReadAroundADamagedIndexWithANoticeAndWriteNothing() throws Exception
    {
        final Path copy = shared.resolve("damaged-index");
        DirectoryTrees.copyTree(holds, copy);
        final Path users = new io.archipelago.engine.recovery.DataDirectoryLayout(copy)
            .users(HoldsDirectory.USER_ISLAND);
        final List<Path> segments;
        try (Stream<Path> files = java.nio.file.Files.list(users))
        {
            segments = files.filter(f -> f.toString().endsWith(".idx")).sorted().toList();
        }
        assertFalse(segments.isEmpty(), "the engine wrote the index at close");
        final byte[] bytes = java.nio.file.Files.readAllBytes(segments.get(0));
        bytes[bytes.length - 20] ^= 0x01;
        java.nio.file.Files.write(segments.get(0), bytes);

        final CliRun indexed = CliRun.of("history", "--data", copy.toString(), "--user", HoldsDirectory.USER);
        final CliRun replayed = CliRun.of("history", "--data", copy.toString(), "--user", HoldsDirectory.USER,
            "--replay");

        assertEquals(0, indexed.exitCode(), indexed::toString);
        assertEquals(replayed.out(), indexed.out());
        assertTrue(indexed.err().contains("user index was not used") && indexed.err().contains("island " +
            HoldsDirectory.USER_ISLAND), indexed::toString);
        assertEquals(java.util.Arrays.toString(bytes),
            java.util.Arrays.toString(java.nio.file.Files.readAllBytes(segments.get(0))), "nothing was written");
    }

    /**
     * @return every login with a record in the directory's journals, sorted.
     */
    private static List<String> loginsOf(final Path directory)
    {
        final Set<String> logins = new java.util.TreeSet<>();
        final io.archipelago.engine.recovery.DataDirectoryLayout layout =
            new io.archipelago.engine.recovery.DataDirectoryLayout(directory);
        for (int island = 0; island < 8; island++)
        {
            if (!java.nio.file.Files.isDirectory(layout.journal(island)))
            {
                continue;
            }
            try (io.archipelago.engine.journal.Journal journal =
                io.archipelago.engine.journal.Journal.openReadOnly(island, layout.journal(island));
                io.archipelago.engine.journal.JournalReader reader = journal.reader())
            {
                while (reader.next())
                {
                    if (io.archipelago.engine.stream.UserIndex.isUserInput(reader.command().type()))
                    {
                        logins.add(reader.command().login());
                    }
                }
            }
        }
        return new ArrayList<>(logins);
    }

    @Test
    void shouldListAUsersOrdersFromTheUsersIslandOnlyWithWhatDecidedThem()
    {
        final int partition = new PartitionRouter(DemoDirectory.PARTITIONS).partitionOf(heavy);

        final CliRun run = CliRun.of("history", "--data", data.toString(), "--user", heavy, "--json");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.err(), run::toString);
        final Map<String, Object> json = run.json();
        final Map<String, Object> subject = object(json, "subject");
        assertEquals("user", string(subject, "kind"));
        assertEquals(heavy, string(subject, "login"));
        assertEquals(partition, number(subject, "partition"));
        final List<Map<String, Object>> records = records(json);
        assertEquals(records.size(), number(json, "count"));
        assertFalse(bool(json, "more"));

        final List<Map<String, Object>> islandRecords = records(CliRun.of("dump", "--data", data.toString(),
            "--partition", String.valueOf(partition), "--json").json());
        final long placed = islandRecords.stream()
            .filter(r -> string(r, "type").equals("PLACE_ORDER") && string(r, "login").equals(heavy)).count();
        assertTrue(placed > 0, "the heavy user placed orders");
        long previous = 0;
        long placedInHistory = 0;
        boolean decidedByAnotherRecord = false;
        for (final Map<String, Object> record : records)
        {
            assertEquals(partition, number(record, "partition"), record::toString);
            assertTrue(number(record, "sequence") > previous, "in journal order");
            previous = number(record, "sequence");
            final String type = string(record, "type");
            final List<?> changes = array(record, "order_changes");
            if (type.equals("PLACE_ORDER") || type.equals("CANCEL_ORDER"))
            {
                assertEquals(heavy, string(record, "login"), record::toString);
                placedInHistory += type.equals("PLACE_ORDER") ? 1 : 0;
            }
            else
            {
                assertFalse(changes.isEmpty(), "a record of another kind is there because it decided an order: " +
                    record);
                decidedByAnotherRecord = true;
            }
            for (final Object change : changes)
            {
                @SuppressWarnings("unchecked")
                final Map<String, Object> order = (Map<String, Object>)change;
                assertEquals(heavy, string(order, "login"));
                assertFalse(string(order, "from").equals(string(order, "to")), order::toString);
            }
        }
        assertEquals(placed, placedInHistory);
        assertTrue(decidedByAnotherRecord, "an order of this heavy user waited for a transfer");
    }

    @Test
    void shouldTraceOneOrderFromPlacementToItsDecision()
    {
        final Map<String, Object> waited = decidedLater(heavy);
        @SuppressWarnings("unchecked")
        final long orderId = number((Map<String, Object>)array(waited, "order_changes").get(0), "order");

        final CliRun run = CliRun.of("history", "--data", data.toString(), "--user", heavy, "--order",
            String.valueOf(orderId), "--json");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("order", string(object(run.json(), "subject"), "kind"));
        final List<Map<String, Object>> records = records(run.json());
        assertTrue(records.size() >= 2, run::toString);
        final Map<String, Object> placed = records.get(0);
        assertEquals("PLACE_ORDER", string(placed, "type"));
        assertEquals(orderId, number(placed, "order"));
        assertEquals("UNKNOWN", change(placed).get("from"));
        assertEquals("PENDING", change(placed).get("to"));
        final Map<String, Object> decided = records.get(records.size() - 1);
        assertEquals("PENDING", change(decided).get("from"), run::toString);
        assertTrue(Set.of("CONFIRMED", "REJECTED").contains(change(decided).get("to")), run::toString);
        assertTrue(Set.of("TRANSFER_GRANT", "TRANSFER_DENIAL", "TICK").contains(string(decided, "type")),
            run::toString);
    }

    @Test
    void shouldShowAPlacementAndItsCancellationAsText()
    {
        final CliRun run = CliRun.of("history", "--data", data.toString(), "--user", DemoDirectory.USER, "--order",
            String.valueOf(DemoDirectory.ORDER));

        assertEquals(0, run.exitCode(), run::toString);
        final List<String> lines = run.out().lines().toList();
        assertEquals(3, lines.size(), run::toString);
        assertTrue(lines.get(0).startsWith("history of order 1 of user " + DemoDirectory.USER), run::toString);
        assertTrue(lines.get(1).contains("PLACE_ORDER"), run::toString);
        assertTrue(lines.get(1).contains("login=" + DemoDirectory.USER + " order=1 lines=[1x1]"), run::toString);
        assertTrue(lines.get(1).endsWith("=> order 1: UNKNOWN -> CONFIRMED"), run::toString);
        assertTrue(lines.get(2).contains("CANCEL_ORDER"), run::toString);
        assertTrue(lines.get(2).endsWith("=> order 1: CONFIRMED -> CANCELLED"), run::toString);
        assertTrue(lines.get(1).matches("\\s+\\d+  \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z  PLACE_ORDER .*"),
            run::toString);
    }

    @Test
    void shouldShowAUsersHoldsAndTimersWithTheChangesEachRecordMade()
    {
        final CliRun run = CliRun.of("history", "--data", holds.toString(), "--user", HoldsDirectory.USER);

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.err(), run::toString);
        final List<String> lines = run.out().lines().toList();
        assertEquals("history of user " + HoldsDirectory.USER + " (island " + HoldsDirectory.USER_ISLAND + ") in " +
            holds.toAbsolutePath() + ":", lines.get(0));
        final List<String> shown = lines.stream().skip(1).map(HistoryCommandTest::sequenceTypeAndChanges).toList();
        assertEquals(List.of(
            "4 PLACE_HOLD => hold 1: UNKNOWN -> HELD",
            "5 PLACE_HOLD => hold 2: UNKNOWN -> HELD",
            "6 PLACE_HOLD => hold 3: UNKNOWN -> HELD",
            "7 PLACE_HOLD => hold 4: UNKNOWN -> HELD",
            "8 PLACE_ORDER => order 5: UNKNOWN -> CONFIRMED",
            "9 SCHEDULE => timer 7: scheduled (due 2027-01-15T08:00:30.000Z)",
            "10 SCHEDULE => timer 8: scheduled (due 2027-01-15T09:40:00.000Z)",
            "11 SCHEDULE => timer 8: rescheduled (due 2027-01-15T10:00:00.000Z)",
            "12 SCHEDULE => timer 9: scheduled (due 2027-01-15T08:05:00.000Z)",
            "13 TICK => hold 1: HELD -> EXPIRED => timer 7: fired (due 2027-01-15T08:00:30.000Z)",
            "14 CONFIRM_HOLD",
            "15 CONFIRM_HOLD => hold 2: HELD -> CONFIRMED",
            "16 RELEASE_HOLD => hold 3: HELD -> RELEASED",
            "17 CANCEL_SCHEDULE => timer 9: cancelled (due 2027-01-15T08:05:00.000Z)"), shown, run::toString);
        assertTrue(lines.get(11).contains("CONFIRM_HOLD     client          login=" + HoldsDirectory.USER + " hold=1"),
            "confirming the expired hold changed nothing, yet it is the user's record: " + run);
    }

    @Test
    void shouldGiveEachHoldsStateAndEachTimersDueTimeInJson()
    {
        final CliRun run = CliRun.of("history", "--data", holds.toString(), "--user", HoldsDirectory.USER, "--json");

        assertEquals(0, run.exitCode(), run::toString);
        final List<Map<String, Object>> records = records(run.json());
        assertEquals(14, records.size(), run::toString);
        final Map<String, Object> tick = records.get(9);
        assertEquals("TICK", string(tick, "type"));
        final Map<String, Object> expired = change(tick);
        assertEquals(HoldsDirectory.EXPIRED_HOLD, number(expired, "order"));
        assertTrue(bool(expired, "hold"));
        assertEquals("HELD", string(expired, "from"));
        assertEquals("EXPIRED", string(expired, "to"));
        assertEquals(List.of(Map.of("login", HoldsDirectory.USER, "key", HoldsDirectory.FIRED_TIMER,
            "change", "FIRED", "due", HoldsDirectory.FIRED_TIMER_DUE, "due_time", "2027-01-15T08:00:30.000Z")),
            array(tick, "timer_changes"));
        final Map<String, Object> order = change(records.get(4));
        assertFalse(bool(order, "hold"), "order 5 is a plain order");
        assertEquals("CONFIRMED", string(order, "to"));
        final Map<String, Object> rescheduled = records.get(7);
        assertEquals(List.of(), array(rescheduled, "order_changes"));
        assertEquals(List.of(Map.of("login", HoldsDirectory.USER, "key", HoldsDirectory.PENDING_TIMER,
            "change", "RESCHEDULED", "due", HoldsDirectory.PENDING_TIMER_DUE, "due_time",
            "2027-01-15T10:00:00.000Z")), array(rescheduled, "timer_changes"));
        final Map<String, Object> confirmedTooLate = records.get(10);
        assertEquals("CONFIRM_HOLD", string(confirmedTooLate, "type"));
        assertEquals(List.of(), array(confirmedTooLate, "order_changes"));
        assertEquals(List.of(), array(confirmedTooLate, "timer_changes"));
        final Map<String, Object> released = change(records.get(12));
        assertTrue(bool(released, "hold"));
        assertEquals("RELEASED", string(released, "to"));
    }

    @Test
    void shouldTraceOneHoldToItsExpiry()
    {
        final CliRun run = CliRun.of("history", "--data", holds.toString(), "--user", HoldsDirectory.USER, "--order",
            String.valueOf(HoldsDirectory.EXPIRED_HOLD));

        assertEquals(0, run.exitCode(), run::toString);
        final List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).startsWith("history of order 1 of user " + HoldsDirectory.USER), run::toString);
        assertEquals(List.of("4 PLACE_HOLD => hold 1: UNKNOWN -> HELD", "13 TICK => hold 1: HELD -> EXPIRED",
            "14 CONFIRM_HOLD"), lines.stream().skip(1).map(HistoryCommandTest::sequenceTypeAndChanges).toList(),
            "no timer record, though timer keys and hold ids may be equal: " + run);
    }

    @Test
    void shouldTraceOneTimerFromItsSchedulingToItsFiring()
    {
        final CliRun fired = CliRun.of("history", "--data", holds.toString(), "--user", HoldsDirectory.USER,
            "--timer", String.valueOf(HoldsDirectory.FIRED_TIMER), "--json");
        final CliRun pending = CliRun.of("history", "--data", holds.toString(), "--user", HoldsDirectory.USER,
            "--timer", String.valueOf(HoldsDirectory.PENDING_TIMER));

        assertEquals(0, fired.exitCode(), fired::toString);
        final Map<String, Object> subject = object(fired.json(), "subject");
        assertEquals("timer", string(subject, "kind"));
        assertEquals(HoldsDirectory.FIRED_TIMER, number(subject, "timer"));
        final List<Map<String, Object>> records = records(fired.json());
        assertEquals(List.of("SCHEDULE", "TICK"), records.stream().map(record -> string(record, "type")).toList());
        assertEquals(List.of(), array(records.get(1), "order_changes"), "the tick's hold expiry is not this timer's");
        @SuppressWarnings("unchecked")
        final Map<String, Object> firing = (Map<String, Object>)array(records.get(1), "timer_changes").get(0);
        assertEquals("FIRED", string(firing, "change"));
        assertEquals(HoldsDirectory.FIRED_TIMER, number(firing, "key"));

        assertEquals(0, pending.exitCode(), pending::toString);
        assertEquals(List.of("10 SCHEDULE => timer 8: scheduled (due 2027-01-15T09:40:00.000Z)",
            "11 SCHEDULE => timer 8: rescheduled (due 2027-01-15T10:00:00.000Z)"),
            pending.out().lines().skip(1).map(HistoryCommandTest::sequenceTypeAndChanges).toList(), pending::toString);
        assertTrue(pending.out().startsWith("history of timer 8 of user " + HoldsDirectory.USER), pending::toString);
    }

    @Test
    void shouldMergeAProductsRecordsFromEveryIsland()
    {
        final CliRun run = CliRun.of("history", "--data", data.toString(), "--product",
            String.valueOf(DemoDirectory.PRODUCT), "--json");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("product", string(object(run.json(), "subject"), "kind"));
        final List<Map<String, Object>> records = records(run.json());
        final Set<Long> created = new HashSet<>();
        final Set<String> types = new HashSet<>();
        Map<String, Object> previous = null;
        for (final Map<String, Object> record : records)
        {
            types.add(string(record, "type"));
            if (string(record, "type").equals("CREATE_PRODUCT"))
            {
                created.add(number(record, "partition"));
            }
            assertTrue(concernsProduct(record), record::toString);
            if (null != previous)
            {
                assertTrue(compare(previous, record) < 0, "merged by time, island, sequence: " + previous + " then " +
                    record);
            }
            previous = record;
        }
        assertEquals(Set.of(0L, 1L, 2L, 3L), created, "every island journals the creation");
        assertTrue(types.containsAll(Set.of("CREATE_PRODUCT", "RESTOCK", "PLACE_ORDER", "CANCEL_ORDER",
            "TRANSFER_REQUEST", "TRANSFER_GRANT")), types::toString);

        long expected = 0;
        for (int partition = 0; partition < DemoDirectory.PARTITIONS; partition++)
        {
            expected += records(CliRun.of("dump", "--data", data.toString(), "--partition",
                String.valueOf(partition), "--json").json()).stream().filter(HistoryCommandTest::concernsProduct)
                .count();
        }
        assertEquals(expected, records.size(), "every record of the product on every island");
    }

    @Test
    void shouldStopAtTheLimitAndSaySoInJson()
    {
        final CliRun run = CliRun.of("history", "--data", data.toString(), "--product", "2", "--limit", "5", "--json");
        final CliRun text = CliRun.of("history", "--data", data.toString(), "--product", "2", "--limit", "5");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(5, records(run.json()).size());
        assertTrue(bool(run.json(), "more"));
        assertEquals(6, text.out().lines().count(), "a heading and five records: " + text);
        assertTrue(text.out().lines().skip(1).allMatch(line -> line.startsWith("p")), text::toString);
    }

    @Test
    void shouldSaySoWhenNothingConcernsTheUser()
    {
        final CliRun run = CliRun.of("history", "--data", data.toString(), "--user", "nobody-at-all");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(1, run.out().lines().count(), run::toString);
        assertTrue(run.err().contains("no journal record concerns user nobody-at-all"), run::toString);
    }

    static Stream<Arguments> badSelections()
    {
        return Stream.of(
            Arguments.of(List.of(), "choose what to trace"),
            Arguments.of(List.of("--order", "1"), "--order needs the --user"),
            Arguments.of(List.of("--product", "1", "--user", "heavy-0"), "--product goes alone"),
            Arguments.of(List.of("--product", "1", "--order", "1"), "--product goes alone"),
            Arguments.of(List.of("--user", ""), "--user must not be empty"),
            Arguments.of(List.of("--product", "1", "--limit", "-1"), "--limit"),
            Arguments.of(List.of("--timer", "1"), "--timer needs the --user"),
            Arguments.of(List.of("--user", "heavy-0", "--order", "1", "--timer", "1"), "--order and --timer"),
            Arguments.of(List.of("--product", "1", "--timer", "1"), "--product goes alone"),
            Arguments.of(List.of("--product", "one"), "--product"));
    }

    @ParameterizedTest
    @MethodSource("badSelections")
    void shouldExitTwoForABadSelection(final List<String> selection, final String named)
    {
        final List<String> args = new ArrayList<>(List.of("history", "--data", data.toString()));
        args.addAll(selection);

        final CliRun run = CliRun.of(args.toArray(String[]::new));

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("", run.out(), run::toString);
        assertEquals(1, run.err().lines().count(), run::toString);
        assertTrue(run.err().contains(named), run::toString);
    }

    @Test
    void shouldPrintHelpWithExamples()
    {
        final CliRun run = CliRun.of("history", "--help");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("(--user LOGIN [--order ID | --timer KEY] [--replay] | --product ID)"),
            run::toString);
        assertTrue(run.out().contains("user index"), run::toString);
        assertTrue(run.out().contains("PLACE_HOLD"), run::toString);
        assertTrue(run.out().contains("Examples:"), run::toString);
    }

    /**
     * @return the first record in the user's history that decided an order placed earlier, or {@code null}.
     */
    private static Map<String, Object> decidedLater(final String login)
    {
        return records(CliRun.of("history", "--data", data.toString(), "--user", login, "--json").json()).stream()
            .filter(record -> !string(record, "type").equals("PLACE_ORDER") && !array(record, "order_changes").isEmpty())
            .findFirst().orElse(null);
    }

    private static boolean concernsProduct(final Map<String, Object> record)
    {
        final String type = string(record, "type");
        if (type.equals("PLACE_ORDER"))
        {
            return array(record, "lines").stream()
                .anyMatch(line -> ((Long)((Map<?, ?>)line).get("product")) == DemoDirectory.PRODUCT);
        }
        if (type.equals("CANCEL_ORDER"))
        {
            return string(record, "login").equals(DemoDirectory.USER);
        }
        return record.containsKey("product") && number(record, "product") == DemoDirectory.PRODUCT;
    }

    private static int compare(final Map<String, Object> a, final Map<String, Object> b)
    {
        int order = Long.compare(number(a, "timestamp"), number(b, "timestamp"));
        order = 0 != order ? order : Long.compare(number(a, "partition"), number(b, "partition"));
        return 0 != order ? order : Long.compare(number(a, "sequence"), number(b, "sequence"));
    }

    /**
     * @return a text history line as its sequence, its type and the changes after {@code =>}, single-spaced.
     */
    private static String sequenceTypeAndChanges(final String line)
    {
        final String[] words = line.trim().split(" +");
        final int changes = line.indexOf("  => ");
        return words[0] + " " + words[2] + (changes < 0 ? "" : " " + line.substring(changes + 2).replace("  => ",
            " => "));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> change(final Map<String, Object> record)
    {
        final List<?> changes = array(record, "order_changes");
        assertEquals(1, changes.size(), record::toString);
        return (Map<String, Object>)changes.get(0);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> records(final Map<String, Object> json)
    {
        final List<Map<String, Object>> records = new ArrayList<>();
        for (final Object record : array(json, "records"))
        {
            records.add((Map<String, Object>)record);
        }
        return records;
    }
}
