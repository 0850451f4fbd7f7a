package io.heaplens.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Writing responses: JSON, pages, files, and the headers every response carries. */
final class HttpReplies {
  static final ObjectMapper JSON = new ObjectMapper();
  /** The upload page's policy: its own script and style only, requests to itself only. */
  static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
      + " img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
  /** For everything that is not a page: nothing may run or load. */
  static final String DATA_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox";

  private HttpReplies() {}

  /** Headers for every response: nothing is cached, sniffed, framed or told where it came from. */
  static void secure(Response response, String policy) {
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put("Referrer-Policy", "no-referrer");
    response.getHeaders().put("X-Frame-Options", "DENY");
    response.getHeaders().put("Content-Security-Policy", policy);
  }

  static void json(Response response, Callback callback, int status, Object body) throws IOException {
    response.setStatus(status);
    secure(response, DATA_POLICY);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    response.write(true, ByteBuffer.wrap(JSON.writeValueAsBytes(body)), callback);
  }

  /** A JSON error: {@code {"error": "<one sentence>"}}. */
  static void error(Response response, Callback callback, int status, String sentence) throws IOException {
    json(response, callback, status, Map.of("error", sentence));
  }

  static void html(Response response, Callback callback, int status, String page, String policy) {
    response.setStatus(status);
    secure(response, policy);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
    Content.Sink.write(response, true, page, callback);
  }

  /** Streams a file from disk, never whole in memory. */
  static void file(Response response, Callback callback, Path file, String contentType, String policy)
      throws IOException {
    response.setStatus(200);
    secure(response, policy);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Files.size(file));
    try (OutputStream out = Content.Sink.asOutputStream(response)) {
      Files.copy(file, out);
    }
    callback.succeeded();
  }

  /** Escapes text for HTML element content and quoted attribute values. */
  static String escapeHtml(String text) {
    StringBuilder escaped = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '&' -> escaped.append("&amp;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }
}
