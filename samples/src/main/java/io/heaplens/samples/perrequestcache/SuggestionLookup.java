package io.heaplens.samples.perrequestcache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Type-ahead suggestions in a Caffeine cache that expires entries promptly: its maintenance and
 * its expiry timer run on a scheduled executor of its own (kept off the common pool), so that
 * expired entries go even when the cache is idle.
 */
public final class SuggestionLookup implements AutoCloseable {
    private final SearchBackend backend;
    private final ScheduledExecutorService expiryScheduler = Executors.newSingleThreadScheduledExecutor();
    private final Cache<String, List<SearchBackend.SearchHit>> suggestions;

    /** Suggestions from {@code backend}, kept five minutes. */
    public SuggestionLookup(SearchBackend backend) {
        this.backend = backend;
        this.suggestions = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(Duration.ofMinutes(5))
                .executor(expiryScheduler)
                .scheduler(Scheduler.forScheduledExecutorService(expiryScheduler))
                .build();
    }

    /** Suggestions for {@code prefix}, from the cache when it has them. */
    public List<SearchBackend.SearchHit> suggest(String prefix) {
        return suggestions.get(prefix, backend::suggest);
    }

    /** Stops the scheduler's thread. */
    @Override
    public void close() {
        expiryScheduler.shutdownNow();
    }
}
