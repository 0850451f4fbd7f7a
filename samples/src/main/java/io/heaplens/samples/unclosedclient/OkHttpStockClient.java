package io.heaplens.samples.unclosedclient;

import java.io.IOException;
import java.net.URI;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** Stock lookups with OkHttp. */
public final class OkHttpStockClient implements StockLevelClient {
    private final URI baseUri;
    private final OkHttpClient sharedClient;

    /** A client for the warehouse service at {@code baseUri}; one OkHttpClient for all calls when {@code shareClient}. */
    public OkHttpStockClient(URI baseUri, boolean shareClient) {
        this.baseUri = baseUri;
        this.sharedClient = shareClient ? new OkHttpClient() : null;
    }

    @Override
    public int unitsInStock(String sku) throws IOException {
        OkHttpClient client = sharedClient != null ? sharedClient : new OkHttpClient();
        Request request = new Request.Builder().url(baseUri.resolve("/stock/" + sku).toString()).build();
        for (int attempt = 1; ; attempt++) {
            try (Response response = client.newCall(request).execute()) {
                if (!response.isSuccessful()) {
                    throw new IOException(sku + ": HTTP " + response.code());
                }
                return StockLevelClient.parseUnits(response.body().string());
            } catch (IOException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() {
        if (sharedClient != null) {
            sharedClient.dispatcher().executorService().shutdown();
            sharedClient.connectionPool().evictAll();
        }
    }
}
