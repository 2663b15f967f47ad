package io.archipelago.tool.commands;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import io.archipelago.tool.VersionProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: the help and version options, the layout of its help (options in the order declared,
 * with their defaults, 100 columns, exit codes and examples under headings) and the streams it writes to. A
 * subcommand extends it and names itself, its texts and its exit codes in its own {@link Command} annotation.
 */
@Command(
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    showDefaultValues = true,
    usageHelpWidth = 100,
    exitCodeListHeading = "%nExit codes:%n",
    footerHeading = "%nExamples:%n")
abstract class ToolCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    /**
     * @return the command line running this command, for errors that name it.
     */
    final CommandLine commandLine()
    {
        return spec.commandLine();
    }

    /**
     * @return where results go.
     */
    final PrintWriter out()
    {
        return spec.commandLine().getOut();
    }

    /**
     * @return where errors and progress go.
     */
    final PrintWriter err()
    {
        return spec.commandLine().getErr();
    }
}
