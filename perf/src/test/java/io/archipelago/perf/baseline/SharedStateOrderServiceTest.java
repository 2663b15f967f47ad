package io.archipelago.perf.baseline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.IntToLongFunction;

import io.archipelago.engine.journal.ChronicleSettings;
import io.archipelago.perf.bench.Workload;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedStateOrderServiceTest
{
    static
    {
        ChronicleSettings.apply();
    }

    private static final Workload.Spec SPEC = new Workload.Spec(20_000, 1_000, 16, 1.0, 0.1, 0.2, 4, 4, 7);
    private static final long WAIT_SECONDS = 60;

    @TempDir
    Path dir;

    /**
     * @param threads 1: one submitting thread; 2: the same totals when two threads submit at once.
     */
    @ParameterizedTest(name = "{0} submitting thread(s)")
    @ValueSource(ints = {1, 2})
    void shouldConfirmEveryOrderWhenStockSuffices(final int threads) throws Exception
    {
        final Workload workload = Workload.generate(SPEC);
        final Completions completions = new Completions(workload);
        try (SharedStateOrderService service = new SharedStateOrderService(dir, true))
        {
            service.start(workload);
            Completions.submitFrom(threads, service, completions);
            completions.awaitAll(WAIT_SECONDS);

            completions.assertEveryOrderCompletedExactlyOnce();
            assertEquals(workload.orders(), completions.confirmedCount());
            completions.assertConservation(workload::productUnits, service::available);
            assertEquals(workload.orders(), service.journalRecords());
            assertTrue(service.reportJson().contains("\"journal_records\":" + workload.orders()),
                service.reportJson());
        }
    }

    @Test
    void shouldJournalOneRecordPerOrderWithItsLinesAndOutcome() throws Exception
    {
        final Workload workload = Workload.generate(SPEC.withOrders(2_000));
        final Completions completions = new Completions(workload);
        final IntToLongFunction scarce = Completions.scarceStock(workload);
        try (SharedStateOrderService service = new SharedStateOrderService(dir, true))
        {
            service.start(workload, scarce);
            Completions.submitFrom(1, service, completions);
            completions.awaitAll(WAIT_SECONDS);
        }

        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(dir.resolve(SharedStateOrderService.JOURNAL_DIRECTORY))
            .readOnly(true).build();
            ExcerptTailer tailer = queue.createTailer())
        {
            for (int o = 0; o < workload.orders(); o++)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    assertTrue(dc.isPresent(), "record of order " + o);
                    final OrderRecordDescriptor.Decoded record = OrderRecordDescriptor.decode(dc.wire().bytes());
                    assertEquals(workload.login(o), record.login());
                    assertEquals(workload.orderId(o), record.orderId());
                    assertEquals(completions.confirmed(o), record.confirmed(), "outcome of order " + o);
                    assertArrayEquals(sortedProducts(workload, o), record.products());
                    assertEquals(workload.lineCount(o), record.quantities().length);
                }
            }
            try (DocumentContext dc = tailer.readingDocument())
            {
                assertFalse(dc.isPresent(), "one record per order, no more");
            }
        }
    }

    @Test
    void shouldDecideScarceStockAsASequentialReferenceDoes() throws Exception
    {
        final Workload workload = Workload.generate(SPEC);
        final Completions completions = new Completions(workload);
        final IntToLongFunction scarce = Completions.scarceStock(workload);
        try (SharedStateOrderService service = new SharedStateOrderService(dir, true))
        {
            service.start(workload, scarce);
            Completions.submitFrom(1, service, completions);
            completions.awaitAll(WAIT_SECONDS);

            completions.assertEveryOrderCompletedExactlyOnce();
            final boolean[] reference = Completions.sequentialReference(workload, scarce);
            for (int o = 0; o < workload.orders(); o++)
            {
                assertEquals(reference[o], completions.confirmed(o), "outcome of order " + o);
                assertEquals(reference[o], service.outcome(workload.login(o), workload.orderId(o)),
                    "recorded outcome of order " + o);
            }
            assertTrue(completions.confirmedCount() > 0, "some orders confirmed");
            assertTrue(completions.rejectedMultiLine() > 0, "some multi-line orders rejected");
            completions.assertConservation(scarce, service::available);
        }
    }

    @Test
    void shouldSellEachUnitAtMostOnceWhenTwoThreadsCompeteForScarceStock() throws Exception
    {
        final Workload workload = Workload.generate(SPEC);
        final Completions completions = new Completions(workload);
        final IntToLongFunction scarce = Completions.scarceStock(workload);
        try (SharedStateOrderService service = new SharedStateOrderService(dir, true))
        {
            service.start(workload, scarce);
            Completions.submitFrom(2, service, completions);
            completions.awaitAll(WAIT_SECONDS);

            completions.assertEveryOrderCompletedExactlyOnce();
            assertTrue(completions.rejectedMultiLine() > 0, "some multi-line orders rejected");
            completions.assertConservation(scarce, service::available);
            assertEquals(workload.orders(), service.journalRecords());
        }
    }

    @Test
    void shouldWriteNoJournalWhenNotJournaled() throws Exception
    {
        final Workload workload = Workload.generate(SPEC.withOrders(2_000));
        final Completions completions = new Completions(workload);
        final IntToLongFunction scarce = Completions.scarceStock(workload);
        try (SharedStateOrderService service = new SharedStateOrderService(dir, false))
        {
            service.start(workload, scarce);
            Completions.submitFrom(2, service, completions);
            completions.awaitAll(WAIT_SECONDS);

            completions.assertEveryOrderCompletedExactlyOnce();
            completions.assertConservation(scarce, service::available);
            assertEquals(0, service.journalRecords());
        }
        assertFalse(Files.exists(dir.resolve(SharedStateOrderService.JOURNAL_DIRECTORY)));
    }

    private static long[] sortedProducts(final Workload workload, final int order)
    {
        final long[] products = new long[workload.lineCount(order)];
        for (int i = 0; i < products.length; i++)
        {
            products[i] = workload.product(order, i);
        }
        Arrays.sort(products);
        return products;
    }
}
