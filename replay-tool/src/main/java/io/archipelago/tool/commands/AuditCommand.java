package io.archipelago.tool.commands;

import java.io.PrintWriter;

import io.archipelago.tool.ExitCodes;
import io.archipelago.tool.ToolException;
import io.archipelago.tool.inspection.Audit;
import io.archipelago.tool.inspection.AuditReport;
import io.archipelago.tool.inspection.ReadOnlyDataDirectory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine;

/**
 * {@code archipelago audit}: checks the invariants of the design on a data directory, from its journals alone.
 */
@CommandLine.Command(
    name = "audit",
    header = "Check conservation, allocations, exactly-once links, order deadlines and hold expiries from the " +
        "journals alone.",
    description = {
        "Rebuilds every island's state in memory from its whole journal (read-only, in parallel; snapshots are not " +
            "used: the journals are the record), reads every journal once more, and checks:",
        "links: each island applied the messages of each other island numbered 1..n, each once and in order; none " +
            "that was never sent; every message sent and not applied is still held by its sender.",
        "allocations: no island's available, reserved, held or sold units or transfer counts are negative, and " +
            "each island's units balance.",
        "conservation: per product, over every island, available + reserved + held (by holds) + sold + units in " +
            "flight (grants sent and not yet applied) = units created and restocked.",
        "orders: no order is pending after its deadline passed before its island's last journaled time (orders " +
            "whose deadline is ahead are listed as pending, deadline not reached); each island's sold, reserved " +
            "and held units are what its orders and holds account for.",
        "timers: no hold outlives its expiry and no user's timer is left behind: nothing is due at or before the " +
            "last tick an island applied (holds still held are listed with their expiry).",
        "A journal the logic refuses to replay (a link message applied twice, say) is reported as a violation " +
            "(replay_failed) with the link findings; the state checks are then skipped.",
        "Meant for a closed data directory: a running engine moves on while the journals are read.",
        "" },
    exitCodeList = {
        "0:every invariant holds",
        "1:a violation was found (each is printed, with --json in violations[])",
        "2:bad usage, or a data directory that is missing, empty, foreign or damaged" },
    footer = {
        "  ./archipelago audit --data /tmp/archipelago-demo",
        "      one line per check, then every violation",
        "  ./archipelago audit --data /tmp/archipelago-demo --json | jq '.violations'",
        "      the same for scripts",
        "  ./archipelago audit --data /tmp/archipelago-demo --json | jq -c '.holds[]'",
        "      the holds still held, with their expiry" })
public final class AuditCommand extends ToolCommand
{
    @Mixin
    private ReadOptions options;

    @Override
    public Integer call()
    {
        final PrintWriter out = out();
        final ReadOnlyDataDirectory data = options.open(this);
        final AuditReport report = Audit.run(data, Runtime.getRuntime().availableProcessors());
        if (options.json)
        {
            out.println(report.toJson());
        }
        else
        {
            report.printText(out);
        }
        out.flush();
        if (!report.ok())
        {
            throw ToolException.checkFailed("audit of " + data.directory() + " found " +
                report.violations().size() + " violations");
        }
        return ExitCodes.OK;
    }
}
