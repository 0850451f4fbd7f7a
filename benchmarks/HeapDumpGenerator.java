import com.sun.management.HotSpotDiagnosticMXBean;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * Builds a deterministic, service-like heap of roughly the requested HPROF size and dumps it.
 *
 * <p>Usage: {@code java -Xmx<2*size>m HeapDumpGenerator.java <targetMiB> <out.hprof>}
 *
 * <p>The heap resembles a session-holding web service: a big {@code HashMap<String, Session>}
 * with small POJOs, per-session {@code ArrayList}s of items, attribute maps with boxed values,
 * {@code byte[]} payloads of log-uniformly distributed sizes (some shared between sessions), a
 * secondary index that gives sessions two parents, cross links between sessions (cycles),
 * tenants shared by many sessions, a blob LRU cache, {@code long[]}/{@code char[]} metric and text
 * buffers, a few very long linked lists (custom and {@code java.util.LinkedList}), and worker
 * threads that keep data alive through stack locals and thread locals while the dump is taken.
 *
 * <p>The size of everything is budgeted with an estimate of its HPROF encoding (8-byte ids), so
 * the dump lands close to the target. After building, the live-object histogram (the same data
 * {@code jmap -histo:live} prints) is taken through the DiagnosticCommand MBean and its total is
 * reported together with the dump timing. A small {@code <out>.meta} properties file records the
 * numbers so a cached dump can be reported without regenerating it.
 */
public final class HeapDumpGenerator {

    static final long SEED = 0x5EED_1E45L;

    // ---- HPROF size model (64-bit ids) -------------------------------------------------------
    static final int INSTANCE_HDR = 1 + 8 + 4 + 8 + 4;   // tag, id, stack serial, class id, length
    static final int OBJ_ARRAY_HDR = 1 + 8 + 4 + 4 + 8;  // tag, id, stack serial, length, class id
    static final int PRIM_ARRAY_HDR = 1 + 8 + 4 + 4 + 1; // tag, id, stack serial, length, type

    /** Running estimate of HPROF bytes and objects created by this program. */
    static long estBytes;
    static long estObjects;

    static void inst(int fieldBytes) { estBytes += INSTANCE_HDR + fieldBytes; estObjects++; }
    static void objArr(int n) { estBytes += OBJ_ARRAY_HDR + 8L * n; estObjects++; }
    static void primArr(int n, int elem) { estBytes += PRIM_ARRAY_HDR + (long) n * elem; estObjects++; }
    /** java.lang.String (value, coder, hash, hashIsZero) plus its Latin-1 byte[]. */
    static void str(String s) { inst(8 + 1 + 4 + 1); primArr(s.length(), 1); }
    /** HashMap.Node (hash, key, value, next) plus ~1.5 amortized table slots. */
    static void hashNode() { inst(4 + 8 + 8 + 8); estBytes += 12; }
    /** HashMap itself (table, entrySet, keySet, values, size, modCount, threshold, loadFactor). */
    static void hashMap() { inst(4 * 8 + 4 * 4); }
    /** ArrayList with an exactly sized backing array (capacity 0 shares the JDK's empty array). */
    static void arrayList(int capacity) { inst(8 + 4 + 4); if (capacity > 0) objArr(capacity); }
    static void boxedLong() { inst(8); }

    // ---- the "service" model -----------------------------------------------------------------

    static final class Tenant {
        final long id;
        final String name;
        final Map<String, String> config = new HashMap<>();
        final byte[] schema;
        Tenant(long id, String name, byte[] schema) { this.id = id; this.name = name; this.schema = schema; }
    }

    static final class Item {
        final long sku;
        final int quantity;
        final double price;
        final String label;
        Item(long sku, int quantity, double price, String label) {
            this.sku = sku; this.quantity = quantity; this.price = price; this.label = label;
        }
    }

    static final class Session {
        final long id;
        final long createdAt;
        long lastAccess;
        int flags;
        final String userId;
        final Tenant tenant;
        final ArrayList<Item> items;
        byte[] payload;
        Map<String, Object> attributes;
        Session related;
        Session(long id, long createdAt, String userId, Tenant tenant, ArrayList<Item> items) {
            this.id = id; this.createdAt = createdAt; this.lastAccess = createdAt;
            this.userId = userId; this.tenant = tenant; this.items = items;
        }
    }

    static final class Event {
        final long timestamp;
        final int kind;
        final Object detail;
        Event next;
        Event(long timestamp, int kind, Object detail) { this.timestamp = timestamp; this.kind = kind; this.detail = detail; }
    }

    static final class EventLog {
        final String name;
        Event head;
        Event tail;
        long length;
        EventLog(String name) { this.name = name; }
        void append(Event e) {
            if (head == null) head = e; else tail.next = e;
            tail = e;
            length++;
        }
    }

    static final class Service {
        final Map<String, Session> sessions = new HashMap<>();
        final Map<String, ArrayList<Session>> sessionsByUser = new HashMap<>();
        final List<Tenant> tenants = new ArrayList<>();
        final LinkedHashMap<String, byte[]> blobCache = new LinkedHashMap<>(1024, 0.75f, true);
        final Map<String, long[]> metrics = new ConcurrentHashMap<>();
        final List<char[]> textBuffers = new ArrayList<>();
        final List<EventLog> eventLogs = new ArrayList<>();
        final LinkedList<Object> auditTrail = new LinkedList<>();
        final Deque<byte[]> bufferPool = new ArrayDeque<>();
    }

    /** Static root holding the whole model, like a singleton in a real service. */
    static Service SERVICE;

    static final ThreadLocal<byte[]> SCRATCH = new ThreadLocal<>();

    // ---- building ----------------------------------------------------------------------------

    /** Log-uniform size in [min, max]: many small arrays, a long tail of big ones. */
    static int logUniform(Random rnd, int min, int max) {
        double l = Math.log(min) + rnd.nextDouble() * (Math.log(max) - Math.log(min));
        return (int) Math.round(Math.exp(l));
    }

    static byte[] filled(Random rnd, int n) {
        byte[] b = new byte[n];
        // A few non-zero bytes so the content is not trivially all zeros; cheap to produce.
        for (int i = 0; i < n; i += 64) b[i] = (byte) rnd.nextInt(256);
        primArr(n, 1);
        return b;
    }

    static String newString(String s) {
        String r = new String(s.toCharArray());
        str(r);
        return r;
    }

    static void build(Service svc, Random rnd, long targetBytes) {
        // Budget shares of the variable part of the heap.
        long tenantsBudget = targetBytes / 100;          //  1 %
        long blobBudget = targetBytes * 5 / 100;         //  5 %
        long metricsBudget = targetBytes * 3 / 100;      //  3 %
        long textBudget = targetBytes * 2 / 100;         //  2 %
        long eventsBudget = targetBytes * 6 / 100;       //  6 %
        long auditBudget = targetBytes * 2 / 100;        //  2 %
        long poolBudget = targetBytes / 100;             //  1 %
        // threads take ~1 %, the rest goes to sessions

        String[] labels = new String[512];
        for (int i = 0; i < labels.length; i++) labels[i] = newString("product-" + Integer.toHexString(i * 7919));
        String[] attrKeys = {"locale", "cart.total", "ab.bucket", "last.page", "csrf", "ua.hash", "geo", "visits"};

        // Tenants: shared by many sessions, each with a config map and a schema blob.
        long start = estBytes;
        int t = 0;
        while (estBytes - start < tenantsBudget || t < 16) {
            Tenant tenant = new Tenant(t, newString("tenant-" + t), filled(rnd, logUniform(rnd, 256, 32 * 1024)));
            inst(8 + 8 + 8 + 8);
            hashMap();
            for (int k = 0; k < 12; k++) {
                tenant.config.put(newString("cfg." + k), newString("v" + rnd.nextInt(100000)));
                hashNode();
            }
            objArr(16);
            svc.tenants.add(tenant);
            t++;
        }

        // Shared payload templates: the same byte[] referenced from many sessions.
        byte[][] templates = new byte[64][];
        for (int i = 0; i < templates.length; i++) templates[i] = filled(rnd, logUniform(rnd, 64, 8192));

        // Blob cache (LRU LinkedHashMap of large byte[]).
        start = estBytes;
        int b = 0;
        while (estBytes - start < blobBudget) {
            String key = newString("blob/" + Long.toHexString(rnd.nextLong()));
            svc.blobCache.put(key, filled(rnd, logUniform(rnd, 4 * 1024, 512 * 1024)));
            inst(4 + 8 + 8 + 8 + 8 + 8); // LinkedHashMap.Entry (Node + before/after)
            estBytes += 12;
            b++;
        }

        // Metrics: long[] ring buffers; text: char[] buffers.
        start = estBytes;
        int m = 0;
        while (estBytes - start < metricsBudget) {
            long[] ring = new long[1 << (6 + rnd.nextInt(6))]; // 64 .. 2048 longs
            for (int i = 0; i < ring.length; i += 8) ring[i] = rnd.nextLong();
            primArr(ring.length, 8);
            svc.metrics.put(newString("metric." + m + ".p" + (50 + m % 50)), ring);
            inst(4 + 8 + 8 + 8); // ConcurrentHashMap.Node
            estBytes += 12;
            m++;
        }
        start = estBytes;
        while (estBytes - start < textBudget) {
            char[] text = new char[logUniform(rnd, 32, 16 * 1024)];
            for (int i = 0; i < text.length; i++) text[i] = (char) ('a' + (i * 31 + text.length) % 26);
            primArr(text.length, 2);
            svc.textBuffers.add(text);
            estBytes += 8;
        }

        // A few long singly linked lists (deep chains), plus one java.util.LinkedList.
        start = estBytes;
        String[] kinds = {"LOGIN", "LOGOUT", "CHECKOUT", "SEARCH", "VIEW", "ERROR"};
        for (int l = 0; l < 4; l++) {
            EventLog log = new EventLog(newString("events-" + l));
            inst(8 + 8 + 8 + 8);
            svc.eventLogs.add(log);
        }
        long ts = 1_700_000_000_000L;
        int n = 0;
        while (estBytes - start < eventsBudget) {
            int kind = rnd.nextInt(kinds.length);
            Object detail;
            int r = rnd.nextInt(10);
            if (r < 5) {
                detail = kinds[kind]; // shared literal
            } else if (r < 8) {
                detail = Long.valueOf(1000 + rnd.nextInt(1_000_000));
                boxedLong();
            } else {
                detail = null;
            }
            Event e = new Event(ts += 1 + rnd.nextInt(50), kind, detail);
            inst(8 + 4 + 8 + 8);
            // Most events go to the first two logs: they become very deep chains.
            svc.eventLogs.get(n % 8 < 3 ? 0 : n % 8 < 6 ? 1 : n % 8 < 7 ? 2 : 3).append(e);
            n++;
        }
        start = estBytes;
        while (estBytes - start < auditBudget) {
            Object o = rnd.nextBoolean() ? newString("audit:" + rnd.nextInt(1 << 30)) : filled(rnd, 24 + rnd.nextInt(40));
            svc.auditTrail.add(o);
            inst(8 + 8 + 8); // LinkedList.Node
        }

        // Buffer pool of uniformly sized buffers.
        start = estBytes;
        while (estBytes - start < poolBudget) {
            svc.bufferPool.add(filled(rnd, 64 * 1024));
            estBytes += 8;
        }

        // Sessions fill the remainder (~78 % of the target), minus what the threads keep.
        long sessionsBudget = targetBytes - estBytes - targetBytes / 100;
        start = estBytes;
        long id = 0;
        List<Session> recent = new ArrayList<>();
        while (estBytes - start < sessionsBudget) {
            id++;
            String userKey = "user-" + Long.toString(rnd.nextInt((int) Math.max(1000, sessionsBudget / 3000)), 36);
            ArrayList<Session> userSessions = svc.sessionsByUser.get(userKey);
            String userId;
            if (userSessions == null) {
                userId = newString(userKey);
                userSessions = new ArrayList<>(4);
                svc.sessionsByUser.put(userId, userSessions);
                hashNode();
                arrayList(4);
            } else {
                userId = userSessions.get(0).userId; // shared String instance
            }
            int itemCount = rnd.nextInt(6);
            ArrayList<Item> items = new ArrayList<>(itemCount);
            arrayList(itemCount);
            for (int i = 0; i < itemCount; i++) {
                items.add(new Item(rnd.nextInt(1 << 24), 1 + rnd.nextInt(5), rnd.nextInt(100_000) / 100.0,
                        labels[rnd.nextInt(labels.length)]));
                inst(8 + 4 + 8 + 8);
            }
            Tenant tenant = svc.tenants.get((int) Math.min(svc.tenants.size() - 1, Math.abs(rnd.nextGaussian()) * svc.tenants.size() / 3));
            Session s = new Session(id, ts - rnd.nextInt(86_400_000), userId, tenant, items);
            inst(8 + 8 + 8 + 4 + 8 + 8 + 8 + 8 + 8 + 8);
            s.flags = rnd.nextInt();
            int p = rnd.nextInt(100);
            if (p < 10) {
                s.payload = templates[rnd.nextInt(templates.length)];
            } else if (p < 55) {
                s.payload = filled(rnd, logUniform(rnd, 16, 4096));
            }
            if (rnd.nextInt(5) == 0) {
                Map<String, Object> attrs = new HashMap<>(8);
                hashMap();
                objArr(8);
                for (int i = 0; i < 3; i++) {
                    Object v;
                    switch (rnd.nextInt(3)) {
                        case 0: v = Long.valueOf(100_000 + rnd.nextInt(1 << 30)); boxedLong(); break;
                        case 1: v = newString("val-" + rnd.nextInt(1 << 20)); break;
                        default: v = labels[rnd.nextInt(labels.length)]; break;
                    }
                    if (attrs.put(attrKeys[rnd.nextInt(attrKeys.length)], v) == null) hashNode();
                }
                s.attributes = attrs;
            }
            if (!recent.isEmpty() && rnd.nextInt(20) == 0) {
                // Cross link (sometimes mutual): creates cycles and non-tree sharing.
                Session other = recent.get(rnd.nextInt(recent.size()));
                s.related = other;
                if (other.related == null && rnd.nextBoolean()) other.related = s;
            }
            if (recent.size() < 4096) recent.add(s); else recent.set(rnd.nextInt(4096), s);

            String key = newString("sess-" + Long.toHexString(SEED ^ (id * 0x9E3779B97F4A7C15L)));
            svc.sessions.put(key, s);
            hashNode();
            userSessions.add(s);
            if (userSessions.size() > 4) estBytes += 4; // amortized growth of the per-user list
        }
    }

    // ---- threads -----------------------------------------------------------------------------

    static Thread startWorker(int index, long bytes, CountDownLatch ready, CountDownLatch dumped) {
        Thread th = new Thread(() -> {
            Random rnd = new Random(SEED + index);
            // Locals on this thread's stack are GC roots (ROOT_JAVA_FRAME) while it waits.
            ArrayList<Object> inFlight = new ArrayList<>();
            Map<Long, String> requestHeaders = new HashMap<>();
            SCRATCH.set(new byte[16 * 1024]);
            long held = 0;
            while (held < bytes) {
                byte[] body = new byte[logUniform(rnd, 128, 32 * 1024)];
                inFlight.add(body);
                held += PRIM_ARRAY_HDR + body.length;
                requestHeaders.put((long) rnd.nextInt(), "hdr-" + rnd.nextInt(1 << 20));
                held += 53 + 33 + 39 + 30;
            }
            ready.countDown();
            try {
                dumped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // Use the locals after the wait so they stay live in the frame.
            if (inFlight.size() + requestHeaders.size() + SCRATCH.get().length < 0) System.out.println("unreachable");
        }, "http-worker-" + index);
        th.setDaemon(true);
        th.start();
        return th;
    }

    // ---- main --------------------------------------------------------------------------------

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java HeapDumpGenerator.java <targetMiB> <out.hprof>");
            System.exit(2);
        }
        long targetMiB = Long.parseLong(args[0]);
        Path out = Path.of(args[1]).toAbsolutePath();
        long targetBytes = targetMiB * 1024 * 1024;
        long t0 = System.nanoTime();

        // Account for the JDK's own objects (classes, strings, module graph, ...): a few MiB.
        long baseline = 4L * 1024 * 1024;
        Service svc = new Service();
        SERVICE = svc;
        Random rnd = new Random(SEED);
        build(svc, rnd, Math.max(targetBytes - baseline, 8L * 1024 * 1024));

        int workers = 4;
        CountDownLatch ready = new CountDownLatch(workers);
        CountDownLatch dumped = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers; i++) threads.add(startWorker(i, targetBytes / 100 / workers, ready, dumped));
        ready.await();
        double buildSec = (System.nanoTime() - t0) / 1e9;

        long t1 = System.nanoTime();
        String histoTotal = histogramTotal();
        double histoSec = (System.nanoTime() - t1) / 1e9;
        long[] histo = parseTotal(histoTotal);

        long t2 = System.nanoTime();
        Files.createDirectories(out.getParent());
        Path tmp = out.resolveSibling(out.getFileName() + ".partial.hprof");
        Files.deleteIfExists(tmp);
        HotSpotDiagnosticMXBean diag = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        diag.dumpHeap(tmp.toString(), true);
        double dumpSec = (System.nanoTime() - t2) / 1e9;
        dumped.countDown();
        for (Thread th : threads) th.join(10_000);

        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        long fileSize = Files.size(out);
        double totalSec = (System.nanoTime() - t0) / 1e9;

        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("target_mib", Long.toString(targetMiB));
        meta.put("file_bytes", Long.toString(fileSize));
        meta.put("histogram_objects", Long.toString(histo[0]));
        meta.put("histogram_bytes", Long.toString(histo[1]));
        meta.put("estimated_objects", Long.toString(estObjects));
        meta.put("estimated_hprof_bytes", Long.toString(estBytes));
        meta.put("sessions", Integer.toString(svc.sessions.size()));
        meta.put("event_chain_lengths", svc.eventLogs.stream().map(l -> Long.toString(l.length)).reduce((a, c) -> a + "," + c).orElse(""));
        meta.put("build_seconds", fmt(buildSec));
        meta.put("histogram_seconds", fmt(histoSec));
        meta.put("dump_seconds", fmt(dumpSec));
        meta.put("generate_seconds", fmt(totalSec));
        meta.put("seed", Long.toString(SEED));
        meta.put("java_version", System.getProperty("java.version"));
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(out + ".meta"), StandardCharsets.UTF_8))) {
            for (Map.Entry<String, String> e : meta.entrySet()) w.println(e.getKey() + "=" + e.getValue());
        }
        for (Map.Entry<String, String> e : meta.entrySet()) System.out.println(e.getKey() + "=" + e.getValue());
        System.out.println("histogram_total_line=" + histoTotal.trim());
    }

    static String fmt(double d) { return String.format(Locale.ROOT, "%.2f", d); }

    /** Runs the {@code GC.class_histogram} diagnostic command (live objects) and returns its Total line. */
    static String histogramTotal() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("com.sun.management:type=DiagnosticCommand");
        String text = (String) server.invoke(name, "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        String[] lines = text.split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].trim().startsWith("Total")) return lines[i];
        }
        throw new IOException("no Total line in class histogram");
    }

    static long[] parseTotal(String line) {
        String[] parts = line.trim().split("\\s+");
        return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])};
    }
}
