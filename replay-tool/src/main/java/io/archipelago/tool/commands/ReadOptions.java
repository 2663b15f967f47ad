package io.archipelago.tool.commands;

import java.nio.file.Path;

import io.archipelago.engine.recovery.DirectoryLock;
import io.archipelago.tool.ToolException;
import io.archipelago.tool.inspection.ReadOnlyDataDirectory;
import picocli.CommandLine.Option;

/**
 * The options every read-only command shares: which data directory to read and whether to print JSON.
 */
final class ReadOptions
{
    @Option(names = "--data", paramLabel = "DIR",
        description = "Data directory to read. Only read: nothing in it is created, changed or deleted.")
    Path data = Path.of("./data");

    @Option(names = "--json", description = "Print one JSON object on stdout instead of text.")
    boolean json;

    /**
     * Opens the data directory and, when a live engine holds it, notes on stderr that what the command reads is the
     * directory at one point in time.
     *
     * @param command the command reading it.
     * @return the data directory, opened and checked.
     * @throws ToolException with exit code 2 when it is missing, empty, foreign or damaged.
     */
    ReadOnlyDataDirectory open(final ToolCommand command)
    {
        final ReadOnlyDataDirectory directory = ReadOnlyDataDirectory.open(data);
        final DirectoryLock.Holder writer = directory.liveWriter();
        if (null != writer)
        {
            command.err().println(command.commandLine().getCommandSpec().qualifiedName() + ": note: " +
                directory.directory() + " is held by a live engine (" + writer.describe() + "); this is a " +
                "point-in-time view of a directory still being written");
            command.err().flush();
        }
        return directory;
    }
}
