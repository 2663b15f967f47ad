package io.archipelago.engine.recovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

import io.archipelago.router.DataDirectoryException;
import io.archipelago.router.MetaFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of a data directory: an exclusive OS lock ({@link FileChannel#tryLock()}) on
 * {@link DataDirectoryLayout#lockFile()}, held for the engine's life, and the lock file's content naming the holder.
 * <pre>
 *   pid=1234
 *   host=build-7
 *   since=2026-12-02T16:41:34.123Z
 *   token=5f0c2a9e41d7b386
 * </pre>
 * A second writer, in this process or another one, is refused with {@link DataDirectoryLocked} and writes nothing.
 * The OS lets go of the lock when its process dies, so the lock of a killed engine is simply taken over (the stale
 * content is overwritten). An OS lock is per process, and on some systems closing any channel on the file lets go
 * of every lock the process holds on it, so within this process a static registry keyed by the directory's real
 * path refuses a second writer before a second channel is opened.
 * <p>
 * {@link #acquire} takes the OS lock, then runs the caller's check of the directory (the meta file), and only then
 * records the holder: a directory refused by the check is let go with nothing written. A writer refused in that
 * short window reads the previous content (or none) and names that.
 */
public final class DirectoryLock implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryLock.class);
    private static final int MAX_CONTENT_BYTES = 4096;
    private static final int TOKEN_BYTES = 8;
    private static final SecureRandom TOKENS = new SecureRandom();
    private static final Map<Path, Holder> HELD_BY_THIS_PROCESS = new HashMap<>();

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean released;

    private DirectoryLock(final Path directory, final FileChannel channel, final FileLock lock)
    {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * The engine named by a lock file.
     *
     * @param pid   its process id, or -1 when the lock file does not name one yet.
     * @param host  the host it runs on.
     * @param since when it took the lock ({@code null} when not named).
     * @param token random, different for every taking of the lock.
     */
    public record Holder(long pid, String host, Instant since, String token)
    {
        private static final Holder UNRECORDED = new Holder(-1, "", null, "");

        /**
         * @return "pid 1234 on host h since &lt;time&gt;", or a sentence saying the holder is not named yet.
         */
        public String describe()
        {
            return pid < 0 ? "an engine that has not recorded itself in the lock file yet" :
                "pid " + pid + " on host " + host + " since " + since;
        }

        private byte[] encode()
        {
            return ("pid=" + pid + "\nhost=" + host + "\nsince=" + since + "\ntoken=" + token + "\n")
                .getBytes(StandardCharsets.UTF_8);
        }

        private static Holder decode(final String content)
        {
            long pid = -1;
            String host = "";
            Instant since = null;
            String token = "";
            for (final String line : content.split("\n"))
            {
                final int equals = line.indexOf('=');
                if (equals < 0)
                {
                    continue;
                }
                final String value = line.substring(equals + 1).trim();
                try
                {
                    switch (line.substring(0, equals))
                    {
                        case "pid" -> pid = Long.parseLong(value);
                        case "host" -> host = value;
                        case "since" -> since = Instant.parse(value);
                        case "token" -> token = value;
                        default ->
                        {
                        }
                    }
                }
                catch (final NumberFormatException | DateTimeParseException ex)
                {
                    return UNRECORDED;
                }
            }
            return pid < 0 ? UNRECORDED : new Holder(pid, host, since, token);
        }
    }

    /**
     * Takes the lock of a data directory, creating the directory and the lock file if they do not exist, runs
     * {@code check} while holding it, then records this process as the holder.
     *
     * @param root  the data directory.
     * @param check what must hold before anything is written (the meta file's check); when it throws, the lock is
     *              let go and the exception passes through.
     * @return the lock, held until {@link #close()}.
     * @throws DataDirectoryLocked when another engine, in this process or another one, holds the lock.
     * @throws io.archipelago.router.DataDirectoryException when the path belongs to something else.
     */
    public static DirectoryLock acquire(final Path root, final Runnable check)
    {
        try
        {
            MetaFile.refuseForeign(root);
        }
        catch (final DataDirectoryException ex)
        {
            // a writer creating the directory at this very moment makes it look foreign for an instant: name it
            final Holder writer = holder(root);
            if (null != writer)
            {
                Path named = root.toAbsolutePath().normalize();
                try
                {
                    named = root.toRealPath();
                }
                catch (final IOException ignore)
                {
                    named = root.toAbsolutePath().normalize();
                }
                throw new DataDirectoryLocked(named, writer);
            }
            throw ex;
        }
        final Path directory;
        try
        {
            if (!Files.exists(root))
            {
                createDirectory(root.toAbsolutePath());
            }
            directory = root.toRealPath();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create data directory " + root, ex);
        }
        final Holder self = new Holder(ProcessHandle.current().pid(), HostName.NAME, Instant.now(), newToken());
        synchronized (HELD_BY_THIS_PROCESS)
        {
            final Holder holder = HELD_BY_THIS_PROCESS.get(directory);
            if (null != holder)
            {
                throw new DataDirectoryLocked(directory, holder);
            }
            HELD_BY_THIS_PROCESS.put(directory, self);
        }
        boolean acquired = false;
        try
        {
            final DirectoryLock taken = take(directory, self, check);
            acquired = true;
            return taken;
        }
        finally
        {
            if (!acquired)
            {
                forget(directory);
            }
        }
    }

    private static DirectoryLock take(final Path directory, final Holder self, final Runnable check)
    {
        final Path file = new DataDirectoryLayout(directory).lockFile();
        FileChannel channel = null;
        FileLock lock = null;
        try
        {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
            try
            {
                lock = channel.tryLock();
            }
            catch (final OverlappingFileLockException ex)
            {
                throw new DataDirectoryLocked(directory, self);
            }
            if (null == lock)
            {
                throw new DataDirectoryLocked(directory, read(channel));
            }
            final Holder previous = read(channel);
            check.run();
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(self.encode()), 0);
            channel.force(true);
            if (previous.pid() >= 0)
            {
                LOG.info("data directory {}: took over the lock left by pid {} on host {} (since {}), which is gone",
                    directory, previous.pid(), previous.host(), previous.since());
            }
            final DirectoryLock taken = new DirectoryLock(directory, channel, lock);
            channel = null;
            return taken;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot lock data directory " + directory + " (" + file + ")", ex);
        }
        finally
        {
            if (null != channel)
            {
                closeQuietly(channel);
            }
        }
    }

    /**
     * Reports who holds a data directory's lock, for read-only callers. Creates nothing: a directory without a lock
     * file has no holder. Another process is probed with a shared lock taken and let go at once, so a writer that
     * tries to open in that instant is refused.
     *
     * @param root the data directory.
     * @return the live holder, or {@code null} when no engine holds the directory.
     */
    public static Holder holder(final Path root)
    {
        final Path file = new DataDirectoryLayout(root).lockFile();
        if (!Files.exists(file))
        {
            return null;
        }
        try
        {
            final Path directory = root.toRealPath();
            synchronized (HELD_BY_THIS_PROCESS)
            {
                final Holder holder = HELD_BY_THIS_PROCESS.get(directory);
                if (null != holder)
                {
                    return holder;
                }
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
                {
                    final FileLock probe = channel.tryLock(0, Long.MAX_VALUE, true);
                    if (null != probe)
                    {
                        probe.release();
                        return null;
                    }
                    return read(channel);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the lock of data directory " + root, ex);
        }
    }

    /**
     * @return the data directory (its real path).
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * Clears the lock file and lets go of the lock. Calling it again does nothing.
     */
    @Override
    public synchronized void close()
    {
        if (released)
        {
            return;
        }
        released = true;
        try
        {
            channel.truncate(0);
            channel.force(true);
        }
        catch (final IOException ex)
        {
            LOG.warn("data directory {}: cannot clear the lock file before letting go of it: {}", directory,
                ex.toString());
        }
        finally
        {
            try
            {
                lock.release();
            }
            catch (final IOException ex)
            {
                LOG.warn("data directory {}: cannot release the lock: {}", directory, ex.toString());
            }
            closeQuietly(channel);
            forget(directory);
        }
    }

    private static Holder read(final FileChannel channel) throws IOException
    {
        final ByteBuffer buffer = ByteBuffer.allocate(MAX_CONTENT_BYTES);
        int read;
        do
        {
            read = channel.read(buffer, buffer.position());
        }
        while (read > 0 && buffer.hasRemaining());
        return Holder.decode(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
    }

    private static void forget(final Path directory)
    {
        synchronized (HELD_BY_THIS_PROCESS)
        {
            HELD_BY_THIS_PROCESS.remove(directory);
        }
    }

    private static void createDirectory(final Path directory) throws IOException
    {
        Files.createDirectories(directory);
        final Path parent = directory.getParent();
        // Windows cannot open a directory as a FileChannel; there the new entry's durability is up to the file system.
        if (null != parent && !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows"))
        {
            try (FileChannel channel = FileChannel.open(parent, StandardOpenOption.READ))
            {
                channel.force(true);
            }
        }
    }

    private static String newToken()
    {
        final byte[] bytes = new byte[TOKEN_BYTES];
        TOKENS.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void closeQuietly(final FileChannel channel)
    {
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            LOG.warn("cannot close a lock file channel: {}", ex.toString());
        }
    }

    /**
     * This host's name, looked up once, when a lock is first taken.
     */
    private static final class HostName
    {
        static final String NAME = lookUp();

        private static String lookUp()
        {
            try
            {
                return InetAddress.getLocalHost().getHostName();
            }
            catch (final UnknownHostException ex)
            {
                return "unknown-host";
            }
        }
    }
}
