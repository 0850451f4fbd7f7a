package io.heaplens.samples;

import io.heaplens.samples.bufferedbody.AuditedExportSample;
import io.heaplens.samples.bufferedbody.InventorySyncSample;
import io.heaplens.samples.bufferedbody.ReportDownloadSample;
import io.heaplens.samples.pagingaccumulation.CustomerExportSample;
import io.heaplens.samples.perrequestcache.SearchServiceSample;
import io.heaplens.samples.threadcreation.OrderEnrichmentSample;
import io.heaplens.samples.threadcreation.WebhookDispatchSample;
import io.heaplens.samples.unclosedclient.StockLookupSample;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Every sample, with what an analysis of its dump and recording should find: the rule that must
 * fire on the problem run (and stay silent on the healthy twin) and the culprit, the application
 * class whose code creates or holds the problem objects (the first application frame of the
 * creating or allocating stack).
 *
 * <p>Each sample's main class takes {@link SampleOptions#USAGE}; run it in its own JVM with
 * {@value #MAX_HEAP}: the problem runs leave threads and memory behind on purpose.
 */
public final class SampleCatalog {
    /** The heap every sample is sized for. */
    public static final String MAX_HEAP = "-Xmx256m";

    /** Rule ids the samples are made for. */
    public static final String BUFFERED_BODY = "http.buffered-body";
    public static final String PER_REQUEST_SCHEDULER = "cache.per-request-scheduler";
    public static final String UNBOUNDED_THREADS = "threads.unbounded-creation";
    public static final String UNCLOSED_CLIENT = "http.unclosed-client";
    public static final String UNBOUNDED_ACCUMULATION = "collection.unbounded-accumulation";
    /** Rule ids that must fire on a problem run's recording alone. */
    public static final String THREAD_START_STORM = "threads.creation-storm";
    public static final String LARGE_BUFFERS = "alloc.large-buffers";
    public static final String LIVE_SET_GROWTH = "gc.live-set-growth";

    /**
     * One shape of a sample's problem.
     *
     * @param name          the value of {@code --variant}
     * @param culpritClass  fully qualified name of the application class to blame
     * @param description   what this variant does wrong, in one line
     * @param recordingShowsIt whether its recording alone shows the problem (the sample's {@link
     *                      Sample#expectedRecordingRule}); false where the library hides it from the
     *                      recording, saying why in {@code description}
     */
    public record Variant(String name, String culpritClass, String description, boolean recordingShowsIt) {
        /** A variant whose recording alone shows the problem. */
        public Variant(String name, String culpritClass, String description) {
            this(name, culpritClass, description, true);
        }
    }

    /**
     * One runnable sample.
     *
     * @param id           stable id, used by tests and reports
     * @param mainClass    the class whose {@code main} runs it
     * @param description  the service it imitates, in one line
     * @param expectedRule the rule id that must fire on every variant's problem run
     * @param expectedRecordingRule the rule id that must fire on every variant's problem run's recording
     * @param healthyTwin  whether {@code --healthy} runs the same work done correctly
     * @param variants     its variants, the first one being the default
     */
    public record Sample(String id, Class<?> mainClass, String description, String expectedRule,
                         String expectedRecordingRule, boolean healthyTwin, List<Variant> variants) {
        /** The variant names, default first. */
        public List<String> variantNames() {
            return variants.stream().map(Variant::name).toList();
        }

        /** The variant called {@code name}. */
        public Variant variant(String name) {
            return variants.stream().filter(v -> v.name().equals(name)).findFirst()
                    .orElseThrow(() -> new NoSuchElementException(id + " has no variant " + name));
        }
    }

    private static final String BASE = "io.heaplens.samples.";

    private static final List<Sample> SAMPLES = List.of(
            new Sample("buffered-body-audit-filter", AuditedExportSample.class,
                    "Jetty 12 servlet app whose logging filter copies whole bodies; 6 concurrent ~3.7 MB requests",
                    BUFFERED_BODY, LARGE_BUFFERS, true, List.of(
                    new Variant("response-audit", BASE + "bufferedbody.AuditLoggingFilter",
                            "wraps every response to copy its body for the audit log"),
                    new Variant("request-cache", BASE + "bufferedbody.RequestBodyCachingFilter",
                            "reads every request body into a byte[] up front so it can be read twice"))),
            new Sample("buffered-body-download", ReportDownloadSample.class,
                    "report archiver downloading 4 reports of 8 MB at once from a local server",
                    BUFFERED_BODY, LARGE_BUFFERS, true, List.of(
                    new Variant("okhttp", BASE + "bufferedbody.OkHttpReportDownloader",
                            "OkHttp ResponseBody.bytes() on the whole report"),
                    new Variant("apache", BASE + "bufferedbody.ApacheReportDownloader",
                            "Apache HttpClient 5 EntityUtils.toByteArray on the whole report"),
                    new Variant("jdk", BASE + "bufferedbody.JdkReportDownloader",
                            "java.net.http BodyHandlers.ofByteArray on the whole report (the client copies"
                                    + " the body on its own worker threads, so no application frame is on the"
                                    + " allocating stack the recording shows)", false))),
            new Sample("buffered-body-json-upload", InventorySyncSample.class,
                    "inventory sync posting a 250,000-item JSON snapshot to a local server",
                    BUFFERED_BODY, LARGE_BUFFERS, true, List.of(
                    new Variant("apache", BASE + "bufferedbody.InventorySyncClient",
                            "Jackson writeValueAsString into a StringEntity before the POST"))),
            new Sample("per-request-cache", SearchServiceSample.class,
                    "search endpoint on the JDK HttpServer serving 800 requests, each building its own cache; "
                            + "4 more in flight at the capture",
                    PER_REQUEST_SCHEDULER, THREAD_START_STORM, true, List.of(
                    new Variant("timer", BASE + "perrequestcache.SearchLogic",
                            "a java.util.Timer per request purging the request's result cache"),
                    new Variant("scheduled-executor", BASE + "perrequestcache.SessionQueryCache",
                            "a single-thread ScheduledExecutorService per request expiring its entries"),
                    new Variant("caffeine", BASE + "perrequestcache.SuggestionLookup",
                            "a Caffeine cache per request whose executor and Scheduler.forScheduledExecutorService use its own scheduled executor"))),
            new Sample("executor-per-call", OrderEnrichmentSample.class,
                    "order enrichment fanning out 3 lookups per order for 300 orders; 3 more in flight at the capture",
                    UNBOUNDED_THREADS, THREAD_START_STORM, true, List.of(
                    new Variant("fixed-pool", BASE + "threadcreation.OrderEnrichmentService",
                            "Executors.newFixedThreadPool(3) per call, never shut down"))),
            new Sample("thread-per-task", WebhookDispatchSample.class,
                    "webhook dispatcher delivering 1,000 events to a slow local partner endpoint",
                    UNBOUNDED_THREADS, THREAD_START_STORM, true, List.of(
                    new Variant("raw-thread", BASE + "threadcreation.WebhookDispatcher",
                            "new Thread(...).start() per event, each blocked on the slow endpoint"))),
            new Sample("unclosed-http-client", StockLookupSample.class,
                    "stock lookups against a local Jetty server that closes idle connections after 1 s; 500 calls, "
                            + "4 more in flight at the capture",
                    UNCLOSED_CLIENT, THREAD_START_STORM, true, List.of(
                    new Variant("apache", BASE + "unclosedclient.ApacheStockClient",
                            "HttpClients.custom()...evictIdleConnections(...).build() per call, never closed"),
                    new Variant("okhttp", BASE + "unclosedclient.OkHttpStockClient",
                            "new OkHttpClient() per call: its own connection pool each (OkHttp runs every"
                                    + " pool's cleanup on one shared TaskRunner, so the recording shows no thread"
                                    + " per client; dump and recording together name the method from its"
                                    + " allocations)", false),
                    new Variant("jdk", BASE + "unclosedclient.JdkStockClient",
                            "HttpClient.newHttpClient() per call: its own selector thread each"))),
            new Sample("paging-accumulation", CustomerExportSample.class,
                    "customer export paging through 200 pages of 500 customers from a local API",
                    UNBOUNDED_ACCUMULATION, LIVE_SET_GROWTH, true, List.of(
                    new Variant("records", BASE + "pagingaccumulation.CustomerExportJob",
                            "adds every page's customers to one list, written out at the end"),
                    new Variant("pages", BASE + "pagingaccumulation.CustomerExportJob",
                            "keeps every page object in a list, written out at the end"))));

    private SampleCatalog() {
    }

    /** Every sample, in a stable order. */
    public static List<Sample> all() {
        return SAMPLES;
    }

    /** The sample with this id. */
    public static Sample byId(String id) {
        return SAMPLES.stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no sample " + id));
    }

    /** Prints the catalog, one line per variant. */
    public static void main(String[] args) {
        for (Sample sample : SAMPLES) {
            for (Variant variant : sample.variants()) {
                System.out.printf("%-28s %-20s %-36s %s  %s%n", sample.id(), variant.name(), sample.expectedRule(),
                        variant.culpritClass(), sample.mainClass().getName());
            }
        }
    }
}
