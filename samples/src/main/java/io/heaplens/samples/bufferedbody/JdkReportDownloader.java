package io.heaplens.samples.bufferedbody;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Downloads reports with {@code java.net.http.HttpClient} and archives them. */
public final class JdkReportDownloader {
    private final HttpClient client = HttpClient.newHttpClient();
    private final String baseUrl;
    private final ReportStore store;

    /** Downloads from {@code baseUrl + reportId} into {@code store}. */
    public JdkReportDownloader(String baseUrl, ReportStore store) {
        this.baseUrl = baseUrl;
        this.store = store;
    }

    /** Downloads the whole report into memory, then archives it. */
    public void archive(String reportId) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(request(reportId), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("report " + reportId + ": HTTP " + response.statusCode());
        }
        store.save(reportId, response.body());
    }

    /** Archives the report while it downloads. */
    public void archiveStreaming(String reportId) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = client.send(request(reportId), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream content = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("report " + reportId + ": HTTP " + response.statusCode());
            }
            store.save(reportId, content);
        }
    }

    private HttpRequest request(String reportId) {
        return HttpRequest.newBuilder(URI.create(baseUrl + reportId)).build();
    }
}
