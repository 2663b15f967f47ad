package io.archipelago.tool.inspection;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.archipelago.tool.VersionProvider;
import io.archipelago.tool.output.JsonOutput;

/**
 * What {@code archipelago audit} found, as text or as one JSON object.
 *
 * @param directory       the data directory.
 * @param islands         islands.
 * @param stateRebuilt    false when the state could not be rebuilt (then only the link scan ran).
 * @param productsChecked products known to at least one island.
 * @param ordersChecked   orders over every island.
 * @param linkMessages    link messages journaled over every island.
 * @param heldMessages    link messages sent and not yet applied, held in the senders' outboxes.
 * @param unitsCreated    units created and restocked over every product.
 * @param unitsInFlight   units granted and not yet applied, over every product.
 * @param unitsHeld       units held by holds, over every product.
 * @param pendingTimers   users' timers still to fire, over every island.
 * @param violations      every broken invariant.
 * @param pending         orders still pending whose deadline had not passed at the island's last journaled time.
 * @param holds           holds still held, per island in the order their expiries fire.
 */
public record AuditReport(Path directory, int islands, boolean stateRebuilt, int productsChecked, long ordersChecked,
    long linkMessages, long heldMessages, long unitsCreated, long unitsInFlight, long unitsHeld, long pendingTimers,
    List<Violation> violations, List<PendingOrder> pending, List<HeldHold> holds)
{
    private static final Set<String> LINK_KINDS = Set.of("link_source", "duplicate_link_apply", "link_gap",
        "link_journal_mismatch", "unsent_message_applied", "message_lost");
    private static final Set<String> ALLOCATION_KINDS = Set.of("negative_allocation", "allocation_balance");
    private static final Set<String> CONSERVATION_KINDS = Set.of("conservation", "negative_in_flight",
        "units_created");
    private static final Set<String> ORDER_KINDS = Set.of("order_past_deadline", "order_accounts");
    private static final Set<String> TIMER_KINDS = Set.of("timer_overdue");
    private static final int PENDING_SHOWN = 20;

    /**
     * An order still pending whose deadline is ahead of its island's last journaled time.
     *
     * @param partition the island.
     * @param login     the user.
     * @param orderId   the order.
     * @param deadline  its deadline, epoch ms.
     */
    record PendingOrder(int partition, String login, long orderId, long deadline)
    {
    }

    /**
     * A hold whose units are still held at the end of its island's journal.
     *
     * @param partition the island.
     * @param login     the user.
     * @param holdId    the hold.
     * @param expiresAt when its units stop being held, epoch ms.
     */
    record HeldHold(int partition, String login, long holdId, long expiresAt)
    {
    }

    /**
     * @return true when no violation was found.
     */
    public boolean ok()
    {
        return violations.isEmpty();
    }

    /**
     * @param out receives the report as text.
     */
    public void printText(final PrintWriter out)
    {
        out.println(String.format(Locale.ROOT, "audit of %s: %d islands, %,d products, %,d orders, %,d link " +
            "messages", directory, islands, productsChecked, ordersChecked, linkMessages));
        out.println(line("links", count(LINK_KINDS), String.format(Locale.ROOT, "each link's messages applied " +
            "once and in order; none applied that was not sent; %,d sent and not yet applied, all held by their " +
            "senders", heldMessages)));
        if (stateRebuilt)
        {
            out.println(line("allocations", count(ALLOCATION_KINDS), "nothing negative; each island's units balance"));
            out.println(line("conservation", count(CONSERVATION_KINDS), String.format(Locale.ROOT,
                "per product, available + reserved + held + sold + in flight = created + restocked (%,d units; %,d " +
                "held; %,d in flight)", unitsCreated, unitsHeld, unitsInFlight)));
            out.println(line("orders", count(ORDER_KINDS), String.format(Locale.ROOT,
                "none pending past its deadline; sold, reserved and held are what the orders and holds account for; " +
                "%,d pending, deadline not reached", pending.size())));
            out.println(line("timers", count(TIMER_KINDS), String.format(Locale.ROOT,
                "no hold outlives its expiry and no user's timer is left behind past a tick; %,d holds held, %,d " +
                "timers pending", holds.size(), pendingTimers)));
        }
        else
        {
            out.println(String.format(Locale.ROOT, "%-13s %s", "state", "not rebuilt (replay_failed below): " +
                "allocations, conservation, orders and timers were not checked"));
        }
        for (int i = 0; i < pending.size() && i < PENDING_SHOWN; i++)
        {
            final PendingOrder order = pending.get(i);
            out.println(String.format(Locale.ROOT, "pending, deadline not reached: island %d order %d of %s " +
                "(deadline %s)", order.partition(), order.orderId(), order.login(), JournalEntry.time(order.deadline())));
        }
        if (pending.size() > PENDING_SHOWN)
        {
            out.println(String.format(Locale.ROOT, "... and %,d more pending orders (all of them with --json)",
                pending.size() - PENDING_SHOWN));
        }
        for (int i = 0; i < holds.size() && i < PENDING_SHOWN; i++)
        {
            final HeldHold hold = holds.get(i);
            out.println(String.format(Locale.ROOT, "held until its expiry: island %d hold %d of %s (expires %s)",
                hold.partition(), hold.holdId(), hold.login(), JournalEntry.time(hold.expiresAt())));
        }
        if (holds.size() > PENDING_SHOWN)
        {
            out.println(String.format(Locale.ROOT, "... and %,d more held holds (all of them with --json)",
                holds.size() - PENDING_SHOWN));
        }
        for (final Violation violation : violations)
        {
            out.println(violation.toLine());
        }
        out.println(ok() ? "ok: every invariant holds" :
            String.format(Locale.ROOT, "FAILED: %,d violations", violations.size()));
    }

    private long count(final Set<String> kinds)
    {
        long count = 0;
        for (final Violation violation : violations)
        {
            if (kinds.contains(violation.kind()))
            {
                count++;
            }
        }
        return count;
    }

    private static String line(final String check, final long violations, final String claim)
    {
        return String.format(Locale.ROOT, "%-13s %s", check, violations == 0 ? "ok: " + claim :
            String.format(Locale.ROOT, "%,d violations (expected: %s)", violations, claim));
    }

    /**
     * @return the report as one JSON object on one line.
     */
    public String toJson()
    {
        final ObjectNode json = JsonOutput.object()
            .put("command", "audit")
            .put("version", VersionProvider.version())
            .put("data_dir", directory.toString())
            .put("ok", ok())
            .put("islands", islands)
            .put("state_rebuilt", stateRebuilt)
            .put("products_checked", productsChecked)
            .put("orders_checked", ordersChecked)
            .put("link_messages", linkMessages)
            .put("held_messages", heldMessages)
            .put("units_created", unitsCreated)
            .put("units_in_flight", unitsInFlight)
            .put("units_held", unitsHeld)
            .put("held_holds", holds.size())
            .put("pending_timers", pendingTimers);
        final ArrayNode violationsJson = json.putArray("violations");
        for (final Violation violation : violations)
        {
            violation.writeTo(violationsJson);
        }
        final ArrayNode pendingJson = json.putArray("pending");
        for (final PendingOrder order : pending)
        {
            pendingJson.addObject()
                .put("partition", order.partition())
                .put("login", order.login())
                .put("order", order.orderId())
                .put("deadline", order.deadline())
                .put("deadline_time", JournalEntry.time(order.deadline()));
        }
        final ArrayNode holdsJson = json.putArray("holds");
        for (final HeldHold hold : holds)
        {
            holdsJson.addObject()
                .put("partition", hold.partition())
                .put("login", hold.login())
                .put("hold", hold.holdId())
                .put("expires_at", hold.expiresAt())
                .put("expires_time", JournalEntry.time(hold.expiresAt()));
        }
        return JsonOutput.write(json);
    }
}
