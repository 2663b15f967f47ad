package io.archipelago.tool.commands;

import java.nio.file.Path;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.Durability;
import io.archipelago.engine.model.TransferPolicy;
import io.archipelago.engine.model.WaitStrategyKind;
import io.archipelago.tool.demo.Demo;
import io.archipelago.tool.demo.DemoSettings;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine;

/**
 * {@code archipelago demo}: reads and checks the flags, then hands over to {@link Demo}.
 */
@CommandLine.Command(
    name = "demo",
    header = "Place seeded orders on a fresh data directory, then check that replay reaches the same state.",
    description = {
        "Runs a seeded order workload: creates products, places orders from several client threads through the " +
            "allocation-free submit path, and reports how many were confirmed or rejected, the throughput, the " +
            "transfers of units between islands and where the units ended up.",
        "Then closes the engine, reopens the data directory (every island replays its own journal, in parallel) " +
            "and checks that each island reaches the digest it had at close.",
        "The demo marks every data directory it writes (archipelago.demo). A directory it marked is emptied first; " +
            "any other non-empty directory is refused and left untouched unless --reset is given. Emptying deletes " +
            "only Archipelago's own entries (archipelago.meta, archipelago.manifest, archipelago.lock, the " +
            "partition-NNN directories, the consumer groups' groups directory, the marker): a directory holding anything else, one a live engine holds, " +
            "or one whose archipelago.meta is damaged is refused even with --reset.",
        "" },
    exitCodeList = {
        "0:orders placed, stock consistent, replay reached the digests at close",
        "1:a check failed (replayed digests differ, units sold differ from confirmed orders or do not balance, " +
            "the engine stalled)",
        "2:a bad flag value, or a --data directory that is foreign, not the demo's (without --reset), in use by " +
            "a live engine or unreadable" },
    footer = {
        "  ./archipelago demo",
        "      the defaults: 8 islands, 200000 orders from 4 client threads, data in ./data",
        "  ./archipelago demo --json --orders 50000 --data /tmp/archipelago-demo",
        "      one JSON object on stdout, for scripts (try piping it to jq)",
        "  ./archipelago demo --partitions 64 --threads 8 --orders 1000000 --max-lines 3",
        "      many islands, multi-line orders",
        "  ./archipelago demo --products 2 --units 10 --orders 2000",
        "      scarce stock: most orders are rejected OUT_OF_STOCK and nothing is oversold",
        "  ./archipelago demo --skew 0.8 --products 4 --units 2000",
        "      80%% of orders from 8 heavy users: their islands sell out first and ask the others for units",
        "  ./archipelago demo --durability NONE --wait-strategy YIELDING",
        "      in memory only (no journal, so no replay check)" })
public final class DemoCommand extends ToolCommand
{
    static final int MAX_THREADS = 1024;

    @Option(names = "--partitions", paramLabel = "N",
        description = "Islands (1.." + ArchipelagoConfig.MAX_PARTITIONS + ").")
    private int partitions = ArchipelagoConfig.DEFAULT_PARTITIONS;

    @Option(names = "--users", paramLabel = "N", description = "Distinct users user-0 .. user-(N-1), hashed to islands.")
    private int users = 10_000;

    @Option(names = "--skew", paramLabel = "SHARE",
        description = "Share of orders (0..1) placed by 8 heavy users heavy-0 .. heavy-7 instead of user-k: their " +
            "few islands run out of stock first and need transfers from the others.")
    private double skew;

    @Option(names = "--products", paramLabel = "N", description = "Products with ids 1..N.")
    private int products = 100;

    @Option(names = "--orders", paramLabel = "N", description = "Orders placed in total.")
    private long orders = 200_000;

    @Option(names = "--units", paramLabel = "N",
        description = "Units created per product, split over the islands.")
    private long units = 1_000_000;

    @Option(names = "--min-quantity", paramLabel = "N",
        description = "Smallest quantity of a line (default 1). With few --units, multi-unit lines show scarce " +
            "stock: e.g. --partitions 8 --units 10 --orders 8 --min-quantity 2 --max-quantity 2.")
    private int minQuantity = 1;

    @Option(names = "--max-quantity", paramLabel = "N", description = "Quantity of a line, uniform in " +
        "--min-quantity..N.")
    private int maxQuantity = 3;

    @Option(names = "--max-lines", paramLabel = "N", description = "Lines of an order, uniform in 1..N (N <= 64).")
    private int maxLines = 1;

    @Option(names = "--order-timeout-ms", paramLabel = "MS",
        description = "How long an order may wait for units from other islands before it is rejected.")
    private int orderTimeoutMillis = TransferPolicy.DEFAULT.orderTimeoutMillis();

    @Option(names = "--threads", paramLabel = "N", description = "Client threads placing orders.")
    private int threads = 4;

    @Option(names = "--in-flight", paramLabel = "N",
        description = "Orders one client thread may have submitted and not yet decided.")
    private int inFlight = 1024;

    @Option(names = "--seed", paramLabel = "N",
        description = "Seed: client thread t draws its orders from a stream derived from (seed, t).")
    private long seed = 42;

    @Option(names = "--data", paramLabel = "DIR",
        description = "Data directory. One the demo wrote earlier is emptied first; any other non-empty one is " +
            "refused unless --reset.")
    private String data = "./data";

    @Option(names = "--reset",
        description = "Delete Archipelago's entries of a non-empty --data directory the demo did not write (a " +
            "directory holding anything else is still refused).")
    private boolean reset;

    @Option(names = "--json", description = "Print one JSON object on stdout instead of the summary.")
    private boolean json;

    @Option(names = "--wait-strategy", paramLabel = "KIND",
        description = "How idle islands wait: ${COMPLETION-CANDIDATES}. Spinning kinds need a core per island.")
    private WaitStrategyKind waitStrategy = WaitStrategyKind.BLOCKING;

    @Option(names = "--durability", paramLabel = "KIND",
        description = "${COMPLETION-CANDIDATES}: NONE keeps state in memory only (no replay check); " +
            "JOURNALED_SYNC forces the journal to disk before replies leave.")
    private Durability durability = Durability.JOURNALED;

    @Option(names = "--island-threads", paramLabel = "N",
        description = "Threads running the islands, 1..--partitions; each runs its share of the islands in turn " +
            "(default: one per available processor, at most one per island).")
    private Integer islandThreads;

    @Option(names = "--ring-size", paramLabel = "N", description = "Ring size per island, a power of two >= 64.")
    private int ringSize = ArchipelagoConfig.DEFAULT_RING_SIZE;

    @Option(names = "--snapshot-every", paramLabel = "RECORDS",
        description = "Each island writes a snapshot after this many journal records since its last one (0: never); "
            + "the replay check then starts from the newest snapshot.")
    private long snapshotEvery = 50_000;

    @Override
    public Integer call() throws InterruptedException
    {
        final CommandLine commandLine = commandLine();
        return Demo.run(settings(), reset, commandLine.getOut(), commandLine.getErr());
    }

    private DemoSettings settings()
    {
        require(partitions >= 1 && partitions <= ArchipelagoConfig.MAX_PARTITIONS,
            "--partitions must be in 1.." + ArchipelagoConfig.MAX_PARTITIONS + ", was " + partitions);
        require(!data.isBlank(), "--data must name a directory, was empty");
        require(users >= 1, "--users must be at least 1, was " + users);
        require(skew >= 0 && skew <= 1, "--skew must be a share in 0..1, was " + skew);
        require(products >= 1, "--products must be at least 1, was " + products);
        require(orders >= 0, "--orders must not be negative, was " + orders);
        require(units >= 1, "--units must be at least 1, was " + units);
        require(Math.multiplyHigh(products, units) == 0 && products * units > 0,
            "--products x --units must fit in a signed 64-bit count, was " + products + " x " + units);
        require(minQuantity >= 1, "--min-quantity must be at least 1, was " + minQuantity);
        require(maxQuantity >= minQuantity, "--max-quantity must be at least --min-quantity (" + minQuantity +
            "), was " + maxQuantity);
        require(maxLines >= 1 && maxLines <= Command.MAX_LINES,
            "--max-lines must be in 1.." + Command.MAX_LINES + ", was " + maxLines);
        require(orderTimeoutMillis >= 1, "--order-timeout-ms must be at least 1, was " + orderTimeoutMillis);
        require(threads >= 1 && threads <= MAX_THREADS, "--threads must be in 1.." + MAX_THREADS + ", was " + threads);
        require(inFlight >= 1, "--in-flight must be at least 1, was " + inFlight);
        require(snapshotEvery >= 0, "--snapshot-every must not be negative, was " + snapshotEvery);
        require(ringSize >= 64 && Integer.bitCount(ringSize) == 1,
            "--ring-size must be a power of two >= 64, was " + ringSize);
        require(null == islandThreads || (islandThreads >= 1 && islandThreads <= partitions),
            "--island-threads must be in 1..--partitions (" + partitions + "), was " + islandThreads);
        final int runners = null == islandThreads ?
            Math.min(partitions, Runtime.getRuntime().availableProcessors()) : islandThreads;
        return new DemoSettings(partitions, users, skew, products, orders, units, minQuantity, maxQuantity, maxLines,
            threads, inFlight, seed, Path.of(data).toAbsolutePath().normalize(), json, waitStrategy, durability,
            ringSize, orderTimeoutMillis, snapshotEvery, runners);
    }

    private void require(final boolean condition, final String problem)
    {
        if (!condition)
        {
            throw new ParameterException(commandLine(), problem);
        }
    }
}
