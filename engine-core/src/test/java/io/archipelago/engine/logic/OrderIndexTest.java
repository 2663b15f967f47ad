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
        assertTrue(index.bytes() > (long)OrderIndex.SEGMENTS * OrderIndex.MIN_SEGMENT_CAPACITY * OrderIndex.SLOT_BYTES,
            "the tables grew");
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
    void shouldRefuseWhenASegmentIsFullAndKeepWhatItHolds()
    {
        final OrderIndex index = new OrderIndex(OrderIndex.MIN_SEGMENT_CAPACITY);
        final Map<Long, Long> added = new HashMap<>();
        IllegalStateException refused = null;
        long refusedKey = 0;
        for (int i = 0; null == refused; i++)
        {
            final long key = InventoryLogic.mapKey(i);
            try
            {
                index.put(7, key, i);
                added.put(key, (long)i);
            }
            catch (final IllegalStateException ex)
            {
                refused = ex;
                refusedKey = key;
            }
        }
        final long limit = (long)OrderIndex.SEGMENTS * OrderIndex.MIN_SEGMENT_CAPACITY * OrderIndex.LOAD_PERCENT / 100;
        assertTrue(refused.getMessage().contains("at most " + limit), refused.getMessage());
        assertTrue(added.size() > limit / 2, "segments fill evenly enough: " + added.size() + " of " + limit);
        assertEquals(added.size(), index.size());
        assertEquals(OrderArchive.NO_RECORD, index.get(7, refusedKey), "the refused order is not indexed");
        for (final Map.Entry<Long, Long> entry : added.entrySet())
        {
            assertEquals(entry.getValue(), index.get(7, entry.getKey()));
        }
        final long present = added.keySet().iterator().next();
        index.put(7, present, 12_345);
        assertEquals(12_345, index.get(7, present), "moving an order present needs no room");
        assertThrows(IllegalArgumentException.class, () -> new OrderIndex(1000));
    }
}
