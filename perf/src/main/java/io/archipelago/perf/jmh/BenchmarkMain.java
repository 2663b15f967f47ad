package io.archipelago.perf.jmh;

import java.util.ArrayList;
import java.util.List;

import org.openjdk.jmh.Main;

/**
 * Main class of {@code perf/target/benchmarks.jar}: JMH's own command line, with the flags of {@code .jvm-flags}
 * appended to every forked JVM's options ahead of any {@code -jvmArgsAppend} given on the command line.
 */
public final class BenchmarkMain
{
    private BenchmarkMain()
    {
    }

    /**
     * Runs JMH.
     *
     * @param args JMH's command-line arguments.
     * @throws Exception when JMH fails.
     */
    public static void main(final String[] args) throws Exception
    {
        Main.main(withChronicleFlags(args, ChronicleJvmFlags.flags()));
    }

    /**
     * JMH arguments that give every forked JVM the flags before the {@code -jvmArgsAppend} options of the arguments.
     *
     * @param args  the command-line arguments.
     * @param flags the JVM flags every fork needs.
     * @return the arguments for JMH.
     */
    static String[] withChronicleFlags(final String[] args, final List<String> flags)
    {
        final StringBuilder append = new StringBuilder(String.join(" ", flags));
        final List<String> others = new ArrayList<>();
        for (int i = 0; i < args.length; i++)
        {
            if (args[i].equals("-jvmArgsAppend") && i + 1 < args.length)
            {
                append.append(' ').append(args[++i]);
            }
            else
            {
                others.add(args[i]);
            }
        }
        final List<String> result = new ArrayList<>();
        result.add("-jvmArgsAppend");
        result.add(append.toString().trim());
        result.addAll(others);
        return result.toArray(new String[0]);
    }
}
