package io.heaplens.samples.bufferedbody;

import java.io.IOException;
import java.io.InputStream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** Downloads reports with OkHttp and archives them. */
public final class OkHttpReportDownloader {
    private final OkHttpClient client = new OkHttpClient();
    private final String baseUrl;
    private final ReportStore store;

    /** Downloads from {@code baseUrl + reportId} into {@code store}. */
    public OkHttpReportDownloader(String baseUrl, ReportStore store) {
        this.baseUrl = baseUrl;
        this.store = store;
    }

    /** Downloads the whole report into memory, then archives it. */
    public void archive(String reportId) throws IOException {
        try (Response response = client.newCall(new Request.Builder().url(baseUrl + reportId).build()).execute()) {
            if (!response.isSuccessful()) {
                throw new IOException("report " + reportId + ": HTTP " + response.code());
            }
            byte[] content = response.body().bytes();
            store.save(reportId, content);
        }
    }

    /** Archives the report while it downloads. */
    public void archiveStreaming(String reportId) throws IOException {
        try (Response response = client.newCall(new Request.Builder().url(baseUrl + reportId).build()).execute()) {
            if (!response.isSuccessful()) {
                throw new IOException("report " + reportId + ": HTTP " + response.code());
            }
            try (InputStream content = response.body().byteStream()) {
                store.save(reportId, content);
            }
        }
    }

    /** Releases the client's threads and connections. */
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
