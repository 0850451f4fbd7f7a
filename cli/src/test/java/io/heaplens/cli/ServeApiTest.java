package io.heaplens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.heaplens.html.HtmlReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code heaplens serve} as a real process, over real HTTP, on a real sample's dump and recording:
 * upload, poll, report and JSON; refusals; a dump that fails its analysis; {@code kill -9} of the
 * server with one analysis running and one queued, then a restart; the access token.
 */
@Tag("e2e")
@Timeout(300)
class ServeApiTest {
  private static final Duration ANALYSIS_TIMEOUT = Duration.ofSeconds(150);

  @TempDir
  static Path shared;
  private static final String SAMPLE = "per-request-cache";
  static SampleCaptures.Capture sample;

  @TempDir
  Path temp;

  @BeforeAll
  static void captureSample() throws Exception {
    sample = SampleCaptures.of(SAMPLE, false);
  }

  @Test
  void uploadPollThenFetchTheReportAndTheJson() throws Exception {
    try (ServerProcess server = ServerProcess.start(temp.resolve("data"), Map.of(), "--analysis-heap", "512m")) {
      HttpResponse<String> accepted = server.upload(sample.heapDump(), "search-service.hprof", sample.recording());
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      JsonNode body = ServerProcess.JSON.readTree(accepted.body());
      assertThat(body.get("status").asText()).isEqualTo("queued");
      String id = body.get("id").asText();

      JsonNode analysis = server.awaitEnd(id, ANALYSIS_TIMEOUT);

      assertThat(analysis.get("status").asText()).as(analysis.toString()).isEqualTo("done");
      assertThat(analysis.get("error").isNull()).isTrue();
      assertThat(analysis.get("worstSeverity").asText()).isIn("critical", "high");
      assertThat(analysis.get("findings").asInt()).isPositive();
      assertThat(analysis.get("files")).hasSize(2);
      assertThat(analysis.get("files").get(0).get("bytes").asLong()).isEqualTo(Files.size(sample.heapDump()));
      HttpResponse<String> report = server.get(analysis.get("report").asText());
      assertThat(report.statusCode()).isEqualTo(200);
      assertThat(report.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
      assertThat(report.headers().firstValue("Content-Security-Policy").orElseThrow())
          .startsWith(HtmlReport.CONTENT_SECURITY_POLICY);
      assertThat(report.body()).contains(sample.variant().culpritClass());
      JsonNode json = server.getJson(analysis.get("json").asText());
      assertThat(json.get("findings").findValuesAsText("ruleId")).contains(sample.sample().expectedRule());
      assertThat(server.getJson("/api/analyses").get("analyses").get(0).get("id").asText()).isEqualTo(id);
    }
  }

  @Test
  void refusalsKeepNothingAndAFailingDumpEndsFailedWithItsReason() throws Exception {
    Path text = temp.resolve("notes.txt");
    Files.writeString(text, "not a dump\n".repeat(1000));
    Path cutShort = temp.resolve("cut-short.hprof");
    try (InputStream in = Files.newInputStream(sample.heapDump()); OutputStream out = Files.newOutputStream(cutShort)) {
      out.write(in.readNBytes(4 << 20));
    }
    Path data = temp.resolve("data");
    try (ServerProcess server = ServerProcess.start(data, Map.of(), "--analysis-heap", "512m", "--max-upload", "8m")) {
      HttpResponse<String> notADump = server.upload(text, "notes.hprof", null);
      HttpResponse<String> tooLarge = server.upload(sample.heapDump(), "large.hprof", null);
      assertThat(notADump.statusCode()).isEqualTo(415);
      assertThat(tooLarge.statusCode()).isEqualTo(413);
      assertThat(filesUnder(data.resolve("uploads"))).isEmpty();
      assertThat(filesUnder(data.resolve("analyses"))).isEmpty();
      assertThat(server.getJson("/api/analyses").get("analyses")).isEmpty();

      HttpResponse<String> accepted = server.upload(cutShort, "cut-short.hprof", null);
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      JsonNode analysis = server.awaitEnd(ServerProcess.JSON.readTree(accepted.body()).get("id").asText(),
          ANALYSIS_TIMEOUT);

      assertThat(analysis.get("status").asText()).isEqualTo("failed");
      String error = analysis.get("error").asText();
      assertThat(error).containsIgnoringCase("truncated").doesNotContain("\n").doesNotContainPattern("\\w+Exception");
      assertThat(analysis.get("report").isNull()).isTrue();
      assertThat(server.get("/api/analyses/" + analysis.get("id").asText() + "/report.html").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void anAnalysisThatRunsOutOfMemoryFailsWithAdviceAndTheServerGoesOn() throws Exception {
    try (ServerProcess server = ServerProcess.start(temp.resolve("data"), Map.of(), "--analysis-heap", "24m")) {
      JsonNode analysis = server.awaitEnd(idOf(server.upload(sample.heapDump(), "big.hprof", null)), ANALYSIS_TIMEOUT);

      assertThat(analysis.get("status").asText()).isEqualTo("failed");
      assertThat(analysis.get("error").asText()).contains("ran out of its 24m heap", "--analysis-heap");
      assertThat(server.process.isAlive()).isTrue();
      assertThat(server.get("/api/analyses").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void afterKillNineWithOneRunningAndOneQueuedARestartFinishesBoth() throws Exception {
    Path data = temp.resolve("data");
    String first;
    String second;
    try (ServerProcess server = ServerProcess.start(data, Map.of(), "--workers", "1", "--analysis-heap", "512m")) {
      first = idOf(server.upload(sample.heapDump(), "first.hprof", sample.recording()));
      second = idOf(server.upload(sample.heapDump(), "second.hprof", null));
      assertThat(server.awaitStatus(first, "running", Duration.ofSeconds(30))).isTrue();
      assertThat(server.getJson("/api/analyses/" + second).get("status").asText()).isEqualTo("queued");

      List<ProcessHandle> analyses = server.process.toHandle().children().toList();
      assertThat(analyses).as("the running analysis's JVM").hasSize(1);

      server.killNine();
      assertThat(server.process.exitValue()).isEqualTo(137);
      // The orphaned analysis sees its standard input close and ends by itself.
      assertThat(analyses.get(0).onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    try (ServerProcess restarted = ServerProcess.start(data, Map.of(), "--workers", "1", "--analysis-heap", "512m")) {
      JsonNode firstEnd = restarted.awaitEnd(first, ANALYSIS_TIMEOUT);
      JsonNode secondEnd = restarted.awaitEnd(second, ANALYSIS_TIMEOUT);

      assertThat(firstEnd.get("status").asText()).as(firstEnd.toString()).isEqualTo("done");
      assertThat(secondEnd.get("status").asText()).as(secondEnd.toString()).isEqualTo("done");
      assertThat(restarted.get("/api/analyses/" + first + "/report.html").body())
          .contains(sample.variant().culpritClass());
      assertThat(restarted.getJson("/api/analyses").get("analyses")).hasSize(2);
    }
  }

  @Test
  void deletingARunningAnalysisStopsItsJvmAndRemovesEverything() throws Exception {
    Path data = temp.resolve("data");
    try (ServerProcess server = ServerProcess.start(data, Map.of(), "--analysis-heap", "512m")) {
      String id = idOf(server.upload(sample.heapDump(), "doomed.hprof", sample.recording()));
      assertThat(server.awaitStatus(id, "running", Duration.ofSeconds(30))).isTrue();
      List<ProcessHandle> analyses = server.process.toHandle().children().toList();
      assertThat(analyses).hasSize(1);

      HttpResponse<String> deleted = server.http.send(HttpRequest.newBuilder(server.uri("/api/analyses/" + id))
          .DELETE().build(), HttpResponse.BodyHandlers.ofString());

      assertThat(deleted.statusCode()).isEqualTo(204);
      assertThat(analyses.get(0).onExit().get(10, TimeUnit.SECONDS).isAlive()).as("the analysis JVM is stopped").isFalse();
      assertThat(server.get("/api/analyses/" + id).statusCode()).isEqualTo(404);
      assertThat(data.resolve("analyses").resolve(id)).doesNotExist();
      assertThat(server.getJson("/api/analyses").get("analyses")).isEmpty();
    }
  }

  @Test
  void withATokenRequestsWithoutItGet401AndWithItSucceed() throws Exception {
    String token = "e2e-token-" + System.nanoTime();
    try (ServerProcess server = ServerProcess.start(temp.resolve("data"), Map.of("HEAPLENS_TOKEN", token),
        "--analysis-heap", "512m")) {
      assertThat(server.get("/api/analyses").statusCode()).isEqualTo(401);
      assertThat(server.get("/").statusCode()).isEqualTo(401);
      assertThat(server.upload(sample.recording(), "app.jfr", null).statusCode()).isEqualTo(401);
      assertThat(server.get("/api/analyses", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);

      String bearer = "Bearer " + token;
      HttpResponse<String> accepted = server.upload(sample.recording(), "app.jfr", null, "Authorization", bearer);
      assertThat(accepted.statusCode()).isEqualTo(202);
      JsonNode analysis = server.awaitEnd(idOf(accepted), ANALYSIS_TIMEOUT, "Authorization", bearer);
      assertThat(analysis.get("status").asText()).as(analysis.toString()).isEqualTo("done");
      assertThat(server.get(analysis.get("report").asText()).statusCode()).isEqualTo(401);
      assertThat(server.get(analysis.get("report").asText(), "Authorization", bearer).statusCode()).isEqualTo(200);
    }
  }

  private static String idOf(HttpResponse<String> accepted) throws IOException {
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    return ServerProcess.JSON.readTree(accepted.body()).get("id").asText();
  }

  private static List<Path> filesUnder(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }
}
