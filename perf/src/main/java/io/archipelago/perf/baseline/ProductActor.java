package io.archipelago.perf.baseline;

import java.util.concurrent.atomic.LongAdder;

import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * One product of the {@link PekkoOrderService}: an event-sourced actor, persistence id {@code product-<id>}, whose
 * state is the product's unsold units.
 * <pre>
 *   Stock(units)                -> persist Stocked                    -> reply Done
 *   Reserve(order, quantity)    -> units cover it: persist Reserved   -> reply RESERVED
 *                                  otherwise: nothing persisted       -> reply INSUFFICIENT
 *   Release(order, quantity)    -> persist Released (compensation of a Reserve of a rejected multi-line order)
 *   GetAvailable                -> reply the unsold units
 * </pre>
 * Commands that arrive while an event is being persisted wait in the actor's stash, as Pekko does for every
 * event-sourced actor; a Reserve is therefore decided against all events before it.
 */
final class ProductActor extends EventSourcedBehavior<ProductActor.Command, ProductActor.Event, ProductActor.State>
{
    private final LongAdder eventsApplied;

    private ProductActor(final long productId, final LongAdder eventsApplied)
    {
        super(PersistenceId.ofUniqueId("product-" + productId));
        this.eventsApplied = eventsApplied;
    }

    /**
     * @param productId     the product's id.
     * @param eventsApplied counts every event the actor applies.
     * @return the actor's behavior.
     */
    static ProductActor create(final long productId, final LongAdder eventsApplied)
    {
        return new ProductActor(productId, eventsApplied);
    }

    @Override
    public State emptyState()
    {
        return new State();
    }

    @Override
    public CommandHandler<Command, Event, State> commandHandler()
    {
        return newCommandHandlerBuilder()
            .forAnyState()
            .onCommand(Reserve.class, this::onReserve)
            .onCommand(Release.class, (state, release) -> Effect().persist(new Released(release.order(),
                release.quantity())))
            .onCommand(Stock.class, (state, stock) -> Effect().persist(new Stocked(stock.units()))
                .thenReply(stock.replyTo(), s -> Done.getInstance()))
            .onCommand(GetAvailable.class, (state, get) -> Effect().reply(get.replyTo(), state.available))
            .build();
    }

    @Override
    public EventHandler<State, Event> eventHandler()
    {
        return newEventHandlerBuilder()
            .forAnyState()
            .onEvent(Reserved.class, (state, reserved) -> state.apply(-reserved.quantity(), eventsApplied))
            .onEvent(Released.class, (state, released) -> state.apply(released.quantity(), eventsApplied))
            .onEvent(Stocked.class, (state, stocked) -> state.apply(stocked.units(), eventsApplied))
            .build();
    }

    private Effect<Event, State> onReserve(final State state, final Reserve reserve)
    {
        if (state.available >= reserve.quantity())
        {
            return Effect().persist(new Reserved(reserve.order(), reserve.quantity()))
                .thenReply(reserve.replyTo(), s -> Reservation.RESERVED);
        }
        return Effect().reply(reserve.replyTo(), Reservation.INSUFFICIENT);
    }

    /**
     * Answer to a {@link Reserve}.
     */
    enum Reservation
    {
        /** The units are taken for the order. */
        RESERVED,
        /** Not enough units; nothing was taken. */
        INSUFFICIENT
    }

    /**
     * Messages a product actor takes.
     */
    sealed interface Command permits Stock, Reserve, Release, GetAvailable
    {
    }

    /**
     * Adds units; answered once persisted.
     *
     * @param units   units to add.
     * @param replyTo told {@link Done} once the event is persisted.
     */
    record Stock(long units, ActorRef<Done> replyTo) implements Command
    {
    }

    /**
     * Takes units for one line of an order if the product has them.
     *
     * @param order    the order.
     * @param quantity units wanted.
     * @param replyTo  told the {@link Reservation}, after the event is persisted when there is one.
     */
    record Reserve(OrderKey order, int quantity, ActorRef<Reservation> replyTo) implements Command
    {
    }

    /**
     * Gives back units taken by a {@link Reserve} of an order that was rejected as a whole.
     *
     * @param order    the order.
     * @param quantity units to give back.
     */
    record Release(OrderKey order, int quantity) implements Command
    {
    }

    /**
     * Asks for the unsold units.
     *
     * @param replyTo told the units.
     */
    record GetAvailable(ActorRef<Long> replyTo) implements Command
    {
    }

    /**
     * What a product actor persists.
     */
    sealed interface Event permits Stocked, Reserved, Released
    {
    }

    /**
     * Units added.
     *
     * @param units the units.
     */
    record Stocked(long units) implements Event
    {
    }

    /**
     * Units taken for an order's line.
     *
     * @param order    the order.
     * @param quantity the units.
     */
    record Reserved(OrderKey order, int quantity) implements Event
    {
    }

    /**
     * Units of a rejected order given back.
     *
     * @param order    the order.
     * @param quantity the units.
     */
    record Released(OrderKey order, int quantity) implements Event
    {
    }

    /**
     * A product's unsold units and how many events made them. Mutable and confined to the actor, as Pekko allows for
     * state that is never sent out.
     */
    static final class State
    {
        long available;
        long events;

        State apply(final long delta, final LongAdder eventsApplied)
        {
            available += delta;
            events++;
            eventsApplied.increment();
            return this;
        }
    }
}
