package io.heaplens.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.heaplens.batch.ResultStore;
import io.heaplens.batch.ResultSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --retention}: uploaded files go once their analysis ended long enough ago; reports stay. */
class RetentionSweeperTest {
  private static final String ID = "0123456789abcdef0123";
  private static final Instant FINISHED = Instant.parse("2026-03-01T12:00:00Z");
  private static final Duration RETENTION = Duration.ofDays(30);

  @TempDir
  Path temp;

  @Test
  void uploadedFilesGoAfterTheRetentionAndTheReportStays() throws Exception {
    DataFolder data = new DataFolder(temp);
    try (AnalysisHistory history = AnalysisHistory.open(temp.resolve("heaplens.db"))) {
      data.prepare(Set.of(ID));
      Path folder = data.analysis(ID);
      Files.createDirectories(folder);
      for (String name : List.of(DataFolder.HEAP_DUMP, DataFolder.RECORDING, ResultStore.REPORT, ResultStore.JSON)) {
        Files.writeString(folder.resolve(name), name);
      }
      history.addQueued(ID, FINISHED.minusSeconds(60), List.of(
          new UploadedFile("file", "app.hprof", "heapDump", 15, "00", DataFolder.HEAP_DUMP),
          new UploadedFile("recording", "app.jfr", "recording", 13, "11", DataFolder.RECORDING)));
      history.markDone(ID, new ResultSummary(null, 0, List.of(), Map.of()), FINISHED);

      new RetentionSweeper(history, data, RETENTION, at(FINISHED.plus(RETENTION).minusSeconds(1))).run();
      assertThat(folder.resolve(DataFolder.HEAP_DUMP)).as("a second too early").exists();
      assertThat(history.find(ID).orElseThrow().inputsRemovedAt()).isNull();

      Instant later = FINISHED.plus(RETENTION).plusSeconds(1);
      new RetentionSweeper(history, data, RETENTION, at(later)).run();

      assertThat(folder.resolve(DataFolder.HEAP_DUMP)).doesNotExist();
      assertThat(folder.resolve(DataFolder.RECORDING)).doesNotExist();
      assertThat(folder.resolve(ResultStore.REPORT)).exists();
      assertThat(folder.resolve(ResultStore.JSON)).exists();
      AnalysisEntry entry = history.find(ID).orElseThrow();
      assertThat(entry.inputsRemovedAt()).isEqualTo(later);
      assertThat(entry.status()).isEqualTo(AnalysisEntry.DONE);
      assertThat(AnalysisView.of(entry, Optional.empty()).get("files").toString()).contains("kept=false");
    }
  }

  @Test
  void itLooksAQuarterOfTheRetentionApartBetweenASecondAndAnHour() {
    assertThat(new RetentionSweeper(null, null, Duration.ofDays(30), Clock.systemUTC()).pause()).isEqualTo(Duration.ofHours(1));
    assertThat(new RetentionSweeper(null, null, Duration.ofMinutes(8), Clock.systemUTC()).pause()).isEqualTo(Duration.ofMinutes(2));
    assertThat(new RetentionSweeper(null, null, Duration.ofSeconds(2), Clock.systemUTC()).pause()).isEqualTo(Duration.ofSeconds(1));
  }

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }
}
