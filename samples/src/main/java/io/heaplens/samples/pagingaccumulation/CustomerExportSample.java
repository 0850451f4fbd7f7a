package io.heaplens.samples.pagingaccumulation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.heaplens.samples.Capture;
import io.heaplens.samples.CapturePoint;
import io.heaplens.samples.LoopbackHttpServer;
import io.heaplens.samples.SampleOptions;
import io.heaplens.samples.SampleRunner;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A nightly customer export paging through {@value #PAGES} pages of {@value #PAGE_SIZE} customers
 * from a local CRM API (JDK HttpServer, Jackson on both sides).
 *
 * <p>Variants: {@code records} ({@link CustomerExportJob#exportAllAtOnce}, every customer added
 * to one list) and {@code pages} ({@link CustomerExportJob#exportPagesAtOnce}, every page object
 * kept). The healthy twin writes each page as it arrives ({@link CustomerExportJob#exportPageByPage}).
 *
 * <p>Capture moment: the last page has been read and nothing written yet in the problem runs.
 */
public final class CustomerExportSample {
    static final int PAGES = 200;
    static final int PAGE_SIZE = 500;

    private CustomerExportSample() {
    }

    /** See {@link SampleOptions#USAGE}. */
    public static void main(String[] args) {
        SampleRunner.run("paging-accumulation", args, CustomerExportSample::run);
    }

    private static void run(SampleOptions options, Capture capture) throws Exception {
        CapturePoint point = new CapturePoint(1);
        AtomicLong written = new AtomicLong();
        CustomerExportJob.ExportWriter writer = new CustomerExportJob.ExportWriter() {
            @Override
            public void write(List<CustomerExportJob.Customer> customers) {
                written.addAndGet(customers.size());
            }

            @Override
            public void finish() {
            }
        };
        ObjectMapper mapper = new ObjectMapper();
        try (LoopbackHttpServer crm = LoopbackHttpServer.start("/api/customers", exchange -> servePage(exchange, mapper), 2)) {
            CustomerExportJob job = new CustomerExportJob(crm.uri("/api/customers"), writer,
                    (pages, customers) -> point.arriveAndAwaitCapture());
            ExecutorService jobThread = Executors.newSingleThreadExecutor();
            Future<?> run = jobThread.submit(() -> {
                if (options.healthy()) {
                    job.exportPageByPage();
                } else if (options.variant().equals("records")) {
                    job.exportAllAtOnce();
                } else {
                    job.exportPagesAtOnce();
                }
                return null;
            });
            point.awaitArrivals();
            capture.now();
            point.release();
            run.get(CapturePoint.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            jobThread.shutdown();
            if (written.get() != (long) PAGES * PAGE_SIZE) {
                throw new IllegalStateException("exported " + written.get() + " customers");
            }
        }
    }

    private static void servePage(HttpExchange exchange, ObjectMapper mapper) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        int page = Integer.parseInt(query.substring(query.indexOf("page=") + 5));
        List<CustomerExportJob.Customer> items = new ArrayList<>(PAGE_SIZE);
        for (int i = 0; i < PAGE_SIZE; i++) {
            long id = (long) page * PAGE_SIZE + i;
            items.add(new CustomerExportJob.Customer(id, "Customer " + id, "customer." + id + "@example.org",
                    CITIES[(int) (id % CITIES.length)], id % 10 == 0 ? "enterprise" : "retail",
                    "Prefers e-mail contact; account opened " + (2010 + id % 14) + "; last order reference ORD-"
                            + (id * 31 % 1_000_000) + "; loyalty tier " + (id % 4)));
        }
        byte[] json = mapper.writeValueAsBytes(new CustomerExportJob.CustomerPage(page, PAGES, items));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }

    private static final String[] CITIES = {"Lyon", "Porto", "Gdansk", "Leipzig", "Bologna", "Ghent", "Aarhus", "Brno"};
}
