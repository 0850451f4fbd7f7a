package io.heaplens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code heaplens analyze} on a real sample's dump twice: the second analysis reads the index the
 * first one kept, and its JSON (findings, histogram, dominators, retained sizes, threads) is the
 * same as that of an analysis without any kept index.
 */
@Timeout(300)
class KeptIndexCliTest {
  private static final String SAMPLE = "per-request-cache";
  /** What differs between two runs of the same analysis: when it ran and how long it took. */
  private static final Set<String> TIMING_FIELDS = Set.of("startedAt", "wallTimeMillis", "elapsedMillis",
      "millis", "durationMillis");

  @TempDir Path temp;

  @Test
  void theSecondAnalysisReadsTheKeptIndexAndReportsTheSame() throws Exception {
    Path dump = SampleCaptures.of(SAMPLE, false).heapDump();
    Path index = temp.resolve("index");

    CliRun first = analyze(dump, "first.json", "--index-dir", index.toString());
    assertThat(first.err()).as("the first analysis parses the dump").contains("reading objects");
    assertThat(filesIn(index)).as("the index, and the dump's SHA-256 remembered with it").hasSize(2);
    CliRun second = analyze(dump, "second.json", "--index-dir", index.toString());
    assertThat(second.err()).as("the second analysis does not").doesNotContain("reading objects");
    CliRun uncached = analyze(dump, "uncached.json", "--no-index-cache");
    assertThat(uncached.err()).contains("reading objects");

    JsonNode expected = withoutTimings(temp.resolve("uncached.json"));
    assertThat(withoutTimings(temp.resolve("first.json"))).isEqualTo(expected);
    assertThat(withoutTimings(temp.resolve("second.json"))).isEqualTo(expected);
    assertThat(expected.path("findings")).as("findings to compare").isNotEmpty();
  }

  @Test
  void noIndexCacheWritesNoIndex() throws Exception {
    Path dump = SampleCaptures.of(SAMPLE, false).heapDump();
    Path index = temp.resolve("index");
    analyze(dump, "out.json", "--index-dir", index.toString(), "--no-index-cache");
    assertThat(index).doesNotExist();
  }

  @Test
  void aBoundThatIsNotASizeIsAOneLineError() {
    CliRun run = CliRun.of("analyze", "missing.hprof", "--index-cache-max", "lots");
    assertThat(run.exitCode()).isEqualTo(Heaplens.EXIT_BAD_INPUT);
    assertThat(run.errLines().get(0)).contains("--index-cache-max must be a size such as 20g");
    assertThat(run.err()).doesNotContainPattern(CliRun.EXCEPTION_NAME);
  }

  private CliRun analyze(Path dump, String json, String... options) {
    List<String> args = new ArrayList<>(List.of("analyze", dump.toString(), "--progress",
        "--json", temp.resolve(json).toString()));
    args.addAll(List.of(options));
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertThat(run.thrown()).isNull();
    assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.err()).isZero();
    return run;
  }

  private static JsonNode withoutTimings(Path json) throws IOException {
    JsonNode tree = new ObjectMapper().readTree(Files.readString(json));
    strip(tree);
    return tree;
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove(TIMING_FIELDS);
    }
    for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
      strip(children.next());
    }
  }

  private static List<Path> filesIn(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.toList();
    }
  }
}
