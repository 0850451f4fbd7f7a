package io.heaplens.samples.bufferedbody;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Servlet filter that reads the request body up front, so that both the servlet and the audit
 * entry written afterwards can read it: the well-known "cached body request" wrapper.
 */
public final class RequestBodyCachingFilter implements Filter {
    private final AuditLog auditLog;

    /** A filter writing to {@code auditLog}. */
    public RequestBodyCachingFilter(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        CachedBodyRequest request = new CachedBodyRequest((HttpServletRequest) req);
        chain.doFilter(request, res);
        byte[] body = request.cachedBody();
        auditLog.record(new AuditLog.Entry(request.getMethod(), request.getRequestURI(),
                ((HttpServletResponse) res).getStatus(), body.length, CsvRows.hex(CsvRows.sha256().digest(body)), body));
    }

    /** A request whose body was read whole into memory and is served again from there. */
    static final class CachedBodyRequest extends HttpServletRequestWrapper {
        private final byte[] cachedBody;

        CachedBodyRequest(HttpServletRequest request) throws IOException {
            super(request);
            this.cachedBody = request.getInputStream().readAllBytes();
        }

        byte[] cachedBody() {
            return cachedBody;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(cachedBody);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("blocking only");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
