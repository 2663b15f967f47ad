package io.archipelago.tool.inspection;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.archipelago.engine.recovery.CleanShutdownFile;
import io.archipelago.engine.recovery.IslandLoader;
import io.archipelago.engine.recovery.IslandRefusedException;
import io.archipelago.engine.recovery.OfflineReplay.IslandState;
import io.archipelago.tool.VersionProvider;
import io.archipelago.tool.output.JsonOutput;

/**
 * What {@code archipelago replay} found: per island the records replayed, the snapshot used, the journal's last
 * sequence and the digest, and with {@code --verify} how that compares with the island's last clean shutdown.
 *
 * @param directory the data directory.
 * @param threads   replay threads.
 * @param snapshots whether snapshots were allowed.
 * @param verify    whether to compare with the clean shutdowns.
 * @param islands   every island, by partition.
 * @param nanos     wall time of the replay.
 */
public record ReplayReport(Path directory, int threads, boolean snapshots, boolean verify, List<IslandState> islands,
    long nanos)
{
    /**
     * How one island compares with its last clean shutdown.
     *
     * @param verified true when equal, false when different, {@code null} when not comparable.
     * @param detail   the comparison in words.
     */
    record Verdict(Boolean verified, String detail)
    {
        /**
         * Compares the snapshots of an island with a replay of its whole journal, when there is no clean shutdown
         * to compare with at the journal's end.
         *
         * @return the verdict, or {@code null} when the island has no snapshot to compare with.
         */
        static Verdict ofSnapshots(final IslandState island)
        {
            final List<IslandLoader.SnapshotCheck> checks = island.snapshotChecks();
            if (checks.isEmpty())
            {
                return null;
            }
            for (final IslandLoader.SnapshotCheck check : checks)
            {
                if (null == check.replayed())
                {
                    return new Verdict(false, "the journal ends at sequence " + island.lastSequence() +
                        ", before the snapshot at " + check.sequence() + ": records are missing");
                }
                if (!check.matches())
                {
                    return new Verdict(false, "replay reached digest " + check.replayed() + " at sequence " +
                        check.sequence() + " but the snapshot there recorded " + check.recorded());
                }
            }
            final IslandLoader.SnapshotCheck newest = checks.get(checks.size() - 1);
            return new Verdict(true, "equals the digest of its snapshot at sequence " + newest.sequence() +
                " (" + checks.size() + " snapshot" + (checks.size() == 1 ? "" : "s") + " checked; no clean " +
                "shutdown at the journal's end)");
        }

        /**
         * @return the comparison; an island the engine's loader refused (records missing below a snapshot, the
         *         manifest or the clean shutdown, or a digest that differs) is a difference, named by the refusal
         *         when the comparison alone does not show it.
         */
        static Verdict of(final IslandState island)
        {
            final Verdict compared = compare(island);
            final IslandRefusedException refusal = island.load().refusal();
            return null == refusal || Boolean.FALSE.equals(compared.verified()) ? compared :
                new Verdict(false, refusal.getMessage());
        }

        private static Verdict compare(final IslandState island)
        {
            final CleanShutdownFile clean = island.cleanShutdown();
            if (null == clean || island.lastSequence() > clean.sequence())
            {
                final Verdict fromSnapshots = ofSnapshots(island);
                if (null != fromSnapshots)
                {
                    return fromSnapshots;
                }
            }
            if (null == clean)
            {
                return new Verdict(null, "not comparable: no clean shutdown recorded");
            }
            if (island.lastSequence() > clean.sequence())
            {
                return new Verdict(null, "not comparable: journal continues past the last clean shutdown (at " +
                    "sequence " + clean.sequence() + "; the journal ends at " + island.lastSequence() + ")");
            }
            if (island.lastSequence() < clean.sequence())
            {
                return new Verdict(false, "the journal ends at sequence " + island.lastSequence() +
                    ", before the last clean shutdown at " + clean.sequence() + ": records are missing");
            }
            if (island.matchesCleanShutdown())
            {
                return new Verdict(true, "equals the digest at the last clean shutdown (sequence " +
                    clean.sequence() + ")");
            }
            return new Verdict(false, "digest " + island.digest() + " differs from " + clean.digest() +
                " recorded at the last clean shutdown (sequence " + clean.sequence() + ")");
        }
    }

    /**
     * @return records replayed over every island.
     */
    long records()
    {
        long records = 0;
        for (final IslandState island : islands)
        {
            records += island.records();
        }
        return records;
    }

    double recordsPerSecond()
    {
        return nanos == 0 ? 0 : records() * 1e9 / nanos;
    }

    /**
     * @return islands whose comparison with the last clean shutdown failed; empty without {@code --verify}.
     */
    public List<Integer> differing()
    {
        final List<Integer> differing = new ArrayList<>();
        if (verify)
        {
            for (final IslandState island : islands)
            {
                if (isDifference(island))
                {
                    differing.add(island.partition());
                }
            }
        }
        return differing;
    }

    /**
     * The engine's refusal that this report cannot show as a failed check, so the command must refuse the directory
     * instead: without {@code --verify} any refusal; with it, a refusal of an island the comparison does not call
     * different.
     *
     * @return the first such refusal, or {@code null}.
     */
    public IslandRefusedException unreportedRefusal()
    {
        for (final IslandState island : islands)
        {
            final IslandRefusedException refusal = island.load().refusal();
            if (null != refusal && (!verify || !isDifference(island)))
            {
                return refusal;
            }
        }
        return null;
    }

    /**
     * @return the engine's refusal of the first island that differs, or {@code null} when none was refused.
     */
    public IslandRefusedException firstDifferingRefusal()
    {
        for (final IslandState island : islands)
        {
            if (verify && isDifference(island) && null != island.load().refusal())
            {
                return island.load().refusal();
            }
        }
        return null;
    }

    /**
     * @param err receives one line per snapshot the loader passed over, naming the island, the snapshot and why.
     * @param name the command, prefixed to each line.
     */
    public void printSkippedSnapshots(final PrintWriter err, final String name)
    {
        for (final IslandState island : islands)
        {
            for (final String skipped : island.load().skippedSnapshots())
            {
                err.println(name + ": island " + island.partition() + ": skipped snapshot " + skipped);
            }
        }
    }

    private static boolean isDifference(final IslandState island)
    {
        return Boolean.FALSE.equals(Verdict.of(island).verified());
    }

    /**
     * @return with {@code --verify}: false when an island differs, true when every island equals its clean
     *         shutdown, {@code null} otherwise (some not comparable, or no {@code --verify}).
     */
    Boolean verified()
    {
        if (!verify)
        {
            return null;
        }
        boolean all = true;
        for (final IslandState island : islands)
        {
            final Boolean verified = Verdict.of(island).verified();
            if (Boolean.FALSE.equals(verified))
            {
                return false;
            }
            all &= Boolean.TRUE.equals(verified);
        }
        return all ? Boolean.TRUE : null;
    }

    /**
     * @param out receives the report as text.
     */
    public void printText(final PrintWriter out)
    {
        int fromSnapshots = 0;
        for (final IslandState island : islands)
        {
            fromSnapshots += island.snapshotSequence() < 0 ? 0 : 1;
        }
        out.println(String.format(Locale.ROOT,
            "replayed %s: %d islands, %,d records in %.3f s (%,.0f records/s) on %d thread%s; %s",
            directory, islands.size(), records(), nanos / 1e9, recordsPerSecond(), threads, threads == 1 ? "" : "s",
            snapshots ?
            String.format(Locale.ROOT, "%d of %d islands from a snapshot", fromSnapshots, islands.size()) :
            "whole journals (snapshots ignored)"));
        out.println(String.format(Locale.ROOT, "%6s %12s %12s %12s  %-32s%s", "island", "replayed", "snapshot",
            "last seq", "digest", verify ? "  verified" : ""));
        int equal = 0;
        int notComparable = 0;
        final List<String> details = new ArrayList<>();
        for (final IslandState island : islands)
        {
            String verdictText = "";
            if (verify)
            {
                final Verdict verdict = Verdict.of(island);
                if (Boolean.TRUE.equals(verdict.verified()))
                {
                    equal++;
                    verdictText = "  yes";
                }
                else
                {
                    verdictText = null == verdict.verified() ? "  not comparable" : "  DIFFERS";
                    notComparable += null == verdict.verified() ? 1 : 0;
                    details.add("island " + island.partition() + ": " + verdict.detail());
                }
            }
            out.println(String.format(Locale.ROOT, "%6d %,12d %12s %,12d  %-32s%s", island.partition(),
                island.records(), island.snapshotSequence() < 0 ? "-" : String.format(Locale.ROOT, "%,d",
                island.snapshotSequence()), island.lastSequence(), island.digest(), verdictText));
        }
        for (final String detail : details)
        {
            out.println(detail);
        }
        if (verify)
        {
            final int differing = islands.size() - equal - notComparable;
            out.println(String.format(Locale.ROOT, "verify: %d of %d islands equal the digest of their last clean " +
                "shutdown; %d differ; %d not comparable", equal, islands.size(), differing, notComparable));
        }
    }

    /**
     * @return the report as one JSON object on one line.
     */
    public String toJson()
    {
        final ObjectNode json = JsonOutput.object()
            .put("command", "replay")
            .put("version", VersionProvider.version())
            .put("data_dir", directory.toString())
            .put("partitions", islands.size())
            .put("threads", threads)
            .put("snapshots", snapshots)
            .put("records", records())
            .put("elapsed_ms", JsonOutput.decimal(nanos / 1e6, 3))
            .put("records_per_s", JsonOutput.decimal(recordsPerSecond(), 1))
            .put("verified", verified());
        final ArrayNode islandsJson = json.putArray("islands");
        for (final IslandState island : islands)
        {
            final Verdict verdict = verify ? Verdict.of(island) : null;
            final ObjectNode islandJson = islandsJson.addObject()
                .put("partition", island.partition())
                .put("records", island.records())
                .put("snapshot_sequence", island.snapshotSequence() < 0 ? null : Long.valueOf(island.snapshotSequence()))
                .put("last_sequence", island.lastSequence())
                .put("digest", island.digest())
                .put("elapsed_ms", JsonOutput.decimal(island.nanos() / 1e6, 3))
                .put("verified", null == verdict ? null : verdict.verified())
                .put("verify_detail", null == verdict ? null : verdict.detail());
            final ArrayNode skipped = islandJson.putArray("skipped_snapshots");
            island.load().skippedSnapshots().forEach(skipped::add);
        }
        return JsonOutput.write(json);
    }
}
