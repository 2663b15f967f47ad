package io.archipelago.engine.disk;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real, small tmpfs mounted for a test (Linux, as root), and a filler file that takes its space so a test reaches a
 * full device quickly. Tests that use it are skipped where mounting is impossible.
 */
public final class SmallFilesystem implements AutoCloseable
{
    private static final int CHUNK = 1024 * 1024;

    private final Path mountPoint;
    private final Path filler;

    private SmallFilesystem(final Path mountPoint)
    {
        this.mountPoint = mountPoint;
        this.filler = mountPoint.resolve("filler");
    }

    /**
     * Mounts a tmpfs of {@code megabytes} at {@code mountPoint}, or skips the calling test (JUnit assumption) when that
     * is not possible here.
     *
     * @param mountPoint an empty directory.
     * @param megabytes  the size of the filesystem.
     * @return the mounted filesystem; close unmounts it.
     */
    public static SmallFilesystem mountOrSkip(final Path mountPoint, final int megabytes)
    {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "tmpfs needs Linux");
        assumeTrue(0 == run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", mountPoint.toString()),
            "cannot mount a tmpfs here (needs root)");
        return new SmallFilesystem(mountPoint);
    }

    /**
     * @return where it is mounted.
     */
    public Path root()
    {
        return mountPoint;
    }

    /**
     * @return bytes a writer could still use.
     */
    public long usable()
    {
        try
        {
            return Files.getFileStore(mountPoint).getUsableSpace();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Writes the filler file until at most {@code leftBytes} (rounded up to a MiB) stay usable.
     *
     * @param leftBytes bytes to leave free.
     */
    public void fillLeaving(final long leftBytes) throws IOException
    {
        final byte[] chunk = new byte[CHUNK];
        try (OutputStream out = Files.newOutputStream(filler))
        {
            while (usable() - CHUNK >= leftBytes)
            {
                out.write(chunk);
            }
        }
    }

    /**
     * Deletes the filler file, giving its space back.
     */
    public void free() throws IOException
    {
        Files.deleteIfExists(filler);
    }

    @Override
    public void close()
    {
        if (0 != run("umount", mountPoint.toString()))
        {
            run("umount", "-l", mountPoint.toString());
        }
    }

    private static int run(final String... command)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(30, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        }
        catch (final IOException ex)
        {
            return -1;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
