package io.archipelago.router;

import com.google.common.hash.Hashing;

/**
 * Decides which partition (island) owns a login.
 * <p>
 * The login's UTF-8 bytes are hashed with murmur3 (32 bit, Guava's {@code murmur3_32_fixed}) and the hash is
 * mapped to a partition with jump consistent hashing. The mapping is a pure function of the login and the
 * partition count, so it is the same in every process, on every machine and in every replay. Growing from
 * {@code n} to {@code n + 1} partitions moves about {@code 1 / (n + 1)} of the logins, all of them to the new
 * partition {@code n}.
 * <p>
 * Changing anything here changes where existing users live: {@link #HASH_SCHEME} names the scheme and is
 * recorded in every data directory's {@link MetaFile}, and {@code golden-routing.tsv} in the tests freezes it.
 * <p>
 * Instances are immutable and safe to share between threads.
 */
public final class PartitionRouter
{
    /**
     * Name of the login-to-partition scheme implemented by {@link #partitionOf(String)}.
     */
    public static final String HASH_SCHEME = "murmur3_32_fixed+jump_consistent_hash";

    static final int MIN_PARTITIONS = 1;
    static final int MAX_PARTITIONS = 65536;

    private final int partitions;

    /**
     * @param partitions number of partitions, in {@code [1, 65536]}.
     * @throws IllegalArgumentException if {@code partitions} is out of range.
     */
    public PartitionRouter(final int partitions)
    {
        this.partitions = checkPartitions(partitions);
    }

    /**
     * @return the number of partitions logins are routed over.
     */
    public int partitions()
    {
        return partitions;
    }

    /**
     * @param login the user's login, not null or empty.
     * @return the partition that owns the login, in {@code [0, partitions())}.
     * @throws IllegalArgumentException if the login is null or empty.
     */
    public int partitionOf(final String login)
    {
        if (login == null || login.isEmpty())
        {
            throw new IllegalArgumentException("login must not be null or empty");
        }

        return Hashing.consistentHash(Integer.toUnsignedLong(LoginHash.murmur3(login)), partitions);
    }

    @Override
    public String toString()
    {
        return "PartitionRouter{partitions=" + partitions + ", hash=" + HASH_SCHEME + "}";
    }

    static int checkPartitions(final int partitions)
    {
        if (partitions < MIN_PARTITIONS || partitions > MAX_PARTITIONS)
        {
            throw new IllegalArgumentException(
                "partitions must be in [" + MIN_PARTITIONS + ", " + MAX_PARTITIONS + "] but was " + partitions);
        }

        return partitions;
    }
}
