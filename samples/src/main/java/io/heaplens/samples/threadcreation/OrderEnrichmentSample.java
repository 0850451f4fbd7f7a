package io.heaplens.samples.threadcreation;

import io.heaplens.samples.Capture;
import io.heaplens.samples.CapturePoint;
import io.heaplens.samples.SampleOptions;
import io.heaplens.samples.SampleRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Order intake enriching {@value #ORDERS} orders from two consumer threads with {@link
 * OrderEnrichmentService}.
 *
 * <p>Variant {@code fixed-pool}: the service makes {@code Executors.newFixedThreadPool(3)} for
 * every order and never shuts it down, so 3 idle threads stay behind per order. The healthy twin
 * gives the service one pool of 3 threads for all orders.
 *
 * <p>Capture moment: after the last order, with every pool made so far still alive.
 */
public final class OrderEnrichmentSample {
    static final int ORDERS = 300;

    private OrderEnrichmentSample() {
    }

    /** See {@link SampleOptions#USAGE}. */
    public static void main(String[] args) {
        SampleRunner.run("executor-per-call", args, OrderEnrichmentSample::run);
    }

    private static void run(SampleOptions options, Capture capture) throws Exception {
        ExecutorService sharedPool = options.healthy() ? Executors.newFixedThreadPool(OrderEnrichmentService.LOOKUPS) : null;
        ExecutorService consumers = Executors.newFixedThreadPool(2);
        try (OrderEnrichmentService service = new OrderEnrichmentService(sharedPool)) {
            List<Future<OrderEnrichmentService.EnrichedOrder>> results = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                OrderEnrichmentService.Order order = new OrderEnrichmentService.Order(
                        "order-" + i, "customer-" + (i % 40), "SKU-" + (i % 75), 1 + i % 4);
                results.add(consumers.submit(() -> service.enrich(order)));
            }
            for (Future<OrderEnrichmentService.EnrichedOrder> result : results) {
                result.get(CapturePoint.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            capture.now();
        } finally {
            consumers.shutdown();
        }
    }
}
