package io.archipelago.tool;

import static io.archipelago.tool.Json.array;
import static io.archipelago.tool.Json.bool;
import static io.archipelago.tool.Json.number;
import static io.archipelago.tool.Json.object;
import static io.archipelago.tool.Json.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @BeforeAll
    static void findAHeavyUserWhoseOrderWaited()
    {
        heavy = IntStream.range(0, 8).mapToObj(k -> "heavy-" + k)
            .filter(login -> null != decidedLater(login))
            .findFirst().orElseThrow(() -> new AssertionError("with skewed demand some heavy user's order waits"));
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
        assertTrue(run.out().contains("(--user LOGIN [--order ID] | --product ID)"), run::toString);
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
