package io.heaplens.samples;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A JDK {@link HttpServer} bound to 127.0.0.1 on a free port, serving with a fixed pool: the
 * stand-in for the remote service a sample talks to. Samples only ever talk to loopback.
 */
public final class LoopbackHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private LoopbackHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * A server bound to 127.0.0.1 on a free port, not started, for samples that set it up
     * themselves. Its sockets have TCP_NODELAY: the JDK server writes headers and body separately,
     * and with Nagle's algorithm every small response waits for the client's delayed ACK (40 ms).
     */
    public static HttpServer bind(int backlog) throws IOException {
        // Read once, when the JDK's server configuration class loads: before the first server.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), backlog);
    }

    /** Starts a server whose {@code handler} serves {@code path} with {@code threads} threads. */
    public static LoopbackHttpServer start(String path, HttpHandler handler, int threads) throws IOException {
        HttpServer server = bind(1024);
        server.createContext(path, handler);
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        server.setExecutor(executor);
        server.start();
        return new LoopbackHttpServer(server, executor);
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Stops at once and waits briefly for handlers to finish. */
    @Override
    public void close() throws InterruptedException {
        server.stop(0);
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
