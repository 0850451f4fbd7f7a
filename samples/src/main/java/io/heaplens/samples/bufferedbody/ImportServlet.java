package io.heaplens.samples.bufferedbody;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;

/** {@code POST /imports}: reads an uploaded CSV line by line into the import store. */
public final class ImportServlet extends HttpServlet {
    /** Where imported rows go (in production: a database batch writer). */
    public interface ImportStore {
        /** Stores one row of import {@code importPath}; may block while the store is slow. */
        void accept(String importPath, String row);
    }

    private final ImportStore store;

    /** A servlet writing rows to {@code store}. */
    public ImportServlet(ImportStore store) {
        this.store = store;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int rows = 0;
        try (BufferedReader reader = request.getReader()) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                store.accept(request.getRequestURI(), line);
                rows++;
            }
        }
        response.setContentType("text/plain");
        response.getWriter().print("imported " + rows + " rows");
    }
}
