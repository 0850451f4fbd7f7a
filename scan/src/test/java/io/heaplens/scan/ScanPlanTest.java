package io.heaplens.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.heaplens.batch.LocalResultStore;
import io.heaplens.batch.ResultRecord;
import io.heaplens.batch.ResultSummary;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a scan decides to do, from a folder's content and the results already stored. */
class ScanPlanTest {
  @TempDir
  Path temp;

  static void writeDump(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, "JAVA PROFILE 1.0.2\0 rest of a dump".getBytes(StandardCharsets.ISO_8859_1));
  }

  static void writeRecording(Path file) throws IOException {
    Files.write(file, "FLR\0 rest of a recording".getBytes(StandardCharsets.ISO_8859_1));
  }

  private ScanPlan plan(Path source, LocalResultStore store, boolean retryFailed) throws IOException {
    LocalSource folder = new LocalSource(source, null);
    return ScanPlan.make(folder.list(), store.all(), Shard.ALL, retryFailed, folder,
        Files.createDirectories(temp.resolve("sniff")), "test");
  }

  @Test
  void tellsInputsByContentPairsByStemAndSaysWhyTheRestIsSkipped() throws IOException {
    Path source = temp.resolve("src");
    writeDump(source.resolve("app-7.hprof"));
    writeRecording(source.resolve("app-7.jfr"));
    Files.createDirectories(source.resolve("nested"));
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(source.resolve("nested/b.hprof.gz")))) {
      out.write("JAVA PROFILE 1.0.2\0".getBytes(StandardCharsets.ISO_8859_1));
    }
    writeDump(source.resolve("named-like-text.txt"));
    writeRecording(source.resolve("lonely.jfr"));
    Files.writeString(source.resolve("readme.hprof"), "not a dump at all");
    Files.write(source.resolve("empty.hprof"), new byte[0]);

    ScanPlan plan = plan(source, new LocalResultStore(temp.resolve("out")), false);

    assertThat(plan.toAnalyze()).extracting(unit -> unit.inputs().stream().map(ResultRecord.Input::key).toList())
        .containsExactly(List.of("app-7.hprof", "app-7.jfr"), List.of("lonely.jfr"),
            List.of("named-like-text.txt"), List.of("nested/b.hprof.gz"));
    assertThat(plan.skipped()).extracting(record -> record.inputs().get(0).key() + ": " + record.error())
        .containsExactlyInAnyOrder("empty.hprof: empty (0 bytes)",
            "readme.hprof: neither a heap dump nor a flight recording (starts with \"not a du\")");
  }

  @Test
  void aStoredResultOfTheSameVersionIsDoneAndAChangedObjectIsAnalyzedAgain() throws IOException {
    Path source = temp.resolve("src");
    writeDump(source.resolve("a.hprof"));
    writeDump(source.resolve("b.hprof"));
    LocalResultStore store = new LocalResultStore(temp.resolve("out"));
    ScanPlan first = plan(source, store, false);
    assertThat(first.toAnalyze()).hasSize(2);
    ResultSummary none = new ResultSummary(null, 0, List.of(), Map.of());
    for (AnalysisUnit unit : first.toAnalyze()) {
      store.publish(ResultRecord.done(unit.resultKey(), unit.inputs(), none, "now", 1, "test"), null, null);
    }

    assertThat(plan(source, store, false).toAnalyze()).isEmpty();
    assertThat(plan(source, store, false).alreadyDone()).isEqualTo(2);

    Files.setLastModifiedTime(source.resolve("b.hprof"), FileTime.fromMillis(1_000));
    assertThat(plan(source, store, false).toAnalyze()).extracting(unit -> unit.primary().key())
        .containsExactly("b.hprof");
  }

  @Test
  void aFailedInputIsRetriedOnlyWhenAsked() throws IOException {
    Path source = temp.resolve("src");
    writeDump(source.resolve("broken.hprof"));
    LocalResultStore store = new LocalResultStore(temp.resolve("out"));
    AnalysisUnit unit = plan(source, store, false).toAnalyze().get(0);
    store.publish(ResultRecord.failed(unit.resultKey(), unit.inputs(), "truncated", "now", 1, "test"), null, null);

    ScanPlan again = plan(source, store, false);
    assertThat(again.toAnalyze()).isEmpty();
    assertThat(again.alreadyFailed()).isEqualTo(1);
    assertThat(plan(source, store, true).toAnalyze()).hasSize(1);
  }

  @Test
  void aSkippedObjectIsNotReadAgainWhileUnchangedButIsWhenItBecomesADump() throws IOException {
    Path source = temp.resolve("src");
    Files.createDirectories(source);
    Files.writeString(source.resolve("later.hprof"), "placeholder");
    LocalResultStore store = new LocalResultStore(temp.resolve("out"));
    ScanPlan first = plan(source, store, false);
    store.publishSkipped("all", first.skipped());
    assertThat(first.skipped()).hasSize(1);

    assertThat(plan(source, store, false).skipped()).extracting(ResultRecord::error)
        .containsExactly(first.skipped().get(0).error());

    writeDump(source.resolve("later.hprof"));
    Files.setLastModifiedTime(source.resolve("later.hprof"), FileTime.fromMillis(5_000));
    ScanPlan changed = plan(source, store, false);
    assertThat(changed.skipped()).isEmpty();
    assertThat(changed.toAnalyze()).hasSize(1);
  }
}
