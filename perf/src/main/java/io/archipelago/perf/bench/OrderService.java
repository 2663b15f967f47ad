package io.archipelago.perf.bench;

/**
 * An order-taking system under measurement: the engine, or one of the baselines it is compared with. Every
 * implementation takes the same {@link Workload}: the same products and stock, the same users and the same orders, each
 * all-or-nothing over its lines.
 * <p>
 * Threading: {@link #start} and {@link #close} are called by one thread; {@link #submit} by several client threads at
 * once. {@link CompletionSink#completed} may be called on any thread, before or after {@code submit} returns, exactly
 * once per submitted order.
 */
public interface OrderService extends AutoCloseable
{
    /**
     * @return a short name for reports, e.g. {@code engine}, {@code shared-state}, {@code pekko}.
     */
    String name();

    /**
     * Creates every product of the workload with its stock and returns when they can take orders.
     *
     * @param workload the workload whose orders will be submitted.
     * @throws Exception when the system cannot be started.
     */
    void start(Workload workload) throws Exception;

    /**
     * Places order {@code order} of the workload. May block the caller for back-pressure (a full queue), never
     * indefinitely.
     *
     * @param order the order's index in the workload.
     * @param sink  told the outcome exactly once.
     */
    void submit(int order, CompletionSink sink);

    /**
     * @return extra facts for the report as JSON members without braces (e.g. {@code "transfers":12}), or "".
     */
    default String reportJson()
    {
        return "";
    }

    /**
     * Stops the system and releases its files and threads.
     *
     * @throws Exception on failure to stop.
     */
    @Override
    void close() throws Exception;

    /**
     * Receives the outcome of an order.
     */
    @FunctionalInterface
    interface CompletionSink
    {
        /**
         * @param order     the order's index in the workload.
         * @param confirmed true if every line was sold, false if the order was rejected as a whole.
         */
        void completed(int order, boolean confirmed);
    }
}
