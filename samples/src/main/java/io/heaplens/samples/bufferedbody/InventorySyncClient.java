package io.heaplens.samples.bufferedbody;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.Iterator;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;

/** Pushes a full inventory snapshot, as one JSON array, to the storefront's sync endpoint. */
public final class InventorySyncClient implements AutoCloseable {
    /** One item's stock in one warehouse. */
    public record StockLevel(String sku, String warehouse, int quantity, int reserved, String updatedAt) {
    }

    // The generator must not close the request stream: HttpClient ends the chunked body itself.
    private final ObjectMapper mapper = JsonMapper.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();
    private final CloseableHttpClient client = HttpClients.createDefault();
    private final URI endpoint;

    /** A client posting to {@code endpoint}. */
    public InventorySyncClient(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** Serializes the snapshot into one string, then posts it. Returns the HTTP status. */
    public int pushSnapshot(Iterator<StockLevel> levels) throws IOException {
        String json = mapper.writeValueAsString(levels);
        HttpPost post = new HttpPost(endpoint);
        post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
        return client.execute(post, response -> response.getCode());
    }

    /** Serializes the snapshot straight into the request body while it is sent. */
    public int pushSnapshotStreaming(Iterator<StockLevel> levels) throws IOException {
        HttpPost post = new HttpPost(endpoint);
        post.setEntity(new JsonArrayEntity(mapper, levels));
        return client.execute(post, response -> response.getCode());
    }

    @Override
    public void close() throws IOException {
        client.close();
    }

    /** A chunked request body written by Jackson, item by item, as the connection takes it. */
    private static final class JsonArrayEntity extends AbstractHttpEntity {
        private final ObjectMapper mapper;
        private final Iterator<?> items;

        JsonArrayEntity(ObjectMapper mapper, Iterator<?> items) {
            super(ContentType.APPLICATION_JSON, null, true);
            this.mapper = mapper;
            this.items = items;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            mapper.writeValue(out, items);
        }

        @Override
        public InputStream getContent() {
            throw new UnsupportedOperationException("written once, as it is sent");
        }

        @Override
        public long getContentLength() {
            return -1;
        }

        @Override
        public boolean isRepeatable() {
            return false;
        }

        @Override
        public boolean isStreaming() {
            return false;
        }

        @Override
        public void close() {
        }
    }
}
