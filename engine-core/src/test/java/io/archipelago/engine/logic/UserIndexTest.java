package io.archipelago.engine.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import io.archipelago.engine.codec.Command;
import org.junit.jupiter.api.Test;

/**
 * The two per-island indexes of the order path against plain Java collections on seeded random input: users found by
 * their login bytes ({@link UserTable}) and a user's decided orders ({@link ArchivedOrders}): ids in order, a little
 * out of order (moved into place) and far out of order (moved to the map).
 */
class UserIndexTest
{
    @Test
    void shouldFindEveryUserByTheBytesOfItsLoginAndNoOther()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            final SplittableRandom random = new SplittableRandom(seed);
            final UserTable table = new UserTable();
            final Map<String, UserOrders> reference = new HashMap<>();
            final List<String> tried = new ArrayList<>();
            for (int i = 0; i < 5_000; i++)
            {
                final String login = randomLogin(random);
                tried.add(login);
                final Command command = new Command().placeOrder(login, 1);
                final UserOrders found = table.get(command.loginBytes(), command.loginLength());
                assertSame(reference.get(login), found, login);
                if (null == found)
                {
                    final UserOrders user = new UserOrders(login);
                    table.put(user);
                    reference.put(login, user);
                }
            }
            assertEquals(reference.size(), table.size());
            assertEquals(reference.size(), table.values().length);
            for (final String login : tried)
            {
                assertSame(reference.get(login), table.get(login), login);
                final byte[] longer = java.util.Arrays.copyOf(login.getBytes(StandardCharsets.UTF_8), 300);
                longer[login.getBytes(StandardCharsets.UTF_8).length] = 'x';
                assertSame(reference.get(login), table.get(longer, login.getBytes(StandardCharsets.UTF_8).length),
                    "bytes past the login's length must not matter: " + login);
            }
        }
    }

    @Test
    void shouldTellLoginsApartThatShareTheirFirstSixteenBytes()
    {
        final UserTable table = new UserTable();
        final String stem = "0123456789abcdef";
        table.put(new UserOrders(stem + "A"));
        table.put(new UserOrders(stem));
        assertEquals(stem + "A", table.get(stem + "A").login);
        assertEquals(stem, table.get(stem).login);
        assertNull(table.get(stem + "B"));
        assertNull(table.get(stem.substring(0, 15)));
        assertNull(table.get("\uD800"), "a login no command could carry is nobody");
    }

    @Test
    void shouldKeepDecidedOrdersInIdOrderAndAnyOrder()
    {
        for (int seed = 0; seed < 40; seed++)
        {
            final SplittableRandom random = new SplittableRandom(seed);
            final ArchivedOrders orders = new ArchivedOrders();
            final TreeMap<Long, Long> reference = new TreeMap<>();
            final int outOfOrderFrom = random.nextInt(3) == 0 ? Integer.MAX_VALUE : random.nextInt(2_000);
            long next = random.nextLong(-1_000, 1_000);
            for (int i = 0; i < 2_000; i++)
            {
                final long orderId = i >= outOfOrderFrom ? random.nextLong(-5_000, 5_000) :
                    seed % 2 == 0 && random.nextInt(4) == 0 ? next - random.nextInt(200) : next;
                next += 1 + random.nextInt(3);
                final long address = random.nextLong(0, Long.MAX_VALUE);
                orders.put(orderId, address);
                reference.put(orderId, address);
                final long probe = random.nextLong(-6_000, 6_000);
                assertEquals(reference.getOrDefault(probe, OrderArchive.NO_RECORD), orders.get(probe));
                assertEquals(reference.containsKey(probe), orders.contains(probe));
            }
            assertEquals(reference.size(), orders.size());
            for (final Map.Entry<Long, Long> entry : reference.entrySet())
            {
                assertEquals(entry.getValue(), orders.get(entry.getKey()));
                assertTrue(orders.contains(entry.getKey()));
            }
            final List<Long> walked = new ArrayList<>();
            orders.forEachAddress(walked::add);
            walked.sort(null);
            final List<Long> expected = new ArrayList<>(reference.values());
            expected.sort(null);
            assertEquals(expected, walked);
            assertFalse(orders.contains(Long.MIN_VALUE));
        }
    }

    @Test
    void shouldSortUsersExactlyAsTheirLoginStringsSort()
    {
        for (int seed = 0; seed < 30; seed++)
        {
            final SplittableRandom random = new SplittableRandom(seed);
            final java.util.Set<String> logins = new java.util.HashSet<>();
            for (int i = 0; i < 3_000; i++)
            {
                final String stem = random.nextBoolean() ? "user-0000000000000" : "";
                logins.add(switch (random.nextInt(4))
                {
                    case 0 -> stem + random.nextInt(1_000);
                    case 1 -> stem + "\u0000".repeat(random.nextInt(3)) + (char)('a' + random.nextInt(3));
                    case 2 -> stem + randomLogin(random);
                    default -> "ab" + "\u0000".repeat(random.nextInt(20));
                });
            }
            final List<UserOrders> users = new ArrayList<>();
            for (final String login : logins)
            {
                users.add(new UserOrders(login));
            }
            java.util.Collections.shuffle(users, new java.util.Random(seed));
            users.sort(UserOrders::compareLogins);
            final List<String> expected = new ArrayList<>(logins);
            java.util.Collections.sort(expected);
            assertEquals(expected, users.stream().map(user -> user.login).toList(), "seed " + seed);
        }
    }

    private static String randomLogin(final SplittableRandom random)
    {
        final int length = 1 + random.nextInt(random.nextBoolean() ? 8 : 40);
        final StringBuilder login = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            switch (random.nextInt(8))
            {
                case 0 -> login.append((char)(0xE0 + random.nextInt(20)));
                case 1 -> login.append((char)(0x4E00 + random.nextInt(50)));
                case 2 -> login.appendCodePoint(0x1F600 + random.nextInt(10));
                default -> login.append((char)('a' + random.nextInt(4)));
            }
        }
        return login.toString();
    }
}
