package io.archipelago.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.OrderStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadmeExampleTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRunTheReadmeExample()
    {
        ReadmeExample.run(dir);
        try (Archipelago reopened = Archipelago.open(ArchipelagoConfig.builder().partitions(8).dataDirectory(dir)
            .build()))
        {
            final OrderStatus alice = reopened.orderStatus("alice", 1).join();
            assertEquals(OrderState.CONFIRMED, alice.state(), "the example's order survives a restart");
            assertEquals(997, reopened.productView(42).join().available() +
                reopened.productView(42).join().inFlight(), "3 of 1000 units sold, bob's order refused");
        }
    }

    @Test
    void shouldShowTheSameCodeInTheReadme() throws IOException
    {
        final Path root = Path.of("").toAbsolutePath().getParent();
        final String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        final String source = Files.readString(
            Path.of("src/test/java/io/archipelago/engine/ReadmeExample.java"), StandardCharsets.UTF_8);
        final String example = source.substring(source.indexOf("// README example start") +
            "// README example start".length(), source.indexOf("// README example end"));
        final int block = readme.indexOf("```java");
        assertTrue(block >= 0, "README.md has a java code block");
        final String shown = readme.substring(block + "```java".length(), readme.indexOf("```", block + 7));
        assertEquals(normalise(example), normalise(shown), "README.md shows ReadmeExample.run's body");
    }

    private static String normalise(final String code)
    {
        return code.replaceAll("\\s+", " ").trim();
    }
}
