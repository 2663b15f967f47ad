package io.archipelago.tool;

import static io.archipelago.tool.Json.array;
import static io.archipelago.tool.Json.bool;
import static io.archipelago.tool.Json.decimal;
import static io.archipelago.tool.Json.number;
import static io.archipelago.tool.Json.object;
import static io.archipelago.tool.Json.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.router.MetaFile;
import io.archipelago.tool.ToolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DemoCommandTest
{
    private static final String[] SMALL = { "--partitions", "4", "--orders", "2000", "--threads", "2", "--users", "500" };

    @TempDir
    Path temp;

    @Test
    void shouldDecideEveryOrderAndReachTheCloseDigestsOnReplay()
    {
        final Path data = temp.resolve("data");

        final CliRun run = demo(data, "--json");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.err(), run::toString);
        assertEquals(1, run.out().lines().count(), "one JSON object on one line");
        final Map<String, Object> json = run.json();
        assertEquals(4, number(json, "partitions"));
        assertTrue(bool(json, "ok"));
        final Map<String, Object> orders = object(json, "orders");
        assertEquals(2000, number(orders, "placed"));
        assertEquals(number(orders, "placed"), number(orders, "confirmed") + number(orders, "rejected"));
        assertEquals(2000, number(orders, "confirmed"), "ample stock confirms every order");
        assertEquals(Map.of(), object(orders, "rejected_by_reason"));
        assertTrue(decimal(json, "throughput_orders_per_s") > 0);
        assertTrue(decimal(json, "elapsed_ms") > 0);
        final List<?> digests = array(json, "digests");
        assertEquals(4, digests.size());
        digests.forEach(digest -> assertTrue(digest instanceof String && !((String)digest).isEmpty()));
        assertEquals(data.toAbsolutePath().toString(), string(json, "data_dir"));
        assertFalse(bool(json, "data_dir_reset"));

        final Map<String, Object> replay = object(json, "replay");
        assertTrue(bool(replay, "verified"));
        assertTrue(number(replay, "records") >= 2000 + 4, "every order and product creation is journaled");
        assertTrue(decimal(replay, "records_per_s") > 0);

        final Map<String, Object> units = object(json, "units");
        assertEquals(100L * 1_000_000, number(units, "created"));
        assertEquals(number(units, "confirmed"), number(units, "sold"));
        assertBalanced(units);
        assertEquals(0, number(units, "reserved"), "no order is pending once every order is decided");
        assertEquals(0, number(units, "in_flight"), "the islands were quiet when the units were counted");

        final Map<String, Object> transfers = object(json, "transfers");
        for (final String counter : List.of("requested", "granted", "denied", "units_moved", "timeouts"))
        {
            assertTrue(number(transfers, counter) >= 0, counter);
        }
        assertTrue(number(orders, "needed_transfer") >= 0);
        assertTrue(decimal(json, "transfers_per_confirmed_order") >= 0);

        final Map<String, Object> config = object(json, "config");
        assertEquals(4, number(config, "partitions"));
        assertEquals(500, number(config, "users"));
        assertEquals(0.0, decimal(config, "skew"));
        assertEquals(2000, number(config, "order_timeout_ms"));
        assertEquals(100, number(config, "products"));
        assertEquals(2000, number(config, "orders"));
        assertEquals(1_000_000, number(config, "units"));
        assertEquals(1, number(config, "min_quantity"));
        assertEquals(3, number(config, "max_quantity"));
        assertEquals(1, number(config, "max_lines"));
        assertEquals(2, number(config, "threads"));
        assertEquals(42, number(config, "seed"));
        assertEquals(data.toAbsolutePath().toString(), string(config, "data"));
        assertTrue(bool(config, "json"));
        assertEquals("BLOCKING", string(config, "wait_strategy"));
        assertEquals(Math.min(4, Runtime.getRuntime().availableProcessors()), number(config, "island_threads"));
        assertEquals("JOURNALED", string(config, "durability"));
        assertEquals(16384, number(config, "ring_size"));
        assertTrue(Files.exists(data.resolve(MetaFile.FILE_NAME)));
    }

    @Test
    void shouldRejectOrdersAndNeverOversellWhenStockIsScarce()
    {
        final CliRun run = demo(temp.resolve("data"), "--json", "--units", "10", "--products", "2", "--max-lines", "3");

        assertEquals(0, run.exitCode(), run::toString);
        final Map<String, Object> json = run.json();
        final Map<String, Object> orders = object(json, "orders");
        assertEquals(2000, number(orders, "placed"));
        assertEquals(number(orders, "placed"), number(orders, "confirmed") + number(orders, "rejected"));
        assertTrue(number(orders, "rejected") > 0, run::toString);
        final Map<String, Object> reasons = object(orders, "rejected_by_reason");
        assertTrue(number(reasons, "OUT_OF_STOCK") > 0, run::toString);
        assertEquals(number(orders, "rejected"),
            reasons.values().stream().mapToLong(count -> (Long)count).sum());
        final Map<String, Object> units = object(json, "units");
        assertEquals(20, number(units, "created"));
        assertTrue(number(units, "confirmed") <= number(units, "created"), run::toString);
        assertTrue(number(units, "sold") <= number(units, "created"), run::toString);
        assertEquals(number(units, "confirmed"), number(units, "sold"));
        assertBalanced(units);
        assertTrue(bool(object(json, "quiescence"), "settled"));
        assertTrue(bool(object(json, "replay"), "verified"), run::toString);
    }

    @Test
    void shouldMoveUnitsToTheIslandsOfHeavyUsers()
    {
        final CliRun run = demo(temp.resolve("data"), "--json", "--skew", "0.8", "--partitions", "8", "--units",
            "2000", "--products", "4");

        assertEquals(0, run.exitCode(), run::toString);
        final Map<String, Object> json = run.json();
        assertTrue(bool(json, "ok"), run::toString);
        final Map<String, Object> orders = object(json, "orders");
        assertEquals(2000, number(orders, "placed"));
        assertTrue(number(orders, "needed_transfer") > 0, run::toString);
        final Map<String, Object> transfers = object(json, "transfers");
        assertTrue(number(transfers, "granted") > 0, run::toString);
        assertTrue(number(transfers, "units_moved") >= number(transfers, "granted"), run::toString);
        assertTrue(number(transfers, "requested") >= number(transfers, "granted") + number(transfers, "denied"),
            run::toString);
        assertTrue(decimal(json, "transfers_per_confirmed_order") > 0, run::toString);
        final Map<String, Object> units = object(json, "units");
        assertEquals(4 * 2000, number(units, "created"));
        assertEquals(number(units, "confirmed"), number(units, "sold"));
        assertBalanced(units);
        assertEquals(0.8, decimal(object(json, "config"), "skew"));
        assertTrue(bool(object(json, "replay"), "verified"), run::toString);
    }

    @Test
    void shouldPassTheOrderTimeoutThrough()
    {
        final CliRun run = demo(temp.resolve("data"), "--json", "--units", "10", "--products", "2",
            "--order-timeout-ms", "50");

        assertEquals(0, run.exitCode(), run::toString);
        final Map<String, Object> json = run.json();
        assertEquals(50, number(object(json, "config"), "order_timeout_ms"));
        assertTrue(number(object(json, "orders"), "rejected") > 0, run::toString);
        assertBalanced(object(json, "units"));
    }

    @Test
    void shouldPrintAReadableSummary()
    {
        final Path data = temp.resolve("data");

        final CliRun run = demo(data, "--max-lines", "4");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("demo: 4 islands"), run::toString);
        assertTrue(run.out().contains("2,000 placed: 2,000 confirmed, 0 rejected"), run::toString);
        assertTrue(run.out().contains("orders/s"), run::toString);
        assertTrue(run.out().contains("replay      verified: 4 islands replayed"), run::toString);
        assertTrue(run.out().lines().anyMatch(line -> line.matches("units       [\\d,]+ sold of 100,000,000 created " +
            "\\(equal to the units of confirmed orders\\); [\\d,]+ available, 0 in flight")), run::toString);
        assertTrue(run.out().lines().anyMatch(line -> line.matches("transfers   [\\d,]+ requests?: [\\d,]+ grants?, " +
            "[\\d,]+ denials?(, [\\d,]+ timed out)?; [\\d,]+ units? moved; [\\d,]+ orders? waited for a transfer")),
            run::toString);
        assertTrue(run.out().contains(data.toAbsolutePath().toString()), run::toString);
    }

    @Test
    void shouldResetADirectoryLeftByAnEarlierRun()
    {
        final Path data = temp.resolve("data");
        assertEquals(0, demo(data, "--json").exitCode());

        final CliRun again = demo(data, "--json", "--partitions", "2");

        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.err().startsWith("reset " + data.toAbsolutePath()), again::toString);
        final Map<String, Object> json = again.json();
        assertTrue(bool(json, "data_dir_reset"));
        assertEquals(2, array(json, "digests").size());
        assertTrue(bool(object(json, "replay"), "verified"));
    }

    @Test
    void shouldRefuseAForeignDirectoryAndLeaveItUntouched() throws IOException
    {
        final Path foreign = Files.createDirectories(temp.resolve("photos"));
        final Path keep = Files.writeString(foreign.resolve("holiday.txt"), "precious");
        Files.createDirectories(foreign.resolve("partition-000"));

        final CliRun run = demo(foreign);

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("", run.out(), run::toString);
        assertEquals(1, run.err().lines().count(), run::toString);
        assertTrue(run.err().contains(foreign.toAbsolutePath().toString()), run::toString);
        assertTrue(run.err().contains("not an Archipelago data directory"), run::toString);
        assertEquals("precious", Files.readString(keep));
        assertEquals(List.of("holiday.txt", "partition-000"), entries(foreign));
    }

    @Test
    void shouldPrintTheStackTraceOfAFailureOnlyWhenVerbose() throws IOException
    {
        final Path foreign = Files.createDirectories(temp.resolve("foreign"));
        Files.writeString(foreign.resolve("x"), "x");

        final CliRun quiet = demo(foreign);
        final CliRun verbose = demo(foreign, "--verbose");

        assertEquals(2, quiet.exitCode(), quiet::toString);
        assertEquals(2, verbose.exitCode(), verbose::toString);
        assertFalse(quiet.err().contains("\tat "), quiet::toString);
        assertTrue(verbose.err().contains("ToolException"), verbose::toString);
        assertTrue(verbose.err().contains("\tat "), verbose::toString);
    }

    @Test
    void shouldRefuseADirectoryWhoseMetaFileIsDamaged() throws IOException
    {
        final Path damaged = Files.createDirectories(temp.resolve("damaged"));
        Files.writeString(damaged.resolve(MetaFile.FILE_NAME), "magic=something-else\n");
        Files.writeString(damaged.resolve("other.txt"), "keep me");

        final CliRun run = demo(damaged);

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("refusing to reset " + damaged.toAbsolutePath()), run::toString);
        assertEquals(List.of(MetaFile.FILE_NAME, "other.txt"), entries(damaged));
    }

    @Test
    void shouldRefuseAFileGivenAsDataDirectory() throws IOException
    {
        final Path file = Files.writeString(temp.resolve("file"), "not a directory");

        final CliRun run = demo(file);

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains(file.toAbsolutePath() + " exists and is not a directory"), run::toString);
        assertEquals("not a directory", Files.readString(file));
    }

    @Test
    void shouldUseAnEmptyExistingDirectory() throws IOException
    {
        final Path empty = Files.createDirectories(temp.resolve("empty"));

        final CliRun run = demo(empty, "--json");

        assertEquals(0, run.exitCode(), run::toString);
        assertFalse(bool(run.json(), "data_dir_reset"));
    }

    @Test
    void shouldMarkTheDirectoriesItWrites()
    {
        final Path data = temp.resolve("data");

        final CliRun run = demo(data, "--json");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(Files.isRegularFile(data.resolve("archipelago.demo")), run::toString);
    }

    @Test
    void shouldRefuseADirectoryTheEngineWroteUnlessReset() throws IOException
    {
        final Path data = engineDirectory(temp.resolve("engine"));
        final List<String> before = entries(data);

        final CliRun refused = demo(data, "--json");

        assertEquals(2, refused.exitCode(), refused::toString);
        assertEquals(1, refused.err().lines().count(), refused::toString);
        assertTrue(refused.err().contains("refusing to reset " + data.toAbsolutePath()), refused::toString);
        assertTrue(refused.err().contains("--reset"), refused::toString);
        assertEquals(before, entries(data));

        final CliRun reset = demo(data, "--json", "--reset");

        assertEquals(0, reset.exitCode(), reset::toString);
        assertTrue(bool(reset.json(), "data_dir_reset"), reset::toString);
        assertTrue(Files.isRegularFile(data.resolve("archipelago.demo")), reset::toString);
    }

    @Test
    void shouldRefuseToResetADirectoryHoldingUnrelatedFiles() throws IOException
    {
        final Path data = temp.resolve("data");
        assertEquals(0, demo(data, "--json").exitCode());
        final Path unrelated = Files.writeString(data.resolve("notes.txt"), "keep me");
        final List<String> before = entries(data);

        for (final CliRun run : List.of(demo(data, "--json"), demo(data, "--json", "--reset")))
        {
            assertEquals(2, run.exitCode(), run::toString);
            assertEquals(1, run.err().lines().count(), run::toString);
            assertTrue(run.err().contains("refusing to reset " + data.toAbsolutePath() + ": it holds " +
                unrelated.toAbsolutePath()), run::toString);
            assertEquals(before, entries(data));
            assertEquals("keep me", Files.readString(unrelated));
        }
    }

    @Test
    void shouldRefuseADirectoryALiveEngineHolds() throws IOException
    {
        final Path data = temp.resolve("data");
        assertEquals(0, demo(data, "--json").exitCode());
        try (Archipelago engine = Archipelago.open(ArchipelagoConfig.builder()
            .partitions(4)
            .dataDirectory(data)
            .build()))
        {
            final List<String> before = entries(data);

            final CliRun run = demo(data, "--json", "--reset");

            assertEquals(2, run.exitCode(), run::toString);
            assertEquals(1, run.err().lines().count(), run::toString);
            assertTrue(run.err().contains("data directory " + data.toAbsolutePath() + " is in use by pid " +
                ProcessHandle.current().pid()), run::toString);
            assertEquals(before, entries(data));
            assertEquals(4, engine.config().partitions());
        }
    }

    private static Path engineDirectory(final Path directory)
    {
        try (Archipelago engine = Archipelago.open(ArchipelagoConfig.builder()
            .partitions(2)
            .dataDirectory(directory)
            .build()))
        {
            assertEquals(2, engine.config().partitions());
        }
        return directory;
    }

    @Test
    void shouldRunInMemoryWithoutTouchingTheDataDirectory()
    {
        final Path data = temp.resolve("data");

        final CliRun run = demo(data, "--json", "--durability", "none", "--wait-strategy", "sleeping",
            "--island-threads", "1");

        assertEquals(0, run.exitCode(), run::toString);
        final Map<String, Object> json = run.json();
        assertNull(json.get("data_dir"));
        assertFalse(bool(object(json, "replay"), "performed"));
        assertNull(object(json, "replay").get("verified"));
        assertEquals(4, array(json, "digests").size());
        assertEquals("SLEEPING", string(object(json, "config"), "wait_strategy"));
        assertEquals(1, number(object(json, "config"), "island_threads"));
        assertFalse(Files.exists(data));
    }

    @Test
    void shouldCompleteWhenTheWindowIsLargerThanTheRing()
    {
        final CliRun run = demo(temp.resolve("data"), "--json", "--ring-size", "64", "--in-flight", "4096",
            "--partitions", "1");

        assertEquals(0, run.exitCode(), run::toString);
        final Map<String, Object> orders = object(run.json(), "orders");
        assertEquals(2000, number(orders, "confirmed"));
    }

    static Stream<Arguments> badFlags()
    {
        return Stream.of(
            Arguments.of(List.of("--partitions", "0"), "--partitions"),
            Arguments.of(List.of("--partitions", "65537"), "--partitions"),
            Arguments.of(List.of("--partitions", String.valueOf(ArchipelagoConfig.MAX_PARTITIONS + 1)),
                "--partitions must be in 1.." + ArchipelagoConfig.MAX_PARTITIONS),
            Arguments.of(List.of("--data", ""), "--data must name a directory"),
            Arguments.of(List.of("--orders", "-1"), "--orders"),
            Arguments.of(List.of("--users", "0"), "--users"),
            Arguments.of(List.of("--skew", "-0.1"), "--skew"),
            Arguments.of(List.of("--skew", "1.01"), "--skew"),
            Arguments.of(List.of("--skew", "NaN"), "--skew"),
            Arguments.of(List.of("--skew", "half"), "--skew"),
            Arguments.of(List.of("--order-timeout-ms", "0"), "--order-timeout-ms"),
            Arguments.of(List.of("--products", "0"), "--products"),
            Arguments.of(List.of("--units", "0"), "--units"),
            Arguments.of(List.of("--units", "9223372036854775807"), "--units"),
            Arguments.of(List.of("--max-quantity", "0"), "--max-quantity"),
            Arguments.of(List.of("--min-quantity", "0"), "--min-quantity"),
            Arguments.of(List.of("--min-quantity", "3", "--max-quantity", "2"), "--max-quantity must be at least"),
            Arguments.of(List.of("--max-lines", "65"), "--max-lines"),
            Arguments.of(List.of("--threads", "0"), "--threads"),
            Arguments.of(List.of("--in-flight", "0"), "--in-flight"),
            Arguments.of(List.of("--ring-size", "100"), "--ring-size"),
            Arguments.of(List.of("--island-threads", "0"), "--island-threads"),
            Arguments.of(List.of("--partitions", "2", "--island-threads", "3"), "--island-threads"),
            Arguments.of(List.of("--partitions", "many"), "--partitions"),
            Arguments.of(List.of("--wait-strategy", "SPIN"), "--wait-strategy"),
            Arguments.of(List.of("--durability", "SOMETIMES"), "--durability"),
            Arguments.of(List.of("--no-such-flag"), "--no-such-flag"));
    }

    @ParameterizedTest
    @MethodSource("badFlags")
    void shouldExitTwoWithOneLineNamingABadFlag(final List<String> flags, final String named)
    {
        final Path data = temp.resolve("data");
        final String[] args = Stream.concat(Stream.of("demo", "--data", data.toString()), flags.stream())
            .toArray(String[]::new);

        final CliRun run = CliRun.of(args);

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("", run.out(), run::toString);
        assertEquals(1, run.err().lines().count(), run::toString);
        assertTrue(run.err().startsWith("archipelago demo: "), run::toString);
        assertTrue(run.err().contains(named), run::toString);
        assertFalse(run.err().contains("Exception"), run::toString);
        assertFalse(Files.exists(data));
    }

    @Test
    void shouldPrintHelpWithExamples()
    {
        final CliRun run = CliRun.of("demo", "--help");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("--partitions=N"), run::toString);
        assertTrue(run.out().contains("--wait-strategy=KIND"), run::toString);
        assertTrue(run.out().contains("--skew=SHARE"), run::toString);
        assertTrue(run.out().contains("heavy-0 .. heavy-7"), run::toString);
        assertTrue(run.out().contains("--order-timeout-ms=MS"), run::toString);
        assertTrue(run.out().contains("Exit codes:"), run::toString);
        assertTrue(run.out().contains("Examples:"), run::toString);
        assertTrue(run.out().stripTrailing().endsWith("(no journal, so no replay check)"), run::toString);
    }

    @Test
    void shouldListCommandsInTopLevelHelp()
    {
        final CliRun run = CliRun.of("--help");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Usage: archipelago"), run::toString);
        assertTrue(run.out().contains("demo"), run::toString);
        assertTrue(run.out().contains("Examples:"), run::toString);
    }

    @Test
    void shouldPrintTheVersion()
    {
        final CliRun run = CliRun.of("--version");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("archipelago 0."), run::toString);
    }

    @Test
    void shouldExitTwoWithoutACommand()
    {
        final CliRun run = CliRun.of();

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("missing command"), run::toString);
        assertTrue(run.err().contains("demo"), run::toString);
    }

    @Test
    void shouldExitTwoForAnUnknownCommand()
    {
        final CliRun run = CliRun.of("frobnicate");

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("frobnicate"), run::toString);
    }

    private static CliRun demo(final Path data, final String... extra)
    {
        final String[] args = Stream.of(Stream.of("demo", "--data", data.toString()), Stream.of(SMALL),
            Stream.of(extra)).flatMap(s -> s).toArray(String[]::new);
        return CliRun.of(args);
    }

    private static void assertBalanced(final Map<String, Object> units)
    {
        assertEquals(number(units, "created"), number(units, "sold") + number(units, "available") +
            number(units, "reserved") + number(units, "in_flight"), units::toString);
    }

    private static List<String> entries(final Path directory) throws IOException
    {
        try (Stream<Path> list = Files.list(directory))
        {
            return list.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
