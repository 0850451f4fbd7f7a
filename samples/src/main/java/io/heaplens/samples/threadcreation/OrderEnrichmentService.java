package io.heaplens.samples.threadcreation;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Enriches incoming orders with customer tier, stock and shipping estimate, looked up in
 * parallel. Configured either with a pool shared by all calls or, when given none, with a pool of
 * {@value #LOOKUPS} threads made for each call.
 */
public final class OrderEnrichmentService implements AutoCloseable {
    static final int LOOKUPS = 3;

    /** An incoming order. */
    public record Order(String id, String customerId, String sku, int quantity) {
    }

    /** An order with what the lookups found. */
    public record EnrichedOrder(Order order, String customerTier, int unitsInStock, String shippingEstimate) {
    }

    private final ExecutorService sharedPool;

    /** A service using {@code sharedPool} for its lookups, or a pool per call when it is null. */
    public OrderEnrichmentService(ExecutorService sharedPool) {
        this.sharedPool = sharedPool;
    }

    /** Runs the three lookups in parallel and combines them. */
    public EnrichedOrder enrich(Order order) throws InterruptedException, ExecutionException {
        ExecutorService pool = sharedPool != null ? sharedPool : Executors.newFixedThreadPool(LOOKUPS);
        Future<String> tier = pool.submit(() -> customerTier(order.customerId()));
        Future<Integer> stock = pool.submit(() -> unitsInStock(order.sku()));
        Future<String> shipping = pool.submit(() -> shippingEstimate(order));
        return new EnrichedOrder(order, tier.get(), stock.get(), shipping.get());
    }

    private static String customerTier(String customerId) {
        return switch (Math.floorMod(customerId.hashCode(), 3)) {
            case 0 -> "gold";
            case 1 -> "silver";
            default -> "standard";
        };
    }

    private static int unitsInStock(String sku) {
        return Math.floorMod(sku.hashCode(), 250);
    }

    private static String shippingEstimate(Order order) {
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
