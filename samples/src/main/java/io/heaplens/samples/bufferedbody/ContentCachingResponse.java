package io.heaplens.samples.bufferedbody;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/**
 * A response whose body is kept in memory instead of sent, so that a filter can read it after the
 * servlet ran and then send it: the shape of Spring's {@code ContentCachingResponseWrapper}.
 */
final class ContentCachingResponse extends HttpServletResponseWrapper {
    private final ByteArrayOutputStream content = new ByteArrayOutputStream(1024);
    private ServletOutputStream outputStream;
    private PrintWriter writer;

    ContentCachingResponse(HttpServletResponse response) {
        super(response);
    }

    @Override
    public ServletOutputStream getOutputStream() {
        if (outputStream == null) {
            outputStream = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    content.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    content.write(b, off, len);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException("blocking only");
                }
            };
        }
        return outputStream;
    }

    @Override
    public PrintWriter getWriter() {
        if (writer == null) {
            writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), Charset.forName(getCharacterEncoding())));
        }
        return writer;
    }

    @Override
    public void flushBuffer() {
        // Nothing reaches the client before copyBodyToResponse().
        if (writer != null) {
            writer.flush();
        }
    }

    /** A copy of the body written so far. */
    byte[] getContentAsByteArray() {
        flushBuffer();
        return content.toByteArray();
    }

    /** Sends the kept body to the client. */
    void copyBodyToResponse() throws IOException {
        flushBuffer();
        HttpServletResponse response = (HttpServletResponse) getResponse();
        response.setContentLength(content.size());
        content.writeTo(response.getOutputStream());
        response.flushBuffer();
    }
}
