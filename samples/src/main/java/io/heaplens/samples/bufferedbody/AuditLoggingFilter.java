package io.heaplens.samples.bufferedbody;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Servlet filter that writes an audit entry for every request, including a copy of the response
 * body and its digest. The body is held in memory until the audit entry is stored.
 */
public final class AuditLoggingFilter implements Filter {
    private final AuditLog auditLog;

    /** A filter writing to {@code auditLog}. */
    public AuditLoggingFilter(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        ContentCachingResponse response = new ContentCachingResponse((HttpServletResponse) res);
        chain.doFilter(request, response);
        byte[] body = response.getContentAsByteArray();
        String digest = CsvRows.hex(CsvRows.sha256().digest(body));
        auditLog.record(new AuditLog.Entry(request.getMethod(), request.getRequestURI(), response.getStatus(),
                body.length, digest, body));
        response.copyBodyToResponse();
    }
}
