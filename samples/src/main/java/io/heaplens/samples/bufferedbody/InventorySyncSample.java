package io.heaplens.samples.bufferedbody;

import io.heaplens.samples.Capture;
import io.heaplens.samples.CapturePoint;
import io.heaplens.samples.LoopbackHttpServer;
import io.heaplens.samples.SampleOptions;
import io.heaplens.samples.SampleRunner;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An inventory sync job posting a snapshot of {@value #ITEMS} stock levels (about 24 MB of JSON)
 * to a local endpoint with Apache HttpClient 5 and Jackson.
 *
 * <p>Variant {@code apache}: {@link InventorySyncClient#pushSnapshot} builds the whole JSON text,
 * then a {@code StringEntity} copy of it. The healthy twin streams the JSON into the request.
 *
 * <p>Capture moment: the server has read the whole body and has not answered yet, so the client
 * is waiting for the response with its request (and, in the problem run, its body) in hand.
 */
public final class InventorySyncSample {
    static final int ITEMS = 250_000;

    private InventorySyncSample() {
    }

    /** See {@link SampleOptions#USAGE}. */
    public static void main(String[] args) {
        SampleRunner.run("buffered-body-json-upload", args, InventorySyncSample::run);
    }

    private static void run(SampleOptions options, Capture capture) throws Exception {
        CapturePoint point = new CapturePoint(1);
        AtomicLong received = new AtomicLong();
        try (LoopbackHttpServer server = LoopbackHttpServer.start("/inventory/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                received.set(body.transferTo(OutputStream.nullOutputStream()));
            }
            point.arriveAndAwaitCapture();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        }, 2); InventorySyncClient client = new InventorySyncClient(server.uri("/inventory/snapshot"))) {
            ExecutorService job = Executors.newSingleThreadExecutor();
            Future<Integer> status = job.submit(() -> options.healthy()
                    ? client.pushSnapshotStreaming(stockLevels()) : client.pushSnapshot(stockLevels()));
            point.awaitArrivals();
            capture.now();
            point.release();
            int code = status.get(CapturePoint.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            job.shutdown();
            if (code != 204 || received.get() < ITEMS * 80L) {
                throw new IllegalStateException("sync failed: HTTP " + code + ", " + received.get() + " bytes received");
            }
        }
    }

    /** The snapshot, produced as it is read, the way rows come from a database cursor. */
    private static Iterator<InventorySyncClient.StockLevel> stockLevels() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < ITEMS;
            }

            @Override
            public InventorySyncClient.StockLevel next() {
                int i = next++;
                return new InventorySyncClient.StockLevel(String.format("SKU-%07d", i), "WH-" + (i % 12),
                        i % 500, i % 7, "2024-03-01T10:15:" + (10 + i % 50) + "Z");
            }
        };
    }
}
