package io.heaplens.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalResultStoreTest {
  @TempDir
  Path temp;

  private static final List<ResultRecord.Input> INPUTS =
      List.of(new ResultRecord.Input("a.hprof", ResultRecord.Input.HEAP_DUMP, 10, "mtime:1"));

  private static ResultRecord done(String key) {
    return ResultRecord.done(key, INPUTS, new ResultSummary("high", 1, List.of(
        new ResultRecord.TopFinding("rule.x", "high", "claim", "com.example.Foo.bar (line 3)")),
        Map.of("rule.x", "high")), "2026-01-01T00:00:00Z", 5, "test");
  }

  @Test
  void aPublishedResultIsFoundWithItsDocumentsAndRoundTripsItsRecord() throws IOException {
    LocalResultStore store = new LocalResultStore(temp.resolve("out"));
    Path report = Files.writeString(temp.resolve("r.html"), "<html>");
    Path json = Files.writeString(temp.resolve("a.json"), "{}");

    store.publish(done("team/a.hprof"), report, json);

    assertThat(store.find("team/a.hprof")).contains(done("team/a.hprof"));
    assertThat(temp.resolve("out/team/a.hprof/report.html")).hasContent("<html>");
    assertThat(temp.resolve("out/team/a.hprof/analysis.json")).hasContent("{}");
    try (Stream<Path> files = Files.walk(temp.resolve("out"))) {
      assertThat(files.map(Path::toString)).noneMatch(name -> name.endsWith(".partial"));
    }
  }

  @Test
  void aPublishThatFailsHalfwayLeavesNoRecordSoTheResultIsAbsentNotHalfThere() throws IOException {
    LocalResultStore store = new LocalResultStore(temp.resolve("out"));
    Path report = Files.writeString(temp.resolve("r.html"), "<html>");
    store.publish(done("a.hprof"), report, Files.writeString(temp.resolve("a.json"), "{}"));

    assertThatThrownBy(() -> store.publish(done("a.hprof"), report, temp.resolve("missing.json")))
        .isInstanceOf(IOException.class);

    assertThat(store.find("a.hprof")).isEmpty();
    assertThat(store.all()).isEmpty();
  }

  @Test
  void allHoldsEveryResultAndEveryWritersSkippedList() throws IOException {
    LocalResultStore store = new LocalResultStore(temp.resolve("out"));
    store.publish(done("a.hprof"), null, null);
    store.publish(ResultRecord.failed("b/c.hprof", INPUTS, "truncated", "t", 1, "test"), null, null);
    store.publishSkipped("shard-0-of-2", List.of(ResultRecord.skipped("x.txt",
        new ResultRecord.Input("x.txt", null, 1, "mtime:1"), "not a dump", "test")));
    store.publishSkipped("shard-1-of-2", List.of(ResultRecord.skipped("y.txt",
        new ResultRecord.Input("y.txt", null, 0, "mtime:1"), "empty (0 bytes)", "test")));

    assertThat(store.all()).extracting(ResultRecord::key).containsExactlyInAnyOrder("a.hprof", "b/c.hprof", "x.txt",
        "y.txt");
  }

  @Test
  void keysOutsideTheRootOrInItsOwnFolderAreRefused() {
    LocalResultStore store = new LocalResultStore(temp.resolve("out"));
    assertThatThrownBy(() -> store.find("../escape")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.find(".heaplens/x")).isInstanceOf(IllegalArgumentException.class);
  }
}
