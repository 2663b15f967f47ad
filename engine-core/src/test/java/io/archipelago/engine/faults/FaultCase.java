package io.archipelago.engine.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One fault applied to a copy of the pristine data directory.
 *
 * @param faultClass  flip, truncate, delete, swap or rollback.
 * @param kind        which kind of file it hits.
 * @param description the exact damage, so a failing case can be repeated.
 * @param island      the island a refusal must name, or -1 for a directory-level file.
 * @param otherIsland for a fault that damages two islands (a swap), the other one, which a refusal may name instead;
 *                    -1 otherwise.
 * @param names       a refusal must contain one of these (the file, or the Chronicle queue directory it is in).
 * @param gapExpected true when the fault removes every record of how far the journal went.
 * @param damage      applies the fault to a data directory.
 */
record FaultCase(String faultClass, String kind, String description, int island, int otherIsland,
    List<String> names, boolean gapExpected, Damage damage)
{
    FaultCase(final String faultClass, final String kind, final String description, final int island,
        final List<String> names, final boolean gapExpected, final Damage damage)
    {
        this(faultClass, kind, description, island, -1, names, gapExpected, damage);
    }

    /**
     * Damages a data directory.
     */
    @FunctionalInterface
    interface Damage
    {
        /**
         * @param dataDirectory the copy to damage.
         * @throws IOException when the files cannot be changed.
         */
        void apply(Path dataDirectory) throws IOException;
    }

    /**
     * @param message a refusal's message.
     * @return true when it is one line naming the island (or, for a directory-level file, nothing more) and the file.
     */
    boolean namedBy(final String message)
    {
        if (null == message || message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0)
        {
            return false;
        }
        if (island >= 0 && !names(message, island) && !(otherIsland >= 0 && names(message, otherIsland)))
        {
            return false;
        }
        for (final String name : names)
        {
            if (message.contains(name))
            {
                return true;
            }
        }
        return false;
    }

    private static boolean names(final String message, final int island)
    {
        return Pattern.compile("\\bisland " + island + "\\b").matcher(message).find();
    }
}
