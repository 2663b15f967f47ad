package io.archipelago.tool.commands;

import java.nio.file.Path;

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
     * @return the data directory, opened and checked.
     * @throws ToolException with exit code 2 when it is missing, empty, foreign or damaged.
     */
    ReadOnlyDataDirectory open()
    {
        return ReadOnlyDataDirectory.open(data);
    }
}
