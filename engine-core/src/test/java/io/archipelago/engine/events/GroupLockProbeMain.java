package io.archipelago.engine.events;

import java.nio.file.Path;

/**
 * A child JVM that tries the lock of each file named on its command line and prints {@code held <file>} when another
 * process holds it or {@code free <file>} when it could take it (and lets it go at once), then {@code done}.
 */
final class GroupLockProbeMain
{
    private GroupLockProbeMain()
    {
    }

    public static void main(final String[] args)
    {
        for (final String file : args)
        {
            final GroupFiles.HeldLock probe = GroupFiles.HeldLock.tryLock(Path.of(file));
            System.out.println((null == probe ? "held " : "free ") + file);
            if (null != probe)
            {
                probe.close();
            }
        }
        System.out.println("done");
        System.out.flush();
    }
}
