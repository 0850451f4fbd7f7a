package io.heaplens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import jdk.jfr.Recording;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code heaplens analyze} with a flight recording: alone, with a heap dump in either order, with
 * JDK Mission Control's rules in the JSON; and bad recordings (empty, not JFR, truncated) giving exit
 * code 2 and one line, or with {@code --lenient} a partial analysis that says so.
 *
 * <p>The recording is made in this JVM: {@value #THREADS} parked threads started from {@link
 * #startWorkers}, so {@code threads.creation-storm} (its threshold lowered by a config file) must
 * name that method.
 */
class AnalyzeRecordingTest {
  static final int THREADS = 40;

  @TempDir
  static Path temp;
  static Path recording;
  static Path secondRecording;
  static Path heapDump;
  static Path config;
  static final CountDownLatch RELEASE = new CountDownLatch(1);
  static final List<Thread> WORKERS = new ArrayList<>();

  @BeforeAll
  static void record() throws Exception {
    recording = temp.resolve("app.jfr");
    try (Recording jfr = new Recording()) {
      jfr.enable("jdk.ThreadStart").withStackTrace();
      jfr.enable("jdk.ThreadEnd");
      jfr.enable("jdk.GCHeapSummary");
      jfr.enable("jdk.JavaThreadStatistics");
      jfr.start();
      startWorkers();
      System.gc();
      jfr.stop();
      jfr.dump(recording);
    }
    secondRecording = temp.resolve("second.jfr");
    try (Recording jfr = new Recording()) {
      jfr.enable("jdk.GCHeapSummary");
      jfr.start();
      System.gc();
      jfr.stop();
      jfr.dump(secondRecording);
    }
    heapDump = temp.resolve("app.hprof");
    ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(heapDump.toString(), true);
    config = temp.resolve("thresholds.properties");
    Files.writeString(config, "threads.creation-storm.minStarts=" + (THREADS / 2) + "\n");
  }

  @AfterAll
  static void stopWorkers() throws InterruptedException {
    RELEASE.countDown();
    for (Thread worker : WORKERS) {
      worker.join();
    }
  }

  /** Starts the parked threads the recording must attribute to this method. */
  static void startWorkers() {
    for (int i = 0; i < THREADS; i++) {
      Thread worker = new Thread(AnalyzeRecordingTest::park, "report-worker-" + i);
      worker.setDaemon(true);
      worker.start();
      WORKERS.add(worker);
    }
  }

  private static void park() {
    try {
      RELEASE.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aRecordingAloneYieldsTheThreadStartFindingNamingTheMethod() {
    CliRun result = CliRun.of("analyze", recording.toString(), "--config", config.toString(), "--jmc-rules", "none");

    assertThat(result.thrown()).isNull();
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("threads.creation-storm")
        .contains("culprit   " + AnalyzeRecordingTest.class.getName() + ".startWorkers (line ")
        .contains("report-worker-N: " + THREADS)
        .contains("Recording " + recording)
        .doesNotContain("Heap dump ");
  }

  @Test
  void aDumpAndARecordingAreToldApartByContentInEitherOrder() throws IOException {
    Path dumpWithoutExtension = temp.resolve("dump-without-extension");
    Files.copy(heapDump, dumpWithoutExtension, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    CliRun dumpFirst = CliRun.of("analyze", dumpWithoutExtension.toString(), recording.toString(), "--jmc-rules", "none");
    CliRun recordingFirst = CliRun.of("analyze", recording.toString(), heapDump.toString(), "--jmc-rules", "none");

    for (CliRun result : List.of(dumpFirst, recordingFirst)) {
      assertThat(result.exitCode()).as(result.err()).isZero();
      assertThat(result.out()).contains("Heap dump ").contains("Recording " + recording);
    }
  }

  @Test
  void jmcRuleResultsAreValidJson() throws IOException {
    Path json = temp.resolve("with-jmc.json");
    CliRun result = CliRun.of("analyze", recording.toString(), "--jmc-rules", "all", "--json", json.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode document = new ObjectMapper().readTree(json.toFile());
    JsonNode rules = document.at("/recording/jmcRules");
    assertThat(rules.isArray()).isTrue();
    assertThat(rules.size()).isGreaterThan(10);
    for (JsonNode rule : rules) {
      assertThat(rule.path("id").asText()).isNotBlank();
      assertThat(rule.path("summary").isTextual() || rule.path("summary").isNull()).isTrue();
      JsonNode score = rule.path("score");
      assertThat(score.isNull() || (score.isNumber() && Double.isFinite(score.asDouble()))).as(rule.toString()).isTrue();
    }
    assertThat(document.at("/analysis/inputs/0/kind").asText()).isEqualTo("recording");
  }

  @Test
  void anUnknownJmcRuleSelectionIsAUsageError() {
    CliRun result = CliRun.of("analyze", recording.toString(), "--jmc-rules", "some");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errLines()).hasSize(1);
    assertThat(result.err()).contains("--jmc-rules");
  }

  @Test
  void badRecordingsGiveExitCode2AndOneLine() throws IOException {
    byte[] bytes = Files.readAllBytes(recording);
    List<Path> bad = List.of(
        write("empty.jfr", new byte[0]),
        write("notes.jfr", "not a recording\n".repeat(20).getBytes(StandardCharsets.UTF_8)),
        write("cut.jfr", Arrays.copyOf(bytes, bytes.length / 2)),
        write("header-only.jfr", Arrays.copyOf(bytes, 40)));
    for (Path file : bad) {
      CliRun result = CliRun.of("analyze", file.toString(), "--jmc-rules", "none");
      assertThat(result.thrown()).as(file.toString()).isNull();
      assertThat(result.exitCode()).as(file + ": " + result.err()).isEqualTo(2);
      assertThat(result.errLines()).as(file.toString()).hasSize(1);
      assertThat(result.err()).as(file.toString()).startsWith("heaplens: ").contains(file.getFileName().toString());
      assertThat(CliRun.EXCEPTION_NAME.matcher(result.err()).find()).as(result.err()).isFalse();
    }
  }

  @Test
  void aRecordingCutInItsSecondChunkIsAnalyzedPartiallyWithLenient() throws IOException {
    byte[] first = Files.readAllBytes(recording);
    byte[] second = Files.readAllBytes(secondRecording);
    byte[] cut = Arrays.copyOf(first, first.length + second.length / 2);
    System.arraycopy(second, 0, cut, first.length, second.length / 2);
    Path file = write("two-chunks-cut.jfr", cut);

    CliRun strict = CliRun.of("analyze", file.toString(), "--jmc-rules", "none");
    assertThat(strict.exitCode()).isEqualTo(2);
    assertThat(strict.errLines()).hasSize(1);
    assertThat(strict.err()).contains("--lenient");

    CliRun lenient = CliRun.of("analyze", file.toString(), "--lenient", "--config", config.toString(), "--jmc-rules", "none");
    assertThat(lenient.exitCode()).as(lenient.err()).isZero();
    assertThat(lenient.out()).contains("note: ").contains("threads.creation-storm");
    assertThat(lenient.out().lines().skip(1).findFirst().orElseThrow())
        .as("the verdict line: whatever was found, the lost chunk is not hidden")
        .startsWith("PARTIAL ANALYSIS. Partial analysis: part of the recording could not be read;");
    assertThat(lenient.out()).contains("  not read  recording: chunk 2");
  }

  private static Path write(String name, byte[] bytes) throws IOException {
    Path file = temp.resolve(name);
    Files.write(file, bytes);
    return file;
  }
}
