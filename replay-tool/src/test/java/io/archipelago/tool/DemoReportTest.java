package io.archipelago.tool;

import static io.archipelago.tool.Json.array;
import static io.archipelago.tool.Json.bool;
import static io.archipelago.tool.Json.number;
import static io.archipelago.tool.Json.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.archipelago.engine.Durability;
import io.archipelago.engine.ResultCode;
import io.archipelago.engine.WaitStrategyKind;
import org.junit.jupiter.api.Test;

class DemoReportTest
{
    private static final Path DATA = Path.of("/var/tmp/demo-data");
    private static final List<String> CLOSE_DIGESTS = List.of("aa", "bb", "cc");

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
        final DemoSettings settings = new DemoSettings(3, 10, 2, 10, 100, 3, 1, 1, 16, 7, DATA, true,
            WaitStrategyKind.BLOCKING, Durability.JOURNALED, 64);
        return new DemoReport(settings, DATA, false, new OrderPhase(tally, 1_000_000), soldUnits,
            new Quiescence(true, 60_000_000), 5_000_000, CLOSE_DIGESTS,
            replay, 2_000_000);
    }

    private static String summary(final DemoReport report)
    {
        final StringWriter text = new StringWriter();
        report.printSummary(new PrintWriter(text, true));
        return text.toString();
    }
}
