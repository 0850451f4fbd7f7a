package io.heaplens.samples.bufferedbody;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/** Downloads reports with Apache HttpClient 5 and archives them. */
public final class ApacheReportDownloader implements AutoCloseable {
    private final CloseableHttpClient client = HttpClients.createDefault();
    private final String baseUrl;
    private final ReportStore store;

    /** Downloads from {@code baseUrl + reportId} into {@code store}. */
    public ApacheReportDownloader(String baseUrl, ReportStore store) {
        this.baseUrl = baseUrl;
        this.store = store;
    }

    /** Downloads the whole report into memory, then archives it. */
    public void archive(String reportId) throws IOException {
        client.execute(new HttpGet(baseUrl + reportId), response -> {
            if (response.getCode() != 200) {
                throw new IOException("report " + reportId + ": HTTP " + response.getCode());
            }
            byte[] content = EntityUtils.toByteArray(response.getEntity());
            store.save(reportId, content);
            return null;
        });
    }

    /** Archives the report while it downloads. */
    public void archiveStreaming(String reportId) throws IOException {
        client.execute(new HttpGet(baseUrl + reportId), response -> {
            if (response.getCode() != 200) {
                throw new IOException("report " + reportId + ": HTTP " + response.getCode());
            }
            try (InputStream content = response.getEntity().getContent()) {
                store.save(reportId, content);
            }
            return null;
        });
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
