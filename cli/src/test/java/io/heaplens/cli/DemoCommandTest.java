package io.heaplens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.heaplens.analysis.rules.RuleEngine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code heaplens demo}: the README's first command, run as a new user would. */
class DemoCommandTest {

  @Test
  void theDemoRunsASampleAndReportsItsAntiPattern(@TempDir Path directory) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Heaplens.run(new String[] {"demo", "--out", directory.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        RuleEngine::discover);

    String output = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(output).contains("cache.per-request-scheduler", "threads.creation-storm", "Report written to");
    // joined with the recording, the finding names the method and line that created the timers
    assertThat(output).containsPattern("culprit +io\\.heaplens\\.samples\\.perrequestcache\\.SearchLogic\\.<init> \\(line \\d+\\)");
    assertThat(output).contains("Recording ", "Live set (heap after GC)");
    assertThat(directory.resolve("heap.hprof")).isNotEmptyFile();
    assertThat(directory.resolve("recording.jfr")).isNotEmptyFile();
    assertThat(Files.readString(directory.resolve("analysis.json"))).contains("\"recording\"", "\"stacks\"");
    assertThat(Files.readString(directory.resolve("report.html"))).contains("cache.per-request-scheduler");
  }

  @Test
  void theHealthyTwinHasNoSuchFinding(@TempDir Path directory) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit = Heaplens.run(new String[] {"demo", "--healthy", "--out", directory.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()),
        RuleEngine::discover);

    assertThat(exit).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .doesNotContain("cache.per-request-scheduler").doesNotContain("threads.creation-storm")
        .as("healthy is a verdict, in words").contains("\nNo problem found at medium or above; ");
  }

  @Test
  void anUnknownSampleIsABadInput() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Heaplens.run(new String[] {"demo", "--sample", "no-such-sample"},
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
        RuleEngine::discover);

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no sample no-such-sample").contains("--list");
  }
}
