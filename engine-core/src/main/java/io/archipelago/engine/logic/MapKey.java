package io.archipelago.engine.logic;

/**
 * The key of a product or order id in the island's maps: the id through a bijective 64-bit mixer (murmur3's
 * fmix64), so ids that share low bits (steps of 100,000, say) do not all land in the same slots of Agrona's
 * open-addressing maps, whose own hash of a long is weak. Maps are read by key or through their values, never
 * through their keys.
 */
final class MapKey
{
    private MapKey()
    {
    }

    /**
     * @param id a product or order id.
     * @return its key.
     */
    static long of(final long id)
    {
        long k = id;
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
