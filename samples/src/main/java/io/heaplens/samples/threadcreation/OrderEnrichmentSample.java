package io.heaplens.samples.threadcreation;

import io.heaplens.samples.Capture;
import io.heaplens.samples.CapturePoint;
import io.heaplens.samples.SampleOptions;
import io.heaplens.samples.SampleRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Order intake enriching {@value #ORDERS} orders, then {@value #IN_FLIGHT} more, from {@value
 * #CONSUMERS} consumer threads with {@link OrderEnrichmentService}; stock levels come from a
 * warehouse service (in process here) that stalls while the last orders are in flight.
 *
 * <p>Variant {@code fixed-pool}: the service makes {@code Executors.newFixedThreadPool(3)} for
 * every order and never shuts it down, so 3 idle threads stay behind per order. The healthy twin
 * gives the service one pool of 3 threads for all orders.
 *
 * <p>Capture moment: the first {@value #ORDERS} orders are done, with every pool made for them
 * still alive, and the last {@value #IN_FLIGHT} are in flight: each consumer waits in {@link
 * OrderEnrichmentService#enrich} for a stock lookup that the warehouse answers only once the
 * capture is done, as requests are in flight when a real service is dumped.
 */
public final class OrderEnrichmentSample {
    static final int ORDERS = 300;
    static final int CONSUMERS = 3;
    /** One per consumer; no more than the healthy twin's shared pool has threads, which the stalled lookups occupy. */
    static final int IN_FLIGHT = Math.min(CONSUMERS, OrderEnrichmentService.LOOKUPS);

    private OrderEnrichmentSample() {
    }

    /** See {@link SampleOptions#USAGE}. */
    public static void main(String[] args) {
        SampleRunner.run("executor-per-call", args, OrderEnrichmentSample::run);
    }

    private static void run(SampleOptions options, Capture capture) throws Exception {
        CapturePoint point = new CapturePoint(IN_FLIGHT);
        StallingWarehouse warehouse = new StallingWarehouse(point);
        ExecutorService sharedPool = options.healthy()
                ? Executors.newFixedThreadPool(OrderEnrichmentService.LOOKUPS) : null;
        ExecutorService consumers = Executors.newFixedThreadPool(CONSUMERS);
        try (OrderEnrichmentService service = new OrderEnrichmentService(sharedPool, warehouse)) {
            List<Future<OrderEnrichmentService.EnrichedOrder>> results = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                results.add(consumers.submit(enrichment(service, i)));
            }
            awaitAll(results);
            warehouse.stalled = true;
            List<Future<OrderEnrichmentService.EnrichedOrder>> inFlight = new ArrayList<>();
            for (int i = ORDERS; i < ORDERS + IN_FLIGHT; i++) {
                inFlight.add(consumers.submit(enrichment(service, i)));
            }
            point.awaitArrivals();
            capture.now();
            warehouse.stalled = false;
            point.release();
            awaitAll(inFlight);
        } finally {
            consumers.shutdown();
        }
    }

    private static Callable<OrderEnrichmentService.EnrichedOrder> enrichment(
            OrderEnrichmentService service, int i) {
        OrderEnrichmentService.Order order = new OrderEnrichmentService.Order(
                "order-" + i, "customer-" + (i % 40), "SKU-" + (i % 75), 1 + i % 4);
        return () -> service.enrich(order);
    }

    private static void awaitAll(List<Future<OrderEnrichmentService.EnrichedOrder>> results) throws Exception {
        for (Future<OrderEnrichmentService.EnrichedOrder> result : results) {
            result.get(CapturePoint.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** The warehouse: answers at once, or, while stalled, only after the capture. */
    private static final class StallingWarehouse implements OrderEnrichmentService.Warehouse {
        private final CapturePoint point;
        volatile boolean stalled;

        StallingWarehouse(CapturePoint point) {
            this.point = point;
        }

        @Override
        public int unitsInStock(String sku) {
            if (stalled) {
                point.arriveAndAwaitCapture();
            }
            return Math.floorMod(sku.hashCode(), 250);
        }
    }
}
