package io.heaplens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code heaplens serve} as a real process ({@code java -cp <test classpath> io.heaplens.cli.Heaplens
 * serve ...}) on a free port, with a JDK HttpClient to talk to it. Its analyses run in child JVMs of
 * their own, as in production.
 */
final class ServerProcess implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String BOUNDARY = "heaplens-e2e-boundary-3c9a";
  private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+/)");

  final Process process;
  final URI base;
  final Path log;
  final List<String> output = new ArrayList<>();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private ServerProcess(Process process, URI base, Path log) {
    this.process = process;
    this.base = base;
    this.log = log;
  }

  /** Starts the server on a free port with {@code data} and waits until it listens. */
  static ServerProcess start(Path data, Map<String, String> environment, String... options) throws IOException {
    List<String> command = new ArrayList<>(List.of(SampleCaptures.javaExecutable(),
        "-Xmx256m", "-cp", SampleCaptures.testClasspath(), Heaplens.class.getName(), "serve", "--port", "0", "--data", data.toString()));
    command.addAll(List.of(options));
    Path log = Files.createTempFile("heaplens-serve-", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
    builder.environment().remove("HEAPLENS_TOKEN");
    builder.environment().putAll(environment);
    Process process = builder.start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    List<String> seen = new ArrayList<>();
    while ((line = out.readLine()) != null) {
      seen.add(line);
      Matcher listening = LISTENING.matcher(line);
      if (listening.find()) {
        ServerProcess server = new ServerProcess(process, URI.create(listening.group(1)), log);
        server.output.addAll(seen);
        Thread drain = new Thread(() -> server.drain(out), "serve-output");
        drain.setDaemon(true);
        drain.start();
        return server;
      }
    }
    throw new IllegalStateException("heaplens serve did not start: " + seen + " " + Files.readString(log));
  }

  private void drain(BufferedReader out) {
    try {
      String line;
      while ((line = out.readLine()) != null) {
        synchronized (output) {
          output.add(line);
        }
      }
    } catch (IOException e) {
      // The process ended.
    }
  }

  URI uri(String path) {
    return base.resolve(path);
  }

  HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode getJson(String path, String... headers) throws IOException, InterruptedException {
    HttpResponse<String> response = get(path, headers);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** Uploads a dump (as {@code fileName}) and optionally a recording, streamed from disk. */
  HttpResponse<String> upload(Path dump, String fileName, Path recording, String... headers)
      throws IOException, InterruptedException {
    List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
    parts.add(HttpRequest.BodyPublishers.ofByteArray(partHead("file", fileName)));
    parts.add(HttpRequest.BodyPublishers.ofFile(dump));
    if (recording != null) {
      parts.add(HttpRequest.BodyPublishers.ofByteArray(("\r\n").getBytes(StandardCharsets.US_ASCII)));
      parts.add(HttpRequest.BodyPublishers.ofByteArray(partHead("recording", recording.getFileName().toString())));
      parts.add(HttpRequest.BodyPublishers.ofFile(recording));
    }
    parts.add(HttpRequest.BodyPublishers.ofByteArray(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII)));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/analyses"))
        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
        .POST(HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new)));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] partHead(String field, String fileName) {
    String escaped = fileName.replace("\\", "\\\\").replace("\"", "\\\"");
    return ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + escaped
        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
  }

  /** Polls an analysis until it is done or failed, or {@code timeout} passes; returns its last state. */
  JsonNode awaitEnd(String id, Duration timeout, String... headers) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode analysis = getJson("/api/analyses/" + id, headers);
    while (!ended(analysis) && System.nanoTime() < deadline) {
      Thread.sleep(500);
      analysis = getJson("/api/analyses/" + id, headers);
    }
    return analysis;
  }

  /** Polls until the analysis has status {@code status}; returns whether it did within the timeout. */
  boolean awaitStatus(String id, String status, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (getJson("/api/analyses/" + id).get("status").asText().equals(status)) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  static boolean ended(JsonNode analysis) {
    String status = analysis.get("status").asText();
    return status.equals("done") || status.equals("failed");
  }

  /** {@code kill -9}: no shutdown hook runs, nothing is flushed or closed by the server. */
  void killNine() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  String stderr() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    Files.deleteIfExists(log);
  }
}
