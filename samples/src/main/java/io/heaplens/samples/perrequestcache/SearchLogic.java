package io.heaplens.samples.perrequestcache;

import java.util.List;
import java.util.Map;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs searches and keeps their results for a while, purged by a {@link Timer} every
 * {@value #PURGE_PERIOD_MILLIS} ms.
 */
public final class SearchLogic implements AutoCloseable {
    static final long PURGE_PERIOD_MILLIS = 5 * 60 * 1000;

    private final SearchBackend backend;
    private final Map<String, List<SearchBackend.SearchHit>> results = new ConcurrentHashMap<>();
    private final Timer purgeTimer = new Timer();

    /** Search logic over {@code backend}, with its result cache and purge timer. */
    public SearchLogic(SearchBackend backend) {
        this.backend = backend;
        purgeTimer.schedule(new TimerTask() {
            @Override
            public void run() {
                results.clear();
            }
        }, PURGE_PERIOD_MILLIS, PURGE_PERIOD_MILLIS);
    }

    /** The hits for {@code query}, from the cache when it has them. */
    public List<SearchBackend.SearchHit> search(String query) {
        return results.computeIfAbsent(query, backend::search);
    }

    /** Stops the purge timer. */
    @Override
    public void close() {
        purgeTimer.cancel();
    }
}
