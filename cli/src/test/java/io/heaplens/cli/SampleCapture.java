package io.heaplens.cli;

import io.heaplens.samples.Capture;
import io.heaplens.samples.SampleCatalog;
import io.heaplens.samples.SampleRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real heap dump and recording of a sample service, captured in a forked JVM: the per-request
 * cache sample (a {@code java.util.Timer} per request, never cancelled).
 *
 * @param heapDump the dump
 * @param recording the flight recording
 * @param sample what the catalog says the sample is
 * @param variant the variant that ran, with its culprit
 */
record SampleCapture(Path heapDump, Path recording, SampleCatalog.Sample sample, SampleCatalog.Variant variant) {
  static final String SAMPLE = "per-request-cache";
  static final String VARIANT = "timer";

  /** Runs the sample into {@code directory} and returns its dump and recording. */
  static SampleCapture run(Path directory) throws IOException, InterruptedException {
    SampleCatalog.Sample sample = SampleCatalog.byId(SAMPLE);
    Path log = directory.resolve("sample.log");
    Files.createDirectories(directory);
    Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        SampleCatalog.MAX_HEAP, "-cp", ServerProcess.testClasspath(), sample.mainClass().getName(),
        directory.toString(), "--variant", VARIANT))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(SampleRunner.WATCHDOG_SECONDS + 30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new IllegalStateException("the sample did not finish: " + Files.readString(log, StandardCharsets.UTF_8));
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("the sample failed: " + Files.readString(log, StandardCharsets.UTF_8));
    }
    return new SampleCapture(directory.resolve(Capture.HEAP_DUMP_FILE), directory.resolve(Capture.RECORDING_FILE),
        sample, sample.variant(VARIANT));
  }

  /** The culprit's simple class name, as the report shows it among others ({@code SearchLogic}). */
  String culpritSimpleName() {
    String culprit = variant.culpritClass();
    return culprit.substring(culprit.lastIndexOf('.') + 1);
  }
}
