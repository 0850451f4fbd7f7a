package io.heaplens.samples.bufferedbody;

import io.heaplens.samples.Capture;
import io.heaplens.samples.CapturePoint;
import io.heaplens.samples.LoopbackHttpServer;
import io.heaplens.samples.SampleOptions;
import io.heaplens.samples.SampleRunner;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A report archiver downloading {@value #REPORTS} reports of {@value #REPORT_BYTES} bytes at once
 * from a local server and saving them to a slow store.
 *
 * <p>Variants by client library: {@code okhttp} ({@code ResponseBody.bytes()}), {@code apache}
 * ({@code EntityUtils.toByteArray}) and {@code jdk} ({@code BodyHandlers.ofByteArray()}). The
 * healthy twin hands the store the response stream instead.
 *
 * <p>Capture moment: every download has reached the store, which waits before reading.
 */
public final class ReportDownloadSample {
    static final int REPORTS = 4;
    static final int REPORT_BYTES = 8 << 20;

    /** One downloader call, whichever library it uses. */
    private interface Download {
        void run(String reportId) throws Exception;
    }

    private ReportDownloadSample() {
    }

    /** See {@link SampleOptions#USAGE}. */
    public static void main(String[] args) {
        SampleRunner.run("buffered-body-download", args, ReportDownloadSample::run);
    }

    private static void run(SampleOptions options, Capture capture) throws Exception {
        CapturePoint point = new CapturePoint(REPORTS);
        ReportStore store = new ReportStore() {
            @Override
            public void save(String reportId, byte[] content) {
                point.arriveAndAwaitCapture();
                check(reportId, content.length);
            }

            @Override
            public void save(String reportId, InputStream content) throws IOException {
                point.arriveAndAwaitCapture();
                check(reportId, content.transferTo(OutputStream.nullOutputStream()));
            }
        };
        byte[] block = reportBlock();
        try (LoopbackHttpServer server = LoopbackHttpServer.start("/reports/", exchange -> serve(exchange, block), REPORTS)) {
            String baseUrl = server.uri("/reports/").toString();
            boolean healthy = options.healthy();
            Download download;
            AutoCloseable closer;
            switch (options.variant()) {
                case "okhttp" -> {
                    OkHttpReportDownloader d = new OkHttpReportDownloader(baseUrl, store);
                    download = healthy ? d::archiveStreaming : d::archive;
                    closer = d::close;
                }
                case "apache" -> {
                    ApacheReportDownloader d = new ApacheReportDownloader(baseUrl, store);
                    download = healthy ? d::archiveStreaming : d::archive;
                    closer = d;
                }
                default -> {
                    JdkReportDownloader d = new JdkReportDownloader(baseUrl, store);
                    download = healthy ? d::archiveStreaming : d::archive;
                    closer = () -> { };
                }
            }
            ExecutorService workers = Executors.newFixedThreadPool(REPORTS);
            List<Future<?>> jobs = new ArrayList<>();
            for (int i = 0; i < REPORTS; i++) {
                String reportId = "ledger-2024-0" + (i + 1) + ".csv";
                jobs.add(workers.submit(() -> {
                    download.run(reportId);
                    return null;
                }));
            }
            point.awaitArrivals();
            capture.now();
            point.release();
            for (Future<?> job : jobs) {
                job.get(CapturePoint.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            workers.shutdown();
            closer.close();
        }
    }

    private static void check(String reportId, long bytes) {
        if (bytes != REPORT_BYTES) {
            throw new IllegalStateException(reportId + ": got " + bytes + " bytes, expected " + REPORT_BYTES);
        }
    }

    /** 64 KiB of CSV rows, repeated to make a report: cheap to serve, yet not one repeated byte. */
    private static byte[] reportBlock() {
        byte[] block = new byte[64 << 10];
        int filled = 0;
        for (int row = 0; filled < block.length; row++) {
            byte[] line = CsvRows.row(row);
            int n = Math.min(line.length, block.length - filled);
            System.arraycopy(line, 0, block, filled, n);
            filled += n;
        }
        return block;
    }

    private static void serve(HttpExchange exchange, byte[] block) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/csv");
        exchange.sendResponseHeaders(200, REPORT_BYTES);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int sent = 0; sent < REPORT_BYTES; sent += block.length) {
                out.write(block);
            }
        }
    }
}
