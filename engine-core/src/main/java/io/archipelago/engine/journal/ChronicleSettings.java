package io.archipelago.engine.journal;

/**
 * System properties Chronicle reads once, when its first class loads: no usage analytics, no start-up banner, no disk
 * space monitor thread (the engine checks free space itself, {@code ArchipelagoConfig.minFreeDiskBytes}, and
 * Chronicle's monitor would only log, from a pool thread that outlives every engine; see {@link ChronicleThreads}).
 * Applied from static initialisers of every class that touches Chronicle, unless the user set them already.
 */
public final class ChronicleSettings
{
    private ChronicleSettings()
    {
    }

    /**
     * Sets Chronicle's quiet defaults where the user has not chosen otherwise. Idempotent.
     */
    public static void apply()
    {
        setIfAbsent("chronicle.analytics.disable", "true");
        setIfAbsent("chronicle.announcer.disable", "true");
        setIfAbsent("disable.resource.warning", "true");
        setIfAbsent("disable.thread.safety", "false");
        setIfAbsent("chronicle.disk.monitor.disable", "true");
    }

    private static void setIfAbsent(final String key, final String value)
    {
        if (null == System.getProperty(key))
        {
            System.setProperty(key, value);
        }
    }

    /**
     * Chronicle Queue maps its files through {@code sun.nio.ch}; without access to it, it silently opens a queue
     * read-only and only the first append fails. Checked before a journal is opened for appending.
     *
     * @param what what is being opened, for the message (e.g. "data directory /x" or "island 3: journal /x/j").
     * @throws IllegalStateException naming the missing JVM flags.
     */
    public static void requireWriteAccess(final String what)
    {
        final Module base = Object.class.getModule();
        final Module chronicle = net.openhft.chronicle.queue.ChronicleQueue.class.getModule();
        final StringBuilder missing = new StringBuilder();
        for (final String exported : REQUIRED_EXPORTS)
        {
            if (!base.isExported(exported, chronicle))
            {
                missing.append(missing.length() == 0 ? "" : " ").append("--add-exports=java.base/").append(exported)
                    .append("=ALL-UNNAMED");
            }
        }
        for (final String opened : REQUIRED_OPENS)
        {
            if (!base.isOpen(opened, chronicle))
            {
                missing.append(missing.length() == 0 ? "" : " ").append("--add-opens=java.base/").append(opened)
                    .append("=ALL-UNNAMED");
            }
        }
        if (missing.length() > 0)
        {
            throw new IllegalStateException("cannot open " + what + " for writing: the JVM lacks " + missing + " (Chronicle Queue would open it read-only); start the JVM " +
                "with the flags in .jvm-flags (see README, Embedding), or run the executable jar, which carries them");
        }
    }

    /** Packages of java.base Chronicle Queue must reach to map and write its files. */
    private static final String[] REQUIRED_EXPORTS = {"sun.nio.ch", "jdk.internal.misc", "jdk.internal.ref"};
    /** Packages of java.base Chronicle Queue reflects into. */
    private static final String[] REQUIRED_OPENS = {"java.nio", "java.lang"};
}
