package io.heaplens.samples.unclosedclient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Stock lookups with {@code java.net.http.HttpClient}. */
public final class JdkStockClient implements StockLevelClient {
    private final URI baseUri;
    private final HttpClient sharedClient;

    /** A client for the warehouse service at {@code baseUri}; one HttpClient for all calls when {@code shareClient}. */
    public JdkStockClient(URI baseUri, boolean shareClient) {
        this.baseUri = baseUri;
        this.sharedClient = shareClient ? HttpClient.newHttpClient() : null;
    }

    @Override
    public int unitsInStock(String sku) throws IOException, InterruptedException {
        HttpClient client = sharedClient != null ? sharedClient : HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(baseUri.resolve("/stock/" + sku)).build();
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IOException(sku + ": HTTP " + response.statusCode());
                }
                return StockLevelClient.parseUnits(response.body());
            } catch (IOException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Nothing to do: on Java 17 an HttpClient is released when it becomes unreachable. */
    @Override
    public void close() {
    }
}
