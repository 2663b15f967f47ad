package io.archipelago.engine;

import java.util.concurrent.TimeUnit;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.Durability;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.router.StockSplit;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Unit limits are checked on numbers every island shares (the command's units, the product's total over all
 * islands), so a create or restock takes effect on every island or on none.
 */
class RestockLimitTest
{
    private static final int PARTITIONS = 3;

    @Test
    void shouldRefuseUnitsAboveTheCommandLimitEverywhere() throws Exception
    {
        try (Archipelago engine = Archipelago.open(ArchipelagoConfig.builder().partitions(PARTITIONS)
            .durability(Durability.NONE).build()))
        {
            assertEquals(ResultCode.INVALID_ARGUMENT, engine.createProduct(1, Command.MAX_UNITS + 1).get(10,
                TimeUnit.SECONDS));
            assertEquals(ResultCode.INVALID_ARGUMENT, engine.createProduct(1, Long.MAX_VALUE).get(10,
                TimeUnit.SECONDS));
            assertEquals(ResultCode.CREATED, engine.createProduct(1, Command.MAX_UNITS).get(10, TimeUnit.SECONDS));
            assertEquals(ResultCode.INVALID_ARGUMENT, engine.restock(1, Command.MAX_UNITS + 1).get(10,
                TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldApplyRestockOnEveryIslandOrOnNoneAtTheProductTotalLimit() throws Exception
    {
        final long units = Command.MAX_UNITS - 1;
        try (Archipelago engine = Archipelago.open(ArchipelagoConfig.builder().partitions(PARTITIONS)
            .durability(Durability.NONE).build()))
        {
            assertEquals(ResultCode.CREATED, engine.createProduct(5, units).get(10, TimeUnit.SECONDS));
            long total = units;
            int refused = 0;
            while (refused == 0)
            {
                final ResultCode result = engine.restock(5, units).get(10, TimeUnit.SECONDS);
                if (result == ResultCode.RESTOCKED)
                {
                    total += units;
                }
                else
                {
                    assertEquals(ResultCode.INVALID_ARGUMENT, result);
                    refused++;
                }
            }
            assertEquals(true, total + units > InventoryLogic.MAX_TOTAL_UNITS, "refused only past the limit");
            long received = 0;
            for (int island = 0; island < PARTITIONS; island++)
            {
                final long islandReceived = engine.productView(island, 5).get(10, TimeUnit.SECONDS).created();
                final long restocks = total / units - 1;
                assertEquals(StockSplit.share(units, PARTITIONS, island) * (restocks + 1), islandReceived,
                    "island " + island + " applied exactly the accepted restocks");
                received += islandReceived;
            }
            assertEquals(total, received);
        }
    }
}
