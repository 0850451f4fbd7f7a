package io.heaplens.samples.bufferedbody;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /reports/<name>.csv}: streams a CSV export of about 3.7 MB. */
public final class ReportExportServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/csv");
        CsvRows.write(response.getOutputStream(), CsvRows.ROWS_PER_BODY);
    }
}
