package io.archipelago.tool;

import java.io.PrintStream;
import java.io.PrintWriter;

import io.archipelago.engine.codec.CorruptRecordException;
import io.archipelago.engine.events.CorruptEventException;
import io.archipelago.engine.journal.CorruptJournalException;
import io.archipelago.engine.recovery.DataDirectoryLocked;
import io.archipelago.engine.recovery.IslandRefusedException;
import io.archipelago.router.DataDirectoryException;
import io.archipelago.tool.commands.AuditCommand;
import io.archipelago.tool.commands.ConsumeCommand;
import io.archipelago.tool.commands.DemoCommand;
import io.archipelago.tool.commands.DumpCommand;
import io.archipelago.tool.commands.GroupsCommand;
import io.archipelago.tool.commands.HistoryCommand;
import io.archipelago.tool.commands.ReplayCommand;
import io.archipelago.tool.commands.StatsCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The {@code archipelago} command: parses the arguments, runs one subcommand and maps the outcome to an exit code.
 * <p>
 * Subcommands are classes of their own listed in {@link Command#subcommands()}; each reports a problem by throwing a
 * {@link ToolException} (or a picocli {@link ParameterException} for a bad flag) and returns its exit code otherwise.
 * {@link #run(PrintStream, PrintStream, String...)} runs the whole command line in-process with the streams given.
 */
@Command(
    name = "archipelago",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    synopsisSubcommandLabel = "COMMAND",
    description = "Command line for Archipelago, the embeddable event-sourcing engine whose islands replay in parallel.",
    subcommands = { DemoCommand.class, ReplayCommand.class, AuditCommand.class, HistoryCommand.class,
        DumpCommand.class, StatsCommand.class, ConsumeCommand.class, GroupsCommand.class,
        CommandLine.HelpCommand.class },
    commandListHeading = "%nCommands:%n",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success",
        "1:a check failed (for example replayed state differs from the live state)",
        "2:bad usage, or a data directory that is missing, foreign, damaged or must not be touched" },
    footerHeading = "%nExamples:%n",
    footer = {
        "  ./archipelago demo",
        "      seeded orders on 8 islands in ./data, then a replay check",
        "  ./archipelago replay --verify",
        "      rebuild every island of ./data; compare each with its last clean shutdown",
        "  ./archipelago audit",
        "      check conservation, allocations, exactly-once links and order deadlines",
        "  ./archipelago history --user heavy-0",
        "      one user's orders and the records that decided them",
        "  ./archipelago dump --partition 0 --limit 20",
        "      one island's journal, decoded",
        "  ./archipelago stats",
        "      per island: journal, snapshots, links, outbox, pending orders",
        "  ./archipelago help audit",
        "      every flag of a command (each reads --data, ./data by default)" })
public final class ArchipelagoCli implements Runnable
{
    static
    {
        quietChronicle();
    }

    @Spec
    private CommandSpec spec;

    @Option(
        names = { "-v", "--verbose" },
        scope = ScopeType.INHERIT,
        description = "Log what the tool and engine do (DEBUG) and print stack traces of failures.")
    private boolean verbose;

    /**
     * Runs the command line and exits the JVM with its exit code.
     *
     * @param args the arguments.
     */
    public static void main(final String... args)
    {
        quietChronicle();
        final int exitCode = run(System.out, System.err, args);
        System.exit(exitCode);
    }

    /**
     * Runs the command line in this JVM.
     *
     * @param out  receives results (and only results: with {@code --json}, exactly one JSON document).
     * @param err  receives errors and progress.
     * @param args the arguments.
     * @return the exit code: {@link ExitCodes#OK}, {@link ExitCodes#CHECK_FAILED} or {@link ExitCodes#USAGE}.
     */
    public static int run(final PrintStream out, final PrintStream err, final String... args)
    {
        quietChronicle();
        final PrintWriter outWriter = new PrintWriter(out, true);
        final PrintWriter errWriter = new PrintWriter(err, true);
        try
        {
            return newCommandLine(outWriter, errWriter).execute(args);
        }
        finally
        {
            outWriter.flush();
            errWriter.flush();
        }
    }

    /**
     * @param out receives results.
     * @param err receives errors.
     * @return the command line with every subcommand, writing to the given streams.
     */
    static CommandLine newCommandLine(final PrintWriter out, final PrintWriter err)
    {
        final CommandLine commandLine = new CommandLine(new ArchipelagoCli());
        commandLine.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.USAGE);
        commandLine.getCommandSpec().exitCodeOnExecutionException(ExitCodes.CHECK_FAILED);
        return commandLine
            .setOut(out)
            .setErr(err)
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setOverwrittenOptionsAllowed(true)
            .setExecutionStrategy(ArchipelagoCli::execute)
            .setParameterExceptionHandler(ArchipelagoCli::onBadUsage)
            .setExecutionExceptionHandler(ArchipelagoCli::onFailure);
    }

    @Override
    public void run()
    {
        throw new ParameterException(spec.commandLine(),
            "missing command; choose one of " + String.join(", ", spec.subcommands().keySet()));
    }

    /**
     * Refuses what picocli lets through when help is asked for (it collects unmatched arguments instead of failing,
     * at any level: {@code archipelago nosuch help}), and a command name given to {@code help} that is not a command
     * ({@code help --help nosuch}), so every unknown command or argument is exit 2 with one line, help or not.
     */
    private static int execute(final ParseResult parseResult)
    {
        Logging.configure(isVerbose(parseResult));
        for (ParseResult level = parseResult; null != level; level = level.subcommand())
        {
            final CommandLine commandLine = level.commandSpec().commandLine();
            if (!level.unmatched().isEmpty())
            {
                throw new CommandLine.UnmatchedArgumentException(commandLine, level.unmatched());
            }
            final CommandSpec parent = level.commandSpec().parent();
            if (level.commandSpec().userObject() instanceof CommandLine.HelpCommand && null != parent)
            {
                for (final PositionalParamSpec positional : level.matchedPositionals())
                {
                    for (final String name : positional.stringValues())
                    {
                        if (!parent.subcommands().containsKey(name))
                        {
                            throw new ParameterException(commandLine, "Unknown subcommand '" + name + "'.");
                        }
                    }
                }
            }
        }
        return new CommandLine.RunLast().execute(parseResult);
    }

    private static int onBadUsage(final ParameterException ex, final String[] args)
    {
        final CommandLine commandLine = ex.getCommandLine();
        final String name = commandLine.getCommandSpec().qualifiedName();
        commandLine.getErr().println(name + ": " + ex.getMessage() + " (see '" + name + " --help')");
        return ExitCodes.USAGE;
    }

    private static int onFailure(final Exception ex, final CommandLine commandLine, final ParseResult parseResult)
    {
        final PrintWriter err = commandLine.getErr();
        final String name = commandLine.getCommandSpec().qualifiedName();
        final boolean verbose = isVerbose(parseResult);
        final int exitCode;
        final String message;
        if (ex instanceof ToolException tool)
        {
            exitCode = tool.exitCode();
            message = tool.getMessage();
        }
        else if (ex instanceof DataDirectoryException || ex instanceof DataDirectoryLocked ||
            ex instanceof IslandRefusedException || ex instanceof CorruptJournalException ||
            ex instanceof CorruptRecordException || ex instanceof CorruptEventException)
        {
            exitCode = ExitCodes.USAGE;
            message = ex.getMessage().lines().findFirst().orElse(ex.getClass().getSimpleName());
        }
        else
        {
            exitCode = ExitCodes.CHECK_FAILED;
            message = "failed: " + describe(ex) + (verbose ? "" : " (run with --verbose for the stack trace)");
        }
        err.println(name + ": " + message);
        if (verbose)
        {
            ex.printStackTrace(err);
        }
        err.flush();
        return exitCode;
    }

    private static String describe(final Throwable ex)
    {
        final StringBuilder text = new StringBuilder(String.valueOf(ex.getMessage()));
        Throwable cause = ex.getCause();
        while (null != cause && cause != ex)
        {
            text.append("; caused by ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
            final Throwable next = cause.getCause();
            cause = next == cause ? null : next;
        }
        return ex.getClass().getSimpleName() + ": " + text;
    }

    private static boolean isVerbose(final ParseResult parseResult)
    {
        for (ParseResult level = parseResult; null != level; level = level.subcommand())
        {
            if (level.hasMatchedOption("--verbose"))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Chronicle reads these once, when its first class loads: no usage analytics and no banner unless the user asked.
     */
    private static void quietChronicle()
    {
        setIfAbsent("chronicle.analytics.disable", "true");
        setIfAbsent("chronicle.announcer.disable", "true");
    }

    static void setIfAbsent(final String key, final String value)
    {
        if (null == System.getProperty(key))
        {
            System.setProperty(key, value);
        }
    }
}
