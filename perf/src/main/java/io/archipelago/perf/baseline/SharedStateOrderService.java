package io.archipelago.perf.baseline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntToLongFunction;

import io.archipelago.engine.journal.ChronicleSettings;
import io.archipelago.perf.bench.OrderService;
import io.archipelago.perf.bench.Workload;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The order service most Java teams would write: shared state in concurrent maps, a lock per product, each order
 * decided on the thread that submits it, one journal for the whole service.
 * <p>
 * {@link #submit} runs entirely on the caller's thread: it locks the order's products in ascending id order (so two
 * multi-line orders cannot deadlock), checks that every line is covered, deducts all lines or none, appends one record
 * of the order and its outcome to the shared Chronicle Queue journal under a global lock (layout in
 * {@link OrderRecordDescriptor}), releases the product locks, records the order in a map keyed by (login, order id)
 * and calls the sink. The journal append happens while the product locks are held, so for every product the journal's
 * order is the order in which its stock was decided, and a sink is only told an outcome that is already journaled.
 * <p>
 * What it leaves out compared with the engine: there are no islands, so there is no replay partitioning (the single
 * journal can only be replayed by one thread, in order) and no transfers of stock (every order sees all of a
 * product's stock at once, which the engine has to earn with transfers). The journal has no sequence numbers, time
 * stamps or checksums and there are no snapshots, recovery, duplicate-order detection or back-pressure: a thread that
 * submits simply waits for the locks. Journaling is optional so that both modes can be measured: with it, records go
 * to a memory-mapped file without forcing it to the device, like the engine's {@code JOURNALED} mode.
 * <p>
 * Threading: {@link #start} and {@link #close} on one thread, {@link #submit} from any number of threads; the sink is
 * called on the submitting thread before {@code submit} returns.
 */
public final class SharedStateOrderService implements OrderService
{
    static
    {
        ChronicleSettings.apply();
    }

    /** Name of the journal directory inside the data directory. */
    public static final String JOURNAL_DIRECTORY = "shared-journal";

    private final Path dataDirectory;
    private final boolean journaled;
    private final ConcurrentHashMap<Long, Product> products = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<OrderKey, Order> orders = new ConcurrentHashMap<>();
    private final ReentrantLock journalLock = new ReentrantLock();
    private final LongAdder confirmedOrders = new LongAdder();
    private final LongAdder rejectedOrders = new LongAdder();
    private Workload workload;
    private ChronicleQueue queue;
    private ExcerptAppender appender;
    private long journalRecords;

    /**
     * @param dataDirectory where the journal directory {@value #JOURNAL_DIRECTORY} is created; unused without
     *                      journaling.
     * @param journaled     true to append every order to the journal, false to keep state in memory only.
     */
    public SharedStateOrderService(final Path dataDirectory, final boolean journaled)
    {
        this.dataDirectory = dataDirectory;
        this.journaled = journaled;
    }

    @Override
    public String name()
    {
        return "shared-state";
    }

    @Override
    public void start(final Workload workload)
    {
        start(workload, workload::productUnits);
    }

    /**
     * Starts with other stock than the workload's, so tests can make products run out.
     *
     * @param workload       the workload whose orders will be submitted.
     * @param unitsOfProduct initial stock by product index.
     */
    void start(final Workload workload, final IntToLongFunction unitsOfProduct)
    {
        this.workload = workload;
        for (int p = 0; p < workload.productCount(); p++)
        {
            products.put(workload.productId(p), new Product(unitsOfProduct.applyAsLong(p)));
        }
        if (journaled)
        {
            final Path directory = dataDirectory.resolve(JOURNAL_DIRECTORY);
            try
            {
                Files.createDirectories(directory);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot create journal directory " + directory, ex);
            }
            queue = ChronicleQueue.singleBuilder(directory).rollCycle(RollCycles.FAST_DAILY).build();
            final ExcerptAppender appender = queue.createAppender();
            // One appender shared by every client thread, always under journalLock, which orders its use.
            appender.singleThreadedCheckDisabled(true);
            this.appender = appender;
        }
    }

    @Override
    public void submit(final int order, final CompletionSink sink)
    {
        final Workload w = workload;
        final int lines = w.lineCount(order);
        final long[] lineProducts = new long[lines];
        final int[] lineQuantities = new int[lines];
        for (int i = 0; i < lines; i++)
        {
            lineProducts[i] = w.product(order, i);
            lineQuantities[i] = w.quantity(order, i);
        }
        sortByProduct(lineProducts, lineQuantities, lines);
        final String login = w.login(order);
        final long orderId = w.orderId(order);

        final Product[] held = new Product[lines];
        final long[] demand = new long[lines];
        int heldCount = 0;
        boolean confirmed = true;
        try
        {
            for (int i = 0; i < lines; i++)
            {
                if (i > 0 && lineProducts[i] == lineProducts[i - 1])
                {
                    demand[heldCount - 1] += lineQuantities[i];
                    continue;
                }
                final Product product = products.get(lineProducts[i]);
                if (null == product)
                {
                    confirmed = false;
                    break;
                }
                product.lock.lock();
                held[heldCount] = product;
                demand[heldCount] = lineQuantities[i];
                heldCount++;
            }
            for (int i = 0; confirmed && i < heldCount; i++)
            {
                confirmed = held[i].available >= demand[i];
            }
            if (confirmed)
            {
                for (int i = 0; i < heldCount; i++)
                {
                    held[i].available -= demand[i];
                }
            }
            if (journaled)
            {
                journal(login, orderId, confirmed, lineProducts, lineQuantities, lines);
            }
        }
        finally
        {
            for (int i = heldCount - 1; i >= 0; i--)
            {
                held[i].lock.unlock();
            }
        }
        orders.put(new OrderKey(login, orderId), new Order(confirmed, lineProducts, lineQuantities));
        (confirmed ? confirmedOrders : rejectedOrders).increment();
        sink.completed(order, confirmed);
    }

    /**
     * @param productId a product of the workload.
     * @return its units not sold yet.
     * @throws IllegalArgumentException if the product is unknown.
     */
    public long available(final long productId)
    {
        final Product product = products.get(productId);
        if (null == product)
        {
            throw new IllegalArgumentException("unknown product " + productId);
        }
        product.lock.lock();
        try
        {
            return product.available;
        }
        finally
        {
            product.lock.unlock();
        }
    }

    /**
     * @param login   the user's login.
     * @param orderId the user's order id.
     * @return true if confirmed, false if rejected, null if the order has not been decided.
     */
    public Boolean outcome(final String login, final long orderId)
    {
        final Order order = orders.get(new OrderKey(login, orderId));
        return null == order ? null : order.confirmed;
    }

    /**
     * @return records appended to the journal so far.
     */
    public long journalRecords()
    {
        journalLock.lock();
        try
        {
            return journalRecords;
        }
        finally
        {
            journalLock.unlock();
        }
    }

    @Override
    public String reportJson()
    {
        return String.format(Locale.ROOT, "\"journaled\":%b,\"journal_records\":%d,\"confirmed\":%d,\"rejected\":%d",
            journaled, journalRecords(), confirmedOrders.sum(), rejectedOrders.sum());
    }

    @Override
    public void close()
    {
        journalLock.lock();
        try
        {
            if (null != appender)
            {
                appender.close();
                appender = null;
            }
            if (null != queue)
            {
                queue.close();
                queue = null;
            }
        }
        finally
        {
            journalLock.unlock();
        }
    }

    private void journal(final String login, final long orderId, final boolean confirmed, final long[] lineProducts,
        final int[] lineQuantities, final int lines)
    {
        journalLock.lock();
        try
        {
            try (DocumentContext dc = appender.writingDocument())
            {
                OrderRecordDescriptor.encode(dc.wire().bytes(), login, orderId, confirmed, lineProducts,
                    lineQuantities, lines);
            }
            journalRecords++;
        }
        finally
        {
            journalLock.unlock();
        }
    }

    private static void sortByProduct(final long[] lineProducts, final int[] lineQuantities, final int lines)
    {
        for (int i = 1; i < lines; i++)
        {
            final long product = lineProducts[i];
            final int quantity = lineQuantities[i];
            int j = i - 1;
            while (j >= 0 && lineProducts[j] > product)
            {
                lineProducts[j + 1] = lineProducts[j];
                lineQuantities[j + 1] = lineQuantities[j];
                j--;
            }
            lineProducts[j + 1] = product;
            lineQuantities[j + 1] = quantity;
        }
    }

    /**
     * A product's stock and the lock that guards it.
     */
    private static final class Product
    {
        final ReentrantLock lock = new ReentrantLock();
        long available;

        Product(final long available)
        {
            this.available = available;
        }
    }

    /**
     * A decided order: its outcome and its lines, sorted by product id.
     */
    private static final class Order
    {
        final boolean confirmed;
        final long[] products;
        final int[] quantities;

        Order(final boolean confirmed, final long[] products, final int[] quantities)
        {
            this.confirmed = confirmed;
            this.products = products;
            this.quantities = quantities;
        }
    }
}
