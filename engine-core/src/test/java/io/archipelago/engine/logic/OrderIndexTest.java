package io.archipelago.engine.logic;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderIndexTest
{
    private record Entry(int user, long key)
    {
    }

    @Test
    void shouldAgreeWithAReferenceMapThroughSeveralDoublings()
    {
        final OrderIndex index = new OrderIndex();
        final Map<Entry, Long> reference = new HashMap<>();
        final SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 200_000; i++)
        {
            final int user = random.nextInt(2_000);
            final long key = InventoryLogic.mapKey(random.nextInt(300));
            final long address = random.nextLong(0, Long.MAX_VALUE);
            index.put(user, key, address);
            reference.put(new Entry(user, key), address);
            if (i % 997 == 0)
            {
                final int otherUser = random.nextInt(4_000);
                final long otherKey = InventoryLogic.mapKey(random.nextInt(600));
                assertEquals(reference.getOrDefault(new Entry(otherUser, otherKey), OrderArchive.NO_RECORD),
                    index.get(otherUser, otherKey), "lookup of user " + otherUser + " key " + otherKey);
            }
        }
        assertEquals(reference.size(), index.size());
        assertTrue(index.bytes() > OrderIndex.MIN_CAPACITY * (long)OrderIndex.SLOT_BYTES, "the table grew");
        for (final Map.Entry<Entry, Long> entry : reference.entrySet())
        {
            assertEquals(entry.getValue(), index.get(entry.getKey().user(), entry.getKey().key()));
        }
    }

    @Test
    void shouldTellTheSameOrderIdOfDifferentUsersApart()
    {
        final OrderIndex index = new OrderIndex();
        final long key = InventoryLogic.mapKey(42);
        index.put(1, key, 10);
        index.put(2, key, 20);
        index.put(-1, key, 0);
        assertEquals(10, index.get(1, key));
        assertEquals(20, index.get(2, key));
        assertEquals(0, index.get(-1, key), "address 0 is a real address, not an empty slot");
        assertEquals(OrderArchive.NO_RECORD, index.get(3, key));
        assertEquals(OrderArchive.NO_RECORD, index.get(1, InventoryLogic.mapKey(43)));
        assertEquals(3, index.size());
    }

    @Test
    void shouldRefuseWhenFullAndKeepWhatItHolds()
    {
        final OrderIndex index = new OrderIndex(OrderIndex.MIN_CAPACITY);
        final int full = OrderIndex.MIN_CAPACITY * OrderIndex.LOAD_PERCENT / 100;
        for (int i = 0; i < full; i++)
        {
            index.put(7, InventoryLogic.mapKey(i), i);
        }
        index.put(7, InventoryLogic.mapKey(0), 99);
        assertEquals(99, index.get(7, InventoryLogic.mapKey(0)), "moving an order present needs no room");

        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> index.put(7, InventoryLogic.mapKey(full), full));
        assertTrue(refused.getMessage().contains("at most " + full), refused::getMessage);
        assertEquals(full, index.size());
        assertEquals(OrderArchive.NO_RECORD, index.get(7, InventoryLogic.mapKey(full)));
        assertEquals(5, index.get(7, InventoryLogic.mapKey(5)));
        assertThrows(IllegalArgumentException.class, () -> new OrderIndex(1000));
    }
}
