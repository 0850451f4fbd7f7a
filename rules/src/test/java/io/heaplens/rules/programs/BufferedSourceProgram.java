package io.heaplens.rules.programs;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A mirror job that downloads {@value #REPORTS} reports of {@value #REPORT_BYTES} bytes with
 * OkHttp and makes each response buffer its whole body ({@code source().request(Long.MAX_VALUE)})
 * before writing any of them: the bodies sit in okio buffers, as chains of 8 KB segments rather
 * than one array. {@code --healthy} reads and discards each body as it arrives.
 */
public final class BufferedSourceProgram {
  static final int REPORTS = 3;
  static final int REPORT_BYTES = 6 << 20;

  /** Downloads reports and keeps their responses until all are in. */
  static final class ReportMirror {
    private final OkHttpClient client = new OkHttpClient();
    private final List<Response> downloaded = new ArrayList<>();

    void fetch(String url, boolean bufferWhole) throws Exception {
      Response response = client.newCall(new Request.Builder().url(url).build()).execute();
      if (bufferWhole) {
        response.body().source().request(Long.MAX_VALUE);
        downloaded.add(response);
      } else {
        try (response) {
          response.body().source().skip(REPORT_BYTES);
        }
      }
    }
  }

  private BufferedSourceProgram() {}

  public static void main(String[] args) throws Exception {
    Path out = HeapDumpOnExit.outputDirectory(args);
    byte[] block = new byte[64 << 10];
    for (int i = 0; i < block.length; i++) {
      block[i] = (byte) ('0' + i % 10);
    }
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/reports/", exchange -> {
      exchange.sendResponseHeaders(200, REPORT_BYTES);
      try (OutputStream body = exchange.getResponseBody()) {
        for (int sent = 0; sent < REPORT_BYTES; sent += block.length) {
          body.write(block);
        }
      }
    });
    server.start();
    ReportMirror mirror = new ReportMirror();
    try {
      for (int i = 0; i < REPORTS; i++) {
        mirror.fetch("http://127.0.0.1:" + server.getAddress().getPort() + "/reports/" + i,
            !HeapDumpOnExit.has(args, "--healthy"));
      }
      HeapDumpOnExit.dump(out);
    } finally {
      server.stop(0);
      mirror.client.dispatcher().executorService().shutdown();
      mirror.client.connectionPool().evictAll();
    }
    System.exit(0);
  }
}
