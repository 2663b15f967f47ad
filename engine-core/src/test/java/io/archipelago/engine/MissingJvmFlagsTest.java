package io.archipelago.engine;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.archipelago.engine.model.ArchipelagoConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Without {@code --add-exports=java.base/sun.nio.ch=ALL-UNNAMED} Chronicle Queue opens a journal read-only without a
 * word and only the first append fails. A child JVM started without that flag must be refused at open, with a message
 * naming the flag, before anything is written to the data directory.
 */
class MissingJvmFlagsTest
{
    static final int REFUSED = 0;
    static final int OPENED = 3;

    @TempDir
    Path dir;

    @Test
    void shouldRefuseToOpenNamingTheMissingFlagAndWriteNothing() throws Exception
    {
        final Path data = dir.resolve("data");
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(arg -> (arg.startsWith("--add-") || arg.startsWith("-Dchronicle")) && !arg.contains("sun.nio.ch"))
            .toList());
        command.addAll(List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
            Child.class.getName(), data.toString()));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);

        assertEquals(REFUSED, process.exitValue(), output);
        assertTrue(output.contains("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED"), output);
        assertTrue(output.contains(data.toString()), output);
        assertFalse(Files.exists(data), "nothing was created: " + output);
    }

    /**
     * The child: opens an engine and reports how that went by its exit code.
     */
    static final class Child
    {
        private Child()
        {
        }

        public static void main(final String[] args) throws IOException
        {
            try (Archipelago engine = Archipelago.open(ArchipelagoConfig.builder().partitions(2)
                .dataDirectory(Path.of(args[0])).build()))
            {
                System.out.println("opened " + engine.partitions() + " islands");
                System.exit(OPENED);
            }
            catch (final IllegalStateException expected)
            {
                System.out.println("REFUSED " + expected.getMessage());
                System.exit(REFUSED);
            }
        }
    }
}
