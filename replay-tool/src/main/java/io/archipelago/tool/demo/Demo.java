package io.archipelago.tool.demo;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.tool.ExitCodes;
import io.archipelago.tool.ToolException;
import io.archipelago.tool.inspection.StockTotals;
import io.archipelago.tool.inspection.TransferTotals;
import io.archipelago.tool.output.ProgressLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo run: prepare the data directory, create the products, run the {@link OrderPhase}, wait for
 * {@link Quiescence}, read the {@link StockTotals} and {@link TransferTotals}, close, replay and check, report.
 */
public final class Demo
{
    private static final Logger LOG = LoggerFactory.getLogger(Demo.class);
    private static final int CREATE_BATCH = 256;

    private Demo()
    {
    }

    /**
     * @param settings checked settings.
     * @param reset    delete the data of a non-empty directory the demo did not write ({@code --reset}).
     * @param out      receives the summary, or with {@code --json} exactly one JSON object.
     * @param err      receives notices and the progress line.
     * @return {@link ExitCodes#OK}.
     * @throws ToolException        for a data directory that must not be touched (exit 2) or a failed check (exit 1,
     *                              after the report is printed).
     * @throws InterruptedException when interrupted while orders are placed.
     */
    public static int run(final DemoSettings settings, final boolean reset, final PrintWriter out,
        final PrintWriter err)
        throws InterruptedException
    {
        final long start = System.nanoTime();
        final PrintWriter notices = settings.json() ? err : out;
        final Path dataDirectory = settings.journaled() ? settings.dataDirectory() : null;
        final boolean wasReset = null != dataDirectory && DataDirectories.resetForDemo(dataDirectory, reset);
        if (!settings.json())
        {
            out.println(DemoReport.describe(settings));
        }
        if (wasReset)
        {
            notices.println("reset " + dataDirectory + ": deleted the data of an earlier run to start fresh");
        }
        notices.flush();

        final ArchipelagoConfig config = ArchipelagoConfig.builder()
            .partitions(settings.partitions())
            .dataDirectory(dataDirectory)
            .durability(settings.durability())
            .waitStrategy(settings.waitStrategy())
            .islandThreads(settings.islandThreads())
            .ringSize(settings.ringSize())
            .snapshotEveryRecords(settings.snapshotEvery())
            .build();
        LOG.info("opening engine: {}", config);

        final OrderPhase phase;
        final Quiescence quiescence;
        final StockTotals stock;
        final TransferTotals transfers;
        final long closeNanos;
        final List<String> closeDigests;
        try (Archipelago engine = Archipelago.open(config))
        {
            if (null != dataDirectory)
            {
                DataDirectories.mark(dataDirectory);
            }
            createProducts(engine, settings);
            LOG.info("created {} products of {} units; placing {} orders", settings.products(), settings.units(),
                settings.orders());
            phase = OrderPhase.run(engine, settings, ProgressLine.onTerminal(err));
            LOG.info("{} orders decided in {} ms", phase.tally().decided(), phase.nanos() / 1_000_000);
            quiescence = Quiescence.await(engine);
            LOG.info("islands {} after {} ms", quiescence.settled() ? "quiet" : "still busy",
                quiescence.nanos() / 1_000_000);
            stock = StockTotals.read(engine, settings.products(), quiescence.settled());
            transfers = TransferTotals.of(engine.statistics());
            LOG.info("stock {}; transfers {}", stock, transfers);
            final long closeStart = System.nanoTime();
            engine.close();
            closeNanos = System.nanoTime() - closeStart;
            closeDigests = engine.closeDigests();
            LOG.info("closed in {} ms", closeNanos / 1_000_000);
        }
        LOG.debug("digests at close: {}", closeDigests);

        final ReplayCheck replay = null == dataDirectory ? ReplayCheck.skipped() : ReplayCheck.run(config, closeDigests);
        LOG.info("replayed {} records in {} ms", replay.records(), replay.nanos() / 1_000_000);

        final DemoReport report = new DemoReport(settings, dataDirectory, wasReset, phase, stock, transfers, quiescence,
            closeNanos, closeDigests, replay, System.nanoTime() - start);
        if (settings.json())
        {
            out.println(report.toJson());
        }
        else
        {
            report.printSummary(out);
        }
        out.flush();

        final List<String> failures = report.failures();
        if (!failures.isEmpty())
        {
            throw ToolException.checkFailed("check failed: " + String.join("; ", failures));
        }
        return ExitCodes.OK;
    }

    private static void createProducts(final Archipelago engine, final DemoSettings settings)
    {
        final List<CompletableFuture<ResultCode>> pending = new ArrayList<>(CREATE_BATCH);
        long firstPending = 1;
        for (long productId = 1; productId <= settings.products(); productId++)
        {
            pending.add(engine.createProduct(productId, settings.units()));
            if (pending.size() == CREATE_BATCH || productId == settings.products())
            {
                for (int i = 0; i < pending.size(); i++)
                {
                    final ResultCode result = pending.get(i).join();
                    if (result != ResultCode.CREATED)
                    {
                        throw ToolException.checkFailed(
                            "creating product " + (firstPending + i) + " gave " + result + " instead of CREATED");
                    }
                }
                pending.clear();
                firstPending = productId + 1;
            }
        }
    }
}
