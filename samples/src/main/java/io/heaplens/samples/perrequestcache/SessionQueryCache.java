package io.heaplens.samples.perrequestcache;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Query results kept for {@value #TTL_SECONDS} s, expired by a scheduled task of its own.
 */
public final class SessionQueryCache implements AutoCloseable {
    static final long TTL_SECONDS = 300;

    private record Entry(List<SearchBackend.SearchHit> hits, long expiresAtNanos) {
    }

    private final SearchBackend backend;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final ScheduledExecutorService expiry = Executors.newSingleThreadScheduledExecutor();

    /** A cache over {@code backend}, expiring entries once a minute. */
    public SessionQueryCache(SearchBackend backend) {
        this.backend = backend;
        expiry.scheduleAtFixedRate(this::evictExpired, 1, 1, TimeUnit.MINUTES);
    }

    /** The hits for {@code query}, from the cache when they have not expired. */
    public List<SearchBackend.SearchHit> get(String query) {
        long now = System.nanoTime();
        Entry entry = entries.compute(query, (q, old) -> old != null && old.expiresAtNanos() > now ? old
                : new Entry(backend.search(q), now + TimeUnit.SECONDS.toNanos(TTL_SECONDS)));
        return entry.hits();
    }

    private void evictExpired() {
        long now = System.nanoTime();
        entries.values().removeIf(e -> e.expiresAtNanos() <= now);
    }

    /** Stops the expiry task and its thread. */
    @Override
    public void close() {
        expiry.shutdownNow();
    }
}
