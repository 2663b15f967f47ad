package io.archipelago.perf.baseline;

import java.util.function.IntToLongFunction;

import com.typesafe.config.Config;
import io.archipelago.perf.bench.Workload;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PekkoOrderServiceTest
{
    private static final Workload.Spec SPEC = new Workload.Spec(20_000, 1_000, 16, 1.0, 0.1, 0.2, 4, 4, 7);
    private static final long WAIT_SECONDS = 60;

    @Test
    void shouldConfirmEveryOrderWhenStockSuffices() throws Exception
    {
        final Workload workload = Workload.generate(SPEC);
        final Completions completions = new Completions(workload);
        final PekkoOrderService service = new PekkoOrderService();
        try (service)
        {
            service.start(workload);
            Completions.submitFrom(1, service, completions);
            completions.awaitAll(WAIT_SECONDS);

            assertEquals(workload.orders(), completions.confirmedCount());
            completions.assertConservation(workload::productUnits, service::available);
            assertEquals(workload.productCount() + workload.totalLines(), service.eventsPersisted(),
                "one Stocked per product and one Reserved per line");
            assertEquals(0, service.releases());
            assertEquals(0, service.askFailures());
        }
        completions.assertEveryOrderCompletedExactlyOnce();
    }

    @Test
    void shouldDecideScarceStockAsASequentialReferenceDoesWhenEachOrderWaitsForThePrevious() throws Exception
    {
        final Workload workload = Workload.generate(SPEC.withOrders(3_000));
        final IntToLongFunction scarce = Completions.scarceStock(workload);
        final Completions completions = new Completions(workload);
        final PekkoOrderService service = new PekkoOrderService();
        try (service)
        {
            service.start(workload, scarce);
            for (int o = 0; o < workload.orders(); o++)
            {
                service.submit(o, completions);
                completions.awaitOrder(o, WAIT_SECONDS);
            }

            final boolean[] reference = Completions.sequentialReference(workload, scarce);
            for (int o = 0; o < workload.orders(); o++)
            {
                assertEquals(reference[o], completions.confirmed(o), "outcome of order " + o);
            }
            assertTrue(completions.confirmedCount() > 0, "some orders confirmed");
            assertTrue(completions.rejectedMultiLine() > 0, "some multi-line orders rejected");
            completions.assertConservation(scarce, service::available);
            assertEquals(0, service.askFailures());
        }
        completions.assertEveryOrderCompletedExactlyOnce();
    }

    @Test
    void shouldGiveBackTheReservedLinesOfRejectedMultiLineOrders() throws Exception
    {
        final Workload workload = Workload.generate(SPEC);
        final IntToLongFunction scarce = Completions.scarceStock(workload);
        final Completions completions = new Completions(workload);
        final PekkoOrderService service = new PekkoOrderService();
        try (service)
        {
            service.start(workload, scarce);
            Completions.submitFrom(1, service, completions);
            completions.awaitAll(WAIT_SECONDS);

            assertTrue(service.releases() > 0, "some lines of rejected orders were reserved, then released");
            completions.assertConservation(scarce, service::available);
            assertEquals(workload.productCount() + completions.confirmedLines() + 2 * service.releases(),
                service.eventsPersisted(), "Stocked per product, Reserved per line reserved, Released per release");
            assertEquals(0, service.askFailures());
        }
        completions.assertEveryOrderCompletedExactlyOnce();
    }

    @Test
    void shouldKeepTheSameTotalsWhenTwoThreadsSubmit() throws Exception
    {
        final Workload workload = Workload.generate(SPEC);
        final Completions completions = new Completions(workload);
        final PekkoOrderService service = new PekkoOrderService();
        try (service)
        {
            service.start(workload);
            Completions.submitFrom(2, service, completions);
            completions.awaitAll(WAIT_SECONDS);

            assertEquals(workload.orders(), completions.confirmedCount());
            completions.assertConservation(workload::productUnits, service::available);
            assertEquals(workload.productCount() + workload.totalLines(), service.eventsPersisted());
            assertEquals(0, service.askFailures());
        }
        completions.assertEveryOrderCompletedExactlyOnce();
    }

    @Test
    void shouldSellEachUnitAtMostOnceWhenTwoThreadsCompeteForScarceStock() throws Exception
    {
        final Workload workload = Workload.generate(SPEC);
        final IntToLongFunction scarce = Completions.scarceStock(workload);
        final Completions completions = new Completions(workload);
        final PekkoOrderService service = new PekkoOrderService();
        try (service)
        {
            service.start(workload, scarce);
            Completions.submitFrom(2, service, completions);
            completions.awaitAll(WAIT_SECONDS);

            assertTrue(completions.rejectedMultiLine() > 0, "some multi-line orders rejected");
            completions.assertConservation(scarce, service::available);
            assertEquals(0, service.askFailures());
        }
        completions.assertEveryOrderCompletedExactlyOnce();
    }

    @Test
    void shouldRunOnTheInMemoryJournalWithoutSerializationOrRemoting()
    {
        final Config config = PekkoOrderService.config();

        assertEquals("pekko.persistence.journal.inmem", config.getString("pekko.persistence.journal.plugin"));
        assertFalse(config.getBoolean("pekko.persistence.journal.inmem.test-serialization"));
        assertFalse(config.getBoolean("pekko.actor.serialize-messages"));
        assertEquals("local", config.getString("pekko.actor.provider"));
        assertEquals(PekkoOrderService.STASH_CAPACITY, config.getInt("pekko.persistence.typed.stash-capacity"));
    }
}
