package io.heaplens.samples.threadcreation;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Enriches incoming orders with customer tier, stock and shipping estimate: the customer tier and
 * the stock level are looked up in parallel, then the shipping estimate, which depends on the stock.
 * Configured either with a pool shared by all calls or, when given none, with a pool of {@value
 * #LOOKUPS} threads made for each call.
 */
public final class OrderEnrichmentService implements AutoCloseable {
    static final int LOOKUPS = 3;

    /** An incoming order. */
    public record Order(String id, String customerId, String sku, int quantity) {
    }

    /** An order with what the lookups found. */
    public record EnrichedOrder(Order order, String customerTier, int unitsInStock, String shippingEstimate) {
    }

    /** The warehouse service answering stock levels; a remote call. */
    @FunctionalInterface
    public interface Warehouse {
        /** Units of {@code sku} in stock. */
        int unitsInStock(String sku) throws InterruptedException;
    }

    private final ExecutorService sharedPool;
    private final Warehouse warehouse;

    /**
     * A service asking {@code warehouse} for stock levels, running its lookups on {@code sharedPool},
     * or on a pool per call when it is null.
     */
    public OrderEnrichmentService(ExecutorService sharedPool, Warehouse warehouse) {
        this.sharedPool = sharedPool;
        this.warehouse = warehouse;
    }

    /** Runs the lookups in parallel and combines them. */
    public EnrichedOrder enrich(Order order) throws InterruptedException, ExecutionException {
        ExecutorService pool = sharedPool != null ? sharedPool : Executors.newFixedThreadPool(LOOKUPS);
        Future<String> tier = pool.submit(() -> customerTier(order.customerId()));
        Future<Integer> stock = pool.submit(() -> warehouse.unitsInStock(order.sku()));
        int units = stock.get();
        Future<String> shipping = pool.submit(() -> shippingEstimate(order, units));
        return new EnrichedOrder(order, tier.get(), units, shipping.get());
    }

    private static String customerTier(String customerId) {
        return switch (Math.floorMod(customerId.hashCode(), 3)) {
            case 0 -> "gold";
            case 1 -> "silver";
            default -> "standard";
        };
    }

    private static String shippingEstimate(Order order, int unitsInStock) {
        if (unitsInStock < order.quantity()) {
            return "back-ordered";
        }
        return (1 + Math.floorMod(order.id().hashCode(), 5)) + " business days";
    }

    /** Shuts the shared pool down. */
    @Override
    public void close() {
        if (sharedPool != null) {
            sharedPool.shutdown();
        }
    }
}
