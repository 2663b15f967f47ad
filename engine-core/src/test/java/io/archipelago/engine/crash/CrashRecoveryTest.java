package io.archipelago.engine.crash;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable acknowledgement under {@code kill -9}: a worker JVM runs the engine under load, transfers included, and is
 * killed with {@code SIGKILL} {@value #KILLS} times at seeded random moments; after every kill each acknowledged result
 * must be in the recovered state unchanged, stock must be conserved and never oversold, and each island's recovered
 * digest must equal a fresh replay of its journal. See {@link CrashHarness}. Rerun a failure with
 * {@code -Dcrash.seed=N}.
 */
class CrashRecoveryTest
{
    static final int KILLS = 20;

    @TempDir
    Path dir;

    @Test
    void shouldKeepEveryAcknowledgedResultAcrossRepeatedKillNine() throws Exception
    {
        final long seed = Long.getLong("crash.seed", System.nanoTime());
        new CrashHarness(dir, seed, KILLS, System.out).run();
    }
}
