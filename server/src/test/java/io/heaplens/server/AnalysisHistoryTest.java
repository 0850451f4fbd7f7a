package io.heaplens.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.heaplens.batch.ResultRecord;
import io.heaplens.batch.ResultSummary;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history in a real SQLite file: what was committed is there after reopening, in the right order. */
class AnalysisHistoryTest {
  @TempDir
  Path temp;

  private static List<UploadedFile> files(String name) {
    return List.of(new UploadedFile("file", name, "heapDump", 123, "ab".repeat(32), DataFolder.HEAP_DUMP));
  }

  @Test
  void whatWasCommittedSurvivesReopeningAndRunningWorkIsQueuedAgain() throws Exception {
    Path database = temp.resolve("heaplens.db");
    Instant t0 = Instant.parse("2026-01-01T10:00:00Z");
    try (AnalysisHistory history = AnalysisHistory.open(database)) {
      history.addQueued("00000000000000000001", t0, files("first.hprof"));
      history.addQueued("00000000000000000002", t0.plusSeconds(1), files("second.hprof"));
      history.addQueued("00000000000000000003", t0.plusSeconds(2), files("third.hprof"));
      history.markRunning("00000000000000000001", t0.plusSeconds(3));
      history.markRunning("00000000000000000003", t0.plusSeconds(3));
      history.markDone("00000000000000000003", new ResultSummary("high", 2,
          List.of(new ResultRecord.TopFinding("rule.a", "high", "a claim", "Foo.bar")), Map.of("rule.a", "high")),
          t0.plusSeconds(4));
    }

    try (AnalysisHistory history = AnalysisHistory.open(database)) {
      assertThat(history.requeueUnfinished()).containsExactly("00000000000000000001", "00000000000000000002");
      assertThat(history.list("", 10)).extracting(AnalysisEntry::id)
          .containsExactly("00000000000000000003", "00000000000000000002", "00000000000000000001");
      AnalysisEntry done = history.find("00000000000000000003").orElseThrow();
      assertThat(done.status()).isEqualTo(AnalysisEntry.DONE);
      assertThat(done.worstSeverity()).isEqualTo("high");
      assertThat(done.topFindings()).extracting(ResultRecord.TopFinding::culprit).containsExactly("Foo.bar");
      assertThat(done.files()).isEqualTo(files("third.hprof"));
      assertThat(history.find("00000000000000000001").orElseThrow().status()).isEqualTo(AnalysisEntry.QUEUED);
    }
  }

  @Test
  void searchMatchesFileNamesLiterallyInAnyCase() throws Exception {
    try (AnalysisHistory history = AnalysisHistory.open(temp.resolve("heaplens.db"))) {
      history.addQueued("00000000000000000001", Instant.EPOCH, files("Orders-OOM_1.hprof"));
      history.addQueued("00000000000000000002", Instant.EPOCH, files("orders-oom-2.hprof"));
      history.addQueued("00000000000000000003", Instant.EPOCH, files("100%.hprof"));

      assertThat(history.list("orders", 10)).hasSize(2);
      assertThat(history.list("OOM_", 10)).extracting(AnalysisEntry::id).containsExactly("00000000000000000001");
      assertThat(history.list("%", 10)).extracting(AnalysisEntry::id).containsExactly("00000000000000000003");
      assertThat(history.list("' OR 1=1 --", 10)).isEmpty();
      assertThat(history.delete("00000000000000000003")).isTrue();
      assertThat(history.delete("00000000000000000003")).isFalse();
      assertThat(history.list(null, 10)).hasSize(2);
    }
  }
}
