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
    private ChildJvm()
    {
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
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(arguments);
        return command;
    }
}
