package io.archipelago.perf.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import io.archipelago.router.PartitionRouter;

/**
 * A generated, reproducible order workload: users, products with stock, and orders of one or more lines.
 * <p>
 * Products are of two kinds:
 * <ul>
 *   <li><b>catalogue products</b> (ids {@code 1..products}): chosen by a Zipf law of exponent {@code skew} (0 is
 *       uniform), stocked with four units per order of the workload, so they never run out;</li>
 *   <li><b>hot products</b> (ids {@link #HOT_PRODUCT_BASE}{@code + i}, one per island): a {@code hotShare} of the
 *       orders buy hot product {@code i} and come only from users whose island is {@code i}. Its stock is twice that
 *       demand, split over all islands like any stock, so island {@code i} holds {@code 2/islands} of what its users
 *       buy and the rest has to come from other islands. How many orders actually waited for a transfer is measured
 *       by the engine and reported beside the result.</li>
 * </ul>
 * A {@code multiLineShare} of the catalogue orders have 2 to {@code maxLines} lines of distinct products. Every line
 * is for one unit. The order index is the order id; every user's orders have distinct ids.
 * <p>
 * The baselines have no islands; they receive exactly the same orders and stock, and hot products are simply products
 * with less stock.
 */
public final class Workload
{
    /** Id of the first hot product. */
    public static final long HOT_PRODUCT_BASE = 1_000_000L;

    private final Spec spec;
    private final String[] logins;
    private final int[] userOfOrder;
    private final int[] lineStart;
    private final long[] lineProduct;
    private final int[] lineQuantity;
    private final long[] productIds;
    private final long[] productUnits;

    private Workload(final Spec spec, final String[] logins, final int[] userOfOrder, final int[] lineStart,
        final long[] lineProduct, final int[] lineQuantity, final long[] productIds, final long[] productUnits)
    {
        this.spec = spec;
        this.logins = logins;
        this.userOfOrder = userOfOrder;
        this.lineStart = lineStart;
        this.lineProduct = lineProduct;
        this.lineQuantity = lineQuantity;
        this.productIds = productIds;
        this.productUnits = productUnits;
    }

    /**
     * The settings a workload is generated from.
     *
     * @param orders         number of orders.
     * @param users          number of users (logins {@code user-0 ..}).
     * @param products       number of catalogue products.
     * @param skew           Zipf exponent of catalogue product popularity; 0 for uniform.
     * @param hotShare       share of orders on island-affine hot products (drives cross-island transfers).
     * @param multiLineShare share of catalogue orders with more than one line.
     * @param maxLines       most lines in a multi-line order (2..8).
     * @param islands        island count the hot products are laid out for.
     * @param seed           random seed.
     */
    public record Spec(int orders, int users, int products, double skew, double hotShare, double multiLineShare,
        int maxLines, int islands, long seed)
    {
        /**
         * Checks the ranges.
         */
        public Spec
        {
            require(orders > 0, "orders must be > 0");
            require(users > 0, "users must be > 0");
            require(products >= 8, "products must be >= 8");
            require(skew >= 0 && skew <= 4, "skew must be in [0, 4]");
            require(hotShare >= 0 && hotShare <= 1, "hot share must be in [0, 1]");
            require(multiLineShare >= 0 && multiLineShare <= 1, "multi-line share must be in [0, 1]");
            require(maxLines >= 2 && maxLines <= 8, "max lines must be in [2, 8]");
            require(islands >= 1 && islands <= 1024, "islands must be in [1, 1024]");
        }

        /**
         * @param newIslands another island count.
         * @return this spec laid out for {@code newIslands}.
         */
        public Spec withIslands(final int newIslands)
        {
            return new Spec(orders, users, products, skew, hotShare, multiLineShare, maxLines, newIslands, seed);
        }

        /**
         * @param newOrders another order count.
         * @return this spec with {@code newOrders} orders.
         */
        public Spec withOrders(final int newOrders)
        {
            return new Spec(newOrders, users, products, skew, hotShare, multiLineShare, maxLines, islands, seed);
        }

        /**
         * @return the spec as JSON members without braces.
         */
        public String json()
        {
            return String.format(Locale.ROOT, "\"orders\":%d,\"users\":%d,\"products\":%d,\"skew\":%.2f," +
                "\"hot_share\":%.3f,\"multi_line_share\":%.3f,\"max_lines\":%d,\"seed\":%d", orders, users, products,
                skew, hotShare, multiLineShare, maxLines, seed);
        }

        private static void require(final boolean condition, final String message)
        {
            if (!condition)
            {
                throw new IllegalArgumentException(message);
            }
        }
    }

    /**
     * Generates the workload of a spec; the same spec always gives the same workload.
     *
     * @param spec the settings.
     * @return the workload.
     */
    public static Workload generate(final Spec spec)
    {
        final SplittableRandom random = new SplittableRandom(spec.seed());
        final PartitionRouter router = new PartitionRouter(spec.islands());
        final String[] logins = new String[spec.users()];
        final List<List<Integer>> usersByIsland = new ArrayList<>();
        for (int i = 0; i < spec.islands(); i++)
        {
            usersByIsland.add(new ArrayList<>());
        }
        for (int u = 0; u < spec.users(); u++)
        {
            logins[u] = "user-" + u;
            usersByIsland.get(router.partitionOf(logins[u])).add(u);
        }
        final double[] cumulative = zipfCumulative(spec.products(), spec.skew());
        final int[] userOfOrder = new int[spec.orders()];
        final int[] lineStart = new int[spec.orders() + 1];
        final long[] lineProductBuffer = new long[spec.orders() * spec.maxLines()];
        final long[] hotDemand = new long[spec.islands()];
        int lines = 0;
        final long[] chosen = new long[spec.maxLines()];
        for (int o = 0; o < spec.orders(); o++)
        {
            lineStart[o] = lines;
            final int island = random.nextInt(spec.islands());
            if (random.nextDouble() < spec.hotShare() && !usersByIsland.get(island).isEmpty())
            {
                final List<Integer> users = usersByIsland.get(island);
                userOfOrder[o] = users.get(random.nextInt(users.size()));
                lineProductBuffer[lines++] = HOT_PRODUCT_BASE + island;
                hotDemand[island]++;
                continue;
            }
            userOfOrder[o] = random.nextInt(spec.users());
            final int lineCount = random.nextDouble() < spec.multiLineShare() ? 2 + random.nextInt(spec.maxLines() - 1) : 1;
            int distinct = 0;
            while (distinct < lineCount)
            {
                final long product = 1 + zipf(cumulative, random.nextDouble());
                boolean seen = false;
                for (int i = 0; i < distinct; i++)
                {
                    seen |= chosen[i] == product;
                }
                if (!seen)
                {
                    chosen[distinct++] = product;
                }
            }
            for (int i = 0; i < lineCount; i++)
            {
                lineProductBuffer[lines++] = chosen[i];
            }
        }
        lineStart[spec.orders()] = lines;
        final long[] lineProduct = Arrays.copyOf(lineProductBuffer, lines);
        final int[] lineQuantity = new int[lines];
        Arrays.fill(lineQuantity, 1);
        int hotProducts = 0;
        for (final long demand : hotDemand)
        {
            hotProducts += demand > 0 ? 1 : 0;
        }
        final long[] productIds = new long[spec.products() + hotProducts];
        final long[] productUnits = new long[productIds.length];
        for (int p = 0; p < spec.products(); p++)
        {
            productIds[p] = p + 1;
            productUnits[p] = 4L * spec.orders() + 4L * spec.islands();
        }
        int next = spec.products();
        for (int island = 0; island < spec.islands(); island++)
        {
            if (hotDemand[island] > 0)
            {
                productIds[next] = HOT_PRODUCT_BASE + island;
                productUnits[next] = 2 * hotDemand[island];
                next++;
            }
        }
        return new Workload(spec, logins, userOfOrder, lineStart, lineProduct, lineQuantity, productIds, productUnits);
    }

    private static double[] zipfCumulative(final int products, final double skew)
    {
        final double[] cumulative = new double[products];
        double sum = 0;
        for (int k = 0; k < products; k++)
        {
            sum += 1.0 / Math.pow(k + 1, skew);
            cumulative[k] = sum;
        }
        for (int k = 0; k < products; k++)
        {
            cumulative[k] /= sum;
        }
        return cumulative;
    }

    private static int zipf(final double[] cumulative, final double u)
    {
        final int found = Arrays.binarySearch(cumulative, u);
        final int index = found >= 0 ? found : -found - 1;
        return Math.min(index, cumulative.length - 1);
    }

    /**
     * @return the settings this workload was generated from.
     */
    public Spec spec()
    {
        return spec;
    }

    /**
     * @return number of orders.
     */
    public int orders()
    {
        return userOfOrder.length;
    }

    /**
     * @param order order index.
     * @return the login that places it.
     */
    public String login(final int order)
    {
        return logins[userOfOrder[order]];
    }

    /**
     * @param order order index.
     * @return index of the user that places it.
     */
    public int user(final int order)
    {
        return userOfOrder[order];
    }

    /**
     * @param order order index.
     * @return its order id (unique per user).
     */
    public long orderId(final int order)
    {
        return order;
    }

    /**
     * @param order order index.
     * @return its number of lines.
     */
    public int lineCount(final int order)
    {
        return lineStart[order + 1] - lineStart[order];
    }

    /**
     * @param order order index.
     * @param line  line index.
     * @return the line's product id.
     */
    public long product(final int order, final int line)
    {
        return lineProduct[lineStart[order] + line];
    }

    /**
     * @param order order index.
     * @param line  line index.
     * @return the line's quantity.
     */
    public int quantity(final int order, final int line)
    {
        return lineQuantity[lineStart[order] + line];
    }

    /**
     * @return number of products (catalogue and hot).
     */
    public int productCount()
    {
        return productIds.length;
    }

    /**
     * @param index product index, {@code 0..productCount()-1}.
     * @return its id.
     */
    public long productId(final int index)
    {
        return productIds[index];
    }

    /**
     * @param index product index.
     * @return its initial stock.
     */
    public long productUnits(final int index)
    {
        return productUnits[index];
    }

    /**
     * @return total number of order lines.
     */
    public int totalLines()
    {
        return lineProduct.length;
    }
}
