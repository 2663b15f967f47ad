package io.archipelago.perf.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.archipelago.router.PartitionRouter;
import org.junit.jupiter.api.Test;

class WorkloadTest
{
    private static final Workload.Spec SPEC = new Workload.Spec(50_000, 5_000, 100, 1.0, 0.1, 0.2, 4, 8, 11);

    @Test
    void shouldGenerateTheSameWorkloadFromTheSameSpec()
    {
        final Workload a = Workload.generate(SPEC);
        final Workload b = Workload.generate(SPEC);
        assertEquals(a.totalLines(), b.totalLines());
        for (int o = 0; o < a.orders(); o++)
        {
            assertEquals(a.login(o), b.login(o));
            assertEquals(a.lineCount(o), b.lineCount(o));
            for (int l = 0; l < a.lineCount(o); l++)
            {
                assertEquals(a.product(o, l), b.product(o, l));
            }
        }
        final Workload other = Workload.generate(new Workload.Spec(50_000, 5_000, 100, 1.0, 0.1, 0.2, 4, 8, 12));
        int differing = 0;
        for (int o = 0; o < 1_000; o++)
        {
            differing += a.login(o).equals(other.login(o)) ? 0 : 1;
        }
        assertTrue(differing > 900, "another seed gives other orders");
    }

    @Test
    void shouldStockEveryProductForItsDemand()
    {
        final Workload w = Workload.generate(SPEC);
        final Map<Long, Long> demand = new HashMap<>();
        for (int o = 0; o < w.orders(); o++)
        {
            for (int l = 0; l < w.lineCount(o); l++)
            {
                demand.merge(w.product(o, l), (long)w.quantity(o, l), Long::sum);
            }
        }
        final Map<Long, Long> stock = new HashMap<>();
        for (int p = 0; p < w.productCount(); p++)
        {
            stock.put(w.productId(p), w.productUnits(p));
        }
        for (final Map.Entry<Long, Long> entry : demand.entrySet())
        {
            final long product = entry.getKey();
            assertTrue(stock.containsKey(product), "every ordered product exists: " + product);
            if (product >= Workload.HOT_PRODUCT_BASE)
            {
                assertEquals(2 * entry.getValue(), stock.get(product), "hot stock is twice its demand");
            }
            else
            {
                assertTrue(stock.get(product) >= 4L * w.orders(), "catalogue stock never runs out");
            }
        }
    }

    @Test
    void shouldBuyEachHotProductOnlyFromItsIsland()
    {
        final Workload w = Workload.generate(SPEC);
        final PartitionRouter router = new PartitionRouter(SPEC.islands());
        int hot = 0;
        for (int o = 0; o < w.orders(); o++)
        {
            if (w.product(o, 0) >= Workload.HOT_PRODUCT_BASE)
            {
                hot++;
                assertEquals(1, w.lineCount(o));
                assertEquals(w.product(o, 0) - Workload.HOT_PRODUCT_BASE, router.partitionOf(w.login(o)));
            }
        }
        assertEquals(0.1, hot / (double)w.orders(), 0.01, "hot share");
    }

    @Test
    void shouldGiveMultiLineOrdersDistinctProducts()
    {
        final Workload w = Workload.generate(SPEC);
        int multi = 0;
        for (int o = 0; o < w.orders(); o++)
        {
            final int lines = w.lineCount(o);
            assertTrue(lines >= 1 && lines <= SPEC.maxLines());
            if (lines > 1)
            {
                multi++;
                final Set<Long> products = new HashSet<>();
                for (int l = 0; l < lines; l++)
                {
                    assertTrue(products.add(w.product(o, l)), "order " + o + " repeats a product");
                }
            }
        }
        assertEquals(0.9 * 0.2, multi / (double)w.orders(), 0.01, "multi-line share of catalogue orders");
    }

    @Test
    void shouldSkewPopularityWithTheZipfExponent()
    {
        final Workload uniform = Workload.generate(new Workload.Spec(50_000, 5_000, 100, 0, 0, 0, 2, 1, 3));
        final Workload skewed = Workload.generate(new Workload.Spec(50_000, 5_000, 100, 1.2, 0, 0, 2, 1, 3));
        final long topUniform = countOf(uniform, 1);
        final long topSkewed = countOf(skewed, 1);
        assertEquals(500, topUniform, 100, "uniform: product 1 gets about 1/100 of the orders");
        assertTrue(topSkewed > 10 * topUniform, "skewed: product 1 is far more popular (" + topSkewed + ")");
        assertNotEquals(countOf(skewed, 1), countOf(skewed, 100));
    }

    @Test
    void shouldRefuseSettingsOutOfRange()
    {
        assertThrows(IllegalArgumentException.class, () -> new Workload.Spec(0, 1, 8, 0, 0, 0, 2, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Workload.Spec(1, 1, 8, -1, 0, 0, 2, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Workload.Spec(1, 1, 8, 0, 1.5, 0, 2, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Workload.Spec(1, 1, 8, 0, 0, 0, 9, 1, 1));
    }

    private static long countOf(final Workload w, final long product)
    {
        long count = 0;
        for (int o = 0; o < w.orders(); o++)
        {
            count += w.product(o, 0) == product ? 1 : 0;
        }
        return count;
    }
}
