package io.archipelago.tool;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.OrderLine;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.router.PartitionRouter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A data directory with holds and users' timers in every state, written by the engine on a clock the test moves, so a
 * hold expires and a timer fires without waiting. Two islands; {@link #USER} lives on {@link #USER_ISLAND} and
 * {@link #OTHER} on the other one.
 * <pre>
 *   START          products 1 (100 units) and 2 (40 units); USER: holds 1..4, order 5, timers 7, 8 (set twice), 9;
 *                  OTHER: hold 1, timer 1
 *   START + 61 s   the clock moves: one TICK expires hold 1 and fires timer 7
 *                  snapshot of every island; USER confirms hold 1 (too late: HOLD_EXPIRED) and hold 2, releases
 *                  hold 3, cancels timer 9; clean close
 * </pre>
 * Left pending: USER's hold 4 (2x4, expires START + 1 h) and timer 8 (START + 2 h, payload 1 2 3); OTHER's hold 1
 * (1x5, expires START + 3 h) and timer 1 (START + 90 min, payload "x").
 */
final class HoldsDirectory
{
    static final int PARTITIONS = 2;
    static final long START = Instant.parse("2027-01-15T08:00:00Z").toEpochMilli();
    static final long AFTER_TICK = START + 61_000;
    static final long PRODUCT = 1;
    static final long OTHER_PRODUCT = 2;

    static final String USER = loginOn(0);
    static final int USER_ISLAND = 0;
    static final String OTHER = loginOn(1);
    static final int OTHER_ISLAND = 1;

    static final long EXPIRED_HOLD = 1;
    static final long CONFIRMED_HOLD = 2;
    static final long RELEASED_HOLD = 3;
    static final long HELD_HOLD = 4;
    static final long HELD_HOLD_EXPIRES = START + 3_600_000;
    static final long ORDER = 5;
    static final long FIRED_TIMER = 7;
    static final long FIRED_TIMER_DUE = START + 30_000;
    static final long PENDING_TIMER = 8;
    static final long PENDING_TIMER_FIRST_DUE = START + 6_000_000;
    static final long PENDING_TIMER_DUE = START + 7_200_000;
    static final byte[] PENDING_TIMER_PAYLOAD = {1, 2, 3};
    static final long CANCELLED_TIMER = 9;

    static final long OTHER_HOLD = 1;
    static final long OTHER_HOLD_EXPIRES = START + 10_800_000;
    static final long OTHER_TIMER = 1;
    static final long OTHER_TIMER_DUE = START + 5_400_000;

    private HoldsDirectory()
    {
    }

    /**
     * @param directory where to write (must not exist).
     * @return the directory, closed cleanly.
     */
    static Path create(final Path directory)
    {
        final AtomicLong now = new AtomicLong(START);
        final ArchipelagoConfig config = ArchipelagoConfig.builder()
            .partitions(PARTITIONS)
            .dataDirectory(directory)
            .clock(now::get)
            .build();
        try (Archipelago engine = Archipelago.open(config))
        {
            assertEquals(ResultCode.CREATED, engine.createProduct(PRODUCT, 100).join());
            assertEquals(ResultCode.CREATED, engine.createProduct(OTHER_PRODUCT, 40).join());

            assertEquals(ResultCode.HELD, engine.hold(USER, EXPIRED_HOLD, Duration.ofMinutes(1),
                new OrderLine(PRODUCT, 3)).join());
            assertEquals(ResultCode.HELD, engine.hold(USER, CONFIRMED_HOLD, Duration.ofMinutes(10),
                new OrderLine(PRODUCT, 2)).join());
            assertEquals(ResultCode.HELD, engine.hold(USER, RELEASED_HOLD, Duration.ofMinutes(10),
                new OrderLine(OTHER_PRODUCT, 1)).join());
            assertEquals(ResultCode.HELD, engine.hold(USER, HELD_HOLD, Duration.ofHours(1),
                new OrderLine(OTHER_PRODUCT, 4)).join());
            assertEquals(ResultCode.CONFIRMED, engine.placeOrder(USER, ORDER, new OrderLine(PRODUCT, 1)).join());
            assertEquals(ResultCode.SCHEDULED, engine.schedule(USER, FIRED_TIMER, Duration.ofSeconds(30),
                "ping".getBytes(StandardCharsets.US_ASCII)).join());
            assertEquals(ResultCode.SCHEDULED, engine.schedule(USER, PENDING_TIMER,
                Instant.ofEpochMilli(PENDING_TIMER_FIRST_DUE), new byte[0]).join());
            assertEquals(ResultCode.SCHEDULED, engine.schedule(USER, PENDING_TIMER,
                Instant.ofEpochMilli(PENDING_TIMER_DUE), PENDING_TIMER_PAYLOAD).join());
            assertEquals(ResultCode.SCHEDULED, engine.schedule(USER, CANCELLED_TIMER, Duration.ofMinutes(5),
                new byte[] {9}).join());
            assertEquals(ResultCode.HELD, engine.hold(OTHER, OTHER_HOLD, Duration.ofHours(3),
                new OrderLine(PRODUCT, 5)).join());
            assertEquals(ResultCode.SCHEDULED, engine.schedule(OTHER, OTHER_TIMER,
                Instant.ofEpochMilli(OTHER_TIMER_DUE), new byte[] {'x'}).join());

            now.set(AFTER_TICK);
            await(() -> engine.orderStatus(USER, EXPIRED_HOLD).join().state() == OrderState.EXPIRED &&
                engine.scheduledDue(USER, FIRED_TIMER).join() == -1, "hold 1 expires and timer 7 fires");

            engine.snapshot();
            assertEquals(ResultCode.HOLD_EXPIRED, engine.confirmHold(USER, EXPIRED_HOLD).join());
            assertEquals(ResultCode.CONFIRMED, engine.confirmHold(USER, CONFIRMED_HOLD).join());
            assertEquals(ResultCode.RELEASED, engine.releaseHold(USER, RELEASED_HOLD).join());
            assertEquals(ResultCode.SCHEDULE_CANCELLED, engine.cancelSchedule(USER, CANCELLED_TIMER).join());
            assertEquals(HELD_HOLD_EXPIRES, engine.orderStatus(USER, HELD_HOLD).join().expiresAt());
        }
        return directory;
    }

    private static void await(final BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        }
    }

    /**
     * @return the first login {@code holder-k} the router puts on the island.
     */
    private static String loginOn(final int island)
    {
        final PartitionRouter router = new PartitionRouter(PARTITIONS);
        for (int k = 0; ; k++)
        {
            final String login = "holder-" + k;
            if (router.partitionOf(login) == island)
            {
                return login;
            }
        }
    }
}
