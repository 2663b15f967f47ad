package io.archipelago.router;

/**
 * Everything that decides where data lives on disk: the login hash scheme, the partition count and the data
 * format version. A data directory is bound to one identity for its lifetime (see {@link MetaFile}).
 *
 * @param hashScheme    name of the login-to-partition scheme, e.g. {@link PartitionRouter#HASH_SCHEME}.
 * @param partitions    number of partitions, in {@code [1, 65536]}.
 * @param formatVersion version of the on-disk data format, {@code >= 1}.
 */
public record RoutingIdentity(String hashScheme, int partitions, int formatVersion)
{
    /**
     * @throws IllegalArgumentException if a component is out of range.
     */
    public RoutingIdentity
    {
        if (hashScheme == null || hashScheme.isBlank())
        {
            throw new IllegalArgumentException("hashScheme must not be null or blank");
        }
        if (hashScheme.chars().anyMatch(Character::isISOControl))
        {
            throw new IllegalArgumentException("hashScheme must not contain control characters");
        }
        PartitionRouter.checkPartitions(partitions);
        if (formatVersion < 1)
        {
            throw new IllegalArgumentException("formatVersion must be >= 1 but was " + formatVersion);
        }
    }

    /**
     * @param partitions    number of partitions, in {@code [1, 65536]}.
     * @param formatVersion version of the on-disk data format, {@code >= 1}.
     * @return the identity of a {@link PartitionRouter} with the given partition count.
     */
    public static RoutingIdentity of(final int partitions, final int formatVersion)
    {
        return new RoutingIdentity(PartitionRouter.HASH_SCHEME, partitions, formatVersion);
    }

    /**
     * @return a one-line human-readable form, e.g.
     * {@code partitions=8, hash=murmur3_32_fixed+jump_consistent_hash, format=1}.
     */
    public String describe()
    {
        return "partitions=" + partitions + ", hash=" + hashScheme + ", format=" + formatVersion;
    }
}
