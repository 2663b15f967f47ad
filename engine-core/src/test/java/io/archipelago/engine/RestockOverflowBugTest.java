package io.archipelago.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.archipelago.router.StockSplit;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RestockOverflowBugTest
{
    private static final int PARTITIONS = 2;

    @Test
    void shouldApplyRestockOnEveryIslandOrOnNoneWhenStockNearsLongMaximum() throws Exception
    {
        final long[][] createThenRestock = {
            {Long.MAX_VALUE, Long.MAX_VALUE},
            {Long.MAX_VALUE, 2},
            {Long.MAX_VALUE - 1, 4}};
        final List<String> problems = new ArrayList<>();
        try (Archipelago engine = Archipelago.open(ArchipelagoConfig.builder().partitions(PARTITIONS)
            .durability(Durability.NONE).build()))
        {
            for (int k = 0; k < createThenRestock.length; k++)
            {
                final long product = 100 + k;
                final long created = createThenRestock[k][0];
                final long restocked = createThenRestock[k][1];
                assertEquals(ResultCode.CREATED, engine.createProduct(product, created).get(10, TimeUnit.SECONDS));

                final ResultCode result = engine.restock(product, restocked).get(10, TimeUnit.SECONDS);

                for (int island = 0; island < PARTITIONS; island++)
                {
                    final long expected = StockSplit.share(created, PARTITIONS, island) +
                        (result == ResultCode.RESTOCKED ? StockSplit.share(restocked, PARTITIONS, island) : 0);
                    final long actual = engine.productView(island, product).get(10, TimeUnit.SECONDS).created();
                    if (expected != actual)
                    {
                        problems.add("create " + created + " then restock " + restocked + " answered " + result +
                            " but island " + island + " holds " + actual + " units received, expected " + expected);
                    }
                }
            }
        }
        assertEquals(List.of(), problems, "a restock must take effect on every island or on none");
    }
}
