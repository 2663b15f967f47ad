package io.archipelago.tool.demo;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.archipelago.engine.model.Durability;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.WaitStrategyKind;
import io.archipelago.tool.Json;
import io.archipelago.tool.inspection.StockTotals;
import io.archipelago.tool.inspection.TransferTotals;
import org.junit.jupiter.api.Test;

import static io.archipelago.tool.Json.array;
import static io.archipelago.tool.Json.bool;
import static io.archipelago.tool.Json.decimal;
import static io.archipelago.tool.Json.number;
import static io.archipelago.tool.Json.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoReportTest
{
    private static final Path DATA = Path.of("/var/tmp/demo-data");
    private static final List<String> CLOSE_DIGESTS = List.of("aa", "bb", "cc");
    private static final TransferTotals TRANSFERS = new TransferTotals(9, 5, 3, 12, 1, 4);

    @Test
    void shouldPassWhenEveryOrderIsDecidedAndReplayMatches()
    {
        final DemoReport report = report(tally(8, 2, 16), 16, new ReplayCheck(true, CLOSE_DIGESTS, List.of(), 13,
            1_000_000, true));

        assertEquals(List.of(), report.failures());
        assertTrue(bool(Json.parseObject(report.toJson()), "ok"));
    }

    @Test
    void shouldFailWhenReplayReachesOtherDigests()
    {
        final DemoReport report = report(tally(10, 0, 20), 20,
            new ReplayCheck(true, List.of("aa", "XX", "cc"), List.of(1), 13, 1_000_000, true));

        assertEquals(1, report.failures().size());
        assertTrue(report.failures().get(0).contains("islands [1]"), report.failures()::toString);
        final Map<String, Object> json = Json.parseObject(report.toJson());
        assertFalse(bool(json, "ok"));
        assertFalse(bool(object(json, "replay"), "verified"));
        assertEquals(List.of(1L), array(object(json, "replay"), "mismatched_partitions"));
        assertTrue(summary(report).contains("replay      FAILED"), summary(report));
    }

    @Test
    void shouldFailWhenUnitsSoldDifferFromConfirmedOrders()
    {
        final DemoReport report = report(tally(10, 0, 20), 21, replayed());

        assertTrue(report.failures().get(0).contains("21 units sold but confirmed orders hold 20"),
            report.failures()::toString);
    }

    @Test
    void shouldFailWhenMoreUnitsAreSoldThanCreated()
    {
        final DemoReport report = report(tally(10, 0, 1_000), 1_000, replayed());

        assertTrue(report.failures().contains("1000 units sold but only 200 were created"),
            report.failures()::toString);
    }

    @Test
    void shouldReportTransfersAndWhereTheUnitsAre()
    {
        final DemoReport report = report(tally(8, 2, 20), new StockTotals(200, 20, 170, 4, 6), TRANSFERS,
            replayed());

        assertEquals(List.of(), report.failures());
        final Map<String, Object> json = Json.parseObject(report.toJson());
        final Map<String, Object> units = object(json, "units");
        assertEquals(200, number(units, "created"));
        assertEquals(20, number(units, "confirmed"));
        assertEquals(20, number(units, "sold"));
        assertEquals(170, number(units, "available"));
        assertEquals(4, number(units, "reserved"));
        assertEquals(6, number(units, "in_flight"));
        final Map<String, Object> transfers = object(json, "transfers");
        assertEquals(9, number(transfers, "requested"));
        assertEquals(5, number(transfers, "granted"));
        assertEquals(3, number(transfers, "denied"));
        assertEquals(12, number(transfers, "units_moved"));
        assertEquals(1, number(transfers, "timeouts"));
        assertEquals(4, number(object(json, "orders"), "needed_transfer"));
        assertEquals(0.625, decimal(json, "transfers_per_confirmed_order"), 1e-9);
        final Map<String, Object> config = object(json, "config");
        assertEquals(0.25, decimal(config, "skew"), 0);
        assertEquals(1500, number(config, "order_timeout_ms"));
        final List<String> summary = summary(report).lines().toList();
        assertTrue(summary.contains("units       20 sold of 200 created (equal to the units of confirmed orders); " +
            "170 available, 4 reserved, 6 in flight"), summary::toString);
        assertTrue(summary.contains("transfers   9 requests: 5 grants, 3 denials, 1 timed out; 12 units moved; " +
            "4 orders waited for a transfer"), summary::toString);
        assertTrue(DemoReport.describe(report.settings()).contains("10 users + 8 heavy users placing a share of " +
            "0.25 of the orders"), DemoReport.describe(report.settings()));
    }

    @Test
    void shouldCountSingleTransfersInTheSingular()
    {
        final DemoReport report = report(tally(10, 0, 20), new StockTotals(200, 20, 180, 0, 0),
            new TransferTotals(1, 1, 0, 1, 0, 1), replayed());

        assertTrue(summary(report).lines().toList().contains(
            "transfers   1 request: 1 grant, 0 denials; 1 unit moved; 1 order waited for a transfer"), summary(report));
    }

    @Test
    void shouldFailWhenUnitsDoNotBalance()
    {
        final DemoReport report = report(tally(10, 0, 20), new StockTotals(200, 20, 170, 0, 0), TRANSFERS,
            replayed());

        assertEquals(List.of("units do not balance: 200 created but 20 sold + 170 available + 0 reserved + " +
            "0 in flight = 190"), report.failures());
        assertFalse(bool(Json.parseObject(report.toJson()), "ok"));
        assertTrue(summary(report).contains("(UNBALANCED: 190 accounted for)"), summary(report));
    }

    @Test
    void shouldFailWhenTheIslandsCreatedOtherUnitsThanTheDemo()
    {
        final DemoReport report = report(tally(10, 0, 20), new StockTotals(300, 20, 280, 0, 0), TRANSFERS,
            replayed());

        assertEquals(List.of("the islands report 300 units created but the demo created 200"), report.failures());
    }

    @Test
    void shouldReportNoTransfersPerOrderWhenNothingWasConfirmed()
    {
        final DemoReport report = report(tally(0, 10, 0), new StockTotals(200, 0, 200, 0, 0), TRANSFERS,
            replayed());

        assertEquals(0.0, decimal(Json.parseObject(report.toJson()), "transfers_per_confirmed_order"));
    }

    @Test
    void shouldFailWhenSomeOrdersWereNeverDecided()
    {
        final DemoReport report = report(tally(5, 0, 10), 10, replayed());

        assertTrue(report.failures().contains("5 of 10 orders were decided"), report.failures()::toString);
    }

    @Test
    void shouldCountRejectionsByReason()
    {
        final OrderTally tally = tally(6, 3, 12);
        tally.record(ResultCode.UNKNOWN_PRODUCT, 1);

        final Map<String, Object> orders = object(Json.parseObject(report(tally, 12, replayed()).toJson()), "orders");

        assertEquals(6, number(orders, "confirmed"));
        assertEquals(4, number(orders, "rejected"));
        assertEquals(Map.of("OUT_OF_STOCK", 3L, "UNKNOWN_PRODUCT", 1L), object(orders, "rejected_by_reason"));
    }

    private static ReplayCheck replayed()
    {
        return new ReplayCheck(true, CLOSE_DIGESTS, List.of(), 13, 1_000_000, true);
    }

    private static OrderTally tally(final int confirmed, final int outOfStock, final long confirmedUnits)
    {
        final OrderTally tally = new OrderTally();
        for (int i = 0; i < confirmed; i++)
        {
            tally.record(ResultCode.CONFIRMED, i == 0 ? confirmedUnits - (confirmed - 1) : 1);
        }
        for (int i = 0; i < outOfStock; i++)
        {
            tally.record(ResultCode.OUT_OF_STOCK, 5);
        }
        return tally;
    }

    private static DemoReport report(final OrderTally tally, final long soldUnits, final ReplayCheck replay)
    {
        return report(tally, new StockTotals(200, soldUnits, 200 - soldUnits, 0, 0), TRANSFERS, replay);
    }

    private static DemoReport report(final OrderTally tally, final StockTotals stock, final TransferTotals transfers,
        final ReplayCheck replay)
    {
        final DemoSettings settings = new DemoSettings(3, 10, 0.25, 2, 10, 100, 1, 3, 1, 1, 16, 7, DATA, true,
            WaitStrategyKind.BLOCKING, Durability.JOURNALED, 64, 1500, 50_000, 2);
        return new DemoReport(settings, DATA, false, new OrderPhase(tally, 1_000_000), stock, transfers,
            new Quiescence(true, 60_000_000), 5_000_000, CLOSE_DIGESTS, replay, 2_000_000);
    }

    private static String summary(final DemoReport report)
    {
        final StringWriter text = new StringWriter();
        report.printSummary(new PrintWriter(text, true));
        return text.toString();
    }
}
