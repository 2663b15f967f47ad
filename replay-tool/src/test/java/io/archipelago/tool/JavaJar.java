package io.archipelago.tool;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the shaded jar the way users do, {@code java -jar archipelago.jar ...} with no JVM flags, in a child process.
 * The jar's path comes from the {@code archipelago.jar} system property (set by failsafe after {@code package}).
 */
final class JavaJar
{
    private static final long TIMEOUT_SECONDS = 120;

    private JavaJar()
    {
    }

    /**
     * @return the shaded jar, which must exist.
     */
    static Path jar()
    {
        final Path jar = Path.of(System.getProperty("archipelago.jar", "target/archipelago.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "the shaded jar is built at package: " + jar);
        return jar;
    }

    /**
     * @param workingDirectory the child's working directory.
     * @param args             the command line after {@code java -jar archipelago.jar}.
     * @return the child's exit code and output.
     */
    static CliRun run(final Path workingDirectory, final String... args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).directory(workingDirectory.toFile()).start();
        process.getOutputStream().close();
        final CompletableFuture<String> out = readAll(process.getInputStream());
        final CompletableFuture<String> err = readAll(process.getErrorStream());
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new AssertionError("java -jar " + String.join(" ", args) + " ran longer than " + TIMEOUT_SECONDS +
                " s");
        }
        return new CliRun(process.exitValue(), out.join(), err.join());
    }

    private static CompletableFuture<String> readAll(final InputStream stream)
    {
        return CompletableFuture.supplyAsync(() ->
        {
            try (stream)
            {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException(ex);
            }
        });
    }
}
