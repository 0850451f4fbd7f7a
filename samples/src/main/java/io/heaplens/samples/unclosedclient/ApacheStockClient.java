package io.heaplens.samples.unclosedclient;

import java.io.IOException;
import java.net.URI;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.TimeValue;

/**
 * Stock lookups with Apache HttpClient 5, configured as its documentation suggests for long-lived
 * use: stale and idle pooled connections are evicted by a background thread.
 */
public final class ApacheStockClient implements StockLevelClient {
    private final URI baseUri;
    private final CloseableHttpClient sharedClient;

    /** A client for the warehouse service at {@code baseUri}; one HttpClient for all calls when {@code shareClient}. */
    public ApacheStockClient(URI baseUri, boolean shareClient) {
        this.baseUri = baseUri;
        this.sharedClient = shareClient ? newHttpClient() : null;
    }

    private static CloseableHttpClient newHttpClient() {
        return HttpClients.custom()
                .evictExpiredConnections()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
    }

    @Override
    public int unitsInStock(String sku) throws IOException {
        CloseableHttpClient client = sharedClient != null ? sharedClient : newHttpClient();
        HttpGet request = new HttpGet(baseUri.resolve("/stock/" + sku));
        for (int attempt = 1; ; attempt++) {
            try {
                return client.execute(request,
                        response -> StockLevelClient.parseUnits(EntityUtils.toString(response.getEntity())));
            } catch (IOException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (sharedClient != null) {
            sharedClient.close();
        }
    }
}
