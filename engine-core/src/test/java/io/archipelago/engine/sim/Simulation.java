package io.archipelago.engine.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import io.archipelago.engine.codec.Command;
import io.archipelago.engine.codec.RecordCodec;
import io.archipelago.engine.codec.RecordDescriptor;
import io.archipelago.engine.core.IslandCore;
import io.archipelago.engine.events.EventDecoder;
import io.archipelago.engine.invariants.Invariants;
import io.archipelago.engine.invariants.JournalLinks;
import io.archipelago.engine.journal.RecordSource;
import io.archipelago.engine.invariants.Violation;
import io.archipelago.engine.logic.InventoryLogic;
import io.archipelago.engine.logic.LogicSnapshot;
import io.archipelago.engine.logic.Order;
import io.archipelago.engine.logic.Product;
import io.archipelago.engine.model.Event;
import io.archipelago.engine.model.EventId;
import io.archipelago.engine.model.EventType;
import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.model.TransferPolicy;
import io.archipelago.engine.recovery.IslandLoader;
import io.archipelago.engine.recovery.LinkReconciler;
import io.archipelago.engine.recovery.SnapshotStore;
import io.archipelago.messaging.LinkTransport;
import io.archipelago.router.PartitionRouter;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Runs N islands' {@link IslandCore}s and the links between them on one thread under a seeded scheduler: client
 * commands arrive at random times, link messages are delivered in random order across links with random delays
 * (in order within a link), receivers are sometimes full, batches end at random points, time advances in random
 * steps, and islands crash (their in-memory state, ring contents and unreleased replies are dropped; they are
 * rebuilt from their journals and the links are reconciled). Then input stops, the system runs until quiet, and
 * {@link #check()} verifies every invariant. Everything depends on the seed alone.
 */
final class Simulation
{
    /** The mixed workload's policy: short timeouts, so searches time out and retry often. */
    private static final TransferPolicy MIXED_POLICY = new TransferPolicy(TransferPolicy.DEFAULT.strategy(), 40, 2,
        50, 400);
    private final TransferPolicy policy;

    final long seed;
    final int islandCount;
    private final Random random;
    private final PartitionRouter router;
    private final MemoryJournal[] journals;
    /** Each island's event log, which like its journal survives a crash of the island. */
    private final MemoryJournal[] eventLogs;
    private final IslandCore[] cores;
    private final SimTransport transport;
    private final ArrayDeque<ClientInput> clientInputs = new ArrayDeque<>();
    private final Map<String, ResultCode> repliesReceived = new HashMap<>();
    private final Map<Long, Long> unitsCreated = new HashMap<>();
    private final double crashProbability;
    private final double refuseProbability;
    private final SnapshotStore.Snapshot[] snapshots;
    private long now = 1_000_000;
    private final boolean scarce;
    private int maxQuantity;
    /** Scarce workload: whether some order names more than one product. */
    private boolean multiProductOrders;
    /**
     * Whether the scarce workload also cancels orders (confirmed ones give their units back) and restocks products
     * while orders wait; the single-threaded reference does not model either, so its leftover bound is not checked.
     */
    private boolean churn;
    /** Scarce workload: order keys in the order the islands applied them (the reference decides in this order). */
    private final List<Command> placedInOrder = new ArrayList<>();
    private final java.util.Set<String> rejectionsSeen = new java.util.HashSet<>();
    private long inputEndedAt;
    /** Scarce workload: journaled time from the end of input to the last decision. */
    long lastDecisionAfterInputMillis;
    /** Scarce workload: units the single-threaded reference leaves unsold over all products. */
    long referenceUnitsLeft;
    int crashes;
    /** Events compared between each island's event log and its journal's replay. */
    long eventsChecked;
    int snapshotRecoveries;
    long steps;

    Simulation(final long seed)
    {
        this(seed, false);
    }

    /**
     * @param scarce when true, the workload is multi-unit orders (1..k units, up to three lines) with long deadlines
     *               over a few units per product, no cancels or restocks, checked against a single-threaded
     *               reference by {@link #checkScarce()}.
     */
    Simulation(final long seed, final boolean scarce)
    {
        this.seed = seed;
        this.scarce = scarce;
        this.policy = scarce ? TransferPolicy.DEFAULT : MIXED_POLICY;
        this.random = new Random(seed);
        this.islandCount = pickIslandCount(random);
        this.router = new PartitionRouter(islandCount);
        this.journals = new MemoryJournal[islandCount];
        this.eventLogs = new MemoryJournal[islandCount];
        this.cores = new IslandCore[islandCount];
        this.transport = new SimTransport(islandCount);
        this.snapshots = new SnapshotStore.Snapshot[islandCount];
        this.crashProbability = scarce && !SCARCE_CRASHES || random.nextInt(4) == 0 ? 0 :
            0.002 + random.nextDouble() * 0.01;
        this.refuseProbability = random.nextDouble() * 0.2;
        for (int i = 0; i < islandCount; i++)
        {
            journals[i] = new MemoryJournal();
            eventLogs[i] = new MemoryJournal();
            cores[i] = newCore(i);
            cores[i].attachEventLog(eventLogs[i]);
            cores[i].ensurePolicy(policy, now);
        }
        if (scarce)
        {
            generateScarceWorkload();
        }
        else
        {
            generateWorkload();
        }
    }

    private static int pickIslandCount(final Random random)
    {
        final int bucket = random.nextInt(10);
        if (bucket < 5)
        {
            return 1 + random.nextInt(4);
        }
        if (bucket < 8)
        {
            return 5 + random.nextInt(12);
        }
        return 17 + random.nextInt(48);
    }

    private IslandCore newCore(final int island)
    {
        final IslandCore core = new IslandCore(island, new InventoryLogic(island, islandCount, policy.strategy()),
            journals[island], transport, false, 64);
        return core;
    }

    private void generateWorkload()
    {
        final int products = 1 + random.nextInt(4);
        final int users = 1 + random.nextInt(40);
        final int orders = 10 + random.nextInt(150);
        final int maxLines = 1 + random.nextInt(3);
        final int maxQuantity = 1 + random.nextInt(3);
        long time = now;
        for (long p = 1; p <= products; p++)
        {
            final long units = random.nextInt(3) == 0 ? random.nextInt(islandCount + 3) : random.nextInt(60) + 1;
            final long createAt = time + random.nextInt(30);
            unitsCreated.merge(p, 0L, Long::sum);
            for (int island = 0; island < islandCount; island++)
            {
                final Command create = new Command().createProduct(p, Math.max(1, units));
                clientInputs.add(new ClientInput(createAt + random.nextInt(40), island, create, null));
            }
            unitsCreated.merge(p, Math.max(1, units), Long::sum);
        }
        final boolean holdsAndTimers = random.nextInt(3) != 0;
        for (int i = 0; i < orders; i++)
        {
            time += random.nextInt(5);
            final String login = "u" + random.nextInt(users);
            if (holdsAndTimers && random.nextInt(4) == 0)
            {
                addTimerInputs(login, time);
            }
            final boolean hold = holdsAndTimers && random.nextInt(3) == 0;
            final Command order = (hold ? new Command().placeHold(login, i, 1 + random.nextInt(1_500)) :
                new Command().placeOrder(login, i)).timeoutMillis(50 + random.nextInt(400));
            final int lines = 1 + random.nextInt(maxLines);
            for (int l = 0; l < lines; l++)
            {
                order.addLine(1 + random.nextInt(products + (random.nextInt(20) == 0 ? 1 : 0)),
                    1 + random.nextInt(maxQuantity));
            }
            clientInputs.add(new ClientInput(time, router.partitionOf(login), order, login + "#" + i));
            if (hold)
            {
                addHoldSignal(login, i, time);
            }
            if (random.nextInt(15) == 0)
            {
                final Command cancel = new Command().cancelOrder(login, random.nextInt(i + 1));
                clientInputs.add(new ClientInput(time + random.nextInt(100), router.partitionOf(login), cancel,
                    null));
            }
            if (random.nextInt(40) == 0)
            {
                final long product = 1 + random.nextInt(products);
                final long units = 1 + random.nextInt(10);
                unitsCreated.merge(product, units, Long::sum);
                final long restockAt = Math.max(time, now + 100) + random.nextInt(50);
                for (int island = 0; island < islandCount; island++)
                {
                    clientInputs.add(new ClientInput(restockAt + random.nextInt(20), island,
                        new Command().restock(product, units), null));
                }
            }
        }
        final List<ClientInput> sorted = new ArrayList<>(clientInputs);
        sorted.sort((a, b) -> Long.compare(a.time, b.time));
        clientInputs.clear();
        clientInputs.addAll(sorted);
    }

    /**
     * The outside signal for a hold, at a random time that may come before it is covered, while it is held, or after
     * it expired: a confirm, a release, a cancel, or nothing (it expires).
     */
    private void addHoldSignal(final String login, final long holdId, final long placedAt)
    {
        final int signal = random.nextInt(4);
        final Command command = switch (signal)
        {
            case 0 -> new Command().confirmHold(login, holdId);
            case 1 -> new Command().releaseHold(login, holdId);
            case 2 -> new Command().cancelOrder(login, holdId);
            default -> null;
        };
        if (null != command)
        {
            clientInputs.add(new ClientInput(placedAt + random.nextInt(2_000), router.partitionOf(login), command,
                null));
        }
    }

    /**
     * A user's timer with a key from a small range (so timers are replaced), due after a delay or at a time that
     * may already be past; sometimes cancelled later.
     */
    private void addTimerInputs(final String login, final long time)
    {
        final long key = random.nextInt(6);
        final byte[] payload = new byte[random.nextInt(20)];
        random.nextBytes(payload);
        final Command schedule = random.nextBoolean() ?
            new Command().schedule(login, key, random.nextInt(2_000), RecordDescriptor.WHEN_AFTER, payload, 0,
                payload.length) :
            new Command().schedule(login, key, time - 50 + random.nextInt(2_000), RecordDescriptor.WHEN_AT, payload,
                0, payload.length);
        clientInputs.add(new ClientInput(time, router.partitionOf(login), schedule, null));
        if (random.nextInt(4) == 0)
        {
            clientInputs.add(new ClientInput(time + random.nextInt(1_500), router.partitionOf(login),
                new Command().cancelSchedule(login, key), null));
        }
    }

    private void generateScarceWorkload()
    {
        final int products = 1 + random.nextInt(3);
        final int users = 1 + random.nextInt(60);
        final int orders = 20 + random.nextInt(180);
        churn = random.nextInt(3) == 0;
        final int maxLines = 1 + random.nextInt(3);
        maxQuantity = 1 + random.nextInt(4);
        long time = now;
        for (long p = 1; p <= products; p++)
        {
            final long units = 1 + random.nextInt(2 * islandCount + 8);
            for (int island = 0; island < islandCount; island++)
            {
                clientInputs.add(new ClientInput(time + random.nextInt(20), island,
                    new Command().createProduct(p, units), null));
            }
            unitsCreated.put(p, units);
        }
        for (int i = 0; i < orders; i++)
        {
            time += random.nextInt(4);
            final String login = "u" + random.nextInt(users);
            final Command order = new Command().placeOrder(login, i).timeoutMillis(SCARCE_DEADLINE_MILLIS);
            final int lines = 1 + random.nextInt(maxLines);
            for (int l = 0; l < lines; l++)
            {
                order.addLine(1 + random.nextInt(products), 1 + random.nextInt(maxQuantity));
                multiProductOrders |= order.lineProductId(l) != order.lineProductId(0);
            }
            clientInputs.add(new ClientInput(time, router.partitionOf(login), order, login + "#" + i));
            if (churn && random.nextInt(8) == 0)
            {
                clientInputs.add(new ClientInput(time + random.nextInt(3_000), router.partitionOf(login),
                    new Command().cancelOrder(login, i), null));
            }
            if (churn && random.nextInt(60) == 0)
            {
                final long product = 1 + random.nextInt(products);
                final long units = 1 + random.nextInt(islandCount + 2);
                unitsCreated.merge(product, units, Long::sum);
                final long restockAt = Math.max(time, now + 20) + random.nextInt(500);
                for (int island = 0; island < islandCount; island++)
                {
                    clientInputs.add(new ClientInput(restockAt + random.nextInt(40), island,
                        new Command().restock(product, units), null));
                }
            }
        }
        final List<ClientInput> sorted = new ArrayList<>(clientInputs);
        sorted.sort((a, b) -> Long.compare(a.time, b.time));
        clientInputs.clear();
        clientInputs.addAll(sorted);
    }

    /**
     * Whether each step of the scarce workload checks that no order it rejects could have been completed from units
     * free anywhere just before; on by default, {@code -Dsim.checkFreeAtRejection=false} turns it off.
     */
    static final boolean CHECK_FREE_AT_REJECTION =
        Boolean.parseBoolean(System.getProperty("sim.checkFreeAtRejection", "true"));

    /**
     * Whether the scarce workload crashes islands (three seeds in four); on by default,
     * {@code -Dsim.scarceCrashes=false} turns it off.
     */
    static final boolean SCARCE_CRASHES = Boolean.parseBoolean(System.getProperty("sim.scarceCrashes", "true"));

    /** Deadline of every scarce-workload order: far beyond the time the search needs to decide. */
    static final int SCARCE_DEADLINE_MILLIS = 30_000;

    /**
     * Runs the workload, then lets the system settle.
     */
    void run()
    {
        while (!clientInputs.isEmpty())
        {
            checkedStep(true);
        }
        inputEndedAt = now;
        final long quietBy = now + 60_000;
        while (!quiet())
        {
            checkedStep(false);
            if (now > quietBy)
            {
                throw new AssertionError(describe() + ": not quiet 60 s of journaled time after input stopped");
            }
        }
    }

    /**
     * A step; in the scarce workload also checks that no order it rejected could have been completed from units
     * that were free (available, not reserved) anywhere both just before and just after the step. (One step may
     * confirm an older order with the units a younger one then lacks, as when a product's creation wakes several
     * waiting orders at once: free before the step alone would blame that rejection.)
     */
    private void checkedStep(final boolean inputOpen)
    {
        if (!scarce || !CHECK_FREE_AT_REJECTION)
        {
            step(inputOpen);
            return;
        }
        final long[] rejectedBefore = new long[islandCount];
        for (int i = 0; i < islandCount; i++)
        {
            rejectedBefore[i] = cores[i].logic().statistics().ordersRejected();
        }
        final Map<Long, Long> freeThroughout = freeUnits();
        step(inputOpen);
        final Map<Long, Long> freeAfter = freeUnits();
        freeThroughout.replaceAll((product, before) -> Math.min(before, freeAfter.getOrDefault(product, 0L)));
        for (int i = 0; i < islandCount; i++)
        {
            final InventoryLogic logic = cores[i].logic();
            if (logic.statistics().ordersRejected() != rejectedBefore[i])
            {
                checkRejections(logic, freeThroughout);
            }
        }
    }

    private Map<Long, Long> freeUnits()
    {
        final Map<Long, Long> free = new HashMap<>();
        for (final IslandCore core : cores)
        {
            for (final long productId : core.logic().productIdsSorted())
            {
                free.merge(productId, core.logic().product(productId).available(), Long::sum);
            }
        }
        return free;
    }

    /**
     * @return true when another island has applied a restock of the product that this island has not yet: a
     *         restock counts at an island from when that island applies it (the call completes once every island
     *         has), so a rejection before then is decided without those units.
     */
    private boolean restockOnItsWay(final InventoryLogic logic, final long productId)
    {
        final Product here = logic.product(productId);
        if (null == here)
        {
            return true;
        }
        final long known = here.totalUnits();
        for (final IslandCore core : cores)
        {
            final Product there = core.logic().product(productId);
            if (null != there && there.totalUnits() > known)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @return true when the island still counts a sold figure another island reported before a cancelled order gave
     *         units back there: the sold notice telling it so is on its way, and a rejection before it arrives is
     *         decided without those units. ({@link #checkScarce()} checks that no such figure is left once quiet,
     *         so a notice that is never sent fails the run.)
     */
    private boolean soldNoticeOnItsWay(final InventoryLogic logic, final long productId)
    {
        final Product here = logic.product(productId);
        for (int other = 0; other < islandCount; other++)
        {
            final Product there = cores[other].logic().product(productId);
            if (other != logic.island() && null != here && null != there &&
                here.soldReportedBy(other) > there.sold())
            {
                return true;
            }
        }
        return false;
    }

    private void checkRejections(final InventoryLogic logic, final Map<Long, Long> freeBefore)
    {
        for (final String login : logic.loginsSorted())
        {
            for (final long orderId : logic.orderIdsSorted(login))
            {
                final Order order = logic.order(login, orderId);
                if (order.state() != OrderState.REJECTED || !rejectionsSeen.add(login + "#" + orderId))
                {
                    continue;
                }
                boolean coverable = true;
                for (int line = 0; line < order.lineCount(); line++)
                {
                    long wanted = 0;
                    for (int other = 0; other < order.lineCount(); other++)
                    {
                        wanted += order.productId(other) == order.productId(line) ? order.quantity(other) : 0;
                    }
                    coverable &= freeBefore.getOrDefault(order.productId(line), 0L) >= wanted &&
                        !restockOnItsWay(logic, order.productId(line)) &&
                        !soldNoticeOnItsWay(logic, order.productId(line));
                }
                if (coverable)
                {
                    fail("island " + logic.island() + " rejected " + login + "#" + orderId + " (" + order.reason() +
                        ") while every unit it needed was free: " + freeBefore + "; stock per island now: " +
                        stockByIsland());
                }
            }
        }
    }

    private void step(final boolean inputOpen)
    {
        steps++;
        final int action = random.nextInt(100);
        if (inputOpen && action < 35)
        {
            final ClientInput input = clientInputs.peek();
            if (input.time <= now)
            {
                clientInputs.poll();
                if (input.command.type() == io.archipelago.engine.codec.CommandType.PLACE_ORDER)
                {
                    placedInOrder.add(new Command().copyFrom(input.command));
                }
                final String key = input.key;
                cores[input.island].onClientCommand(input.command, now, null == key ? null :
                    (correlation, result) -> repliesReceived.put(key, result), 0);
            }
            else
            {
                now = input.time;
            }
        }
        else if (action < 70)
        {
            transport.deliverOne();
        }
        else if (action < 88)
        {
            cores[random.nextInt(islandCount)].endOfBatch();
        }
        else if (action < 97)
        {
            now += random.nextInt(inputOpen || scarce ? 5 : 30);
            for (final IslandCore core : cores)
            {
                core.onTick(now);
            }
        }
        else if (action < 98)
        {
            snapshot(random.nextInt(islandCount));
        }
        else if (random.nextDouble() < crashProbability * 30)
        {
            crash(random.nextInt(islandCount));
        }
    }

    private boolean quiet()
    {
        if (transport.inTransit() > 0)
        {
            return false;
        }
        for (final IslandCore core : cores)
        {
            core.endOfBatch();
            if (core.hasUndelivered() || core.logic().pendingOrderCount() > 0 || core.logic().heldHoldCount() > 0 ||
                core.logic().scheduledCount() > 0)
            {
                return false;
            }
        }
        return transport.inTransit() == 0;
    }

    /**
     * Takes a snapshot of an island between two inputs and checks that it reads back to the same state. Like the
     * engine, it first appends the events decided so far: replay after a snapshot cannot decide earlier ones again.
     */
    private void snapshot(final int island)
    {
        final IslandCore core = cores[island];
        core.flushEvents();
        final byte[] bytes = LogicSnapshot.write(core.logic());
        final String restored = LogicSnapshot.read(bytes, policy.strategy()).digest();
        if (!restored.equals(core.logic().digest()))
        {
            fail("island " + island + ": snapshot reads back to digest " + restored + " instead of " +
                core.logic().digest());
        }
        snapshots[island] = new SnapshotStore.Snapshot(null, island, islandCount, core.sequence(),
            core.lastTimestamp(), core.sequence() - 1, core.logic().digest(), bytes);
    }

    /**
     * Drops an island's memory (state, ring, unreleased replies), rebuilds it through the engine's own
     * {@link IslandLoader} (half of the time allowed to start from its snapshot) and reconciles its links with the
     * engine's {@link LinkReconciler}.
     */
    private void crash(final int island)
    {
        crashes++;
        transport.dropTo(island);
        final IslandCore rebuilt = newCore(island);
        final List<Event> logged = events(island, eventLogs[island]);
        if (logged.isEmpty())
        {
            rebuilt.regenerateEventsAfter(-1, -1);
        }
        else
        {
            final EventId last = logged.get(logged.size() - 1).id();
            rebuilt.regenerateEventsAfter(last.sequence(), last.index());
        }
        final boolean fromSnapshot = null != snapshots[island] && random.nextBoolean();
        final IslandLoader.Result loaded = IslandLoader.load(rebuilt,
            new MemoryHistory(island, journals[island], snapshots[island]),
            new IslandLoader.Options(fromSnapshot, false, policy.strategy(), null)).orThrow();
        if (fromSnapshot)
        {
            if (loaded.snapshotSequence() != snapshots[island].sequence())
            {
                fail("island " + island + ": the loader passed over its snapshot: " + loaded.skippedSnapshots());
            }
            snapshotRecoveries++;
        }
        rebuilt.attachEventLog(eventLogs[island]);
        rebuilt.ensurePolicy(policy, now);
        cores[island] = rebuilt;
        LinkReconciler.reconcileIsland(island, cores, transport);
    }

    /**
     * Checks every invariant through {@link Invariants} (with the units this workload created and restocked, the
     * links against what each journal holds, and everything settled) and that what each client was told matches
     * the island; throws an {@link AssertionError} naming the seed and every violation.
     */
    void check()
    {
        final List<InventoryLogic> states = new ArrayList<>(islandCount);
        final List<JournalLinks> scans = new ArrayList<>(islandCount);
        for (int island = 0; island < islandCount; island++)
        {
            states.add(cores[island].logic());
            scans.add(JournalLinks.scan(island, islandCount, journals[island].reader()));
        }
        final List<Violation> violations = Invariants.of(states)
            .checkAllocations()
            .checkConservation(unitsCreated)
            .checkOrders()
            .checkLinks()
            .checkJournals(scans)
            .checkQuiet()
            .checkTimers()
            .violations();
        if (!violations.isEmpty())
        {
            fail(violations.size() + " invariants broken:\n" + violations.stream().map(Violation::toString)
                .collect(Collectors.joining("\n")));
        }
        for (final IslandCore core : cores)
        {
            final InventoryLogic logic = core.logic();
            for (final String login : logic.loginsSorted())
            {
                for (final long orderId : logic.orderIdsSorted(login))
                {
                    final Order order = logic.order(login, orderId);
                    final ResultCode reply = repliesReceived.get(login + "#" + orderId);
                    if (null != reply && !consistent(reply, order))
                    {
                        fail("client was told " + reply + " for " + login + "#" + orderId + " but the island " +
                            "holds it " + order.state() + " " + order.reason());
                    }
                }
            }
        }
        checkJournals();
    }

    /**
     * The scarce workload's checks, after {@link #check()}: every order was decided by the stock, not its deadline;
     * no rejected order could be covered by the units left unsold once quiet (no units are stranded); and when no
     * order names two products, per product the units left unsold are at most what a single-threaded reference
     * with one global stock leaves (deciding the same orders in the order the islands applied them), or fewer than
     * the largest quantity an order asks of the product. With orders over several products the engine may confirm
     * a different set than the reference, and a product's leftovers can then differ either way (an order rejected
     * for lack of one product frees the units of another); {@link #referenceUnitsLeft} is reported for those.
     */
    void checkScarce()
    {
        final Map<Long, Long> reference = new HashMap<>(unitsCreated);
        for (final Command order : placedInOrder)
        {
            final Map<Long, Long> wanted = new HashMap<>();
            for (int i = 0; i < order.lineCount(); i++)
            {
                wanted.merge(order.lineProductId(i), (long)order.lineQuantity(i), Long::sum);
            }
            if (wanted.entrySet().stream().allMatch(e -> reference.get(e.getKey()) >= e.getValue()))
            {
                wanted.forEach((product, units) -> reference.merge(product, -units, Long::sum));
            }
        }
        final Map<Long, Long> left = new HashMap<>(unitsCreated);
        final Map<Long, Long> largest = new HashMap<>();
        long lastDecision = inputEndedAt;
        for (final IslandCore core : cores)
        {
            final InventoryLogic logic = core.logic();
            for (final long productId : logic.productIdsSorted())
            {
                left.merge(productId, -logic.product(productId).sold(), Long::sum);
            }
            for (final String login : logic.loginsSorted())
            {
                for (final long orderId : logic.orderIdsSorted(login))
                {
                    final Order order = logic.order(login, orderId);
                    if (order.decidedAt() >= order.deadline())
                    {
                        fail(login + "#" + orderId + " (" + order.lineCount() + " lines, first product " +
                            order.productId(0) + ") was decided " + order.state() + " at its deadline " +
                            order.deadline() + "; stock per island now: " + stockByIsland());
                    }
                    lastDecision = Math.max(lastDecision, order.decidedAt());
                    for (int i = 0; i < order.lineCount(); i++)
                    {
                        largest.merge(order.productId(i), (long)order.quantity(i), Math::max);
                    }
                }
            }
        }
        lastDecisionAfterInputMillis = lastDecision - inputEndedAt;
        for (final IslandCore core : cores)
        {
            for (final long productId : core.logic().productIdsSorted())
            {
                for (final IslandCore other : cores)
                {
                    final Product there = other.logic().product(productId);
                    final long reported = core.logic().product(productId).soldReportedBy(other.logic().island());
                    if (other != core && null != there && reported > there.sold())
                    {
                        fail("island " + core.logic().island() + " still counts " + reported + " units of product " +
                            productId + " sold at island " + other.logic().island() + ", which has sold " +
                            there.sold() + " (a sold notice was never applied)");
                    }
                }
            }
        }
        for (final IslandCore core : cores)
        {
            final InventoryLogic logic = core.logic();
            for (final String login : logic.loginsSorted())
            {
                for (final long orderId : logic.orderIdsSorted(login))
                {
                    final Order order = logic.order(login, orderId);
                    if (!churn && order.state() == OrderState.REJECTED && fits(order, left))
                    {
                        fail(login + "#" + orderId + " was rejected " + order.reason() + " but the units left " +
                            "unsold would cover it: " + left + "; stock per island now: " + stockByIsland());
                    }
                }
            }
        }
        referenceUnitsLeft = reference.values().stream().mapToLong(Long::longValue).sum();
        for (final Map.Entry<Long, Long> entry : left.entrySet())
        {
            if (multiProductOrders || churn)
            {
                break;
            }
            final long product = entry.getKey();
            final long bound = Math.max(reference.get(product), largest.getOrDefault(product, 1L) - 1);
            if (entry.getValue() > bound)
            {
                fail("product " + product + ": " + entry.getValue() + " of " + unitsCreated.get(product) +
                    " units left unsold, the reference leaves " + reference.get(product) + " (largest order line " +
                    largest.get(product) + ")");
            }
        }
    }

    private static boolean fits(final Order order, final Map<Long, Long> units)
    {
        final Map<Long, Long> wanted = new HashMap<>();
        for (int i = 0; i < order.lineCount(); i++)
        {
            wanted.merge(order.productId(i), (long)order.quantity(i), Long::sum);
        }
        return wanted.entrySet().stream().allMatch(e -> units.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    private String stockByIsland()
    {
        final StringBuilder text = new StringBuilder();
        for (final IslandCore core : cores)
        {
            text.append("\n  island ").append(core.logic().island()).append(':');
            for (final long productId : core.logic().productIdsSorted())
            {
                final Product product = core.logic().product(productId);
                text.append(" p").append(productId).append(" free ").append(product.available()).append(" held ")
                    .append(product.reserved()).append(" sold ").append(product.sold());
            }
        }
        return text.toString();
    }

    /**
     * @return whether the scarce workload also cancelled orders and restocked products.
     */
    boolean churn()
    {
        return churn;
    }

    /**
     * @return units left unsold over all products once quiet.
     */
    long unitsLeft()
    {
        long left = unitsCreated.values().stream().mapToLong(Long::longValue).sum();
        for (final IslandCore core : cores)
        {
            for (final long productId : core.logic().productIdsSorted())
            {
                left -= core.logic().product(productId).sold();
            }
        }
        return left;
    }

    private static boolean consistent(final ResultCode reply, final Order order)
    {
        return switch (reply)
        {
            case CONFIRMED -> order.state() == OrderState.CONFIRMED || order.state() == OrderState.CANCELLED;
            case OUT_OF_STOCK, UNKNOWN_PRODUCT, DEADLINE_PASSED ->
                order.state() == OrderState.REJECTED && order.reason() == reply;
            case CANCELLED -> order.state() == OrderState.CANCELLED;
            case HELD -> order.state() == OrderState.HELD || order.state() == OrderState.CONFIRMED ||
                order.state() == OrderState.RELEASED || order.state() == OrderState.EXPIRED ||
                order.state() == OrderState.CANCELLED;
            case RELEASED -> order.state() == OrderState.RELEASED;
            case DUPLICATE_ORDER -> true;
            default -> false;
        };
    }

    /**
     * Determinism: each journal replays, through the engine's {@link IslandLoader}, to the live island's digest.
     */
    private void checkJournals()
    {
        for (int island = 0; island < islandCount; island++)
        {
            final IslandCore replayed = newCore(island);
            IslandLoader.load(replayed, new MemoryHistory(island, journals[island], null),
                new IslandLoader.Options(false, false, policy.strategy(), null)).orThrow();
            final String live = cores[island].logic().digest();
            final String fromJournal = replayed.logic().digest();
            if (!live.equals(fromJournal))
            {
                fail("island " + island + ": live digest " + live + " but its journal replays to " + fromJournal);
            }
            final IslandCore decider = newCore(island);
            decider.regenerateEventsAfter(-1, -1);
            IslandLoader.load(decider, new MemoryHistory(island, journals[island], null),
                new IslandLoader.Options(false, false, policy.strategy(), null)).orThrow();
            final MemoryJournal decided = new MemoryJournal();
            decider.attachEventLog(decided);
            final List<Event> expected = events(island, decided);
            final List<Event> logged = events(island, eventLogs[island]);
            if (!expected.equals(logged))
            {
                int first = 0;
                while (first < Math.min(expected.size(), logged.size()) && expected.get(first).equals(logged.get(first)))
                {
                    first++;
                }
                fail("island " + island + ": its event log holds " + logged.size() + " events, its journal decides " +
                    expected.size() + "; first difference at " + first + ": logged " +
                    (first < logged.size() ? logged.get(first) : "nothing") + ", decided " +
                    (first < expected.size() ? expected.get(first) : "nothing"));
            }
            eventsChecked += logged.size();
            checkFirings(island, logged);
        }
    }

    /**
     * Users' timers against a naive reference read off the island's journal: a sorted map of pending timers, replaced
     * by a new schedule of the same key, removed by a cancel, fired in (due, schedule order) by each tick. The event
     * log must hold exactly the reference's firings, in its order, with the payloads scheduled, none before it is due.
     */
    private void checkFirings(final int island, final List<Event> logged)
    {
        final Map<String, long[]> pending = new HashMap<>();
        final Map<String, byte[]> payloads = new HashMap<>();
        final List<String> expected = new ArrayList<>();
        long order = 0;
        final RecordSource records = journals[island].reader();
        while (records.next())
        {
            final Command c = records.command();
            final long time = records.header().timestamp();
            final String key = c.login() + "/" + c.orderId();
            switch (c.type())
            {
                case SCHEDULE ->
                {
                    final long due = c.whenKind() == RecordDescriptor.WHEN_AFTER ? time + c.when() : c.when();
                    pending.put(key, new long[] {Math.max(due, time), order++});
                    payloads.put(key, java.util.Arrays.copyOf(c.payload(), c.payloadLength()));
                }
                case CANCEL_SCHEDULE -> pending.remove(key);
                case TICK ->
                {
                    final List<Map.Entry<String, long[]>> due = new ArrayList<>();
                    for (final Map.Entry<String, long[]> entry : pending.entrySet())
                    {
                        if (entry.getValue()[0] <= time)
                        {
                            due.add(entry);
                        }
                    }
                    due.sort((a, b) -> a.getValue()[0] != b.getValue()[0] ? Long.compare(a.getValue()[0],
                        b.getValue()[0]) : Long.compare(a.getValue()[1], b.getValue()[1]));
                    for (final Map.Entry<String, long[]> entry : due)
                    {
                        expected.add(entry.getKey() + "@" + time + ":" +
                            java.util.Arrays.toString(payloads.get(entry.getKey())));
                    }
                    for (final Map.Entry<String, long[]> entry : due)
                    {
                        pending.remove(entry.getKey());
                    }
                }
                default ->
                {
                }
            }
        }
        final List<String> fired = new ArrayList<>();
        for (final Event event : logged)
        {
            switch (event.type())
            {
                case HOLD_HELD -> holdEvents[0]++;
                case HOLD_CONFIRMED -> holdEvents[1]++;
                case HOLD_RELEASED -> holdEvents[2]++;
                case HOLD_EXPIRED -> holdEvents[3]++;
                default ->
                {
                }
            }
            if (event.type() == EventType.SCHEDULE_FIRED)
            {
                fired.add(event.login() + "/" + event.orderId() + "@" + event.timestamp() + ":" +
                    java.util.Arrays.toString(event.payload()));
            }
        }
        if (!expected.equals(fired))
        {
            fail("island " + island + ": timers fired " + fired + " but its journal says " + expected);
        }
        firings += fired.size();
    }

    private static List<Event> events(final int island, final MemoryJournal log)
    {
        final EventDecoder decoder = new EventDecoder();
        final List<Event> events = new ArrayList<>();
        for (int i = 0; i < log.size(); i++)
        {
            final byte[] record = log.record(i);
            events.addAll(decoder.decode(island, record, record.length, "island " + island + " event batch " + i));
        }
        return events;
    }

    private void fail(final String message)
    {
        throw new AssertionError(describe() + ": " + message + (TRACE ? journalsText() : ""));
    }

    /** Whether a failure prints every island's journal, {@code -Dsim.trace=true} (for one seed). */
    static final boolean TRACE = Boolean.getBoolean("sim.trace");

    private String journalsText()
    {
        final StringBuilder text = new StringBuilder();
        for (int island = 0; island < islandCount; island++)
        {
            text.append("\n--- journal of island ").append(island);
            final RecordSource records = journals[island].reader();
            while (records.next())
            {
                text.append("\n  ").append(records.header()).append(' ').append(records.command());
            }
        }
        return text.toString();
    }

    /** Users' timers fired, summed over the islands' event logs (checked against the journals). */
    long firings;
    /** Hold events in the islands' event logs: held, confirmed, released, expired. */
    final long[] holdEvents = new long[4];

    String describe()
    {
        return "seed " + seed + " (" + islandCount + " islands, " + crashes + " crashes, " + snapshotRecoveries +
            " from a snapshot, " + steps + " steps)";
    }

    long confirmedOrders()
    {
        long confirmed = 0;
        for (final IslandCore core : cores)
        {
            confirmed += core.logic().statistics().ordersConfirmed();
        }
        return confirmed;
    }

    private record ClientInput(long time, int island, Command command, String key)
    {
    }

    /**
     * Links with per-link FIFO queues; delivery picks a random non-empty link.
     */
    private final class SimTransport implements LinkTransport
    {
        private final int islands;
        private final List<ArrayDeque<byte[]>> queues;
        private final long[] acknowledged;
        private final List<Integer> nonEmpty = new ArrayList<>();
        private final Command decoded = new Command();
        private long inTransit;

        SimTransport(final int islands)
        {
            this.islands = islands;
            this.queues = new ArrayList<>(islands * islands);
            for (int i = 0; i < islands * islands; i++)
            {
                queues.add(new ArrayDeque<>());
            }
            this.acknowledged = new long[islands * islands];
        }

        @Override
        public boolean offer(final int source, final int target, final long sequence, final DirectBuffer buffer,
            final int offset, final int length)
        {
            if (random.nextDouble() < refuseProbability)
            {
                return false;
            }
            final byte[] message = new byte[length + 12];
            final UnsafeBuffer view = new UnsafeBuffer(message);
            view.putInt(0, source);
            view.putLong(4, sequence);
            view.putBytes(12, buffer, offset, length);
            queues.get(source * islands + target).add(message);
            inTransit++;
            return true;
        }

        void deliverOne()
        {
            nonEmpty.clear();
            for (int i = 0; i < queues.size(); i++)
            {
                if (!queues.get(i).isEmpty())
                {
                    nonEmpty.add(i);
                }
            }
            if (nonEmpty.isEmpty())
            {
                return;
            }
            final int link = nonEmpty.get(random.nextInt(nonEmpty.size()));
            final byte[] message = queues.get(link).poll();
            inTransit--;
            final UnsafeBuffer view = new UnsafeBuffer(message);
            RecordCodec.decodeLinkPayload(view, 12, decoded);
            cores[link % islands].onLinkMessage(view.getInt(0), view.getLong(4), decoded, now);
        }

        void dropTo(final int island)
        {
            for (int source = 0; source < islands; source++)
            {
                final ArrayDeque<byte[]> queue = queues.get(source * islands + island);
                inTransit -= queue.size();
                queue.clear();
            }
        }

        long inTransit()
        {
            return inTransit;
        }

        @Override
        public void acknowledge(final int source, final int target, final long sequence)
        {
            acknowledged[source * islands + target] = sequence;
        }

        @Override
        public long acknowledged(final int source, final int target)
        {
            return acknowledged[source * islands + target];
        }
    }
}
