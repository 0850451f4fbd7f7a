package io.heaplens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heaplens.fixtures.S3TestServer;
import io.heaplens.samples.SampleCatalog;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * {@code heaplens scan} of a bucket, end to end: a real S3-compatible server (s3proxy) on loopback,
 * objects uploaded by a standard S3 client, real sample dumps and recordings, and the command run as
 * real processes: two shards side by side, a rerun, a replaced object, a {@code kill -9} in the
 * middle of an analysis. The steps build on each other, in order.
 */
@Tag("e2e")
@Timeout(900)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScanS3EndToEndTest {
  private static final String SAMPLE = "per-request-cache";
  private static final String BUCKET = "fleet";
  private static final String SOURCE = "s3://fleet/incoming/";
  private static final String DEST = "s3://fleet/results/";
  private static final int NOISE_KEYS = 2_000;
  private static final Pattern ANALYZED = Pattern.compile("(\\d+) analyzed now, (\\d+) failed now");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path temp;
  static S3TestServer server;
  static S3Client s3;
  static SampleCaptures.Capture problem;
  static SampleCaptures.Capture healthy;
  static Map<String, String> environment;

  @BeforeAll
  static void uploadTheBucket() throws Exception {
    problem = SampleCaptures.of(SAMPLE, false);
    healthy = SampleCaptures.of(SAMPLE, true);
    server = S3TestServer.start(temp.resolve("s3"));
    environment = new HashMap<>(server.clientEnvironment());
    // The uploader is the AWS SDK too, configured as a user of an S3-compatible store must: with
    // the SDK's default (CRC checksums on every request) s3proxy rejects uploads of a few MB.
    s3 = S3Client.builder().endpointOverride(java.net.URI.create(server.endpoint())).region(Region.US_EAST_1)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY))).build();
    s3.createBucket(request -> request.bucket(BUCKET));
    upload("incoming/app-1.hprof", problem.heapDump());
    upload("incoming/app-1.jfr", problem.recording());
    upload("incoming/healthy-1.hprof", healthy.heapDump());
    upload("incoming/healthy-1.jfr", healthy.recording());
    upload("incoming/gz/app-2.hprof.gz", gzip(problem.heapDump(), temp.resolve("app-2.hprof.gz")));
    Path truncated = temp.resolve("corrupt.hprof");
    try (var in = Files.newInputStream(problem.heapDump())) {
      Files.write(truncated, in.readNBytes(1 << 20));
    }
    upload("incoming/corrupt.hprof", truncated);
    put("incoming/empty.hprof", "");
    put("incoming/notes.txt", "heap dumps of the checkout service, collected by the OOM hook");
    put("incoming/hostile/<img src=x onerror=alert(1)>.txt", "not a dump");
    ExecutorService uploads = Executors.newFixedThreadPool(8);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < NOISE_KEYS; i++) {
      String key = String.format("incoming/noise/k-%04d.log", i);
      done.add(uploads.submit(() -> put(key, "log line")));
    }
    for (Future<?> future : done) {
      future.get();
    }
    uploads.shutdown();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (s3 != null) {
      s3.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static void upload(String key, Path file) {
    s3.putObject(PutObjectRequest.builder().bucket(BUCKET).key(key).build(), RequestBody.fromFile(file));
  }

  private static void put(String key, String content) {
    s3.putObject(PutObjectRequest.builder().bucket(BUCKET).key(key).build(), RequestBody.fromString(content));
  }

  private static Path gzip(Path file, Path target) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(target))) {
      Files.copy(file, out);
    }
    return target;
  }

  private static HeaplensProcess scan(String name, String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("scan", SOURCE, "--out", DEST, "--analysis-heap", "512m",
        "--temp-dir", temp.resolve("scratch").toString()));
    args.addAll(List.of(extra));
    return HeaplensProcess.start(temp.resolve("logs"), name, environment, args.toArray(String[]::new));
  }

  /** {analyzed now, failed now} from the summary line. */
  private static int[] counts(HeaplensProcess process) {
    Matcher matcher = ANALYZED.matcher(process.out());
    assertThat(matcher.find()).as("summary line; stdout:%n%s%nstderr:%n%s", process.out(), process.err()).isTrue();
    return new int[] {Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2))};
  }

  private static List<String> resultRecords() {
    return s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(BUCKET).prefix("results/").build())
        .contents().stream().map(object -> object.key()).filter(key -> key.endsWith("/status.json")).sorted().toList();
  }

  private static JsonNode index() throws IOException {
    return JSON.readTree(s3.getObjectAsBytes(request -> request.bucket(BUCKET).key("results/index.json")).asByteArray());
  }

  private static JsonNode analysisOf(JsonNode index, String input) {
    for (JsonNode analysis : index.get("analyses")) {
      for (JsonNode key : analysis.get("inputs")) {
        if (key.asText().equals(input)) {
          return analysis;
        }
      }
    }
    throw new AssertionError(input + " is not in the index");
  }

  @Test
  @Order(1)
  void twoShardsSideBySideAnalyzeEachInputExactlyOnce() throws Exception {
    HeaplensProcess first = scan("shard-0", "--shard", "0/2");
    HeaplensProcess second = scan("shard-1", "--shard", "1/2");
    int firstExit = first.waitFor(600);
    int secondExit = second.waitFor(600);

    int[] a = counts(first);
    int[] b = counts(second);
    assertThat(a[0] + b[0]).as("analyzed across shards").isEqualTo(3);
    assertThat(a[1] + b[1]).as("failed across shards (the truncated dump)").isEqualTo(1);
    assertThat(List.of(firstExit, secondExit)).containsExactlyInAnyOrder(a[1] > 0 ? 1 : 0, b[1] > 0 ? 1 : 0);
    assertThat(resultRecords()).containsExactly("results/app-1.hprof/status.json",
        "results/corrupt.hprof/status.json", "results/gz/app-2.hprof.gz/status.json",
        "results/healthy-1.hprof/status.json");
  }

  @Test
  @Order(2)
  void theIndexListsEveryInputWithItsStatusAndWorstSeverity() throws Exception {
    HeaplensProcess indexOnly = HeaplensProcess.start(temp.resolve("logs"), "index-only", environment,
        "scan", "--index-only", "--out", DEST);
    assertThat(indexOnly.waitFor(120)).as(indexOnly.err()).isZero();
    JsonNode index = index();
    SampleCatalog.Sample sample = SampleCatalog.byId(SAMPLE);

    JsonNode pair = analysisOf(index, "app-1.hprof");
    assertThat(pair.get("inputs")).extracting(JsonNode::asText).containsExactly("app-1.hprof", "app-1.jfr");
    assertThat(pair.get("status").asText()).isEqualTo("done");
    assertThat(pair.get("worstSeverity").asText()).isIn("critical", "high");
    assertThat(pair.get("topFindings")).extracting(finding -> finding.get("ruleId").asText())
        .contains(sample.expectedRule());
    assertThat(pair.get("report").asText()).isEqualTo("app-1.hprof/report.html");

    JsonNode twin = analysisOf(index, "healthy-1.hprof");
    assertThat(twin.get("status").asText()).isEqualTo("done");
    assertThat(twin.get("worstSeverity").isNull() || List.of("low", "info").contains(twin.get("worstSeverity").asText()))
        .as("healthy twin's worst severity: %s", twin.get("worstSeverity")).isTrue();

    JsonNode gzip = analysisOf(index, "gz/app-2.hprof.gz");
    assertThat(gzip.get("status").asText()).isEqualTo("done");
    assertThat(gzip.get("topFindings")).extracting(finding -> finding.get("ruleId").asText())
        .contains(sample.expectedRule());

    JsonNode corrupt = analysisOf(index, "corrupt.hprof");
    assertThat(corrupt.get("status").asText()).isEqualTo("failed");
    assertThat(corrupt.get("error").asText()).startsWith("corrupt.hprof: ").contains("truncated")
        .doesNotContain(temp.toString());
    assertThat(corrupt.get("worstSeverity").isNull()).isTrue();

    assertThat(analysisOf(index, "empty.hprof").get("error").asText()).isEqualTo("empty (0 bytes)");
    assertThat(analysisOf(index, "notes.txt").get("status").asText()).isEqualTo("skipped");
    assertThat(analysisOf(index, "noise/k-1999.log").get("status").asText()).isEqualTo("skipped");
    assertThat(index.get("analyses")).hasSize(4 + 3 + NOISE_KEYS);

    String page = s3.getObjectAsBytes(request -> request.bucket(BUCKET).key("results/index.html")).asUtf8String();
    assertThat(page).contains(sample.variants().get(0).culpritClass())
        .doesNotContain("<img src=x").contains("&lt;img src=x onerror=alert(1)&gt;.txt");
  }

  @Test
  @Order(3)
  void aSecondRunAnalyzesNothing() throws Exception {
    HeaplensProcess again = scan("again");
    assertThat(again.waitFor(300)).as(again.err()).isZero();
    assertThat(counts(again)).containsExactly(0, 0);
    assertThat(again.err()).contains("3 already done, 1 failed before").doesNotContain("running (");
  }

  @Test
  @Order(4)
  void anObjectReplacedByANewOneIsAnalyzedAgain() throws Exception {
    upload("incoming/gz/app-2.hprof.gz", gzip(healthy.heapDump(), temp.resolve("replacement.hprof.gz")));

    HeaplensProcess rerun = scan("replaced");
    assertThat(rerun.waitFor(300)).as(rerun.err()).isZero();

    assertThat(counts(rerun)).containsExactly(1, 0);
    JsonNode gzip = analysisOf(index(), "gz/app-2.hprof.gz");
    assertThat(gzip.get("topFindings")).extracting(finding -> finding.get("ruleId").asText())
        .doesNotContain(SampleCatalog.byId(SAMPLE).expectedRule());
  }

  @Test
  @Order(5)
  void aScanKilledMidAnalysisLeavesNoPartialResultAndItsRestartFinishes() throws Exception {
    upload("incoming/late/app-3.hprof", problem.heapDump());
    HeaplensProcess doomed = scan("doomed");
    assertThat(doomed.awaitErrLine(line -> line.matches(".*1 running \\(app-3\\.hprof, .*%\\).*"), 240))
        .as("the analysis started; stderr:%n%s", doomed.err()).isTrue();
    List<ProcessHandle> children = ProcessHandle.of(doomed.pid()).orElseThrow().descendants().toList();
    assertThat(children).as("the child analysis JVM").isNotEmpty();

    doomed.kill9();

    assertThat(resultRecords()).doesNotContain("results/late/app-3.hprof/status.json");
    for (ProcessHandle child : children) {
      child.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
    HeaplensProcess restart = scan("restart");
    assertThat(restart.waitFor(300)).as(restart.err()).isZero();
    assertThat(counts(restart)).containsExactly(1, 0);
    assertThat(resultRecords()).hasSize(5).contains("results/late/app-3.hprof/status.json");
    assertThat(analysisOf(index(), "late/app-3.hprof").get("status").asText()).isEqualTo("done");
  }
}
