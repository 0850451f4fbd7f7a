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
    /** How many suggestions the type-ahead shows. */
    static final int SHOWN = 8;

    private final SearchBackend backend;
    private final int shown;
    private final ScheduledExecutorService expiryScheduler = Executors.newSingleThreadScheduledExecutor();
    private final Cache<String, List<SearchBackend.SearchHit>> suggestions;

    /** Suggestions from {@code backend}, kept five minutes. */
    public SuggestionLookup(SearchBackend backend) {
        this.backend = backend;
        this.shown = SHOWN;
        this.suggestions = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(Duration.ofMinutes(5))
                .executor(expiryScheduler)
                .scheduler(Scheduler.forScheduledExecutorService(expiryScheduler))
                .build();
    }

    /** The first suggestions for {@code prefix}, from the cache when it has them. */
    public List<SearchBackend.SearchHit> suggest(String prefix) {
        List<SearchBackend.SearchHit> hits = suggestions.get(prefix, backend::suggest);
        return hits.size() <= shown ? hits : hits.subList(0, shown);
    }

    /** Stops the scheduler's thread. */
    @Override
    public void close() {
        expiryScheduler.shutdownNow();
    }
}
