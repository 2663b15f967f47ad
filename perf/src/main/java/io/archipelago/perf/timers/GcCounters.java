package io.archipelago.perf.timers;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Collections and collection time of this JVM so far, summed over its collectors, to report what a measured window
 * spent in the collector.
 *
 * @param collections collections so far.
 * @param millis      milliseconds the collectors report.
 */
record GcCounters(long collections, long millis)
{
    static GcCounters now()
    {
        long collections = 0;
        long millis = 0;
        for (final GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans())
        {
            collections += Math.max(0, bean.getCollectionCount());
            millis += Math.max(0, bean.getCollectionTime());
        }
        return new GcCounters(collections, millis);
    }

    /**
     * @param earlier a reading taken before.
     * @return collections and milliseconds since it.
     */
    GcCounters since(final GcCounters earlier)
    {
        return new GcCounters(collections - earlier.collections, millis - earlier.millis);
    }
}
