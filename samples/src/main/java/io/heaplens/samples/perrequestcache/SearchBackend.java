package io.heaplens.samples.perrequestcache;

import java.util.ArrayList;
import java.util.List;

/**
 * The search index behind the endpoint; every call makes a round trip to the index and builds fresh
 * hits, as a remote index would.
 */
public final class SearchBackend {
    /** One search result, with a snippet of about 1.5 KB. */
    public record SearchHit(String id, String title, String snippet) {
    }

    static final int HITS_PER_QUERY = 10;

    private final Runnable roundTrip;

    /** A backend whose every search first makes {@code roundTrip} to the index (which may wait). */
    public SearchBackend(Runnable roundTrip) {
        this.roundTrip = roundTrip;
    }

    /** The top hits for {@code query}. */
    public List<SearchHit> search(String query) {
        roundTrip.run();
        List<SearchHit> hits = new ArrayList<>(HITS_PER_QUERY);
        for (int rank = 0; rank < HITS_PER_QUERY; rank++) {
            StringBuilder snippet = new StringBuilder(1600);
            while (snippet.length() < 1500) {
                snippet.append("... matching text for ").append(query).append(" in document section ").append(rank).append(' ');
            }
            hits.add(new SearchHit(query + "#" + rank, "Result " + rank + " for " + query, snippet.toString()));
        }
        return hits;
    }

    /** Completions for a typed prefix. */
    public List<SearchHit> suggest(String prefix) {
        return search(prefix + "*");
    }
}
