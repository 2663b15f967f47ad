package io.archipelago.perf.jmh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The executable jars' manifests carry {@code Add-Exports} and {@code Add-Opens} from the parent pom's
 * {@code manifest.add.exports} and {@code manifest.add.opens}, written in the manifest's own format; they must name
 * the same module/package pairs as the {@code --add-exports} and {@code --add-opens} of {@code .jvm-flags}.
 */
class ManifestFlagsTest
{
    @Test
    void shouldListTheExportsOfTheJvmFlagsFile()
    {
        assertEquals(fromJvmFlags("--add-exports="), fromManifestProperty("manifest.add.exports"));
    }

    @Test
    void shouldListTheOpensOfTheJvmFlagsFile()
    {
        assertEquals(fromJvmFlags("--add-opens="), fromManifestProperty("manifest.add.opens"));
    }

    private static List<String> fromJvmFlags(final String option)
    {
        final List<String> packages = new ArrayList<>();
        for (final String flag : ChronicleJvmFlags.flags())
        {
            if (flag.startsWith(option))
            {
                final String value = flag.substring(option.length());
                assertEquals(value.length() - "=ALL-UNNAMED".length(), value.indexOf("=ALL-UNNAMED"),
                    flag + " is not to ALL-UNNAMED, which is all a manifest can say");
                packages.add(value.substring(0, value.indexOf('=')));
            }
        }
        assertFalse(packages.isEmpty(), ".jvm-flags has no " + option);
        return packages;
    }

    private static List<String> fromManifestProperty(final String name)
    {
        final String value = System.getProperty(name);
        assertNotNull(value, "surefire passes the parent pom's " + name);
        return Arrays.asList(value.trim().split("\\s+"));
    }
}
