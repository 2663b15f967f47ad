package io.archipelago.tool.commands;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.archipelago.engine.events.EventLog;
import io.archipelago.engine.journal.Journal;
import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.engine.recovery.CleanShutdownFile;
import io.archipelago.engine.recovery.OfflineReplay.IslandState;
import io.archipelago.engine.recovery.SnapshotStore;
import io.archipelago.engine.stream.UserIndex;
import io.archipelago.tool.ExitCodes;
import io.archipelago.tool.VersionProvider;
import io.archipelago.tool.inspection.JournalEntry;
import io.archipelago.tool.inspection.ReadOnlyDataDirectory;
import io.archipelago.tool.output.JsonOutput;
import picocli.CommandLine.Mixin;
import picocli.CommandLine;

/**
 * {@code archipelago stats}: per island, the size of its journal and snapshots, its links, its pending orders, its
 * held holds and users' timers and when the next of those is due.
 */
@CommandLine.Command(
    name = "stats",
    header = "Per island: journal records and bytes, snapshots, link high-water marks, outbox depth, pending orders, " +
        "held holds and users' timers.",
    description = {
        "Rebuilds every island's state in memory (read-only, in parallel, from the newest usable snapshots) and " +
            "prints, per island:",
        "records: the journal's last island sequence (records journaled).",
        "journal: bytes of the journal's .cq4 files (Chronicle preallocates, so this is the files' size, not the " +
            "bytes written).",
        "snapshots: snapshot files, the newest one's sequence, their bytes.",
        "applied: link messages applied from other islands (the sum of the high-water marks; per source with --json).",
        "outbox: link messages sent and not yet journaled by their receiver (sent - the receiver's high-water mark, " +
            "summed over targets; per target with --json).",
        "pending: orders waiting for units.",
        "held: holds whose units are held, waiting for their confirm, release or expiry.",
        "timers: users' timers still to fire.",
        "next due: the earliest time (UTC) a user's timer fires or a held hold expires on the island, - when none; " +
            "the total row gives the earliest over every island.",
        "Then, per island, its user index (what history --user reads): how many of the journal's records it covers, " +
            "in how many segment files and bytes; or that there is none yet, or why it cannot be used (it is read " +
            "around, and the engine builds it again at its next close).",
        "" },
    exitCodeList = {
        "0:the statistics were printed",
        "2:bad usage, or a data directory that is missing, empty, foreign or damaged" },
    footer = {
        "  ./archipelago stats --data /tmp/archipelago-demo",
        "      one line per island",
        "  ./archipelago stats --data /tmp/archipelago-demo --json | jq -c '.islands[].outbox_depths'",
        "      the same for scripts",
        "  ./archipelago stats --json | jq -c '.islands[] | [.held_holds, .pending_timers, .next_due_time]'",
        "      per island (in ./data): held holds, users' timers and when the next is due" })
public final class StatsCommand extends ToolCommand
{
    private static final String JOURNAL_FILE_SUFFIX = ".cq4";

    @Mixin
    private ReadOptions options;

    /**
     * One island's statistics.
     *
     * @param partition          the island.
     * @param records            the journal's last sequence.
     * @param journalBytes       bytes of the journal's {@code .cq4} files.
     * @param journalFiles       number of those files.
     * @param snapshots          snapshot files.
     * @param newestSnapshot     sequence of the newest, or -1.
     * @param snapshotBytes      bytes of the snapshot files.
     * @param cleanShutdown      sequence of the last clean shutdown, or -1.
     * @param highWaterMarks     per source island, the highest link sequence applied (0 for itself).
     * @param outboxDepths       per target island, messages sent and not journaled by the target (0 for itself).
     * @param pendingOrders      orders waiting for units.
     * @param orders             orders held.
     * @param products           products known.
     * @param heldHolds          holds whose units are held, waiting for their confirm, release or expiry.
     * @param pendingTimers      users' timers still to fire.
     * @param nextDue            the earliest due time of a user's timer or a held hold's expiry (epoch ms), or
     *                           {@link Long#MAX_VALUE} when none.
     * @param skippedSnapshots   the snapshots the loader passed over, naming each and why.
     */
    record IslandStats(int partition, long records, long journalBytes, int journalFiles, int snapshots,
        long newestSnapshot, long snapshotBytes, long cleanShutdown, long[] highWaterMarks, long[] outboxDepths,
        long pendingOrders, long orders, int products, long heldHolds, long pendingTimers, long nextDue,
        List<String> skippedSnapshots)
    {
        long applied()
        {
            long sum = 0;
            for (final long mark : highWaterMarks)
            {
                sum += mark;
            }
            return sum;
        }

        long outboxDepth()
        {
            long sum = 0;
            for (final long depth : outboxDepths)
            {
                sum += depth;
            }
            return sum;
        }
    }

    @Override
    public Integer call()
    {
        final PrintWriter out = out();
        final ReadOnlyDataDirectory data = options.open(this);
        final List<IslandState> islands = data.trusted(
            data.replay(Runtime.getRuntime().availableProcessors(), true, null));
        final List<IslandStats> stats = data.read(() -> collect(data, islands));
        final List<IndexStatus> indexes = data.read(() -> indexes(data, islands));
        if (options.json)
        {
            out.println(toJson(data, stats, indexes));
        }
        else
        {
            final String name = commandLine().getCommandSpec().qualifiedName();
            for (final IslandStats island : stats)
            {
                for (final String skipped : island.skippedSnapshots())
                {
                    err().println(name + ": island " + island.partition() + ": skipped snapshot " + skipped);
                }
            }
            printText(out, data, stats);
            printIndexes(out, stats, indexes);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static List<IslandStats> collect(final ReadOnlyDataDirectory data, final List<IslandState> islands)
    {
        final int partitions = islands.size();
        final List<IslandStats> stats = new ArrayList<>(partitions);
        for (final IslandState island : islands)
        {
            final int partition = island.partition();
            final InventoryLogic logic = island.logic();
            final long[] highWaterMarks = new long[partitions];
            final long[] outboxDepths = new long[partitions];
            for (int other = 0; other < partitions; other++)
            {
                if (other == partition)
                {
                    continue;
                }
                highWaterMarks[other] = logic.inbound().highWaterMark(other);
                final long sent = logic.outbox().link(other).nextSequence() - 1;
                outboxDepths[other] = Math.max(0, sent - islands.get(other).logic().inbound().highWaterMark(partition));
            }
            long journalBytes = 0;
            int journalFiles = 0;
            for (final Path file : files(data.journalDirectory(partition)))
            {
                if (file.getFileName().toString().endsWith(JOURNAL_FILE_SUFFIX))
                {
                    journalBytes += size(file);
                    journalFiles++;
                }
            }
            final List<Path> snapshotFiles = new SnapshotStore(data.layout(), partition).list();
            long snapshotBytes = 0;
            for (final Path file : snapshotFiles)
            {
                snapshotBytes += size(file);
            }
            final long newestSnapshot = snapshotFiles.isEmpty() ? -1 : sequenceOf(snapshotFiles.get(0));
            final CleanShutdownFile clean = island.cleanShutdown();
            stats.add(new IslandStats(partition, island.lastSequence(), journalBytes, journalFiles,
                snapshotFiles.size(), newestSnapshot, snapshotBytes, null == clean ? -1 : clean.sequence(),
                highWaterMarks, outboxDepths, logic.pendingOrderCount(), logic.orderCount(), logic.productCount(),
                logic.heldHoldCount(), logic.scheduledCount(), logic.nextScheduledDue(),
                island.load().skippedSnapshots()));
        }
        return stats;
    }

    /**
     * What an island's user index holds: how far it covers the journal, in how many segment files and bytes, or why it
     * cannot be used (it is then built again by the engine at its next close or {@code history} read).
     *
     * @param coveredThrough the last island sequence it covers (0 for none).
     * @param segments       its segment files.
     * @param bytes          their size.
     * @param setAside       why it cannot be used, or {@code null}.
     */
    record IndexStatus(long coveredThrough, int segments, long bytes, String setAside)
    {
    }

    private static List<IndexStatus> indexes(final ReadOnlyDataDirectory data, final List<IslandState> islands)
    {
        final List<IndexStatus> indexes = new ArrayList<>(islands.size());
        for (final IslandState island : islands)
        {
            final int partition = island.partition();
            final Path users = data.layout().users(partition);
            long bytes = 0;
            if (Files.isDirectory(users))
            {
                for (final Path file : files(users))
                {
                    bytes += size(file);
                }
            }
            if (!Files.isDirectory(data.layout().events(partition)))
            {
                indexes.add(new IndexStatus(0, 0, bytes, "the island has no event log yet"));
                continue;
            }
            try (Journal journal = data.openJournal(partition);
                EventLog events = EventLog.openReadOnly(partition, data.layout().events(partition));
                UserIndex index = UserIndex.open(partition, users, false))
            {
                // Limit 0: checks the segments against the journal and reads nothing more.
                index.catchUp(journal, events, 0);
                indexes.add(new IndexStatus(index.coveredThrough(), index.segmentCount(), bytes, index.damage()));
            }
        }
        return indexes;
    }

    private static void printIndexes(final PrintWriter out, final List<IslandStats> stats,
        final List<IndexStatus> indexes)
    {
        out.println("user index (partition-NNN/users; what history --user reads):");
        for (int i = 0; i < stats.size(); i++)
        {
            final IslandStats island = stats.get(i);
            final IndexStatus index = indexes.get(i);
            final String state;
            if (null != index.setAside())
            {
                state = "not usable, read around and built again at the next close: " + index.setAside();
            }
            else if (index.coveredThrough() == 0)
            {
                state = "none yet (the engine writes it at close or at the first history read)";
            }
            else
            {
                state = String.format(Locale.ROOT, "covers %,d of %,d records in %d segment%s (%s)%s",
                    index.coveredThrough(), island.records(), index.segments(), index.segments() == 1 ? "" : "s",
                    bytes(index.bytes()), index.coveredThrough() < island.records() ?
                    "; the rest is read from the journal" : "");
            }
            out.println(String.format(Locale.ROOT, "%6d  %s", island.partition(), state));
        }
    }

    /**
     * @param file a snapshot file, named {@code snapshot-<sequence>.snap}.
     * @return the sequence in its name.
     */
    static long sequenceOf(final Path file)
    {
        final String name = file.getFileName().toString();
        final int start = name.indexOf('-') + 1;
        final int end = name.lastIndexOf('.');
        try
        {
            return Long.parseLong(name.substring(start, end));
        }
        catch (final NumberFormatException | IndexOutOfBoundsException ex)
        {
            return -1;
        }
    }

    private static List<Path> files(final Path directory)
    {
        final List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory))
        {
            for (final Path entry : entries)
            {
                if (Files.isRegularFile(entry))
                {
                    files.add(entry);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list " + directory, ex);
        }
        return files;
    }

    private static long size(final Path file)
    {
        try
        {
            return Files.size(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the size of " + file, ex);
        }
    }

    private static void printText(final PrintWriter out, final ReadOnlyDataDirectory data,
        final List<IslandStats> stats)
    {
        long records = 0;
        long journalBytes = 0;
        long snapshotBytes = 0;
        long applied = 0;
        long outbox = 0;
        long pending = 0;
        long held = 0;
        long timers = 0;
        long nextDue = Long.MAX_VALUE;
        out.println("stats of " + data.directory() + ": " + stats.size() + " islands");
        out.println(String.format(Locale.ROOT, "%6s %12s %11s %10s %12s %11s %12s %10s %10s %8s %8s  %s",
            "island", "records", "journal", "snapshots", "newest snap", "snap bytes", "applied", "outbox", "pending",
            "held", "timers", "next due"));
        for (final IslandStats island : stats)
        {
            out.println(String.format(Locale.ROOT, "%6d %,12d %11s %,10d %12s %11s %,12d %,10d %,10d %,8d %,8d  %s",
                island.partition(), island.records(), bytes(island.journalBytes()), island.snapshots(),
                island.newestSnapshot() < 0 ? "-" : String.format(Locale.ROOT, "%,d", island.newestSnapshot()),
                bytes(island.snapshotBytes()), island.applied(), island.outboxDepth(), island.pendingOrders(),
                island.heldHolds(), island.pendingTimers(), dueText(island.nextDue())));
            records += island.records();
            journalBytes += island.journalBytes();
            snapshotBytes += island.snapshotBytes();
            applied += island.applied();
            outbox += island.outboxDepth();
            pending += island.pendingOrders();
            held += island.heldHolds();
            timers += island.pendingTimers();
            nextDue = Math.min(nextDue, island.nextDue());
        }
        out.println(String.format(Locale.ROOT, "%6s %,12d %11s %10s %12s %11s %,12d %,10d %,10d %,8d %,8d  %s",
            "total", records, bytes(journalBytes), "", "", bytes(snapshotBytes), applied, outbox, pending, held, timers,
            dueText(nextDue)));
    }

    private static String dueText(final long due)
    {
        return due == Long.MAX_VALUE ? "-" : JournalEntry.time(due);
    }

    private static String bytes(final long bytes)
    {
        if (bytes < 1024)
        {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024)
        {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024)
        {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    private static String toJson(final ReadOnlyDataDirectory data, final List<IslandStats> stats,
        final List<IndexStatus> indexes)
    {
        final ObjectNode json = JsonOutput.object()
            .put("command", "stats")
            .put("version", VersionProvider.version())
            .put("data_dir", data.directory().toString())
            .put("partitions", stats.size());
        long held = 0;
        long timers = 0;
        long nextDue = Long.MAX_VALUE;
        for (final IslandStats island : stats)
        {
            held += island.heldHolds();
            timers += island.pendingTimers();
            nextDue = Math.min(nextDue, island.nextDue());
        }
        json.put("held_holds", held).put("pending_timers", timers);
        putDue(json, nextDue);
        final ArrayNode islands = json.putArray("islands");
        for (final IslandStats island : stats)
        {
            final ObjectNode islandJson = islands.addObject()
                .put("partition", island.partition())
                .put("records", island.records())
                .put("journal_bytes", island.journalBytes())
                .put("journal_files", island.journalFiles());
            islandJson.putObject("snapshots")
                .put("count", island.snapshots())
                .put("newest_sequence", nullable(island.newestSnapshot()))
                .put("bytes", island.snapshotBytes());
            islandJson.put("clean_shutdown_sequence", nullable(island.cleanShutdown()));
            perIsland(islandJson.putArray("high_water_marks"), island.partition(), island.highWaterMarks());
            perIsland(islandJson.putArray("outbox_depths"), island.partition(), island.outboxDepths());
            islandJson
                .put("outbox_depth", island.outboxDepth())
                .put("pending_orders", island.pendingOrders())
                .put("orders", island.orders())
                .put("products", island.products())
                .put("held_holds", island.heldHolds())
                .put("pending_timers", island.pendingTimers());
            putDue(islandJson, island.nextDue());
            final ArrayNode skipped = islandJson.putArray("skipped_snapshots");
            island.skippedSnapshots().forEach(skipped::add);
            final IndexStatus index = indexes.get(island.partition());
            islandJson.putObject("user_index")
                .put("covered_through", index.coveredThrough())
                .put("segments", index.segments())
                .put("bytes", index.bytes())
                .put("set_aside", index.setAside());
        }
        return JsonOutput.write(json);
    }

    /**
     * Puts {@code next_due} (epoch ms) and {@code next_due_time} (ISO-8601 UTC), both {@code null} when nothing is due.
     */
    private static void putDue(final ObjectNode json, final long due)
    {
        final boolean none = due == Long.MAX_VALUE;
        json.put("next_due", none ? null : Long.valueOf(due))
            .put("next_due_time", none ? null : JournalEntry.time(due));
    }

    private static Long nullable(final long value)
    {
        return value < 0 ? null : Long.valueOf(value);
    }

    /**
     * Adds one number per island, by partition, with {@code null} for the island itself (no link to itself).
     */
    private static void perIsland(final ArrayNode json, final int self, final long[] values)
    {
        for (int other = 0; other < values.length; other++)
        {
            if (other == self)
            {
                json.addNull();
            }
            else
            {
                json.add(values[other]);
            }
        }
    }
}
