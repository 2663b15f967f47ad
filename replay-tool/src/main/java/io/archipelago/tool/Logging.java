package io.archipelago.tool;

/**
 * Chooses log levels before slf4j-simple reads them (it does so once, when the first logger is created). Defaults
 * come from {@code simplelogger.properties}: WARN for everything, Chronicle ({@code net.openhft}) included.
 */
final class Logging
{
    static final String ARCHIPELAGO_LEVEL = "org.slf4j.simpleLogger.log.io.archipelago";

    private Logging()
    {
    }

    /**
     * @param verbose true to log the tool's and engine's own work at DEBUG; Chronicle stays at WARN.
     */
    static void configure(final boolean verbose)
    {
        if (verbose)
        {
            ArchipelagoCli.setIfAbsent(ARCHIPELAGO_LEVEL, "debug");
        }
    }
}
