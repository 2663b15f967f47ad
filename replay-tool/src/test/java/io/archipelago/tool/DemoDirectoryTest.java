package io.archipelago.tool;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the tests of the read-only commands: each test class writes one demo directory
 * ({@link DemoDirectory#create(Path, long)}, seed 42) before its tests and reads it in every test.
 */
abstract class DemoDirectoryTest
{
    @TempDir
    static Path shared;

    /** The demo directory the test class wrote. */
    static Path data;

    @BeforeAll
    static void writeDemoDirectory()
    {
        data = DemoDirectory.create(shared.resolve("data"), 42);
    }
}
