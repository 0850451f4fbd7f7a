package io.heaplens.rules.programs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An export endpoint on the JDK's HTTP server whose handler queues an audit record of every
 * response, body included, for a writer that has fallen behind: {@value #REQUESTS} bodies of 2 MB
 * wait in the queue. {@code --healthy} queues the size and a digest instead of the body.
 */
public final class AuditQueueProgram {
  static final int REQUESTS = 8;
  static final int BODY_BYTES = 2 << 20;

  /** One audited response. */
  record AuditRecord(String path, int status, long bytes, byte[] digest, byte[] body) {}

  /** Serves exports and queues their audit records. */
  static final class ExportHandler implements HttpHandler {
    private final BlockingQueue<AuditRecord> pendingAudit = new LinkedBlockingQueue<>();
    private final boolean keepBodies;

    ExportHandler(boolean keepBodies) {
      this.keepBodies = keepBodies;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
      byte[] body = new byte[BODY_BYTES];
      for (int i = 0; i < body.length; i++) {
        body[i] = (byte) ('a' + (i * 7 + exchange.getRequestURI().getPath().length()) % 26);
      }
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
      byte[] digest;
      try {
        digest = MessageDigest.getInstance("SHA-256").digest(body);
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      pendingAudit.add(new AuditRecord(exchange.getRequestURI().getPath(), 200, body.length, digest,
          keepBodies ? body : null));
    }
  }

  private AuditQueueProgram() {}

  public static void main(String[] args) throws Exception {
    Path out = HeapDumpOnExit.outputDirectory(args);
    HttpServer server = start(!HeapDumpOnExit.has(args, "--healthy"));
    try {
      HttpClient client = HttpClient.newHttpClient();
      for (int i = 0; i < REQUESTS; i++) {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/exports/" + i);
        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(uri).build(),
            HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
          throw new IllegalStateException("HTTP " + response.statusCode());
        }
      }
      HeapDumpOnExit.dump(out);
    } finally {
      server.stop(0);
    }
  }

  /** The server, with the handler reachable only through it. */
  private static HttpServer start(boolean keepBodies) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/exports/", new ExportHandler(keepBodies));
    server.start();
    return server;
  }
}
