package io.archipelago.engine.model;


/**
 * How an idle island thread waits for work (see {@link ArchipelagoConfig.Builder#islandThreads(int)}). Islands usually
 * outnumber cores, so the default never spins.
 */
public enum WaitStrategyKind
{
    /** Park on a lock and condition: no CPU when idle; a producer signals only a thread that is parked. The default. */
    BLOCKING,
    /** Spin briefly, yield, then sleep in naps of up to 1 ms: low CPU when idle, no signal from producers. */
    SLEEPING,
    /** Yield when idle: low latency, burns a core per island thread. Only with a core per island thread. */
    YIELDING,
    /** Spin: lowest latency, burns a core per island thread all the time. Only with a dedicated core for each. */
    BUSY_SPIN
}
