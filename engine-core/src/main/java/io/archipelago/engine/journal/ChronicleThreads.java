package io.archipelago.engine.journal;

import java.util.concurrent.TimeUnit;

import net.openhft.chronicle.core.io.BackgroundResourceReleaser;

/**
 * Chronicle's process-wide background threads, started by its classes when they first load and shared by every queue
 * in the process. Two would outlive the last engine:
 * <ul>
 *     <li>the disk space monitor ({@code disk~space~checker}, a scheduled pool thread that survives interrupts): not
 *     started at all, {@link ChronicleSettings} disables it, since the engine checks free space itself;</li>
 *     <li>the resource releaser ({@code background~resource~releaser}, which unmaps the files of closed queues and
 *     rolled cycles): engines and consumers register while they are open, and when the last of them in the process
 *     closes, the releaser releases what it still holds and stops. Chronicle cannot start it again: from then on
 *     each closing thread releases its own files (what Chronicle does with {@code -Dbackground.releaser=false}).</li>
 * </ul>
 * So a JVM that waits for the threads its application started (Maven's {@code exec:java} waits up to 15 s for each
 * daemon thread that survives an interrupt; an application server undeploying) does not wait for Chronicle. An
 * application that uses Chronicle itself and wants its releaser kept sets {@value #KEEP_PROPERTY}{@code =true}.
 */
public final class ChronicleThreads
{
    /** System property: {@code true} leaves Chronicle's releaser running when the last engine or consumer closes. */
    public static final String KEEP_PROPERTY = "archipelago.chronicle.keepThreads";

    private static final long STOP_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(5);

    private static int users;

    private ChronicleThreads()
    {
    }

    /**
     * Registers an engine or consumer that is opening.
     */
    public static synchronized void acquire()
    {
        users++;
    }

    /**
     * Unregisters an engine or consumer that has closed (or failed to open); the last one stops the releaser.
     */
    public static synchronized void release()
    {
        if (users <= 0)
        {
            throw new IllegalStateException("released more often than acquired");
        }
        users--;
        if (0 == users && !Boolean.getBoolean(KEEP_PROPERTY))
        {
            stopReleaser();
        }
    }

    /**
     * @return engines and consumers open in this process.
     */
    public static synchronized int users()
    {
        return users;
    }

    private static void stopReleaser()
    {
        BackgroundResourceReleaser.stop();
        final Thread releaser = thread(BackgroundResourceReleaser.BACKGROUND_RESOURCE_RELEASER);
        if (null != releaser && releaser != Thread.currentThread())
        {
            try
            {
                releaser.join(STOP_TIMEOUT_MILLIS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Thread thread(final String name)
    {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (null != root.getParent())
        {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 8];
        int count = root.enumerate(threads, true);
        while (count == threads.length)
        {
            threads = new Thread[threads.length * 2];
            count = root.enumerate(threads, true);
        }
        for (int i = 0; i < count; i++)
        {
            if (threads[i].getName().equals(name))
            {
                return threads[i];
            }
        }
        return null;
    }
}
