package io.heaplens.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads the committed recording made by a JDK 25 (recordings/make-jdk25.sh) and finds the work of
 * recordings/Jdk25Workload.java in it.
 */
class Jdk25RecordingTest {
  private static Recording recording;

  @BeforeAll
  static void read() throws Exception {
    Path file = Path.of(Jdk25RecordingTest.class.getResource("/recordings/jdk25.jfr").toURI());
    recording = RecordingReader.read(file, new RecordingOptions(false, JmcRules.DEFAULT, Duration.ofMinutes(1)));
  }

  @Test
  void isARecordingOfAJdk25() {
    assertThat(recording.facts().jvmVersion()).contains("25");
    assertThat(recording.facts().chunks()).isEqualTo(1);
    assertThat(recording.facts().maxHeapBytes()).isEqualTo(64L << 20);
    assertThat(recording.facts().collector()).isEqualTo("G1New/G1Old");
    assertThat(recording.facts().javaArguments()).contains("Jdk25Workload");
    assertThat(recording.warnings()).isEmpty();
  }

  @Test
  void findsTheWorkersStartedByStartWorkers() {
    for (int i = 0; i < 3; i++) {
      String name = "jdk25-worker-" + i;
      ThreadStart start = recording.threadStarts().stream()
          .filter(s -> name.equals(s.threadName())).findFirst().orElseThrow();
      assertThat(start.javaThreadId()).isPositive();
      assertThat(start.parentThreadName()).isEqualTo("main");
      assertThat(start.stack().firstFrame(frame -> frame.methodName().equals("startWorkers")))
          .hasValueSatisfying(frame -> assertThat(frame.className()).isEqualTo("Jdk25Workload"));
      assertThat(recording.threadEnds()).anyMatch(end -> end.javaThreadId() == start.javaThreadId());
    }
  }

  @Test
  void findsTheAllocationsTheCollectionsAndTheKeptBuffers() {
    assertThat(recording.allocations()).anyMatch(site -> site.objectClass().equals("byte[]")
        && site.stack().firstFrame(frame -> frame.methodName().equals("allocate")).isPresent());
    assertThat(recording.heapAfterGc()).isNotEmpty();
    assertThat(recording.gcPauses()).anyMatch(pause -> "System.gc()".equals(pause.cause()));
    assertThat(recording.oldObjects()).anyMatch(sample -> sample.objectClass().equals("byte[]")
        && sample.referenceChain().contains("Jdk25Workload.KEPT (static)"));
  }

  @Test
  void findsTheErrorAndTheSocketExchange() {
    assertThat(recording.errors()).anyMatch(error -> error.errorClass().equals("Jdk25Workload$WorkloadError")
        && "jdk25".equals(error.message()));
    assertThat(recording.sockets()).anyMatch(endpoint -> endpoint.endOfStreamReads() >= 1
        && endpoint.bytesWritten() == 16 && endpoint.bytesRead() == 48);
  }

  @Test
  void runsJmcsRulesOnIt() {
    assertThat(recording.jmcRuleResults()).hasSize(JmcRuleRunner.DEFAULT_RULE_IDS.size());
  }
}
