package io.archipelago.tool;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine;

/**
 * Supplies {@code --version}: the build's version (filtered into {@code version.properties} by Maven) and the JVM.
 */
public final class VersionProvider implements CommandLine.IVersionProvider
{
    private static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion()
    {
        return new String[]
        {
            "archipelago " + version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", " +
                System.getProperty("java.vendor") + ")"
        };
    }

    /**
     * @return the version of this build, or {@code unknown} when the resource is missing.
     */
    public static String version()
    {
        final Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE))
        {
            if (null != in)
            {
                properties.load(in);
            }
        }
        catch (final IOException ex)
        {
            return "unknown";
        }
        return properties.getProperty("version", "unknown");
    }
}
