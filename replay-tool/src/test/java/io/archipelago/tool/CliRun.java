package io.archipelago.tool;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The outcome of running the command line in-process.
 *
 * @param exitCode the exit code.
 * @param out      everything written to stdout.
 * @param err      everything written to stderr.
 */
record CliRun(int exitCode, String out, String err)
{
    static CliRun of(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exitCode;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8))
        {
            exitCode = ArchipelagoCli.run(outStream, errStream, args);
        }
        return new CliRun(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Map<String, Object> json()
    {
        return Json.parseObject(out);
    }

    @Override
    public String toString()
    {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
