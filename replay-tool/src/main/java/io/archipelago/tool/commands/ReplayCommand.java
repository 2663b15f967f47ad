package io.archipelago.tool.commands;

import java.io.PrintWriter;
import java.util.List;

import io.archipelago.engine.recovery.IslandLoader;
import io.archipelago.engine.recovery.IslandRefusedException;
import io.archipelago.engine.recovery.OfflineReplay;
import io.archipelago.tool.ExitCodes;
import io.archipelago.tool.ToolException;
import io.archipelago.tool.inspection.ReadOnlyDataDirectory;
import io.archipelago.tool.inspection.ReplayReport;
import io.archipelago.tool.output.ProgressLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine;

/**
 * {@code archipelago replay}: rebuilds every island of a data directory in memory, in parallel, and reports the rate
 * and each island's digest; with {@code --verify}, compares each island with its last clean shutdown.
 */
@CommandLine.Command(
    name = "replay",
    header = "Rebuild every island from its journal, in parallel, without writing anything; print the digests.",
    description = {
        "Replays every island of the data directory in memory, in parallel: from its newest usable snapshot " +
            "(unless --no-snapshots) and the journal after it, with every outbound message suppressed. Prints the " +
            "records replayed per second and each island's state digest.",
        "With --verify, each island's digest is compared with the one recorded at its last clean shutdown. They are " +
            "comparable only when the journal ends exactly where that shutdown left it; an island whose journal " +
            "continues past it is reported as not comparable, one whose journal ends before it as a difference.",
        "Nothing under the data directory is created, changed or deleted: journals are opened read-only.",
        "" },
    exitCodeList = {
        "0:replayed (and with --verify, no island differs from its last clean shutdown)",
        "1:with --verify, an island's digest or journal length differs from its last clean shutdown, or records " +
            "the engine requires are missing",
        "2:bad usage, or a data directory that is missing, empty, foreign, damaged or one the engine refuses" },
    footer = {
        "  ./archipelago replay --data /tmp/archipelago-demo",
        "      replay every island and print the digests",
        "  ./archipelago replay --data /tmp/archipelago-demo --verify",
        "      and check each island against its last clean shutdown (exit code 1 on a difference)",
        "  ./archipelago replay --data /tmp/archipelago-demo --no-snapshots --threads 1",
        "      whole journals on one thread: the single-threaded baseline",
        "  ./archipelago replay --data /tmp/archipelago-demo --verify --json | jq '.islands[].digest'",
        "      the same for scripts" })
public final class ReplayCommand extends ToolCommand
{
    @Mixin
    private ReadOptions options;

    @Option(names = "--threads", paramLabel = "N", showDefaultValue = CommandLine.Help.Visibility.NEVER,
        description = "Replay threads (1..1024). Default: the number of cores.")
    private int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--verify",
        description = "Replay whole journals and compare each island with the digest recorded at its last clean " +
            "shutdown or, when the journal continues past it, with the digest of every snapshot it holds; " +
            "exit 1 on a difference.")
    private boolean verify;

    @Option(names = "--no-snapshots", description = "Replay whole journals, ignoring snapshots.")
    private boolean noSnapshots;

    @Override
    public Integer call()
    {
        if (threads < 1 || threads > DemoCommand.MAX_THREADS)
        {
            throw new ParameterException(commandLine(),
                "--threads must be in 1.." + DemoCommand.MAX_THREADS + ", was " + threads);
        }
        final PrintWriter out = out();
        final PrintWriter err = err();
        final ReadOnlyDataDirectory data = options.open(this);

        final ReplayProgress progress = new ReplayProgress(ProgressLine.onTerminal(err), data.partitions());
        final long start = System.nanoTime();
        final List<OfflineReplay.IslandState> islands;
        try
        {
            islands = data.replay(threads, !noSnapshots && !verify, progress.enabled() ? progress : null);
        }
        finally
        {
            progress.finish();
        }
        final ReplayReport report = new ReplayReport(data.directory(), threads, !noSnapshots && !verify, verify, islands,
            System.nanoTime() - start);
        final IslandRefusedException refusal = report.unreportedRefusal();
        if (null != refusal)
        {
            throw ReadOnlyDataDirectory.unreadable(data.directory(), refusal);
        }
        if (!options.json)
        {
            report.printSkippedSnapshots(err, commandLine().getCommandSpec().qualifiedName());
        }
        if (options.json)
        {
            out.println(report.toJson());
        }
        else
        {
            report.printText(out);
        }
        out.flush();

        final List<Integer> differing = report.differing();
        if (!differing.isEmpty())
        {
            final IslandRefusedException first = report.firstDifferingRefusal();
            throw ToolException.checkFailed("islands " + differing + " of " + data.directory() +
                " differ from their last clean shutdown" + (null == first ? "" : ": " + first.getMessage()));
        }
        return ExitCodes.OK;
    }

    /**
     * Sums the replay threads' progress reports into one line on stderr.
     */
    private static final class ReplayProgress implements IslandLoader.Progress
    {
        private final ProgressLine line;
        private final long[] perIsland;
        private final long start = System.nanoTime();

        ReplayProgress(final ProgressLine line, final int partitions)
        {
            this.line = line;
            this.perIsland = new long[partitions];
        }

        boolean enabled()
        {
            return line.enabled();
        }

        @Override
        public synchronized void onProgress(final int partition, final long records)
        {
            perIsland[partition] = records;
            long total = 0;
            for (final long islandRecords : perIsland)
            {
                total += islandRecords;
            }
            line.update("replayed records", total, System.nanoTime() - start);
        }

        synchronized void finish()
        {
            line.finish();
        }
    }
}
