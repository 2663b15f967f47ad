package io.archipelago.tool.output;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A single self-overwriting progress line on stderr for runs longer than a second. Silent unless enabled, which the
 * commands do only when the JVM has a console, so logs, pipes and tests never see it.
 */
public final class ProgressLine
{
    private static final long FIRST_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final PrintWriter err;
    private final boolean enabled;
    private long lastPrintNanos = Long.MIN_VALUE;
    private int lastLength;

    /**
     * @param err     where the line goes.
     * @param enabled whether to print anything at all.
     */
    public ProgressLine(final PrintWriter err, final boolean enabled)
    {
        this.err = err;
        this.enabled = enabled;
    }

    /**
     * @param err where the line goes.
     * @return a progress line that prints only when stderr belongs to a terminal.
     */
    public static ProgressLine onTerminal(final PrintWriter err)
    {
        return new ProgressLine(err, null != System.console());
    }

    /**
     * @return whether the line prints at all.
     */
    public boolean enabled()
    {
        return enabled;
    }

    /**
     * @param label        what is counted.
     * @param done         how many are done.
     * @param total        how many there are.
     * @param elapsedNanos time since the work began.
     */
    public void update(final String label, final long done, final long total, final long elapsedNanos)
    {
        if (due(elapsedNanos))
        {
            final double seconds = elapsedNanos / 1e9;
            print(String.format(Locale.ROOT, "%s %,d / %,d (%d%%)  %,.0f/s  %.1f s", label, done, total,
                total == 0 ? 100 : (int)(100 * done / total), done / seconds, seconds), elapsedNanos);
        }
    }

    /**
     * For work whose total is not known in advance.
     *
     * @param label        what is counted.
     * @param done         how many are done.
     * @param elapsedNanos time since the work began.
     */
    public void update(final String label, final long done, final long elapsedNanos)
    {
        if (due(elapsedNanos))
        {
            final double seconds = elapsedNanos / 1e9;
            print(String.format(Locale.ROOT, "%s %,d  %,.0f/s  %.1f s", label, done, done / seconds, seconds),
                elapsedNanos);
        }
    }

    private boolean due(final long elapsedNanos)
    {
        return enabled && elapsedNanos >= FIRST_AFTER_NANOS &&
            (lastPrintNanos == Long.MIN_VALUE || elapsedNanos - lastPrintNanos >= EVERY_NANOS);
    }

    private void print(final String line, final long elapsedNanos)
    {
        lastPrintNanos = elapsedNanos;
        err.print('\r' + line + " ".repeat(Math.max(0, lastLength - line.length())));
        err.flush();
        lastLength = line.length();
    }

    /**
     * Clears the line, if one was printed.
     */
    public void finish()
    {
        if (lastLength > 0)
        {
            err.print('\r' + " ".repeat(lastLength) + '\r');
            err.flush();
            lastLength = 0;
        }
        lastPrintNanos = Long.MIN_VALUE;
    }
}
