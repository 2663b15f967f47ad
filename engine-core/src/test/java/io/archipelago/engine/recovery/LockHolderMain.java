package io.archipelago.engine.recovery;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.archipelago.engine.Archipelago;
import io.archipelago.engine.model.ArchipelagoConfig;
import io.archipelago.engine.model.ResultCode;

/**
 * Run in its own JVM by {@link DirectoryLockTest}: opens an engine on a data directory, creates a product, prints
 * {@value #HOLDING} and its pid, then holds the directory until its standard input ends (the test JVM is gone) or it
 * is killed.
 */
final class LockHolderMain
{
    static final String HOLDING = "HOLDING ";
    static final int PARTITIONS = 2;
    static final long PRODUCT = 1;
    static final long UNITS = 80;

    private LockHolderMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final ArchipelagoConfig config = ArchipelagoConfig.builder().partitions(PARTITIONS)
            .dataDirectory(Path.of(args[0])).build();
        try (Archipelago engine = Archipelago.open(config))
        {
            if (engine.createProduct(PRODUCT, UNITS).get(10, TimeUnit.SECONDS) != ResultCode.CREATED)
            {
                System.exit(3);
            }
            System.out.println(HOLDING + ProcessHandle.current().pid());
            System.out.flush();
            System.in.transferTo(OutputStream.nullOutputStream());
        }
    }
}
