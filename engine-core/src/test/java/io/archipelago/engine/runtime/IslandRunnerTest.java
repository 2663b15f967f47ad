package io.archipelago.engine.runtime;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.Durability;
import io.archipelago.engine.model.Health;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.WaitStrategyKind;
import io.archipelago.messaging.InProcessTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Islands sharing one runner thread, on real threads and real rings (no journal: these are about who runs what).
 */
class IslandRunnerTest
{
    private final List<Island> islands = new ArrayList<>();

    @AfterEach
    void closeIslands()
    {
        for (final Island island : islands)
        {
            island.close(5_000);
        }
    }

    private RunnerWakeup startRunner(final int count, final WaitStrategyKind kind)
    {
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(count).durability(Durability.NONE)
            .ringSize(64).waitStrategy(kind).submitTimeout(Duration.ZERO).build();
        final InProcessTransport transport = new InProcessTransport(count);
        final RunnerWakeup wakeup = IslandRunner.wakeups(1, kind)[0];
        for (int i = 0; i < count; i++)
        {
            final Island island = new Island(i, count, null, config, transport, wakeup);
            transport.register(i, island);
            islands.add(island);
            island.start();
        }
        new IslandRunner(0, islands, wakeup, kind).start();
        return wakeup;
    }

    private static long sequenceSeenBy(final Island island) throws Exception
    {
        final CompletableFuture<Long> seen = new CompletableFuture<>();
        assertTrue(island.submitQuery((logic, sequence) -> seen.complete(Thread.currentThread().getId())));
        return seen.get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldRunEveryIslandOfAGroupOnTheRunnerThread() throws Exception
    {
        startRunner(3, WaitStrategyKind.BLOCKING);
        final long first = sequenceSeenBy(islands.get(0));
        assertEquals(first, sequenceSeenBy(islands.get(1)));
        assertEquals(first, sequenceSeenBy(islands.get(2)));
        assertTrue(first != Thread.currentThread().getId());
    }

    @Test
    void shouldKeepRunningTheOtherIslandsOfAThreadWhenOneFails() throws Exception
    {
        startRunner(2, WaitStrategyKind.BLOCKING);
        final Island failing = islands.get(0);
        final Island healthy = islands.get(1);
        assertTrue(failing.submitQuery((logic, sequence) ->
        {
            throw new IllegalStateException("injected failure while applying an input");
        }));
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (null == failing.failure() && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        assertNotNull(failing.failure(), "the failing island records its failure");
        assertEquals(IngressPublisher.REFUSED_FAILED,
            IngressPublisher.claim(failing, IngressPublisher.Claimant.COMMAND, 0), "a failed island takes no more work");

        sequenceSeenBy(healthy);
        assertNull(failing.close(5_000), "no digest from a failed island");
        assertNotNull(healthy.close(5_000), "the healthy island drains and closes normally");
    }

    @ParameterizedTest
    @EnumSource(WaitStrategyKind.class)
    void shouldAnswerEveryRoundTripWithoutLosingAWakeup(final WaitStrategyKind kind) throws Exception
    {
        final RunnerWakeup wakeup = startRunner(2, kind);
        final int roundTrips = kind == WaitStrategyKind.BLOCKING ? 20_000 : 2_000;
        for (int i = 0; i < roundTrips; i++)
        {
            final CompletableFuture<Long> answer = new CompletableFuture<>();
            assertTrue(islands.get(i & 1).submitQuery((logic, sequence) -> answer.complete(sequence)));
            answer.get(10, TimeUnit.SECONDS);
            assertEquals(0, wakeup.lateWakeups(), () -> "round trip " + answer.join() + ": the runner found " +
                "published work by its own timeout, not by a signal");
        }
    }

    @ParameterizedTest
    @EnumSource(value = WaitStrategyKind.class, names = {"BLOCKING", "SLEEPING"})
    void shouldStayParkedWhenIdleEvenAfterItsThreadIsInterrupted(final WaitStrategyKind kind) throws Exception
    {
        startRunner(2, kind);
        final CompletableFuture<Thread> runnerThread = new CompletableFuture<>();
        assertTrue(islands.get(0).submitQuery((logic, sequence) -> runnerThread.complete(Thread.currentThread())));
        final Thread runner = runnerThread.get(10, TimeUnit.SECONDS);

        runner.interrupt();
        sequenceSeenBy(islands.get(1));
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final long before = threads.getThreadCpuTime(runner.getId());
        Thread.sleep(500);
        final long used = threads.getThreadCpuTime(runner.getId()) - before;

        assertTrue(used < TimeUnit.MILLISECONDS.toNanos(150),
            () -> "an idle runner used " + TimeUnit.NANOSECONDS.toMillis(used) + " ms of CPU in 500 ms");
        sequenceSeenBy(islands.get(0));
    }

    @Test
    void shouldFinishClosingWhenTheIslandFailsWhileCloseWaitsForRoomInItsRing() throws Exception
    {
        startRunner(1, WaitStrategyKind.BLOCKING);
        final Island island = islands.get(0);
        final CountDownLatch release = holdRunner(island, true);
        int queued = 0;
        while (island.submitQuery((logic, sequence) ->
        {
        }))
        {
            queued++;
        }
        assertEquals(63, queued, "the ring of 64 is full behind the input being applied");
        final CompletableFuture<String> closing = CompletableFuture.supplyAsync(() -> island.close(60_000));
        Thread.sleep(100);
        release.countDown();

        assertNull(closing.get(10, TimeUnit.SECONDS), "close returns once the island failed, with no digest");
        assertNotNull(island.failure());
    }

    @Test
    void shouldAnswerEveryCommandAndQueryQueuedInTheRingWhenTheIslandFails() throws Exception
    {
        startRunner(2, WaitStrategyKind.BLOCKING);
        final Island island = islands.get(0);
        final IngressPublisher publisher = new IngressPublisher(islands.toArray(new Island[0]));
        final CountDownLatch release = holdRunner(island, true);
        final int commands = 20;
        final List<CompletableFuture<ResultCode>> results = new ArrayList<>();
        for (int i = 0; i < commands; i++)
        {
            final CompletableFuture<ResultCode> result = new CompletableFuture<>();
            results.add(result);
            final long slot = publisher.claim(0);
            assertTrue(slot >= 0);
            publisher.command(0, slot, (correlationId, code) -> result.complete(code), i).cancelOrder("user", i);
            publisher.publish(0, slot);
        }
        final CompletableFuture<Long> query = new CompletableFuture<>();
        assertNull(publisher.query(0, (logic, sequence) -> query.complete(sequence), query));

        release.countDown();

        for (final CompletableFuture<ResultCode> result : results)
        {
            assertEquals(ResultCode.ISLAND_FAILED, result.get(10, TimeUnit.SECONDS));
        }
        final ExecutionException failed = assertThrows(ExecutionException.class, () -> query.get(10, TimeUnit.SECONDS));
        assertTrue(failed.getCause().getMessage().contains("island 0 has failed") &&
            failed.getCause().getMessage().contains("injected failure while the runner was held"),
            failed.getCause().getMessage());
        assertEquals(IngressPublisher.REFUSED_FAILED, publisher.claim(0), "later commands are refused at once");
        assertEquals(ResultCode.ISLAND_FAILED, IngressPublisher.refusal(publisher.claim(0)));
        assertTrue(publisher.query(0, (logic, sequence) ->
        {
        }, null).contains("island 0 has failed"));
        assertEquals(Health.Lifecycle.FAILED, island.health().state());
        assertTrue(island.health().cause().contains("injected failure while the runner was held"));
        assertEquals(Health.Lifecycle.RUNNING, islands.get(1).health().state());
        sequenceSeenBy(islands.get(1));
        assertNull(island.close(5_000));
    }

    @Test
    void shouldMoveThroughTheLifecycleStatesAndRefuseClaimsByState() throws Exception
    {
        startRunner(1, WaitStrategyKind.BLOCKING);
        final Island island = islands.get(0);
        assertEquals(Health.Lifecycle.RUNNING, island.state());

        island.stopTakingCommands();
        assertEquals(Health.Lifecycle.DRAINING, island.state());
        assertEquals(IngressPublisher.REFUSED_CLOSED, IngressPublisher.claim(island, IngressPublisher.Claimant.COMMAND,
            0), "a draining island takes no client command");
        sequenceSeenBy(island);

        assertNotNull(island.close(5_000));
        assertEquals(Health.Lifecycle.CLOSED, island.state());
        assertEquals(IngressPublisher.REFUSED_CLOSED, IngressPublisher.claim(island, IngressPublisher.Claimant.QUERY,
            0));
        assertNull(island.close(5_000), "a second close does nothing");
    }

    @Test
    void shouldApplyNothingMoreOnceCloseGaveUpWaiting() throws Exception
    {
        startRunner(1, WaitStrategyKind.BLOCKING);
        final Island island = islands.get(0);
        final CountDownLatch release = holdRunner(island, false);
        final AtomicInteger appliedAfter = new AtomicInteger();
        for (int i = 0; i < 20; i++)
        {
            assertTrue(island.submitQuery((logic, sequence) -> appliedAfter.incrementAndGet()));
        }

        final CompletableFuture<String> closing = CompletableFuture.supplyAsync(() -> island.close(200));
        assertNull(closing.get(10, TimeUnit.SECONDS), "close gives up on the digest after its timeout");
        release.countDown();
        Thread.sleep(500);

        assertEquals(0, appliedAfter.get(), "the inputs behind the slow one were not applied after close gave up");
    }

    /**
     * Keeps the island's runner inside one input until the returned latch is released; the input then throws if
     * {@code thenFail}.
     */
    private static CountDownLatch holdRunner(final Island island, final boolean thenFail) throws InterruptedException
    {
        final CountDownLatch inside = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        assertTrue(island.submitQuery((logic, sequence) ->
        {
            inside.countDown();
            try
            {
                release.await(30, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            if (thenFail)
            {
                throw new IllegalStateException("injected failure while the runner was held");
            }
        }));
        assertTrue(inside.await(10, TimeUnit.SECONDS));
        return release;
    }

    @Test
    void shouldApplyEverythingPublishedBeforeCloseAndThenLetTheIslandGo() throws Exception
    {
        startRunner(2, WaitStrategyKind.BLOCKING);
        final Island island = islands.get(0);
        final int[] applied = new int[1];
        final int queries = 50;
        for (int i = 0; i < queries; i++)
        {
            assertTrue(island.submitQuery((logic, sequence) -> applied[0]++));
        }
        assertNotNull(island.close(5_000));
        assertEquals(queries, applied[0], "every input in the ring was applied before close returned");
        assertEquals(IngressPublisher.REFUSED_CLOSED, IngressPublisher.claim(island, IngressPublisher.Claimant.COMMAND, 0));
        sequenceSeenBy(islands.get(1));
    }
}
