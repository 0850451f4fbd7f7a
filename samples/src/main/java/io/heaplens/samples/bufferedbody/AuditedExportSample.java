package io.heaplens.samples.bufferedbody;

import io.heaplens.samples.Capture;
import io.heaplens.samples.CapturePoint;
import io.heaplens.samples.SampleOptions;
import io.heaplens.samples.SampleRunner;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A Jetty 12 servlet application (report export and CSV import) behind a logging filter, under
 * {@value #CONCURRENT_REQUESTS} concurrent requests with bodies of about 3.7 MB.
 *
 * <p>Variants: {@code response-audit} ({@link AuditLoggingFilter} copies every response body) and
 * {@code request-cache} ({@link RequestBodyCachingFilter} reads every request body up front). The
 * healthy twin runs {@link MetadataAuditFilter} instead, which audits sizes and digests only.
 *
 * <p>Capture moment: every request is inside the application, holding what its filter holds: in
 * {@code response-audit} the audit store is slow and every request waits in it after the servlet
 * ran; in {@code request-cache} the import store is slow and every request waits at its first row.
 */
public final class AuditedExportSample {
    static final int CONCURRENT_REQUESTS = 6;

    private AuditedExportSample() {
    }

    /** See {@link SampleOptions#USAGE}. */
    public static void main(String[] args) {
        SampleRunner.run("buffered-body-audit-filter", args, AuditedExportSample::run);
    }

    private static void run(SampleOptions options, Capture capture) throws Exception {
        boolean responses = options.variant().equals("response-audit");
        CapturePoint point = new CapturePoint(CONCURRENT_REQUESTS);
        AtomicLong auditedBytes = new AtomicLong();
        // The slow store is the audit log in one variant and the import store in the other.
        AuditLog auditLog = entry -> {
            auditedBytes.addAndGet(entry.bodyBytes());
            if (responses) {
                point.arriveAndAwaitCapture();
            }
        };
        ImportServlet.ImportStore importStore = new ImportServlet.ImportStore() {
            private final ThreadLocal<Boolean> started = ThreadLocal.withInitial(() -> false);

            @Override
            public void accept(String importPath, String row) {
                if (!started.get()) {
                    started.set(true);
                    point.arriveAndAwaitCapture();
                }
            }
        };
        Filter filter = options.healthy() ? new MetadataAuditFilter(auditLog)
                : responses ? new AuditLoggingFilter(auditLog) : new RequestBodyCachingFilter(auditLog);

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new ReportExportServlet()), "/reports/*");
        context.addServlet(new ServletHolder(new ImportServlet(importStore)), "/imports/*");
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
            HttpClient client = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<Void>>> calls = new ArrayList<>();
            for (int i = 0; i < CONCURRENT_REQUESTS; i++) {
                HttpRequest request = responses
                        ? HttpRequest.newBuilder(base.resolve("/reports/monthly-" + i + ".csv")).build()
                        : HttpRequest.newBuilder(base.resolve("/imports/batch-" + i))
                                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> CsvRows.stream(CsvRows.ROWS_PER_BODY)))
                                .header("Content-Type", "text/csv").build();
                // The driver discards what it gets: only the server side is under study.
                calls.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding()));
            }
            point.awaitArrivals();
            capture.now();
            point.release();
            for (CompletableFuture<HttpResponse<Void>> call : calls) {
                int status = call.get(CapturePoint.TIMEOUT_SECONDS, TimeUnit.SECONDS).statusCode();
                if (status != 200) {
                    throw new IllegalStateException("request failed with status " + status);
                }
            }
        } finally {
            server.stop();
        }
    }
}
