package io.archipelago.engine.journal;

/**
 * System properties Chronicle reads once, when its first class loads: no usage analytics, no start-up banner. Applied
 * from static initialisers of every class that touches Chronicle, unless the user set them already.
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
    }

    private static void setIfAbsent(final String key, final String value)
    {
        if (null == System.getProperty(key))
        {
            System.setProperty(key, value);
        }
    }
}
