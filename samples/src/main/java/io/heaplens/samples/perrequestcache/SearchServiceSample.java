package io.heaplens.samples.perrequestcache;

import com.sun.net.httpserver.HttpExchange;
import io.heaplens.samples.Capture;
import io.heaplens.samples.CapturePoint;
import io.heaplens.samples.LoadDriver;
import io.heaplens.samples.LoopbackHttpServer;
import io.heaplens.samples.SampleOptions;
import io.heaplens.samples.SampleRunner;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A search endpoint on the JDK HttpServer answering {@value #REQUESTS} requests, each of which
 * builds a cache with its own expiry thread and drops it without stopping that thread.
 *
 * <p>Variants: {@code timer} ({@link SearchLogic}, a {@code java.util.Timer} each),
 * {@code scheduled-executor} ({@link SessionQueryCache}, a single-thread scheduled executor each)
 * and {@code caffeine} ({@link SuggestionLookup}, a Caffeine cache on a scheduled executor of its
 * own each). The healthy twin builds one of them at start-up and shares it between requests.
 *
 * <p>Capture moment: after the {@value #REQUESTS}th response, with every request's expiry thread
 * still waiting for its first run (they are scheduled minutes ahead), while {@value #IN_FLIGHT} more
 * requests are in flight, each waiting in its search for an index that answers only once the capture
 * is done, as requests are in flight when a real service is dumped.
 */
public final class SearchServiceSample {
    static final int REQUESTS = 800;
    static final int CLIENT_CONCURRENCY = 8;
    static final int SERVER_THREADS = 4;
    /** Requests in flight at the capture: one per server thread. */
    static final int IN_FLIGHT = SERVER_THREADS;

    private SearchServiceSample() {
    }

    /** See {@link SampleOptions#USAGE}. */
    public static void main(String[] args) {
        SampleRunner.run("per-request-cache", args, SearchServiceSample::run);
    }

    private static void run(SampleOptions options, Capture capture) throws Exception {
        CapturePoint point = new CapturePoint(IN_FLIGHT);
        AtomicBoolean slow = new AtomicBoolean();
        SearchBackend backend = new SearchBackend(() -> {
            if (slow.get()) {
                point.arriveAndAwaitCapture();
            }
        });
        AutoCloseable shared;
        Function<String, List<SearchBackend.SearchHit>> search;
        // Problem runs build the cache inside the request; healthy runs build it once, here.
        switch (options.variant()) {
            case "timer" -> {
                SearchLogic logic = options.healthy() ? new SearchLogic(backend) : null;
                shared = logic;
                search = logic != null ? logic::search : query -> new SearchLogic(backend).search(query);
            }
            case "scheduled-executor" -> {
                SessionQueryCache cache = options.healthy() ? new SessionQueryCache(backend) : null;
                shared = cache;
                search = cache != null ? cache::get : query -> new SessionQueryCache(backend).get(query);
            }
            default -> {
                SuggestionLookup lookup = options.healthy() ? new SuggestionLookup(backend) : null;
                shared = lookup;
                search = lookup != null ? lookup::suggest : query -> new SuggestionLookup(backend).suggest(query);
            }
        }
        ExecutorService lastClients = Executors.newSingleThreadExecutor();
        try (LoopbackHttpServer server = LoopbackHttpServer.start("/search", exchange -> respond(exchange, search),
                SERVER_THREADS)) {
            LoadDriver.get(REQUESTS, CLIENT_CONCURRENCY, i -> server.uri("/search?q=term-" + (i % 97)));
            // The last requests, for queries not searched before, are in flight at the capture: the
            // index answers them only then.
            slow.set(true);
            Future<?> inFlight = lastClients.submit(() -> {
                LoadDriver.get(IN_FLIGHT, IN_FLIGHT, i -> server.uri("/search?q=latest-" + i));
                return null;
            });
            point.awaitArrivals();
            // Caffeine schedules its expiry from maintenance on the common pool: give it a moment.
            Thread.sleep(200);
            capture.now();
            slow.set(false);
            point.release();
            inFlight.get(CapturePoint.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } finally {
            lastClients.shutdown();
            if (shared != null) {
                shared.close();
            }
        }
    }

    private static void respond(HttpExchange exchange, Function<String, List<SearchBackend.SearchHit>> search)
            throws IOException {
        String rawQuery = exchange.getRequestURI().getRawQuery();
        String query = rawQuery != null && rawQuery.startsWith("q=") ? rawQuery.substring(2) : "";
        StringBuilder body = new StringBuilder();
        for (SearchBackend.SearchHit hit : search.apply(query)) {
            body.append(hit.id()).append('\t').append(hit.title()).append('\n');
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
