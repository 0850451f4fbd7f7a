package io.heaplens.samples.bufferedbody;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.security.MessageDigest;

/**
 * Servlet filter that audits every request by size and digest only: the response body streams
 * through to the client and is counted and hashed on the way, never kept.
 */
public final class MetadataAuditFilter implements Filter {
    private final AuditLog auditLog;

    /** A filter writing to {@code auditLog}. */
    public MetadataAuditFilter(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        CountingResponse response = new CountingResponse((HttpServletResponse) res);
        chain.doFilter(request, response);
        response.flushBuffer();
        auditLog.record(new AuditLog.Entry(request.getMethod(), request.getRequestURI(), response.getStatus(),
                response.bytes, CsvRows.hex(response.digest.digest()), null));
    }

    /** Counts and hashes what the servlet writes while passing it on. */
    private static final class CountingResponse extends HttpServletResponseWrapper {
        private final MessageDigest digest = CsvRows.sha256();
        private long bytes;
        private ServletOutputStream stream;

        CountingResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                ServletOutputStream target = super.getOutputStream();
                stream = new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        digest.update(b, off, len);
                        bytes += len;
                        target.write(b, off, len);
                    }

                    @Override
                    public void flush() throws IOException {
                        target.flush();
                    }

                    @Override
                    public boolean isReady() {
                        return target.isReady();
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        target.setWriteListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
