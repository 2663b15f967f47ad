package io.archipelago.engine.events;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.EventConsumer;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OS locks behind consumer groups, seen from another process: an OS lock belongs to the process and closing any
 * handle on the file drops it, so neither a member writing its lock file nor a second try in the same JVM may open
 * the file again.
 */
class GroupLockTest
{
    @TempDir
    Path dir;

    @Test
    void shouldKeepAMembersLockAndARepeatedlyTriedLockHeldForOtherProcesses() throws Exception
    {
        final Path data = dir.resolve("data");
        try (Archipelago engine = Archipelago.open(ArchipelagoConfig.builder().partitions(2).dataDirectory(data)
            .build()))
        {
            engine.createProduct(1, 10).get(10, TimeUnit.SECONDS);
        }
        final GroupFiles files = new GroupFiles(new DataDirectoryLayout(data.toAbsolutePath()), "g");
        final Path raw = dir.resolve("raw.lock");
        try (EventConsumer member = EventConsumer.open(EventConsumer.Config.builder().dataDirectory(data).group("g")
            .member("a").build());
            GroupFiles.HeldLock lock = GroupFiles.HeldLock.tryLock(raw))
        {
            member.poll(event -> { }, 1);
            assertNull(GroupFiles.HeldLock.tryLock(raw), "held in this JVM already");
            assertNull(GroupFiles.HeldLock.tryLock(files.member("a")), "the member holds its lock file");
            final GroupCrashProcess probe = GroupCrashProcess.start("probe", GroupLockProbeMain.class, "64m",
                dir.resolve("probe.log"), files.member("a").toString(), raw.toString(),
                files.islandLock(0).toString());
            assertTrue(probe.awaitLine("done", 60_000), probe.output());
            assertEquals(0, probe.stop(30_000));
            final String said = probe.output();
            assertTrue(said.contains("held " + files.member("a")), "the member's lock outlived writing its file: " +
                said);
            assertTrue(said.contains("held " + raw), "a second try in this JVM kept the lock: " + said);
            assertTrue(said.contains("held " + files.islandLock(0)), "the member reads island 0: " + said);
            assertTrue(Files.readString(files.member("a")).startsWith("pid=" + ProcessHandle.current().pid()),
                "the member wrote who it is (read last: reading opens the file, which drops this JVM's lock)");
        }
    }
}
