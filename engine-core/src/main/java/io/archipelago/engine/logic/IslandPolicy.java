package io.archipelago.engine.logic;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import com.google.common.hash.Hasher;
import io.archipelago.engine.codec.Command;
import io.archipelago.engine.model.TransferPolicy;
import io.archipelago.engine.model.TransferStrategy;

/**
 * The transfer policy an island runs with: the strategy the journal last switched to (by name, among the strategies
 * this engine knows: both built-in ones and the configured one) and its timings. Starts as
 * {@link TransferPolicy#INITIAL}.
 */
final class IslandPolicy
{
    private final int island;
    private final Map<String, TransferStrategy> strategies = new HashMap<>();
    TransferStrategy strategy;
    int transferTimeoutMillis;
    int retryInitialMillis;
    int retryMaxMillis;

    IslandPolicy(final int island, final TransferStrategy configured)
    {
        this.island = island;
        strategies.put(TransferPolicy.INITIAL.strategy().name(), TransferPolicy.INITIAL.strategy());
        strategies.put(TransferPolicy.DEFAULT.strategy().name(), TransferPolicy.DEFAULT.strategy());
        strategies.put(configured.name(), configured);
        final TransferPolicy initial = TransferPolicy.INITIAL;
        this.strategy = initial.strategy();
        this.transferTimeoutMillis = initial.transferTimeoutMillis();
        this.retryInitialMillis = initial.retryInitialMillis();
        this.retryMaxMillis = initial.retryMaxMillis();
    }

    boolean differs(final TransferPolicy policy)
    {
        return !strategy.name().equals(policy.strategy().name()) ||
            transferTimeoutMillis != policy.transferTimeoutMillis() ||
            retryInitialMillis != policy.retryInitialMillis() || retryMaxMillis != policy.retryMaxMillis();
    }

    /**
     * Applies a journaled policy change.
     *
     * @throws IllegalStateException when the journal names a strategy this engine does not know.
     */
    void onSetPolicy(final Command command)
    {
        final TransferStrategy named = strategies.get(command.strategyName());
        if (null == named)
        {
            throw new IllegalStateException("island " + island + ": the journal switches to transfer strategy '" +
                command.strategyName() + "' but this engine knows only " + strategies.keySet() +
                "; configure that strategy to open this data directory");
        }
        strategy = named;
        transferTimeoutMillis = command.transferTimeoutMillis();
        retryInitialMillis = command.retryInitialMillis();
        retryMaxMillis = command.retryMaxMillis();
    }

    /**
     * @param retries rounds retried so far.
     * @return the back-off before the next round, ms.
     */
    long retryDelayMillis(final int retries)
    {
        return Math.min((long)retryInitialMillis << Math.min(retries, 20), retryMaxMillis);
    }

    void writeTo(final DataOutput out) throws IOException
    {
        out.writeUTF(strategy.name());
        out.writeInt(transferTimeoutMillis);
        out.writeInt(retryInitialMillis);
        out.writeInt(retryMaxMillis);
    }

    /**
     * @throws IllegalStateException when the snapshot names a strategy this engine does not know.
     */
    void readFrom(final DataInput in) throws IOException
    {
        final String strategyName = in.readUTF();
        final TransferStrategy named = strategies.get(strategyName);
        if (null == named)
        {
            throw new IllegalStateException("snapshot uses transfer strategy '" + strategyName + "' but this engine " +
                "knows only " + strategies.keySet());
        }
        strategy = named;
        transferTimeoutMillis = in.readInt();
        retryInitialMillis = in.readInt();
        retryMaxMillis = in.readInt();
    }

    void hashInto(final Hasher hasher)
    {
        hasher.putUnencodedChars(strategy.name()).putInt(transferTimeoutMillis).putInt(retryInitialMillis)
            .putInt(retryMaxMillis);
    }
}
