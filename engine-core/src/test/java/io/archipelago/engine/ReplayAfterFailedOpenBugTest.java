package io.archipelago.engine;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayAfterFailedOpenBugTest
{
    @TempDir
    Path dir;

    @Test
    void shouldStopEveryReplayBeforeOpenFailsOnDamagedJournal() throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("--add-") || argument.startsWith("-D") || argument.startsWith("-Xmx"))
            {
                command.add(argument);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(FailedOpenProbe.class.getName());
        command.add(dir.resolve("data").toString());
        final File log = dir.resolve("probe.log").toFile();

        final Process probe = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        assertTrue(probe.waitFor(120, TimeUnit.SECONDS), "the probe finished");
        final String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);

        assertTrue(probe.exitValue() != FailedOpenProbe.UNEXPECTED, output);
        assertEquals(FailedOpenProbe.STOPPED, probe.exitValue(), () -> "Archipelago.open threw " +
            "CorruptJournalException for island 0 while island 1 was still replaying a journal that open had " +
            "already closed (exit code " + probe.exitValue() + "; 3 = replay still running, 134 = JVM crashed " +
            "reading the closed journal). Probe output:\n" + output);
    }
}
