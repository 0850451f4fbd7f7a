package io.heaplens.server;

import io.heaplens.batch.AnalysisLauncher;
import io.heaplens.fixtures.HprofWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * A real server on a free loopback port with its own data folder, and a JDK HttpClient to talk
 * to it. The server module cannot start the {@code analyze} command (the cli module holds it), so
 * analyses started here end failed; these tests are about what happens before and around them.
 */
final class TestServer implements AutoCloseable {
  static final String BOUNDARY = "heaplens-test-boundary-7d1f";
  final HeaplensServer server;
  final Path data;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private TestServer(HeaplensServer server, Path data) {
    this.server = server;
    this.data = data;
  }

  static TestServer start(Path data, long maxUpload, long keepFree, String token) throws Exception {
    return start(data, InetAddress.getLoopbackAddress(), maxUpload, keepFree, token);
  }

  static TestServer start(Path data, InetAddress bind, long maxUpload, long keepFree, String token) throws Exception {
    ServerSettings settings = new ServerSettings(bind, 0, data, maxUpload, keepFree, 1, "256m", null, token, false);
    return new TestServer(HeaplensServer.start(settings, AnalysisLauncher.currentJvm("io.heaplens.cli.Heaplens")), data);
  }

  URI uri(String path) {
    URI base = server.uri();
    return URI.create("http://127.0.0.1:" + base.getPort() + path);
  }

  HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A multipart POST to /api/analyses of one part {@code field} named {@code fileName}, with its length declared. */
  HttpRequest.Builder upload(String field, String fileName, byte[] content) {
    byte[] body = concat(partHead(field, fileName), content, tail());
    return HttpRequest.newBuilder(uri("/api/analyses"))
        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  /** The same, streamed without a declared length (chunked), from {@code content}. */
  HttpRequest.Builder uploadStreamed(String field, String fileName, Supplier<InputStream> content) {
    return HttpRequest.newBuilder(uri("/api/analyses"))
        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(Collections.enumeration(
            List.of(new ByteArrayInputStream(partHead(field, fileName)), content.get(),
                new ByteArrayInputStream(tail()))))));
  }

  static byte[] partHead(String field, String fileName) {
    String escaped = fileName.replace("\\", "\\\\").replace("\"", "\\\"");
    return ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + escaped
        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
  }

  static byte[] tail() {
    return ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  /**
   * A well-formed HPROF file of about {@code bytes} bytes (a header and string records), written
   * by the test HPROF writer: it passes the content check.
   */
  static byte[] dump(int bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes + 1024);
    try (HprofWriter writer = HprofWriter.open(out)) {
      String filler = "x".repeat(4096);
      while (writer.position() < bytes) {
        writer.utf8(filler + writer.position());
      }
    }
    return out.toByteArray();
  }

  /** Every file under the data folder, relative to it. */
  List<String> filesInData() throws IOException {
    try (var files = Files.walk(data)) {
      return files.filter(Files::isRegularFile).map(file -> data.relativize(file).toString())
          .filter(name -> !name.startsWith("heaplens.db")).sorted().toList();
    }
  }

  @Override
  public void close() throws Exception {
    server.close();
  }
}
