package io.archipelago.perf.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a JVM started like this one (same java, JVM options and class path) running another main
 * class: how the harnesses run each case in a JVM of its own.
 */
public final class ChildJvm
{
    /**
     * System property with the heap options of the children when they differ from this JVM's (a small parent that
     * only starts cases); without it, children get this JVM's options.
     */
    public static final String CHILD_OPTIONS = "perf.childJvmOptions";

    private ChildJvm()
    {
    }

    /**
     * @return the JVM options a child gets: this JVM's, with the heap options of {@link #CHILD_OPTIONS} in place of
     *         this JVM's own when that property is set.
     */
    public static List<String> jvmOptions()
    {
        final List<String> options = new ArrayList<>();
        final String childOptions = System.getProperty(CHILD_OPTIONS);
        for (final String option : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (null == childOptions || !(option.startsWith("-Xms") || option.startsWith("-Xmx") ||
                option.equals("-XX:+AlwaysPreTouch") || option.startsWith("-D" + CHILD_OPTIONS + "=")))
            {
                options.add(option);
            }
        }
        if (null != childOptions && !childOptions.isBlank())
        {
            options.addAll(List.of(childOptions.trim().split("\\s+")));
        }
        return options;
    }

    /**
     * @return the largest heap a child may use, MiB: its {@code -Xmx}, or this JVM's when it has none of its own.
     */
    public static long maxHeapMegabytes()
    {
        long megabytes = Runtime.getRuntime().maxMemory() >> 20;
        for (final String option : jvmOptions())
        {
            if (option.startsWith("-Xmx") && option.length() > 4)
            {
                final String size = option.substring(4).toLowerCase(java.util.Locale.ROOT);
                final long unit = size.endsWith("g") ? 1024 : size.endsWith("m") ? 1 : 0;
                if (unit > 0)
                {
                    megabytes = Long.parseLong(size.substring(0, size.length() - 1)) * unit;
                }
            }
        }
        return megabytes;
    }

    /**
     * @param main      the child's main class.
     * @param arguments its arguments.
     * @return the command to start it.
     */
    public static List<String> command(final Class<?> main, final List<String> arguments)
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(
            Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(arguments);
        return command;
    }
}
