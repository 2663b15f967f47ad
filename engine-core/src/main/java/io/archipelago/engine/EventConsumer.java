package io.archipelago.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import io.archipelago.engine.events.EventLog;
import io.archipelago.engine.events.GroupFiles;
import io.archipelago.engine.events.GroupFiles.HeldLock;
import io.archipelago.engine.events.GroupOffset;
import io.archipelago.engine.journal.ChronicleThreads;
import io.archipelago.engine.model.Event;
import io.archipelago.engine.model.EventId;
import io.archipelago.engine.recovery.DataDirectoryLayout;
import io.archipelago.router.MetaFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member of a consumer group reading the islands' event logs, in this process or beside an engine in another one
 * on the same machine. Each event goes to one live member of each group: the group's live members share the islands
 * (island {@code i} to the {@code i mod n}-th member by sorted member id), each island read by the member holding
 * its OS file lock; when a member dies its locks go with it, and the survivors take its islands at their next look
 * ({@link Config.Builder#rebalanceInterval}, 200 ms by default). Offsets are committed per group and island, durably;
 * a member that takes an island resumes after the group's committed offset, so delivery is at least once: what a
 * dead member had delivered but not committed is delivered again. {@link #skipThrough} drops events at or before an
 * id the application stored with its own effects, which makes processing effectively once.
 * <p>
 * One thread uses a consumer. A consumer never writes to an island's files and never blocks an island.
 * <pre>{@code
 * try (EventConsumer consumer = EventConsumer.open(EventConsumer.Config.builder()
 *         .dataDirectory(data).group("billing").build()))
 * {
 *     while (running)
 *     {
 *         if (consumer.poll(event -> apply(event), 1_000) > 0)
 *         {
 *             consumer.commit();
 *         }
 *         else
 *         {
 *             Thread.sleep(10);
 *         }
 *     }
 * }
 * }</pre>
 */
public final class EventConsumer implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(EventConsumer.class);
    private static final int MEMBER_LOCK_ATTEMPTS = 5;
    private static final long MEMBER_LOCK_PAUSE_NANOS = 20_000_000L;

    /** Where a member starts on an island its group has committed nothing on. */
    public enum Start
    {
        /** The first event in the island's log. */
        EARLIEST,
        /** After the last event in the log when the member takes the island (committed at once). */
        LATEST
    }

    private final Config config;
    private final DataDirectoryLayout layout;
    private final GroupFiles files;
    private final int islands;
    private HeldLock memberLock;
    private final IslandReader[] owned;
    private final EventId[] skip;
    private List<String> liveMembers = List.of();
    private long nextRebalanceNanos;
    private int cursor;
    private boolean closed;

    private EventConsumer(final Config config, final DataDirectoryLayout layout, final int islands)
    {
        this.config = config;
        this.layout = layout;
        this.files = new GroupFiles(layout, config.group);
        this.islands = islands;
        this.owned = new IslandReader[islands];
        this.skip = new EventId[islands];
    }

    /**
     * Joins the group as a live member.
     *
     * @param config the data directory, group, member id and start.
     * @return the member; it takes its islands at its first {@link #poll}.
     * @throws IllegalArgumentException when the group or member name is not a safe file name.
     * @throws IllegalStateException    when a live member of the group already has this id, or the directory is not
     *                                  an Archipelago data directory of a format this version reads.
     */
    public static EventConsumer open(final Config config)
    {
        final int islands = MetaFile.read(config.dataDirectory).partitions();
        final DataDirectoryLayout layout = new DataDirectoryLayout(config.dataDirectory.toAbsolutePath());
        final EventConsumer consumer = new EventConsumer(config, layout, islands);
        consumer.files.create();
        consumer.memberLock = lockMember(consumer.files.member(config.member));
        if (null == consumer.memberLock)
        {
            throw new IllegalStateException("member " + config.member + " of consumer group " + config.group +
                " is live already (" + consumer.files.member(config.member) + " is locked)");
        }
        ChronicleThreads.acquire();
        try
        {
            writeOwner(consumer.memberLock);
        }
        catch (final RuntimeException | Error ex)
        {
            consumer.close();
            throw ex;
        }
        return consumer;
    }

    /**
     * Locks a member's file, trying a few times over about 100 ms: another member finding the file unlocked (its
     * previous holder died) holds it for an instant while it removes it.
     */
    private static HeldLock lockMember(final Path file)
    {
        for (int attempt = 0; attempt < MEMBER_LOCK_ATTEMPTS; attempt++)
        {
            final HeldLock lock = HeldLock.tryLock(file);
            if (null != lock)
            {
                return lock;
            }
            LockSupport.parkNanos(MEMBER_LOCK_PAUSE_NANOS);
        }
        return null;
    }

    private static void writeOwner(final HeldLock lock)
    {
        lock.write("pid=" + ProcessHandle.current().pid() + "\nstarted=" + System.currentTimeMillis() + "\n");
    }

    /**
     * @return the group.
     */
    public String group()
    {
        return config.group;
    }

    /**
     * @return this member's id.
     */
    public String member()
    {
        return config.member;
    }

    /**
     * @return the group's live members at the last look, sorted (this one included).
     */
    public List<String> liveMembers()
    {
        return liveMembers;
    }

    /**
     * @return the islands this member reads now, ascending.
     */
    public int[] islands()
    {
        int count = 0;
        for (final IslandReader reader : owned)
        {
            count += null == reader ? 0 : 1;
        }
        final int[] result = new int[count];
        int at = 0;
        for (int i = 0; i < islands; i++)
        {
            if (null != owned[i])
            {
                result[at++] = i;
            }
        }
        return result;
    }

    /**
     * @param island an island.
     * @return the group's committed offset on it (the last event committed), or {@code null}.
     */
    public EventId committed(final int island)
    {
        final GroupOffset offset = null != owned[island] ? owned[island].committed :
            GroupOffset.read(files.offset(island), island);
        return null == offset ? null : offset.last();
    }

    /**
     * Drops events of the id's island at or before it from now on: the application stored that id with the effect
     * of the event, so an event delivered again after a member died changes nothing.
     *
     * @param id the last event the application processed on its island.
     */
    public void skipThrough(final EventId id)
    {
        if (id.isAfter(skip[id.island()]))
        {
            skip[id.island()] = id;
        }
    }

    /**
     * Delivers up to {@code maxEvents} events from the islands this member reads, each island's in order; looks at
     * the group's members first when it is time to, taking and giving up islands.
     *
     * @param handler   receives each event; if it throws, that event is not counted delivered and comes again.
     * @param maxEvents the most to deliver in this call.
     * @return events delivered; 0 when there was nothing new.
     */
    public int poll(final Consumer<Event> handler, final int maxEvents)
    {
        ensureOpen();
        if (System.nanoTime() - nextRebalanceNanos >= 0)
        {
            rebalance();
            nextRebalanceNanos = System.nanoTime() + config.rebalanceInterval.toNanos();
        }
        int delivered = 0;
        for (int k = 0; k < islands && delivered < maxEvents; k++)
        {
            final IslandReader reader = owned[(cursor + k) % islands];
            if (null != reader)
            {
                delivered += reader.deliver(handler, maxEvents - delivered, skip[reader.island]);
            }
        }
        cursor = (cursor + 1) % islands;
        return delivered;
    }

    /**
     * Commits, per island this member reads, the last event delivered: the group resumes after it.
     */
    public void commit()
    {
        ensureOpen();
        for (final IslandReader reader : owned)
        {
            if (null != reader)
            {
                reader.commit();
            }
        }
    }

    private void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("consumer " + config.member + " of group " + config.group +
                " is closed");
        }
    }

    private void rebalance()
    {
        if (!memberLock.stillInPlace())
        {
            LOG.warn("group {}: the lock file of member {} was removed; registering again", config.group,
                config.member);
            memberLock.close();
            files.create();
            memberLock = lockMember(files.member(config.member));
            if (null == memberLock)
            {
                throw new IllegalStateException("member " + config.member + " of consumer group " + config.group +
                    " was taken over by another live member with the same id");
            }
            writeOwner(memberLock);
        }
        final TreeSet<String> live = new TreeSet<>();
        live.add(config.member);
        try (DirectoryStream<Path> members = Files.newDirectoryStream(files.members(), "*.lock"))
        {
            for (final Path file : members)
            {
                final String name = file.getFileName().toString();
                final String member = name.substring(0, name.length() - ".lock".length());
                if (member.equals(config.member))
                {
                    continue;
                }
                final HeldLock probe = HeldLock.tryLock(file);
                if (null == probe)
                {
                    live.add(member);
                }
                else
                {
                    try
                    {
                        Files.deleteIfExists(file);
                    }
                    finally
                    {
                        probe.close();
                    }
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list the members of consumer group " + config.group, ex);
        }
        liveMembers = List.copyOf(live);
        final int position = liveMembers.indexOf(config.member);
        for (int island = 0; island < islands; island++)
        {
            final boolean mine = island % liveMembers.size() == position;
            if (null != owned[island] && !owned[island].lock.stillInPlace())
            {
                LOG.warn("group {}: the lock file of island {} was removed; member {} gives the island up",
                    config.group, island, config.member);
                owned[island].release();
                owned[island] = null;
            }
            if (!mine && null != owned[island])
            {
                owned[island].release();
                owned[island] = null;
            }
            else if (mine && null == owned[island])
            {
                owned[island] = IslandReader.take(this, island);
            }
        }
    }

    /**
     * Commits, gives up every island and leaves the group. When it is the last consumer or engine open in the process,
     * Chronicle's background resource releaser stops too (see {@link Archipelago#close()}).
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            for (int island = 0; island < islands; island++)
            {
                if (null != owned[island])
                {
                    owned[island].release();
                    owned[island] = null;
                }
            }
        }
        finally
        {
            try
            {
                Files.deleteIfExists(memberLock.file());
            }
            catch (final IOException ex)
            {
                LOG.warn("group {}: cannot remove {}", config.group, memberLock.file(), ex);
            }
            try
            {
                memberLock.close();
            }
            finally
            {
                ChronicleThreads.release();
            }
        }
    }

    /**
     * One island this member reads: its lock, its event log and where the member is in it.
     */
    private static final class IslandReader
    {
        private final EventConsumer consumer;
        private final int island;
        private final HeldLock lock;
        private final EventLog log;
        private final EventLog.Reader reader;
        private final ArrayDeque<Event> pending = new ArrayDeque<>();
        private long pendingDocument = -1;
        private EventId delivered;
        private long deliveredDocument = -1;
        private GroupOffset committed;

        private IslandReader(final EventConsumer consumer, final int island, final HeldLock lock, final EventLog log)
        {
            this.consumer = consumer;
            this.island = island;
            this.lock = lock;
            this.log = log;
            this.reader = log.reader();
        }

        static IslandReader take(final EventConsumer consumer, final int island)
        {
            final Path events = consumer.layout.events(island);
            if (!Files.isDirectory(events))
            {
                return null;
            }
            final HeldLock lock = HeldLock.tryLock(consumer.files.islandLock(island));
            if (null == lock)
            {
                return null;
            }
            final EventLog log;
            try
            {
                log = EventLog.openReadOnly(island, events);
            }
            catch (final RuntimeException ex)
            {
                lock.close();
                LOG.warn("group {}: cannot open the event log of island {} yet: {}", consumer.config.group, island,
                    ex.getMessage());
                return null;
            }
            final IslandReader reader = new IslandReader(consumer, island, lock, log);
            try
            {
                reader.position();
            }
            catch (final RuntimeException ex)
            {
                reader.release();
                throw ex;
            }
            return reader;
        }

        /**
         * Resumes after the group's committed event. The committed document index is only a hint: a log rebuilt from
         * the journal holds the same ids in other documents, so when the document there begins after the committed
         * event the whole log is read again, the ids deciding what is delivered.
         */
        private void position()
        {
            committed = GroupOffset.read(consumer.files.offset(island), island);
            if (null != committed)
            {
                delivered = committed.last();
                deliveredDocument = committed.document();
                if (reader.moveTo(committed.document()))
                {
                    final List<Event> batch = reader.next();
                    if (null != batch && !batch.isEmpty() && !batch.get(0).id().isAfter(committed.last()))
                    {
                        pending.addAll(batch);
                        pendingDocument = reader.index();
                    }
                    else
                    {
                        reader.toStart();
                    }
                }
            }
            else if (consumer.config.start == Start.LATEST && reader.toLast())
            {
                final List<Event> last = reader.next();
                if (null != last && !last.isEmpty())
                {
                    delivered = last.get(last.size() - 1).id();
                    deliveredDocument = reader.index();
                    commit();
                }
            }
        }

        int deliver(final Consumer<Event> handler, final int max, final EventId skipThrough)
        {
            int count = 0;
            while (count < max)
            {
                if (pending.isEmpty())
                {
                    final List<Event> batch = reader.next();
                    if (null == batch)
                    {
                        break;
                    }
                    pending.addAll(batch);
                    pendingDocument = reader.index();
                }
                final Event event = pending.peek();
                if (!event.id().isAfter(delivered) || !event.id().isAfter(skipThrough))
                {
                    pending.poll();
                    continue;
                }
                handler.accept(event);
                pending.poll();
                delivered = event.id();
                deliveredDocument = pendingDocument;
                count++;
            }
            return count;
        }

        void commit()
        {
            if (null != delivered && (null == committed || delivered.isAfter(committed.last())))
            {
                final GroupOffset offset = new GroupOffset(delivered, deliveredDocument);
                offset.write(consumer.files.offset(island));
                committed = offset;
            }
        }

        void release()
        {
            try
            {
                if (consumer.config.commitOnRelease)
                {
                    commit();
                }
            }
            finally
            {
                reader.close();
                log.close();
                lock.close();
            }
        }
    }

    /**
     * What a consumer reads and as whom. Build with {@link #builder()}.
     */
    public static final class Config
    {
        private final Path dataDirectory;
        private final String group;
        private final String member;
        private final Start start;
        private final Duration rebalanceInterval;
        private final boolean commitOnRelease;

        private Config(final Builder builder)
        {
            this.dataDirectory = Objects.requireNonNull(builder.dataDirectory, "dataDirectory");
            this.group = GroupFiles.checkName("group", builder.group);
            this.member = GroupFiles.checkName("member", null == builder.member ? defaultMember() :
                builder.member);
            this.start = Objects.requireNonNull(builder.start, "start");
            this.rebalanceInterval = Objects.requireNonNull(builder.rebalanceInterval, "rebalanceInterval");
            if (rebalanceInterval.isNegative() || rebalanceInterval.isZero())
            {
                throw new IllegalArgumentException("rebalanceInterval must be positive, was " + rebalanceInterval);
            }
            this.commitOnRelease = builder.commitOnRelease;
        }

        private static String defaultMember()
        {
            final String host = ManagementFactory.getRuntimeMXBean().getName().replaceAll("[^A-Za-z0-9._-]", "-");
            return ("m-" + host + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000)))
                .replaceAll("^m--", "m-");
        }

        /**
         * @return a builder: group required; the member id defaults to one made of the process and a random part.
         */
        public static Builder builder()
        {
            return new Builder();
        }

        /**
         * Builds a {@link Config}.
         */
        public static final class Builder
        {
            private Path dataDirectory;
            private String group;
            private String member;
            private Start start = Start.EARLIEST;
            private Duration rebalanceInterval = Duration.ofMillis(200);
            private boolean commitOnRelease = true;

            /**
             * @param dataDirectory the engine's data directory.
             * @return this.
             */
            public Builder dataDirectory(final Path dataDirectory)
            {
                this.dataDirectory = dataDirectory;
                return this;
            }

            /**
             * @param group the group: letters, digits, '.', '_', '-' (1 to 64, starting with a letter or digit).
             * @return this.
             */
            public Builder group(final String group)
            {
                this.group = group;
                return this;
            }

            /**
             * @param member this member's id, unique among the group's live members (same rules as the group).
             * @return this.
             */
            public Builder member(final String member)
            {
                this.member = member;
                return this;
            }

            /**
             * @param start where to start on an island the group has committed nothing on (default EARLIEST).
             * @return this.
             */
            public Builder start(final Start start)
            {
                this.start = start;
                return this;
            }

            /**
             * @param interval how often {@link #poll} looks at the group's members (default 200 ms).
             * @return this.
             */
            public Builder rebalanceInterval(final Duration interval)
            {
                this.rebalanceInterval = interval;
                return this;
            }

            /**
             * @param commit whether giving up an island (and closing) commits what was delivered from it (default
             *               true); false leaves it to {@link EventConsumer#commit()}, so the next member delivers
             *               it again.
             * @return this.
             */
            public Builder commitOnRelease(final boolean commit)
            {
                this.commitOnRelease = commit;
                return this;
            }

            /**
             * @return the configuration.
             * @throws IllegalArgumentException naming the setting that is wrong.
             */
            public Config build()
            {
                return new Config(this);
            }
        }
    }
}
