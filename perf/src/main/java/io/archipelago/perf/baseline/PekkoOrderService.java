package io.archipelago.perf.baseline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntToLongFunction;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.archipelago.perf.bench.OrderService;
import io.archipelago.perf.bench.Workload;
import org.agrona.collections.Long2ObjectHashMap;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The actor answer: one event-sourced Apache Pekko actor per product ({@link ProductActor}, persistence id
 * {@code product-<id>}), orders coordinated by asks.
 * <p>
 * {@link #start} creates an actor system whose guardian is Pekko's {@link SpawnProtocol}, spawns one actor per product
 * of the workload, has each persist a {@code Stocked} event of its initial units and waits until all of them have.
 * {@link #submit} does not block: it asks the product actor of every line of the order to reserve the line's units
 * ({@link AskPattern#ask}) and returns. The answers are handled on the system's dispatcher; when the last is in, if
 * every line was reserved the order is confirmed, otherwise the lines that were reserved are given back with a
 * {@code Release} (compensation) and the order is rejected. A single-line order is one ask.
 * <p>
 * Actors and answers run on the system's default dispatcher, a fork-join pool of Pekko's default size (at least 8
 * threads, one per core above that). The answers need that explicit executor: the stages {@code AskPattern} returns
 * run even their non-async callbacks asynchronously, by default on {@code ForkJoinPool.commonPool()}, which on a
 * machine of two cores or fewer starts a new thread per callback.
 * <p>
 * Configuration, built here rather than read from the class path: local actor provider (no remoting, no cluster),
 * Pekko's in-memory journal without test serialization (events are kept as objects and need no serializer), no
 * snapshot store, warnings and errors only, no JVM shutdown hook, and a stash of up to {@value #STASH_CAPACITY}
 * commands per actor: an event-sourced actor stashes the commands that arrive while it persists, and with Pekko's
 * default (4096, then drop with a warning) a hot product loses reservations, whose asks then time out.
 * <p>
 * What it leaves out compared with the engine, mostly in Pekko's favour: the in-memory journal does no disk I/O at all
 * (an event is "persisted" when the one journal actor of the system adds it to a map) and keeps every event in memory
 * until the system stops; there are no snapshots and no recovery is measured. Orders are not entities: an order's
 * outcome is reached by its asks and told to the sink, nothing records it, and duplicate order ids are not detected.
 * A reply that does not come within the ask timeout counts the line as not reserved and is reported as
 * {@code ask_failures}; its units may then stay reserved, so a run with failures is not a valid comparison.
 * <p>
 * Threading: {@link #start} and {@link #close} on one thread, {@link #submit} from any number of threads; the sink is
 * called on a Pekko dispatcher thread.
 */
public final class PekkoOrderService implements OrderService
{
    /** Ask timeout of the no-argument constructor. */
    public static final Duration DEFAULT_ASK_TIMEOUT = Duration.ofSeconds(30);
    /** Most commands a product actor holds while it persists. */
    static final int STASH_CAPACITY = 1_000_000;

    private static final String CONFIG =
        "pekko {\n" +
        "  loglevel = WARNING\n" +
        "  stdout-loglevel = WARNING\n" +
        "  log-dead-letters-during-shutdown = off\n" +
        "  actor.provider = local\n" +
        "  coordinated-shutdown.run-by-jvm-shutdown-hook = off\n" +
        "  persistence {\n" +
        "    journal.plugin = \"pekko.persistence.journal.inmem\"\n" +
        "    journal.inmem.test-serialization = off\n" +
        "    snapshot-store.plugin = \"pekko.persistence.no-snapshot-store\"\n" +
        "    typed.stash-capacity = " + STASH_CAPACITY + "\n" +
        "  }\n" +
        "}\n";

    private final Duration askTimeout;
    private final LongAdder eventsApplied = new LongAdder();
    private final LongAdder releases = new LongAdder();
    private final LongAdder askFailures = new LongAdder();
    private final LongAdder confirmedOrders = new LongAdder();
    private final LongAdder rejectedOrders = new LongAdder();
    private ActorSystem<SpawnProtocol.Command> system;
    private Scheduler scheduler;
    private Executor executor;
    private Long2ObjectHashMap<ActorRef<ProductActor.Command>> products;
    private Workload workload;

    /**
     * A service whose asks time out after {@link #DEFAULT_ASK_TIMEOUT}.
     */
    public PekkoOrderService()
    {
        this(DEFAULT_ASK_TIMEOUT);
    }

    /**
     * @param askTimeout how long an ask (product creation, a line's reservation) waits for its answer.
     */
    public PekkoOrderService(final Duration askTimeout)
    {
        this.askTimeout = askTimeout;
    }

    /**
     * @return the actor system's configuration: the settings above over Pekko's reference configuration.
     */
    static Config config()
    {
        return ConfigFactory.load(ConfigFactory.parseString(CONFIG));
    }

    @Override
    public String name()
    {
        return "pekko";
    }

    @Override
    public void start(final Workload workload) throws Exception
    {
        start(workload, workload::productUnits);
    }

    /**
     * Starts with other stock than the workload's, so tests can make products run out.
     *
     * @param workload       the workload whose orders will be submitted.
     * @param unitsOfProduct initial stock by product index.
     * @throws Exception if a product actor is not created and stocked within the ask timeout.
     */
    void start(final Workload workload, final IntToLongFunction unitsOfProduct) throws Exception
    {
        this.workload = workload;
        system = ActorSystem.create(SpawnProtocol.create(), "archipelago-pekko-baseline", config());
        scheduler = system.scheduler();
        executor = system.executionContext();
        final int count = workload.productCount();
        final List<CompletableFuture<ActorRef<ProductActor.Command>>> spawned = new ArrayList<>(count);
        for (int p = 0; p < count; p++)
        {
            final long productId = workload.productId(p);
            spawned.add(AskPattern.<SpawnProtocol.Command, ActorRef<ProductActor.Command>>ask(system,
                replyTo -> new SpawnProtocol.Spawn<>(ProductActor.create(productId, eventsApplied),
                    "product-" + productId, Props.empty(), replyTo), askTimeout, scheduler).toCompletableFuture());
        }
        final Long2ObjectHashMap<ActorRef<ProductActor.Command>> refs = new Long2ObjectHashMap<>();
        final List<CompletableFuture<Done>> stocked = new ArrayList<>(count);
        for (int p = 0; p < count; p++)
        {
            final ActorRef<ProductActor.Command> product = spawned.get(p).get();
            final long units = unitsOfProduct.applyAsLong(p);
            refs.put(workload.productId(p), product);
            stocked.add(AskPattern.<ProductActor.Command, Done>ask(product,
                replyTo -> new ProductActor.Stock(units, replyTo), askTimeout, scheduler).toCompletableFuture());
        }
        for (final CompletableFuture<Done> done : stocked)
        {
            done.get();
        }
        products = refs;
    }

    @Override
    public void submit(final int order, final CompletionSink sink)
    {
        final Workload w = workload;
        final int lines = w.lineCount(order);
        final Coordination coordination = new Coordination(order, new OrderKey(w.login(order), w.orderId(order)),
            lines, sink);
        for (int i = 0; i < lines; i++)
        {
            coordination.products[i] = products.get(w.product(order, i));
            coordination.quantities[i] = w.quantity(order, i);
        }
        for (int i = 0; i < lines; i++)
        {
            final ActorRef<ProductActor.Command> product = coordination.products[i];
            if (null == product)
            {
                coordination.onReply(i, ProductActor.Reservation.INSUFFICIENT, null);
                continue;
            }
            final int line = i;
            final OrderKey key = coordination.key;
            final int quantity = coordination.quantities[i];
            AskPattern.<ProductActor.Command, ProductActor.Reservation>ask(product,
                replyTo -> new ProductActor.Reserve(key, quantity, replyTo), askTimeout, scheduler)
                .whenCompleteAsync((reply, failure) -> coordination.onReply(line, reply, failure), executor);
        }
    }

    /**
     * Asks a product actor for its unsold units; waits up to the ask timeout.
     *
     * @param productId a product of the workload.
     * @return its units not sold yet.
     * @throws Exception if the product is unknown or does not answer in time.
     */
    public long available(final long productId) throws Exception
    {
        final ActorRef<ProductActor.Command> product = products.get(productId);
        if (null == product)
        {
            throw new IllegalArgumentException("unknown product " + productId);
        }
        return AskPattern.<ProductActor.Command, Long>ask(product, ProductActor.GetAvailable::new, askTimeout,
            scheduler).toCompletableFuture().get(askTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * @return events the product actors applied: stockings, reservations and releases. No actor recovers from the
     * fresh in-memory journal, so these are the events persisted.
     */
    public long eventsPersisted()
    {
        return eventsApplied.sum();
    }

    /**
     * @return compensations sent for lines of rejected multi-line orders.
     */
    public long releases()
    {
        return releases.sum();
    }

    /**
     * @return asks that failed (timed out) instead of being answered; zero in a valid run.
     */
    public long askFailures()
    {
        return askFailures.sum();
    }

    @Override
    public String reportJson()
    {
        return String.format(Locale.ROOT, "\"events_persisted\":%d,\"releases\":%d,\"ask_failures\":%d," +
            "\"confirmed\":%d,\"rejected\":%d", eventsPersisted(), releases(), askFailures(), confirmedOrders.sum(),
            rejectedOrders.sum());
    }

    @Override
    public void close() throws Exception
    {
        if (null != system)
        {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(askTimeout.toNanos(), TimeUnit.NANOSECONDS);
            system = null;
        }
    }

    /**
     * One order waiting for the answers of its lines. Each answer is written to its own slot before the count of
     * missing answers goes down, so the answer that brings it to zero sees all the others.
     */
    private final class Coordination
    {
        final int order;
        final OrderKey key;
        final CompletionSink sink;
        final ActorRef<ProductActor.Command>[] products;
        final int[] quantities;
        final ProductActor.Reservation[] replies;
        final AtomicInteger missing;

        @SuppressWarnings("unchecked") // Java has no generic array creation; every element is a product actor's ref
        Coordination(final int order, final OrderKey key, final int lines, final CompletionSink sink)
        {
            this.order = order;
            this.key = key;
            this.sink = sink;
            this.products = (ActorRef<ProductActor.Command>[])new ActorRef<?>[lines];
            this.quantities = new int[lines];
            this.replies = new ProductActor.Reservation[lines];
            this.missing = new AtomicInteger(lines);
        }

        void onReply(final int line, final ProductActor.Reservation reply, final Throwable failure)
        {
            if (null != failure)
            {
                askFailures.increment();
            }
            replies[line] = null == failure ? reply : ProductActor.Reservation.INSUFFICIENT;
            if (0 == missing.decrementAndGet())
            {
                decide();
            }
        }

        private void decide()
        {
            boolean confirmed = true;
            for (final ProductActor.Reservation reply : replies)
            {
                confirmed &= ProductActor.Reservation.RESERVED == reply;
            }
            if (!confirmed)
            {
                for (int i = 0; i < replies.length; i++)
                {
                    if (ProductActor.Reservation.RESERVED == replies[i])
                    {
                        products[i].tell(new ProductActor.Release(key, quantities[i]));
                        releases.increment();
                    }
                }
            }
            (confirmed ? confirmedOrders : rejectedOrders).increment();
            sink.completed(order, confirmed);
        }
    }
}
