import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.ByteArrayOutputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Records a multi-chunk JDK Flight Recorder file of at least the requested size from a
 * service-like workload running in this JVM.
 *
 * <p>Usage: {@code java [-Xmx1g] RecordingGenerator.java <targetMiB> <out.jfr> [seed] [chunkMiB]}
 *
 * <p>The workload imitates a web shop backend during an incident: dispatcher threads start a new
 * thread per request (from {@code RequestDispatcher.dispatch}); each request passes a filter chain
 * of varying depth and then buffers a whole HTTP-like body from a local backend server into a
 * {@code ByteArrayOutputStream} (large {@code byte[]} copies, socket reads ending with the
 * server closing the connection), prices a cart (CPU and small allocations), reserves stock (some
 * requests fail with an exception), appends to a synchronized audit log (occasional contention),
 * and remembers a session in a registry that is never pruned (a live set growing for the whole
 * recording). A background report job burns CPU on its own.
 *
 * <p>Flight Recorder runs with the JDK's {@code profile} settings plus: thread start/end with
 * stack traces, old-object samples with paths to GC roots ({@code cutoff=infinity}), allocation
 * samples at a very high rate and TLAB allocation events (these make the file grow quickly),
 * execution samples every 10 ms, socket events without threshold, and exception events. The
 * maximum chunk size is lowered (JFR.configure) so that the file holds many distinct chunks,
 * each with its own constant pools, the way a long-running production recording does.
 *
 * <p>The recording stops once its disk repository holds the target size; the file is then
 * checked (chunk headers walked, sizes summed, start times increasing), written as
 * {@code <out>} and described in {@code <out>.meta}. Randomness comes from a fixed seed; timing,
 * thread interleaving and so the exact bytes differ between runs.
 */
public final class RecordingGenerator {

    static final long DEFAULT_SEED = 0x5EED_0F12L;
    static final int DEFAULT_CHUNK_MIB = 16;
    static final int DISPATCHERS = 3;
    static final int MAX_REQUESTS_IN_FLIGHT = 9;
    /** Upper bound on the registry's growth so that even big recordings fit a 1 GiB heap. */
    static final long REGISTRY_BUDGET_BYTES = 256L << 20;
    static final long GIVE_UP_AFTER_NANOS = 20L * 60 * 1_000_000_000L;

    static volatile boolean running = true;
    static final AtomicLong requests = new AtomicLong();
    static final AtomicLong failedReservations = new AtomicLong();

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 4) {
            System.err.println("usage: RecordingGenerator <targetMiB> <out.jfr> [seed] [chunkMiB]");
            System.exit(2);
        }
        long targetBytes = Long.parseLong(args[0]) << 20;
        Path out = Path.of(args[1]).toAbsolutePath();
        long seed = args.length > 2 ? Long.decode(args[2]) : DEFAULT_SEED;
        int chunkMiB = args.length > 3 ? Integer.parseInt(args[3]) : DEFAULT_CHUNK_MIB;

        Path repository = Path.of(out + ".repository");
        Path partial = Path.of(out + ".partial");
        deleteRecursively(repository);
        Files.createDirectories(repository);
        Files.deleteIfExists(partial);

        long t0 = System.nanoTime();
        // Both must be set before the first recording starts: the repository so the chunks land
        // next to the output (and can be measured), the chunk size so the file has many chunks.
        jfrConfigure("repositorypath=" + repository, "maxchunksize=" + chunkMiB + "m");

        BackendServer backend = new BackendServer(seed);
        backend.start();

        try (Recording recording = new Recording(recordingSettings())) {
            recording.setName("heaplens-benchmark");
            recording.setToDisk(true);
            recording.setDestination(partial);
            recording.start();

            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < DISPATCHERS; i++) {
                threads.add(daemon("dispatcher-" + i, new RequestDispatcher(backend.port(), seed + i)));
            }
            threads.add(daemon("report-job", new ReportJob(seed)));
            threads.forEach(Thread::start);

            long lastReport = 0;
            while (true) {
                long onDisk = directorySize(repository);
                long elapsed = System.nanoTime() - t0;
                if (onDisk >= targetBytes) {
                    break;
                }
                if (elapsed > GIVE_UP_AFTER_NANOS) {
                    throw new IllegalStateException("recording reached only " + onDisk + " of "
                            + targetBytes + " bytes in " + elapsed / 1_000_000_000L + " s");
                }
                if (elapsed - lastReport >= 10_000_000_000L) {
                    lastReport = elapsed;
                    System.err.printf(Locale.ROOT, "  %3d s: %5.1f MiB recorded, %d requests%n",
                            elapsed / 1_000_000_000L, onDisk / 1048576.0, requests.get());
                }
                Thread.sleep(200);
            }
            running = false;
            for (Thread t : threads) {
                t.join();
            }
            recording.stop(); // writes the destination file
        }
        backend.close();
        long recordSeconds = (System.nanoTime() - t0) / 1_000_000_000L;

        List<Long> chunkSizes = checkChunks(partial);
        long fileBytes = Files.size(partial);
        if (fileBytes < targetBytes) {
            throw new IllegalStateException("recording is " + fileBytes + " bytes, less than the target "
                    + targetBytes);
        }
        Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING);
        deleteRecursively(repository);

        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("file_bytes", fileBytes);
        meta.put("chunks", chunkSizes.size());
        meta.put("largest_chunk_bytes", chunkSizes.stream().mapToLong(Long::longValue).max().orElse(0));
        meta.put("requests", requests.get());
        meta.put("failed_reservations", failedReservations.get());
        meta.put("registry_sessions", SessionRegistry.SESSIONS.size());
        meta.put("registry_bytes", SessionRegistry.retainedBytes.get());
        meta.put("seed", "0x" + Long.toHexString(seed));
        meta.put("max_chunk_mib", chunkMiB);
        meta.put("generate_seconds", recordSeconds);
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(out + ".meta")))) {
            meta.forEach((k, v) -> w.println(k + "=" + v));
        }
        meta.forEach((k, v) -> System.out.println(k + "=" + v));
    }

    /** The JDK's profile settings with the additions described in the class comment. */
    static Map<String, String> recordingSettings() throws Exception {
        Map<String, String> s = new HashMap<>(Configuration.getConfiguration("profile").getSettings());
        s.put("jdk.ThreadStart#enabled", "true");
        s.put("jdk.ThreadStart#stackTrace", "true");
        s.put("jdk.ThreadEnd#enabled", "true");
        s.put("jdk.OldObjectSample#enabled", "true");
        s.put("jdk.OldObjectSample#stackTrace", "true");
        s.put("jdk.OldObjectSample#cutoff", "infinity");
        s.put("jdk.ObjectAllocationSample#enabled", "true");
        s.put("jdk.ObjectAllocationSample#stackTrace", "true");
        s.put("jdk.ObjectAllocationSample#throttle", "100000/s");
        s.put("jdk.ObjectAllocationInNewTLAB#enabled", "true");
        s.put("jdk.ObjectAllocationInNewTLAB#stackTrace", "true");
        s.put("jdk.ObjectAllocationOutsideTLAB#enabled", "true");
        s.put("jdk.ObjectAllocationOutsideTLAB#stackTrace", "true");
        s.put("jdk.ExecutionSample#enabled", "true");
        s.put("jdk.ExecutionSample#period", "10 ms");
        for (String socketEvent : List.of("jdk.SocketRead", "jdk.SocketWrite")) {
            s.put(socketEvent + "#enabled", "true");
            s.put(socketEvent + "#stackTrace", "true");
            s.put(socketEvent + "#threshold", "0 ms");
        }
        s.put("jdk.JavaExceptionThrow#enabled", "true");
        s.put("jdk.JavaExceptionThrow#stackTrace", "true");
        return s;
    }

    static void jfrConfigure(String... options) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName diagnostics = new ObjectName("com.sun.management:type=DiagnosticCommand");
        server.invoke(diagnostics, "jfrConfigure", new Object[] {options},
                new String[] {String[].class.getName()});
    }

    /**
     * Walks the chunk headers of a recording and returns the chunk sizes, after checking the
     * magic, that the chunk sizes add up to the file size, and that the chunks start at
     * increasing times (so none is a copy of another).
     */
    static List<Long> checkChunks(Path file) throws IOException {
        List<Long> sizes = new ArrayList<>();
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            long offset = 0;
            long previousStart = Long.MIN_VALUE;
            while (offset < length) {
                in.seek(offset);
                if (in.readInt() != 0x464C5200) { // "FLR\0"
                    throw new IOException("no chunk magic at offset " + offset + " of " + file);
                }
                in.readInt(); // major and minor version
                long size = in.readLong();
                in.readLong(); // constant pool offset
                in.readLong(); // metadata offset
                long startNanos = in.readLong();
                if (size <= 0 || offset + size > length) {
                    throw new IOException("bad chunk size " + size + " at offset " + offset);
                }
                if (startNanos <= previousStart) {
                    throw new IOException("chunk at offset " + offset + " does not start after the previous one");
                }
                sizes.add(size);
                previousStart = startNanos;
                offset += size;
            }
        }
        return sizes;
    }

    static long directorySize(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // a chunk file removed while walking
                }
            }).sum();
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    /** Log-uniform integer in [min, max): many small values, a long tail of big ones. */
    static int logUniform(SplittableRandom random, int min, int max) {
        return (int) Math.exp(Math.log(min) + random.nextDouble() * (Math.log(max) - Math.log(min)));
    }

    // ---- the service ----------------------------------------------------------------------------

    /** One incoming request, as the dispatcher decodes it. */
    record Request(long id, String sessionId, int bodyBytes, int cartItems, int route, long seed) {}

    /** Starts one thread per request, the way a naive thread-per-task server does. */
    static final class RequestDispatcher implements Runnable {
        private final int backendPort;
        private final SplittableRandom random;
        private final Semaphore inFlight = new Semaphore(MAX_REQUESTS_IN_FLIGHT / DISPATCHERS);

        RequestDispatcher(int backendPort, long seed) {
            this.backendPort = backendPort;
            this.random = new SplittableRandom(seed);
        }

        @Override
        public void run() {
            while (running) {
                Request request = new Request(requests.incrementAndGet(),
                        "session-" + random.nextInt(1 << 20),
                        logUniform(random, 16 << 10, 4 << 20),
                        1 + random.nextInt(40),
                        random.nextInt(FilterChain.ROUTES.length),
                        random.nextLong());
                inFlight.acquireUninterruptibly();
                dispatch(request);
            }
            inFlight.acquireUninterruptibly(MAX_REQUESTS_IN_FLIGHT / DISPATCHERS);
        }

        private void dispatch(Request request) {
            Thread worker = new Thread(() -> {
                try {
                    new FilterChain(request, backendPort).proceed();
                } catch (IOException e) {
                    throw new IllegalStateException("request " + request.id() + " failed", e);
                } finally {
                    inFlight.release();
                }
            }, "request-" + request.id());
            worker.start();
        }
    }

    /**
     * A servlet-style filter chain. Each route has its own sequence of filters, so requests reach
     * the same code through a few dozen distinct stacks, as they do through a web framework.
     */
    static final class FilterChain {
        /** Part of the application's shape, like its code: the same for every seed. */
        static final int[][] ROUTES = routes(new SplittableRandom(DEFAULT_SEED), 32);

        static int[][] routes(SplittableRandom random, int count) {
            int[][] routes = new int[count][];
            for (int r = 0; r < count; r++) {
                routes[r] = random.ints(2 + random.nextInt(20), 0, 4).toArray();
            }
            return routes;
        }

        private final Request request;
        private final int backendPort;
        private int position;

        FilterChain(Request request, int backendPort) {
            this.request = request;
            this.backendPort = backendPort;
        }

        void proceed() throws IOException {
            int step = position++;
            int[] filters = ROUTES[request.route()];
            if (step >= filters.length) {
                new CheckoutController(backendPort).handle(request);
                return;
            }
            switch (filters[step]) {
                case 0 -> AuthFilter.doFilter(this);
                case 1 -> TracingFilter.doFilter(this);
                case 2 -> MetricsFilter.doFilter(this);
                default -> CompressionFilter.doFilter(this);
            }
        }
    }

    static final class AuthFilter {
        static void doFilter(FilterChain chain) throws IOException {
            chain.proceed();
        }
    }

    static final class TracingFilter {
        static void doFilter(FilterChain chain) throws IOException {
            chain.proceed();
        }
    }

    static final class MetricsFilter {
        static void doFilter(FilterChain chain) throws IOException {
            chain.proceed();
        }
    }

    static final class CompressionFilter {
        static void doFilter(FilterChain chain) throws IOException {
            chain.proceed();
        }
    }

    static final class CheckoutController {
        private final int backendPort;

        CheckoutController(int backendPort) {
            this.backendPort = backendPort;
        }

        void handle(Request request) throws IOException {
            byte[] catalog = ProductCatalogClient.fetchBody(backendPort, request.bodyBytes());
            List<Product> products = CatalogParser.parse(catalog, request.cartItems() * 20);
            BigDecimal total = PricingEngine.quote(products, request.cartItems(), request.seed(), catalog);
            try {
                InventoryClient.reserve(request, total);
                AuditLog.append("reserved " + request.id() + " total " + total);
            } catch (InventoryClient.OutOfStockException e) {
                failedReservations.incrementAndGet();
                AuditLog.append("out of stock " + request.id() + ": " + e.getMessage());
            }
            SessionRegistry.remember(request, catalog);
        }
    }

    /** Reads a whole response body into memory: the classic buffered-HTTP-body allocation. */
    static final class ProductCatalogClient {
        static byte[] fetchBody(int port, int bodyBytes) throws IOException {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                OutputStream out = socket.getOutputStream();
                out.write(("GET /catalog?bytes=" + bodyBytes + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                byte[] buffer = new byte[16 << 10];
                int n;
                while ((n = in.read(buffer)) != -1) { // the server closes: end of stream
                    body.write(buffer, 0, n);
                }
                return body.toByteArray();
            }
        }
    }

    record Product(String sku, String name, long priceCents, Map<String, String> attributes) {}

    /** Turns the start of a body into product objects: many small, short-lived allocations. */
    static final class CatalogParser {
        static List<Product> parse(byte[] body, int count) {
            List<Product> products = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int offset = (i * 97) % Math.max(1, body.length - 32);
                String sku = "SKU-" + Integer.toHexString(((body[offset] & 0xff) << 16) | (body[offset + 1] & 0xff) << 8 | i);
                String name = new String(body, offset, 16, StandardCharsets.ISO_8859_1).strip();
                Map<String, String> attributes = new HashMap<>();
                attributes.put("color", Integer.toString(body[offset + 2] & 7));
                attributes.put("size", Integer.toString(body[offset + 3] & 15));
                products.add(new Product(sku, name, 100 + (body[offset + 4] & 0xff) * 13L, attributes));
            }
            return products;
        }
    }

    static final class PricingEngine {
        static BigDecimal quote(List<Product> products, int items, long seed, byte[] catalog) {
            SplittableRandom random = new SplittableRandom(seed);
            BigDecimal total = BigDecimal.ZERO;
            for (int i = 0; i < items; i++) {
                Product product = products.get(random.nextInt(products.size()));
                BigDecimal price = BigDecimal.valueOf(product.priceCents() + random.nextInt(10_000), 2);
                BigDecimal taxed = price.multiply(BigDecimal.valueOf(119, 2)).setScale(2, RoundingMode.HALF_EVEN);
                total = total.add(taxed.multiply(BigDecimal.valueOf(1 + random.nextInt(5))));
            }
            return total.add(BigDecimal.valueOf(checksum(catalog, 4096) & 0xff, 2));
        }

        static int checksum(byte[] data, int prefix) {
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                digest.update(data, 0, Math.min(prefix, data.length));
                return digest.digest()[0];
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static final class InventoryClient {
        static final class OutOfStockException extends Exception {
            private static final long serialVersionUID = 1L;

            OutOfStockException(String message) {
                super(message);
            }
        }

        static void reserve(Request request, BigDecimal total) throws OutOfStockException {
            if ((request.seed() & 7) == 0) {
                throw new OutOfStockException("sku " + (request.seed() >>> 40) + " for " + total);
            }
        }
    }

    /** A synchronized log sink; a slow flush now and then makes requests queue on its monitor. */
    static final class AuditLog {
        private static final StringBuilder BUFFER = new StringBuilder();
        private static long appended;

        static synchronized void append(String line) {
            BUFFER.append(line).append('\n');
            if (++appended % 500 == 0) {
                flush();
            }
        }

        private static void flush() {
            long until = System.nanoTime() + 25_000_000L;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            BUFFER.setLength(0);
        }
    }

    /** Never forgets a session: the live set grows for the whole recording. */
    static final class SessionRegistry {
        static final Map<String, List<byte[]>> SESSIONS = new ConcurrentHashMap<>();
        static final AtomicLong retainedBytes = new AtomicLong();

        static void remember(Request request, byte[] catalog) {
            if (retainedBytes.get() >= REGISTRY_BUDGET_BYTES) {
                return;
            }
            int keep = Math.min(catalog.length, 1024 + (int) (request.id() % 2048));
            byte[] snapshot = Arrays.copyOf(catalog, keep);
            SESSIONS.computeIfAbsent(request.sessionId(), k -> new ArrayList<>()).add(snapshot);
            retainedBytes.addAndGet(keep);
        }
    }

    /** Background CPU work that shows up in execution samples next to the request threads. */
    static final class ReportJob implements Runnable {
        private final SplittableRandom random;

        ReportJob(long seed) {
            this.random = new SplittableRandom(seed ^ 0xC0FFEE);
        }

        @Override
        public void run() {
            double[] series = new double[4096];
            while (running) {
                for (int i = 0; i < series.length; i++) {
                    series[i] = random.nextGaussian();
                }
                double sum = 0;
                for (int i = 0; i < series.length; i++) {
                    for (int j = i; j < Math.min(series.length, i + 64); j++) {
                        sum += series[i] * series[j];
                    }
                }
                if (Double.isNaN(sum)) {
                    throw new IllegalStateException("NaN in report");
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** The local backend: answers each connection with the requested number of bytes, then closes it. */
    static final class BackendServer {
        private final ServerSocket server;
        private final byte[] payload;

        BackendServer(long seed) throws IOException {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
            payload = new byte[64 << 10];
            new SplittableRandom(seed).nextBytes(payload);
        }

        int port() {
            return server.getLocalPort();
        }

        void start() {
            for (int i = 0; i < 2; i++) {
                daemon("backend-acceptor-" + i, this::serve).start();
            }
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket connection = server.accept()) {
                    InputStream in = new BufferedInputStream(connection.getInputStream());
                    String line = readLine(in);
                    int bytes = Integer.parseInt(line.substring(line.indexOf('=') + 1).trim());
                    OutputStream out = connection.getOutputStream();
                    for (int sent = 0; sent < bytes; sent += payload.length) {
                        out.write(payload, 0, Math.min(payload.length, bytes - sent));
                    }
                } catch (IOException e) {
                    if (!server.isClosed()) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }

        private static String readLine(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                line.append((char) c);
            }
            return line.toString();
        }

        void close() throws IOException {
            server.close();
        }
    }
}
