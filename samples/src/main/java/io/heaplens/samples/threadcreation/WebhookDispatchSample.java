package io.heaplens.samples.threadcreation;

import com.sun.net.httpserver.HttpServer;
import io.heaplens.samples.Capture;
import io.heaplens.samples.CapturePoint;
import io.heaplens.samples.LoopbackHttpServer;
import io.heaplens.samples.SampleOptions;
import io.heaplens.samples.SampleRunner;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A webhook dispatcher sending {@value #EVENTS} events to a partner endpoint (a local JDK
 * HttpServer) that is slow to answer.
 *
 * <p>Variant {@code raw-thread}: {@link WebhookDispatcher} starts a new thread per event, and
 * since the partner is slow, all of them are alive at once. The healthy twin delivers on a pool of
 * {@value #DELIVERY_THREADS} threads; the other events wait in its queue.
 *
 * <p>Capture moment: the partner has received every request that can be in flight (all of them,
 * or one per pool thread) and answers none until the capture is done.
 */
public final class WebhookDispatchSample {
    static final int EVENTS = 1000;
    static final int DELIVERY_THREADS = 8;

    private WebhookDispatchSample() {
    }

    /** See {@link SampleOptions#USAGE}. */
    public static void main(String[] args) {
        SampleRunner.run("thread-per-task", args, WebhookDispatchSample::run);
    }

    private static void run(SampleOptions options, Capture capture) throws Exception {
        CapturePoint point = new CapturePoint(options.healthy() ? DELIVERY_THREADS : EVENTS);
        // The partner: requests are counted in as they arrive, and answered once the capture is done.
        HttpServer partner = LoopbackHttpServer.bind(EVENTS);
        ExecutorService partnerWorkers = Executors.newFixedThreadPool(16);
        partner.setExecutor(exchange -> {
            point.arrive();
            partnerWorkers.execute(exchange);
        });
        partner.createContext("/hooks/orders", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
            }
            point.awaitCapture();
            exchange.sendResponseHeaders(200, 2);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("ok".getBytes());
            }
        });
        partner.start();
        URI endpoint = URI.create("http://127.0.0.1:" + partner.getAddress().getPort() + "/hooks/orders");
        ExecutorService pool = options.healthy() ? Executors.newFixedThreadPool(DELIVERY_THREADS) : null;
        try (WebhookDispatcher dispatcher = new WebhookDispatcher(endpoint, pool)) {
            for (int i = 0; i < EVENTS; i++) {
                dispatcher.dispatch(new WebhookDispatcher.Event(i, "order.shipped",
                        "{\"orderId\":\"order-" + i + "\",\"carrier\":\"DHL\",\"tracking\":\"JD0146" + i + "\"}"));
            }
            point.awaitArrivals();
            capture.now();
            point.release();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CapturePoint.TIMEOUT_SECONDS);
            while (dispatcher.finished() < EVENTS && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            if (dispatcher.finished() < EVENTS || dispatcher.failed() > 0) {
                throw new IllegalStateException(dispatcher.finished() + " of " + EVENTS + " deliveries finished, "
                        + dispatcher.failed() + " failed");
            }
        } finally {
            partner.stop(0);
            partnerWorkers.shutdownNow();
        }
    }
}
