package io.heaplens.samples.pagingaccumulation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Exports every customer from the CRM's paged API ({@code GET <base>?page=N}) to a writer.
 */
public final class CustomerExportJob {
    /** One customer as the API returns it. */
    public record Customer(long id, String name, String email, String city, String segment, String notes) {
    }

    /** One page of the API's answer. */
    public record CustomerPage(int page, int totalPages, List<Customer> items) {
    }

    /** Where the export goes (in production: a CSV file on object storage). */
    public interface ExportWriter {
        /** Appends customers to the export. */
        void write(List<Customer> customers) throws IOException;

        /** Completes the export. */
        void finish() throws IOException;
    }

    /** Told when all pages are fetched (in production: job metrics). */
    public interface Progress {
        /** All {@code pages} pages with {@code customers} customers have been read. */
        void fetchComplete(int pages, long customers);
    }

    private final ObjectMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private final HttpClient client = HttpClient.newHttpClient();
    private final URI pagesUri;
    private final ExportWriter writer;
    private final Progress progress;

    /** A job reading {@code pagesUri} into {@code writer}. */
    public CustomerExportJob(URI pagesUri, ExportWriter writer, Progress progress) {
        this.pagesUri = pagesUri;
        this.writer = writer;
        this.progress = progress;
    }

    /** Collects all customers first, then writes them in one go. */
    public void exportAllAtOnce() throws IOException, InterruptedException {
        List<Customer> customers = new ArrayList<>();
        CustomerPage page;
        int number = 0;
        do {
            page = fetch(number++);
            customers.addAll(page.items());
        } while (number < page.totalPages());
        progress.fetchComplete(number, customers.size());
        writer.write(customers);
        writer.finish();
    }

    /** Keeps every page (in case a write must be retried), then writes them in order. */
    public void exportPagesAtOnce() throws IOException, InterruptedException {
        List<CustomerPage> pages = new ArrayList<>();
        long customers = 0;
        do {
            CustomerPage page = fetch(pages.size());
            pages.add(page);
            customers += page.items().size();
        } while (pages.size() < pages.get(0).totalPages());
        progress.fetchComplete(pages.size(), customers);
        for (CustomerPage page : pages) {
            writer.write(page.items());
        }
        writer.finish();
    }

    /** Writes each page as it arrives and keeps nothing. */
    public void exportPageByPage() throws IOException, InterruptedException {
        int number = 0;
        long customers = 0;
        CustomerPage page;
        do {
            page = fetch(number++);
            writer.write(page.items());
            customers += page.items().size();
        } while (number < page.totalPages());
        progress.fetchComplete(number, customers);
        writer.finish();
    }

    private CustomerPage fetch(int number) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = client.send(
                HttpRequest.newBuilder(URI.create(pagesUri + "?page=" + number)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("page " + number + ": HTTP " + response.statusCode());
            }
            return mapper.readValue(body, CustomerPage.class);
        }
    }
}
