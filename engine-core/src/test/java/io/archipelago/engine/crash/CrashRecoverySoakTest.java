package io.archipelago.engine.crash;

import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash harness ({@link CrashHarness}) with as many kills as {@code -Dcrash.kills} asks for, on one data directory
 * whose journals keep growing across the kills. The default build runs it with {@value #DEFAULT_KILLS} kills; a soak
 * run asks for more, for example {@code mvn -pl engine-core test -Dtest=CrashRecoverySoakTest -Dcrash.kills=200}.
 */
@Tag("soak")
class CrashRecoverySoakTest
{
    static final int DEFAULT_KILLS = 5;

    @TempDir
    Path dir;

    @Test
    void shouldKeepEveryAcknowledgedResultAcrossManyKills() throws Exception
    {
        final long seed = Long.getLong("crash.seed", System.nanoTime());
        final int kills = Integer.getInteger("crash.kills", DEFAULT_KILLS);
        new CrashHarness(dir, seed, kills, System.out).run();
    }
}
