package io.heaplens.samples.threadcreation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers events to a partner's webhook endpoint in the background, so that the caller never
 * waits for the partner. Deliveries run on a given pool or, when given none, each on a thread of
 * its own.
 */
public final class WebhookDispatcher implements AutoCloseable {
    /** One event to deliver. */
    public record Event(long id, String type, String payloadJson) {
    }

    private final URI endpoint;
    private final ExecutorService deliveryPool;
    private final AtomicInteger delivered = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    /** A dispatcher posting to {@code endpoint} on {@code deliveryPool}, or a thread per event when it is null. */
    public WebhookDispatcher(URI endpoint, ExecutorService deliveryPool) {
        this.endpoint = endpoint;
        this.deliveryPool = deliveryPool;
    }

    /** Starts delivering {@code event} and returns at once. */
    public void dispatch(Event event) {
        Runnable delivery = () -> deliver(event);
        if (deliveryPool != null) {
            deliveryPool.execute(delivery);
        } else {
            new Thread(delivery).start();
        }
    }

    /** Deliveries finished, successful or not. */
    public int finished() {
        return delivered.get() + failed.get();
    }

    /** Deliveries that failed. */
    public int failed() {
        return failed.get();
    }

    private void deliver(Event event) {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setConnectTimeout(5_000);
            connection.setReadTimeout(60_000);
            connection.setRequestProperty("Content-Type", "application/json");
            connection.setRequestProperty("X-Event-Type", event.type());
            try (OutputStream out = connection.getOutputStream()) {
                out.write(event.payloadJson().getBytes(StandardCharsets.UTF_8));
            }
            int status = connection.getResponseCode();
            try (InputStream in = connection.getInputStream()) {
                in.readAllBytes();
            }
            (status / 100 == 2 ? delivered : failed).incrementAndGet();
        } catch (IOException e) {
            failed.incrementAndGet();
        }
    }

    /** Shuts the delivery pool down. */
    @Override
    public void close() {
        if (deliveryPool != null) {
            deliveryPool.shutdown();
        }
    }
}
