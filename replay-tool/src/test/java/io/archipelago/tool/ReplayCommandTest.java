package io.archipelago.tool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.archipelago.engine.recovery.CleanShutdownFile;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import io.archipelago.engine.recovery.SnapshotStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.archipelago.tool.Json.array;
import static io.archipelago.tool.Json.bool;
import static io.archipelago.tool.Json.decimal;
import static io.archipelago.tool.Json.number;
import static io.archipelago.tool.Json.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayCommandTest extends DemoDirectoryTest
{
    @TempDir
    Path temp;

    @Test
    void shouldReplayEveryIslandFromItsSnapshot()
    {
        final CliRun run = CliRun.of("replay", "--data", data.toString(), "--json");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.err(), run::toString);
        assertEquals(1, run.out().lines().count(), "one JSON object on one line");
        final Map<String, Object> json = run.json();
        assertEquals("replay", string(json, "command"));
        assertEquals(data.toAbsolutePath().toString(), string(json, "data_dir"));
        assertEquals(DemoDirectory.PARTITIONS, number(json, "partitions"));
        assertTrue(bool(json, "snapshots"));
        assertTrue(decimal(json, "records_per_s") > 0, run::toString);
        final List<Map<String, Object>> islands = islands(json);
        assertEquals(DemoDirectory.PARTITIONS, islands.size());
        long replayed = 0;
        for (int partition = 0; partition < islands.size(); partition++)
        {
            final Map<String, Object> island = islands.get(partition);
            assertEquals(partition, number(island, "partition"));
            final long snapshot = number(island, "snapshot_sequence");
            final long last = number(island, "last_sequence");
            assertTrue(snapshot > 0 && snapshot < last, "the journal continues past the snapshot: " + island);
            assertEquals(last - snapshot, number(island, "records"), island::toString);
            assertEquals(32, string(island, "digest").length());
            replayed += number(island, "records");
        }
        assertEquals(replayed, number(json, "records"));
    }

    @Test
    void shouldVerifyWholeJournalsAgainstTheCleanShutdown()
    {
        final CliRun run = CliRun.of("replay", "--data", data.toString(), "--verify", "--json");

        assertEquals(0, run.exitCode(), run::toString);
        final Map<String, Object> json = run.json();
        assertTrue(!bool(json, "snapshots"), "--verify replays whole journals");
        assertTrue(bool(json, "verified"));
        for (final Map<String, Object> island : islands(json))
        {
            assertTrue(bool(island, "verified"), island::toString);
            assertNull(island.get("snapshot_sequence"), island::toString);
            assertEquals(number(island, "last_sequence"), number(island, "records"), island::toString);
            assertTrue(string(island, "verify_detail").startsWith("equals the digest"), island::toString);
        }
    }

    @Test
    void shouldReachTheSameDigestsFromWholeJournals()
    {
        final Map<String, Object> withSnapshots = CliRun.of("replay", "--data", data.toString(), "--json").json();
        final CliRun run = CliRun.of("replay", "--data", data.toString(), "--json", "--no-snapshots", "--threads",
            "1");

        assertEquals(0, run.exitCode(), run::toString);
        final Map<String, Object> json = run.json();
        assertFalse(bool(json, "snapshots"));
        assertEquals(1, number(json, "threads"));
        assertNull(json.get("verified"), "no --verify, no verdict");
        final List<Map<String, Object>> islands = islands(json);
        for (int partition = 0; partition < islands.size(); partition++)
        {
            final Map<String, Object> island = islands.get(partition);
            assertNull(island.get("snapshot_sequence"), island::toString);
            assertEquals(number(island, "last_sequence"), number(island, "records"), island::toString);
            assertNull(island.get("verified"), island::toString);
            assertEquals(string(islands(withSnapshots).get(partition), "digest"), string(island, "digest"));
        }
    }

    @Test
    void shouldPrintEachIslandsDigestAsText()
    {
        final Map<String, Object> json = CliRun.of("replay", "--data", data.toString(), "--json").json();
        final CliRun run = CliRun.of("replay", "--data", data.toString(), "--verify");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("replayed " + data.toAbsolutePath()), run::toString);
        assertTrue(run.out().contains("records/s"), run::toString);
        for (final Map<String, Object> island : islands(json))
        {
            assertTrue(run.out().contains(string(island, "digest")), run::toString);
        }
        assertTrue(run.out().contains("verify: 4 of 4 islands equal the digest of their last clean shutdown"),
            run::toString);
    }

    @Test
    void shouldExitOneWhenAnIslandsDigestDiffersFromItsCleanShutdown() throws IOException
    {
        final Path copy = DemoDirectory.copy(data, temp.resolve("copy"));
        final CleanShutdownFile clean = CleanShutdownFile.read(new DataDirectoryLayout(copy).cleanShutdown(2));
        writeCleanShutdown(copy, 2, clean.sequence(), "0123456789abcdef0123456789abcdef");

        final CliRun run = CliRun.of("replay", "--data", copy.toString(), "--verify", "--json");

        assertEquals(1, run.exitCode(), run::toString);
        final Map<String, Object> json = run.json();
        assertFalse(bool(json, "verified"));
        final Map<String, Object> island = islands(json).get(2);
        assertFalse(bool(island, "verified"));
        assertTrue(string(island, "verify_detail").contains("differs from 0123456789abcdef0123456789abcdef"),
            island::toString);
        assertTrue(bool(islands(json).get(1), "verified"));
        assertEquals(1, run.err().lines().count(), run::toString);
        assertTrue(run.err().contains("islands [2]"), run::toString);
    }

    @Test
    void shouldCheckSnapshotsWhenAJournalContinuesPastTheCleanShutdown() throws IOException
    {
        final Path copy = DemoDirectory.copy(data, temp.resolve("copy"));
        final CleanShutdownFile clean = CleanShutdownFile.read(new DataDirectoryLayout(copy).cleanShutdown(0));
        writeCleanShutdown(copy, 0, clean.sequence() - 1, clean.digest());

        final CliRun json = CliRun.of("replay", "--data", copy.toString(), "--verify", "--json");
        final CliRun text = CliRun.of("replay", "--data", copy.toString(), "--verify");

        assertEquals(0, json.exitCode(), json::toString);
        assertTrue(bool(json.json(), "verified"), "island 0 is checked against its snapshot instead");
        final Map<String, Object> island = islands(json.json()).get(0);
        assertTrue(bool(island, "verified"), island::toString);
        assertTrue(string(island, "verify_detail").startsWith("equals the digest of its snapshot"), island::toString);
        assertEquals(0, text.exitCode(), text::toString);
    }

    @Test
    void shouldCallAnIslandNotComparableWithNeitherACleanShutdownNorASnapshot() throws IOException
    {
        final Path copy = DemoDirectory.copy(data, temp.resolve("copy"));
        final Path island0 = new DataDirectoryLayout(copy).island(0);
        Files.delete(island0.resolve(DataDirectoryLayout.CLEAN_SHUTDOWN));
        try (var snapshots = Files.list(island0.resolve("snapshots")))
        {
            for (final Path file : snapshots.toList())
            {
                Files.delete(file);
            }
        }

        final CliRun json = CliRun.of("replay", "--data", copy.toString(), "--verify", "--json");
        final CliRun text = CliRun.of("replay", "--data", copy.toString(), "--verify");

        assertEquals(0, json.exitCode(), json::toString);
        assertNull(json.json().get("verified"), "not every island comparable, none different");
        final Map<String, Object> island = islands(json.json()).get(0);
        assertNull(island.get("verified"), island::toString);
        assertTrue(string(island, "verify_detail").startsWith("not comparable: no clean shutdown"),
            island::toString);
        assertEquals(0, text.exitCode(), text::toString);
        assertTrue(text.out().contains("3 of 4 islands equal"), text::toString);
    }

    @Test
    void shouldExitOneWhenASnapshotDisagreesWithItsJournal() throws IOException
    {
        final Path copy = DemoDirectory.copy(data, temp.resolve("copy"));
        final CleanShutdownFile clean = CleanShutdownFile.read(new DataDirectoryLayout(copy).cleanShutdown(1));
        writeCleanShutdown(copy, 1, clean.sequence() - 1, clean.digest());
        final SnapshotStore snapshots = new SnapshotStore(new DataDirectoryLayout(copy), 1);
        final Path newest = snapshots.list().get(0);
        final SnapshotStore.Snapshot read = SnapshotStore.read(newest);
        Files.delete(newest);
        snapshots.write(new SnapshotStore.Snapshot(
            null, read.island(), read.islands(), read.sequence(), read.timestamp(), read.journalIndex(),
            "0123456789abcdef0123456789abcdef", read.state()), 5);

        final CliRun run = CliRun.of("replay", "--data", copy.toString(), "--verify");

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.out().contains("but the snapshot there recorded"), run::toString);
    }

    @Test
    void shouldExitOneWhenAJournalEndsBeforeItsCleanShutdown() throws IOException
    {
        final Path copy = DemoDirectory.copy(data, temp.resolve("copy"));
        final CleanShutdownFile clean = CleanShutdownFile.read(new DataDirectoryLayout(copy).cleanShutdown(3));
        writeCleanShutdown(copy, 3, clean.sequence() + 5, clean.digest());

        final CliRun run = CliRun.of("replay", "--data", copy.toString(), "--verify");

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.out().contains("records are missing"), run::toString);
        assertTrue(run.out().contains("DIFFERS"), run::toString);
    }

    @Test
    void shouldNotCompareWithoutVerify() throws IOException
    {
        final Path copy = DemoDirectory.copy(data, temp.resolve("copy"));
        writeCleanShutdown(copy, 1, 1, "0123456789abcdef0123456789abcdef");

        final CliRun run = CliRun.of("replay", "--data", copy.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertFalse(run.out().contains("verify"), run::toString);
    }

    @Test
    void shouldExitTwoForBadThreads()
    {
        final CliRun run = CliRun.of("replay", "--data", data.toString(), "--threads", "0");

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("", run.out());
        assertEquals(1, run.err().lines().count(), run::toString);
        assertTrue(run.err().contains("--threads"), run::toString);
    }

    @Test
    void shouldPrintHelpWithExamples()
    {
        final CliRun run = CliRun.of("replay", "--help");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("--verify"), run::toString);
        assertTrue(run.out().contains("--no-snapshots"), run::toString);
        assertTrue(run.out().contains("Exit codes:"), run::toString);
        assertTrue(run.out().contains("Examples:"), run::toString);
    }

    private static void writeCleanShutdown(final Path data, final int partition, final long sequence,
        final String digest) throws IOException
    {
        Files.writeString(new DataDirectoryLayout(data).cleanShutdown(partition),
            "sequence=" + sequence + "\ndigest=" + digest + "\n", StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> islands(final Map<String, Object> json)
    {
        final List<Map<String, Object>> islands = new ArrayList<>();
        for (final Object island : array(json, "islands"))
        {
            islands.add((Map<String, Object>)island);
        }
        return islands;
    }
}
