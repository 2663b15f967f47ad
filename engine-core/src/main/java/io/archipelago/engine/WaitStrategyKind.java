package io.archipelago.engine;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

/**
 * How an idle island thread waits for work. Islands usually outnumber cores, so the default never spins.
 */
public enum WaitStrategyKind
{
    /** Park on a lock and condition: no CPU when idle; producers pay a signal. The default. */
    BLOCKING,
    /** Spin briefly, yield, then sleep in short naps: low CPU when idle, lower producer cost. */
    SLEEPING,
    /** Spin then yield: low latency, burns a core per busy island. Only with a core per island. */
    YIELDING,
    /** Spin: lowest latency, burns a core per island all the time. Only with a dedicated core per island. */
    BUSY_SPIN;

    WaitStrategy newWaitStrategy()
    {
        return switch (this)
        {
            case BLOCKING -> new BlockingWaitStrategy();
            case SLEEPING -> new SleepingWaitStrategy();
            case YIELDING -> new YieldingWaitStrategy();
            case BUSY_SPIN -> new BusySpinWaitStrategy();
        };
    }
}
