package io.archipelago.engine.logic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import io.archipelago.engine.codec.Command;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InventoryLogicDigestTest
{
    private static final long T0 = 1_700_000_000_000L;

    /** One input with the journaled time it is applied at. */
    private record Input(Command command, long timestamp)
    {
    }

    private static Input create(final long productId, final long units, final long timestamp)
    {
        return new Input(new Command().createProduct(productId, units), timestamp);
    }

    private static Input order(final String login, final long orderId, final long timestamp,
        final long... productQty)
    {
        final Command command = new Command().placeOrder(login, orderId);
        for (int i = 0; i < productQty.length; i += 2)
        {
            command.addLine(productQty[i], (int)productQty[i + 1]);
        }
        return new Input(command, timestamp);
    }

    private static Input cancel(final String login, final long orderId, final long timestamp)
    {
        return new Input(new Command().cancelOrder(login, orderId), timestamp);
    }

    private static InventoryLogic run(final InventoryLogic logic, final List<Input> inputs)
    {
        final RecordingOutput out = new RecordingOutput();
        for (final Input input : inputs)
        {
            logic.apply(input.command(), input.timestamp(), out);
            LogicDriver.assertConserved(logic);
        }
        assertEquals(inputs.size(), out.count() + out.nextHandle() - 1, "one reply, now or deferred, per input");
        return logic;
    }

    private static List<Input> randomHistory(final long seed, final int count)
    {
        final Random random = new Random(seed);
        final List<Input> inputs = new ArrayList<>();
        for (long p = 1; p <= 20; p++)
        {
            inputs.add(create(p, 50 + random.nextInt(200), T0 + p));
        }
        for (int i = 0; i < count; i++)
        {
            final long timestamp = T0 + 100 + i;
            final String login = "user-" + random.nextInt(50);
            switch (random.nextInt(10))
            {
                case 0 -> inputs.add(cancel(login, random.nextInt(count), timestamp));
                case 1 -> inputs.add(new Input(new Command().restock(1 + random.nextInt(20), 1 + random.nextInt(30)),
                    timestamp));
                default ->
                {
                    final Command command = new Command().placeOrder(login, i);
                    final int lines = 1 + random.nextInt(3);
                    for (int l = 0; l < lines; l++)
                    {
                        command.addLine(1 + random.nextInt(22), 1 + random.nextInt(5));
                    }
                    inputs.add(new Input(command, timestamp));
                }
            }
        }
        return inputs;
    }

    /**
     * Digests are written into clean-shutdown files and snapshots, and reopening a data directory compares them with
     * a fresh replay: a digest function that changed between versions would make every existing directory refuse to
     * open. These values were computed once; a change to them needs a versioned digest, not a new expected value.
     */
    @Test
    void shouldKeepTheDigestFunctionStableAcrossVersions()
    {
        assertEquals("24d269a36f6469201ebf062c9a08cb9e", run(new InventoryLogic(0, 1), randomHistory(7, 3_000)).digest(),
            "one island, orders, cancellations and restocks");
        final InventoryLogic second = run(new InventoryLogic(1, 2), randomHistory(8, 3_000));
        assertTrue(second.pendingOrderCount() > 0 && second.outbox().link(0).nextSequence() > 1,
            "the history leaves orders waiting and transfer requests sent");
        assertEquals("115f5e196904a75e9783efb3be213362", second.digest(),
            "island 1 of 2: its share of the stock, transfer requests in its outbox, orders waiting for units");
    }

    @Test
    void shouldGiveEqualDigestsWhenTwoLogicsApplyTheSameInputs()
    {
        final List<Input> inputs = randomHistory(42, 5_000);

        final String first = run(new InventoryLogic(0, 1), inputs).digest();
        final String second = run(new InventoryLogic(0, 1), inputs).digest();

        assertEquals(first, second);
        assertEquals(32, first.length(), "128-bit digest as hex");
    }

    @Test
    void shouldGiveDifferentDigestsWhenOneOrderQuantityDiffers()
    {
        final List<Input> inputs = randomHistory(7, 500);
        final List<Input> changed = new ArrayList<>(inputs);
        changed.add(order("alice", 1, T0 + 10_000, 3, 1));
        final List<Input> other = new ArrayList<>(inputs);
        other.add(order("alice", 1, T0 + 10_000, 3, 2));

        assertNotEquals(run(new InventoryLogic(0, 1), changed).digest(),
            run(new InventoryLogic(0, 1), other).digest());
    }

    @Test
    void shouldGiveDifferentDigestsWhenOnlyJournaledTimeOfOneInputDiffers()
    {
        final List<Input> base = List.of(create(1, 10, T0), order("alice", 1, T0 + 5, 1, 1));
        final List<Input> later = List.of(create(1, 10, T0), order("alice", 1, T0 + 6, 1, 1));

        assertNotEquals(run(new InventoryLogic(0, 1), base).digest(), run(new InventoryLogic(0, 1), later).digest());
    }

    @Test
    void shouldGiveDifferentDigestsWhenOnlyOrderLoginDiffers()
    {
        final List<Input> base = List.of(create(1, 10, T0), order("alice", 1, T0 + 5, 1, 1));
        final List<Input> other = List.of(create(1, 10, T0), order("alicf", 1, T0 + 5, 1, 1));

        assertNotEquals(run(new InventoryLogic(0, 1), base).digest(), run(new InventoryLogic(0, 1), other).digest());
    }

    @Test
    void shouldGiveDifferentDigestsWhenOrderIsCancelled()
    {
        final List<Input> base = new ArrayList<>(List.of(create(1, 10, T0), order("alice", 1, T0 + 5, 1, 1)));
        final String before = run(new InventoryLogic(0, 1), base).digest();
        base.add(cancel("alice", 1, T0 + 6));

        assertNotEquals(before, run(new InventoryLogic(0, 1), base).digest());
    }

    @Test
    void shouldGiveDifferentDigestsForDifferentIslandsWithTheSameInputs()
    {
        final List<Input> inputs = List.of(create(1, 10, T0));

        assertNotEquals(run(new InventoryLogic(0, 2), inputs).digest(), run(new InventoryLogic(1, 2), inputs).digest());
    }

    @Test
    void shouldGiveEqualDigestsWhenProductsAreCreatedInDifferentOrder()
    {
        final List<Input> oneTwo = new ArrayList<>(List.of(create(1, 10, T0), create(2, 20, T0)));
        final List<Input> twoOne = new ArrayList<>(List.of(create(2, 20, T0), create(1, 10, T0)));
        for (final List<Input> inputs : List.of(oneTwo, twoOne))
        {
            inputs.add(order("alice", 1, T0 + 1, 1, 3, 2, 4));
            inputs.add(order("bob", 1, T0 + 2, 2, 1));
        }

        assertEquals(run(new InventoryLogic(0, 1), oneTwo).digest(), run(new InventoryLogic(0, 1), twoOne).digest());
    }

    @Test
    void shouldGiveEqualDigestsWhenUsersOrderInDifferentSequenceButEndInSameState()
    {
        final List<Input> aliceFirst = List.of(create(1, 100, T0), order("alice", 1, T0 + 10, 1, 3),
            order("bob", 1, T0 + 20, 1, 4), order("alice", 2, T0 + 30, 1, 5));
        final List<Input> bobFirst = List.of(create(1, 100, T0), order("bob", 1, T0 + 20, 1, 4),
            order("alice", 2, T0 + 30, 1, 5), order("alice", 1, T0 + 10, 1, 3));

        assertEquals(run(new InventoryLogic(0, 1), aliceFirst).digest(),
            run(new InventoryLogic(0, 1), bobFirst).digest());
    }

    @Test
    void shouldGiveEqualDigestsWhenManyProductsAndUsersArriveInShuffledOrder()
    {
        final List<Input> products = new ArrayList<>();
        for (long p = 0; p < 300; p++)
        {
            products.add(create(p * 7919, 1_000, T0));
        }
        final List<Input> orders = new ArrayList<>();
        for (int u = 0; u < 300; u++)
        {
            orders.add(order("user-" + u, u % 5, T0 + 1_000 + u, (u % 300) * 7919L, 1 + u % 4));
        }
        final List<Input> sorted = new ArrayList<>(products);
        sorted.addAll(orders);
        final String expected = run(new InventoryLogic(0, 1), sorted).digest();

        final Random random = new Random(99);
        for (int round = 0; round < 5; round++)
        {
            final List<Input> shuffledProducts = new ArrayList<>(products);
            final List<Input> shuffledOrders = new ArrayList<>(orders);
            Collections.shuffle(shuffledProducts, random);
            Collections.shuffle(shuffledOrders, random);
            final List<Input> shuffled = new ArrayList<>(shuffledProducts);
            shuffled.addAll(shuffledOrders);
            assertEquals(expected, run(new InventoryLogic(0, 1), shuffled).digest(), "round " + round);
        }
    }

    @Test
    void shouldKeepDigestWhenOnlyInvalidOrRefusedInputsFollow()
    {
        final List<Input> inputs = new ArrayList<>(randomHistory(3, 300));
        final String before = run(new InventoryLogic(0, 1), inputs).digest();

        inputs.add(new Input(new Command().placeOrder("", 1).addLine(1, 1), T0 + 50_000));
        inputs.add(new Input(new Command().placeOrder("alice", 77_777).addLine(1, 0), T0 + 50_001));
        inputs.add(new Input(new Command().createProduct(1, 500), T0 + 50_002));
        inputs.add(new Input(new Command().restock(12_345, 5), T0 + 50_003));
        inputs.add(new Input(new Command().cancelOrder("nobody", 1), T0 + 50_004));
        inputs.add(new Input(new Command().createProduct(99, -1), T0 + 50_005));

        assertEquals(before, run(new InventoryLogic(0, 1), inputs).digest());
    }

    @Test
    void shouldSeeDifferentStatesInDigestsOfDivergingRandomHistories()
    {
        final List<String> digests = new ArrayList<>();
        for (long seed = 0; seed < 20; seed++)
        {
            digests.add(run(new InventoryLogic(0, 1), randomHistory(seed, 200)).digest());
        }

        assertEquals(digests.size(), digests.stream().distinct().count());
        assertTrue(digests.stream().allMatch(d -> d.matches("[0-9a-f]{32}")));
    }
}
