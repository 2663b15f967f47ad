package io.archipelago.engine;

import java.nio.file.Path;

import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.ProductView;
import io.archipelago.engine.model.ResultCode;

/**
 * The embedded API example shown in README.md, compiled and run by {@link ReadmeExampleTest}. The test fails when the
 * README's code block and the body of {@link #run(Path)} drift apart.
 */
final class ReadmeExample
{
    private ReadmeExample()
    {
    }

    static void run(final Path dataDirectory)
    {
        // README example start
        ArchipelagoConfig config = ArchipelagoConfig.builder()
            .partitions(8)                       // islands; fixed for the life of the data directory
            .dataDirectory(dataDirectory)        // journals, snapshots, archipelago.meta
            .build();
        try (Archipelago engine = Archipelago.open(config))   // replays existing journals in parallel
        {
            engine.createProduct(42, 1_000).join();           // every island takes its share of the units

            ResultCode placed = engine.placeOrder("alice", 1, new OrderLine(42, 3)).join();
            if (placed != ResultCode.CONFIRMED)
            {
                throw new IllegalStateException("order refused: " + placed);
            }
            // an island short of units asks the others before deciding; only 997 units are left
            ResultCode tooMany = engine.placeOrder("bob", 1, new OrderLine(42, 2_000)).join();  // OUT_OF_STOCK

            ProductView stock = engine.productView(42).join();  // summed over every island
            System.out.println(stock.available() + " available, " + stock.sold() + " sold");
            System.out.println(engine.orderStatus("alice", 1).join().state());   // CONFIRMED
        }
        // README example end
    }
}
