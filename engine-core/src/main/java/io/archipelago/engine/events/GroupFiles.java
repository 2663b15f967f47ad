package io.archipelago.engine.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

import io.archipelago.engine.recovery.DataDirectoryLayout;

/**
 * Where a consumer group keeps its state in a data directory, and the OS file locks that make one member the only
 * reader of an island and show which members are alive:
 * <pre>
 *   groups/&lt;group&gt;/members/&lt;member&gt;.lock    held (locked) by the member while it lives
 *   groups/&lt;group&gt;/islands/island-NNN.lock     held by the member reading island NNN
 *   groups/&lt;group&gt;/offsets/island-NNN         the group's committed offset on island NNN
 * </pre>
 * A process that dies loses its locks at once, so the survivors see it gone at their next look.
 */
public final class GroupFiles
{
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final String MEMBER_SUFFIX = ".lock";

    private final Path group;

    /**
     * @param layout the data directory.
     * @param group  a group name ({@link #checkName}).
     */
    public GroupFiles(final DataDirectoryLayout layout, final String group)
    {
        this.group = layout.groups().resolve(group);
    }

    /**
     * @param what  "group" or "member", for the message.
     * @param name  the name.
     * @return the name.
     * @throws IllegalArgumentException naming the rule when the name is not a safe file name.
     */
    public static String checkName(final String what, final String name)
    {
        if (null == name || !SAFE_NAME.matcher(name).matches())
        {
            throw new IllegalArgumentException(what + " name '" + name + "' is not 1 to 64 letters, digits, '.', " +
                "'_' or '-' starting with a letter or digit");
        }
        return name;
    }

    /**
     * @return the group's directory.
     */
    public Path directory()
    {
        return group;
    }

    /**
     * @return the directory of member lock files.
     */
    public Path members()
    {
        return group.resolve("members");
    }

    /**
     * @param member a member id.
     * @return its lock file.
     */
    public Path member(final String member)
    {
        return members().resolve(member + MEMBER_SUFFIX);
    }

    /**
     * @param island an island.
     * @return the lock file its reader holds.
     */
    public Path islandLock(final int island)
    {
        return group.resolve("islands").resolve(String.format("island-%03d.lock", island));
    }

    /**
     * @param island an island.
     * @return the group's committed offset on it.
     */
    public Path offset(final int island)
    {
        return group.resolve("offsets").resolve(String.format("island-%03d", island));
    }

    /**
     * Creates the group's directories.
     */
    public void create()
    {
        try
        {
            Files.createDirectories(members());
            Files.createDirectories(islandLock(0).getParent());
            Files.createDirectories(offset(0).getParent());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create consumer group directory " + group, ex);
        }
    }

    /**
     * An exclusive OS lock on a file, held until {@link #close()}.
     */
    public static final class HeldLock implements AutoCloseable
    {
        /** Files this JVM holds locked, by absolute path with the directory's links resolved. */
        private static final Set<Path> HELD = new HashSet<>();

        private final Path file;
        private final FileChannel channel;
        private final FileLock lock;
        private final Object key;
        private final Path heldAs;

        private HeldLock(final Path file, final Path heldAs, final FileChannel channel, final FileLock lock)
        {
            this.file = file;
            this.heldAs = heldAs;
            this.channel = channel;
            this.lock = lock;
            this.key = keyOf(file);
        }

        /**
         * Tries to lock a file. An OS lock belongs to the process, and closing any handle the process has on the file
         * drops it, so a file this JVM holds already is never opened again here: it is answered from the JVM's own
         * list of held files.
         *
         * @param file the file, created if missing.
         * @return the lock, or {@code null} when another process or another holder in this JVM holds it.
         */
        public static HeldLock tryLock(final Path file)
        {
            final Path key = keyFor(file);
            synchronized (HELD)
            {
                if (HELD.contains(key))
                {
                    return null;
                }
                FileChannel channel = null;
                try
                {
                    channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    final FileLock lock = channel.tryLock();
                    if (null == lock)
                    {
                        channel.close();
                        return null;
                    }
                    HELD.add(key);
                    return new HeldLock(file, key, channel, lock);
                }
                catch (final OverlappingFileLockException ex)
                {
                    closeQuietly(channel);
                    return null;
                }
                catch (final IOException ex)
                {
                    closeQuietly(channel);
                    throw new UncheckedIOException("cannot lock " + file, ex);
                }
            }
        }

        private static Path keyFor(final Path file)
        {
            final Path absolute = file.toAbsolutePath().normalize();
            try
            {
                return null == absolute.getParent() ? absolute :
                    absolute.getParent().toRealPath().resolve(absolute.getFileName());
            }
            catch (final IOException ex)
            {
                return absolute;
            }
        }

        /**
         * Replaces the file's content through the handle that holds the lock (opening another handle would drop it).
         *
         * @param text what to write.
         */
        public void write(final String text)
        {
            try
            {
                channel.truncate(0);
                final ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                long position = 0;
                while (bytes.hasRemaining())
                {
                    position += channel.write(bytes, position);
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot write " + file, ex);
            }
        }

        /**
         * @return the locked file.
         */
        public Path file()
        {
            return file;
        }

        /**
         * @return true while the locked file is still the one at its path (an operator may have deleted it, or a
         *         member that found it unlocked may have removed it).
         */
        public boolean stillInPlace()
        {
            return null != key && key.equals(keyOf(file));
        }

        private static Object keyOf(final Path file)
        {
            try
            {
                return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            }
            catch (final IOException ex)
            {
                return null;
            }
        }

        @Override
        public void close()
        {
            synchronized (HELD)
            {
                try
                {
                    if (lock.isValid())
                    {
                        lock.release();
                    }
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException("cannot release the lock on " + file, ex);
                }
                finally
                {
                    closeQuietly(channel);
                    HELD.remove(heldAs);
                }
            }
        }

        private static void closeQuietly(final FileChannel channel)
        {
            if (null != channel)
            {
                try
                {
                    channel.close();
                }
                catch (final IOException ignored)
                {
                    // closing a channel we could not lock; nothing to do
                }
            }
        }
    }
}
