package io.archipelago.perf.jmh;

import java.util.concurrent.TimeUnit;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.logic.InventoryLogic;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link InventoryLogic#digest()} of one island holding {@code users} users with {@code ordersPerUser} decided orders
 * each (one line, confirmed at once, order ids placed in a scrambled order): what replay pays at its end and what
 * every snapshot check and close pays. One operation is one digest of the whole state.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class DigestBenchmark extends ForkedWithChronicleFlags
{
    @Param({"200000"})
    int users;

    @Param({"10"})
    int ordersPerUser;

    private InventoryLogic logic;

    /**
     * Builds the island once per trial.
     */
    @Setup(Level.Trial)
    public void build()
    {
        logic = new InventoryLogic(0, 1);
        final CountingOutput out = new CountingOutput();
        final Command command = new Command();
        long now = 1_700_000_000_000L;
        logic.apply(command.createProduct(1, Command.MAX_UNITS), now, out);
        for (int k = 0; k < ordersPerUser; k++)
        {
            for (int u = 0; u < users; u++)
            {
                final long orderId = (k * 7_919L + u) % (ordersPerUser * 10L);
                logic.apply(command.placeOrder("user-" + u, orderId * 31 + k).addLine(1, 1), ++now, out);
            }
        }
    }

    /**
     * @return the digest.
     */
    @Benchmark
    public String digest()
    {
        return logic.digest();
    }
}
