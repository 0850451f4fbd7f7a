package io.heaplens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.heaplens.samples.SampleCatalog;
import io.heaplens.samples.SampleRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Real dumps and recordings for end-to-end tests: a sample service run in its own JVM, captured
 * once per test JVM and shared between the test classes that need the same run.
 */
final class SampleCaptures {
  /**
   * A sample's run.
   *
   * @param heapDump its heap dump
   * @param recording its flight recording
   * @param sample what the catalog says the sample is
   * @param variant the variant that ran (the default), with its culprit
   */
  record Capture(Path heapDump, Path recording, SampleCatalog.Sample sample, SampleCatalog.Variant variant) {
    /** The culprit's simple class name, as the report shows it among others ({@code SearchLogic}). */
    String culpritSimpleName() {
      String culprit = variant.culpritClass();
      return culprit.substring(culprit.lastIndexOf('.') + 1);
    }
  }

  private static final Map<String, Capture> RUNS = new ConcurrentHashMap<>();
  private static Path folder;

  private SampleCaptures() {}

  /** The run of {@code sampleId}'s default variant, the problem or its healthy twin, with a recording. */
  static synchronized Capture of(String sampleId, boolean healthy) throws IOException, InterruptedException {
    String key = sampleId + (healthy ? "-healthy" : "");
    Capture known = RUNS.get(key);
    if (known != null) {
      return known;
    }
    if (folder == null) {
      folder = Files.createTempDirectory("heaplens-sample-captures-");
    }
    Path directory = folder.resolve(key);
    SampleCatalog.Sample sample = SampleCatalog.byId(sampleId);
    List<String> command = new ArrayList<>(List.of(javaExecutable(), SampleCatalog.MAX_HEAP, "-cp", testClasspath(),
        sample.mainClass().getName(), directory.toString()));
    if (healthy) {
      command.add("--healthy");
    }
    Path log = folder.resolve(key + ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean finished = process.waitFor(SampleRunner.WATCHDOG_SECONDS + 30, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly().waitFor();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(finished && process.exitValue() == 0).as("the sample %s ran; output:%n%s", key, output).isTrue();
    Capture capture = new Capture(directory.resolve(io.heaplens.samples.Capture.HEAP_DUMP_FILE),
        directory.resolve(io.heaplens.samples.Capture.RECORDING_FILE), sample, sample.variants().get(0));
    assertThat(capture.heapDump()).isRegularFile();
    assertThat(capture.recording()).isRegularFile();
    RUNS.put(key, capture);
    return capture;
  }

  static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The classpath of this test JVM: Surefire names it in a property when it runs from a manifest-only jar. */
  static String testClasspath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }
}
