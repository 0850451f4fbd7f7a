package io.heaplens.samples.unclosedclient;

import io.heaplens.samples.Capture;
import io.heaplens.samples.CapturePoint;
import io.heaplens.samples.SampleOptions;
import io.heaplens.samples.SampleRunner;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A service making {@value #LOOKUPS} stock lookups against a warehouse service (a local Jetty 12
 * server that closes connections idle for {@value #SERVER_IDLE_TIMEOUT_MILLIS} ms).
 *
 * <p>Variants by client library: {@code apache} ({@link ApacheStockClient}), {@code okhttp}
 * ({@link OkHttpStockClient}) and {@code jdk} ({@link JdkStockClient}); in the problem run each
 * lookup builds its own HTTP client and never closes it. The healthy twin shares one client.
 *
 * <p>Capture moment: 2.5 s after the {@value #LOOKUPS}th lookup, when the server has closed every
 * idle connection, so the clients that never noticed hold sockets in CLOSE_WAIT; {@value #IN_FLIGHT}
 * more lookups are in flight, each caller waiting in its client's call for an answer that the
 * warehouse sends only once the capture is done, as requests are in flight when a real service is
 * dumped.
 */
public final class StockLookupSample {
    static final int LOOKUPS = 500;
    static final int CALLERS = 4;
    /** Lookups in flight at the capture, one per caller. */
    static final int IN_FLIGHT = CALLERS;
    /** Short, so that the sample need not wait long; not shorter, or a busy machine sees fresh connections closed. */
    static final long SERVER_IDLE_TIMEOUT_MILLIS = 1000;
    /** Lookups that may fail (a connection closed by the server just as it was reused) before the sample fails. */
    static final int TOLERATED_FAILURES = 5;

    private StockLookupSample() {
    }

    /** See {@link SampleOptions#USAGE}. */
    public static void main(String[] args) {
        SampleRunner.run("unclosed-http-client", args, StockLookupSample::run);
    }

    private static void run(SampleOptions options, Capture capture) throws Exception {
        CapturePoint point = new CapturePoint(IN_FLIGHT);
        AtomicBoolean slow = new AtomicBoolean();
        Server server = warehouseService(slow, point);
        server.start();
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        try {
            URI base = URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
            boolean share = options.healthy();
            try (StockLevelClient client = switch (options.variant()) {
                case "apache" -> new ApacheStockClient(base, share);
                case "okhttp" -> new OkHttpStockClient(base, share);
                default -> new JdkStockClient(base, share);
            }) {
                AtomicInteger failures = new AtomicInteger();
                AtomicInteger next = new AtomicInteger();
                List<Future<?>> workers = new ArrayList<>();
                for (int w = 0; w < CALLERS; w++) {
                    workers.add(callers.submit(() -> {
                        for (int i = next.getAndIncrement(); i < LOOKUPS; i = next.getAndIncrement()) {
                            lookUp(client, i, failures);
                        }
                        return null;
                    }));
                }
                awaitAll(workers);
                // Jetty closes an idle connection between one and two idle timeouts after its last use.
                Thread.sleep(2 * SERVER_IDLE_TIMEOUT_MILLIS + 500);
                // The last lookups are in flight at the capture: the warehouse answers them only then.
                slow.set(true);
                List<Future<?>> inFlight = new ArrayList<>();
                for (int i = LOOKUPS; i < LOOKUPS + IN_FLIGHT; i++) {
                    int lookup = i;
                    inFlight.add(callers.submit(() -> {
                        lookUp(client, lookup, failures);
                        return null;
                    }));
                }
                point.awaitArrivals();
                capture.now();
                slow.set(false);
                point.release();
                awaitAll(inFlight);
            }
        } finally {
            callers.shutdown();
            server.stop();
        }
    }

    private static void lookUp(StockLevelClient client, int lookup, AtomicInteger failures) throws Exception {
        try {
            client.unitsInStock("SKU-" + (lookup % 120));
        } catch (IOException e) {
            if (failures.incrementAndGet() > TOLERATED_FAILURES) {
                throw e;
            }
            System.err.println("lookup " + lookup + " failed: " + e);
        }
    }

    private static void awaitAll(List<Future<?>> lookups) throws Exception {
        for (Future<?> lookup : lookups) {
            lookup.get(CapturePoint.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /**
     * {@code GET /stock/<sku>} answers {@code {"sku":"<sku>","units":N}}; idle connections are closed
     * fast. While {@code slow} is set, each request is counted in at {@code point} and answered once
     * the capture is done.
     */
    private static Server warehouseService(AtomicBoolean slow, CapturePoint point) {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setIdleTimeout(SERVER_IDLE_TIMEOUT_MILLIS);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (slow.get()) {
                    point.arriveAndAwaitCapture();
                }
                String path = request.getHttpURI().getPath();
                String sku = path.substring(path.lastIndexOf('/') + 1);
                byte[] json = ("{\"sku\":\"" + sku + "\",\"units\":" + Math.floorMod(sku.hashCode(), 500) + "}")
                        .getBytes(StandardCharsets.UTF_8);
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, json.length);
                response.write(true, ByteBuffer.wrap(json), callback);
                return true;
            }
        });
        return server;
    }
}
