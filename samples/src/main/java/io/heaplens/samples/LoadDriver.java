package io.heaplens.samples;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends a fixed number of GET requests to a loopback server from a few threads and checks that
 * each one succeeds: the traffic a sample's service is put under. One shared client, closed
 * pools: the driver itself must not look like any of the problems under study.
 */
public final class LoadDriver {
    private LoadDriver() {
    }

    /** GETs {@code requests} URIs from {@code uriForRequest}, {@code concurrency} at a time. */
    public static void get(int requests, int concurrency, java.util.function.IntFunction<URI> uriForRequest)
            throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        ExecutorService senders = Executors.newFixedThreadPool(concurrency);
        AtomicInteger next = new AtomicInteger();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(senders.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uriForRequest.apply(i)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            throw new IOException("request " + i + ": HTTP " + response.statusCode());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(CapturePoint.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            senders.shutdown();
        }
    }
}
