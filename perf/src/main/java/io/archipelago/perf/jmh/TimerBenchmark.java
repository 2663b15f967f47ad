package io.archipelago.perf.jmh;

import java.util.concurrent.TimeUnit;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.RecordDescriptor;
import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.engine.model.ResultCode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Users' timers through {@link InventoryLogic#apply} of island 0 of 1, without journal or ring, with
 * {@value #PAYLOAD}-byte payloads over {@value #LOGINS} rotating logins and increasing keys:
 * <ul>
 *   <li>{@code scheduleAndFire}: one operation is one {@code SCHEDULE}; every {@value #PER_MILLI} of them journaled
 *       time moves 1 ms on and a {@code TICK} fires what fell due. Each timer is due 1 to {@value #SPREAD} ms ahead
 *       (a fixed hash of its key), so timers land in the wheel's 1-ms slots and in the far windows beyond them, and
 *       each tick fires about {@value #PER_MILLI}. Once per trial a fresh island runs {@value #SPREAD} ms of this
 *       unmeasured, so every iteration measures the island in its steady state (about {@value #PER_MILLI} x
 *       {@value #SPREAD} / 2 timers pending, as many fired as scheduled).</li>
 *   <li>{@code schedule}: {@code SCHEDULE} alone, due 1 ms to 2 hours ahead, into a fresh island per iteration
 *       (pending timers grow through the iteration, so the user maps grow too).</li>
 * </ul>
 * Scheduling keeps a timer object and a copy of the payload for every timer by design; {@code -prof gc} shows them
 * in {@code gc.alloc.rate.norm}. Replies are checked to be {@code SCHEDULED} after every iteration, and the timers
 * fired plus pending to add up to those scheduled.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TimerBenchmark extends ForkedWithChronicleFlags
{
    static final int LOGINS = 1024;
    static final int PAYLOAD = 16;
    static final int PER_MILLI = 64;
    static final int SPREAD = 8192;
    static final long TWO_HOURS = 2 * 3600 * 1000L;

    /**
     * One island and its inputs.
     */
    abstract static class Island
    {
        final Command command = new Command();
        final String[] logins = new String[LOGINS];
        final byte[] payload = new byte[PAYLOAD];
        CountingOutput out;
        InventoryLogic logic;
        long now;
        long nextKey;

        /**
         * A fresh island and fresh counters.
         */
        void open()
        {
            for (int i = 0; i < LOGINS; i++)
            {
                logins[i] = "user-" + i;
            }
            for (int b = 0; b < PAYLOAD; b++)
            {
                payload[b] = (byte)b;
            }
            logic = new InventoryLogic(0, 1);
            out = new CountingOutput();
            now = LogicBenchmark.TIMESTAMP;
            nextKey = 0;
        }

        void schedule(final long dueIn)
        {
            final long key = nextKey++;
            command.schedule(logins[(int)(key & (LOGINS - 1))], key, now + dueIn, RecordDescriptor.WHEN_AT, payload,
                0, PAYLOAD);
            logic.apply(command, now, out);
        }

        /**
         * @throws IllegalStateException when a reply was not SCHEDULED, or a timer neither fired nor is pending.
         */
        void checkCounts()
        {
            out.expectOnly(ResultCode.SCHEDULED);
            final long scheduled = out.count(ResultCode.SCHEDULED);
            if (scheduled != nextKey || scheduled != out.fired() + logic.scheduledCount())
            {
                throw new IllegalStateException(nextKey + " scheduled, " + scheduled + " replies SCHEDULED, " +
                    out.fired() + " fired, " + logic.scheduledCount() + " pending");
            }
        }
    }

    /**
     * An island in its steady state, built once per trial: as many timers fire per millisecond as are scheduled, so
     * the state does not grow and iterations carry on from each other.
     */
    @State(Scope.Thread)
    public static class Steady extends Island
    {
        /**
         * A fresh island, run for {@value #SPREAD} ms of journaled time.
         */
        @Setup(Level.Trial)
        public void fill()
        {
            open();
            for (int ms = 0; ms < SPREAD; ms++)
            {
                step();
            }
        }

        void step()
        {
            for (int i = 0; i < PER_MILLI; i++)
            {
                schedule(1 + ((nextKey * 0x9E37_79B9_7F4A_7C15L) >>> 40) % SPREAD);
            }
            now++;
            logic.apply(command.tick(), now, out);
        }

        /**
         * Every reply SCHEDULED, timers fired, and every timer fired or pending.
         */
        @TearDown(Level.Iteration)
        public void check()
        {
            checkCounts();
            if (out.fired() == 0)
            {
                throw new IllegalStateException("no timer fired");
            }
        }
    }

    /**
     * A fresh island before every iteration, that only schedules.
     */
    @State(Scope.Thread)
    public static class Growing extends Island
    {
        /**
         * A fresh island.
         */
        @Setup(Level.Iteration)
        public void reset()
        {
            open();
        }

        /**
         * Every reply SCHEDULED and every timer pending.
         */
        @TearDown(Level.Iteration)
        public void check()
        {
            checkCounts();
        }
    }

    /**
     * @param island the island in its steady state.
     * @return timers pending.
     */
    @Benchmark
    @OperationsPerInvocation(PER_MILLI)
    public int scheduleAndFire(final Steady island)
    {
        island.step();
        return island.logic.scheduledCount();
    }

    /**
     * @param island a fresh island.
     * @return timers pending.
     */
    @Benchmark
    public int schedule(final Growing island)
    {
        island.schedule(1 + ((island.nextKey * 0x9E37_79B9_7F4A_7C15L) >>> 24) % TWO_HOURS);
        return island.logic.scheduledCount();
    }
}
