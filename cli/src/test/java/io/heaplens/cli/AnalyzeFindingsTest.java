package io.heaplens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heaplens.analysis.HeapSummarizer;
import io.heaplens.analysis.rules.Culprit;
import io.heaplens.analysis.rules.Evidence;
import io.heaplens.analysis.rules.ExampleObject;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.Rule;
import io.heaplens.analysis.rules.RuleContext;
import io.heaplens.analysis.rules.RuleEngine;
import io.heaplens.analysis.rules.Threshold;
import io.heaplens.hprof.HeapClass;
import io.heaplens.hprof.HeapGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code heaplens analyze} with rules: findings before the summary, {@code --fail-on} exit codes,
 * {@code --config} thresholds, {@code --rules}, the JSON findings. The rules are fakes given to
 * the command directly, over the small dump of {@link AnalyzeCommandTest#writeGoodDump}.
 */
@Timeout(60)
class AnalyzeFindingsTest {
  static final String CACHE_RULE = "test.cache-entries";
  static final String LOW_RULE = "test.low-note";
  static final String BROKEN_RULE = "test.broken";

  @TempDir
  Path temp;

  private Path dump;
  private AnalyzeCommandTest.GoodDump goodDump;

  @BeforeEach
  void writeDump() throws IOException {
    dump = temp.resolve("good.hprof");
    goodDump = AnalyzeCommandTest.writeGoodDump(dump);
  }

  /** Runs {@code heaplens analyze <args>} with the three fake rules. */
  private static CliRun analyze(String... args) {
    List<String> all = new ArrayList<>(List.of("analyze"));
    all.addAll(List.of(args));
    return CliRun.with(() -> new RuleEngine(List.of(new LowRule(), new BrokenRule(), new CacheRule())),
        all.toArray(String[]::new));
  }

  private static void assertCleanRejection(CliRun result, String... mentions) {
    assertThat(result.thrown()).isNull();
    assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
    assertThat(result.errLines()).as(result.err()).hasSize(1);
    assertThat(result.err()).startsWith("heaplens").contains(mentions);
    assertThat(CliRun.EXCEPTION_NAME.matcher(result.err()).find()).as(result.err()).isFalse();
    assertThat(result.out()).as("rejected before the dump is read").isEmpty();
  }

  // ---- text ---------------------------------------------------------------------------------

  @Test
  void theTextShowsFindingsWorstFirstBeforeTheSummary() {
    CliRun result = analyze(dump.toString());
    assertThat(result.thrown()).isNull();
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err()).isEmpty();
    String out = result.out();
    int high = out.indexOf("[HIGH] " + CACHE_RULE + "  com.example.app.Cache holds 3 entries");
    int low = out.indexOf("[LOW] " + LOW_RULE + "  a minor note");
    int summary = out.indexOf("Top classes by retained size");
    assertThat(high).as(out).isPositive();
    assertThat(out).startsWith("Findings in " + dump);
    assertThat(low).isGreaterThan(high);
    assertThat(summary).isGreaterThan(low);
    assertThat(out.indexOf("Heap dump " + dump)).isGreaterThan(low);
    assertThat(out).doesNotContain("No anti-pattern found");
    String block = out.substring(high, low);
    assertThat(block).contains("  culprit   com.example.app.Handler.handle (line 42)")
        .contains("  retained  ").contains(" in 3 objects")
        .contains("  counts    entries 3")
        .contains("  example   com.example.app.Cache @0x").contains("  path      [jni global] Cache")
        .contains("  fix       Bound the cache.");
    assertThat(out).as("a failing rule is named, the analysis goes on")
        .contains("Rules that could not run").contains(BROKEN_RULE + ": failed: ");
  }

  @Test
  void withoutAFindingAtMediumOrAboveTheTextSaysSo() {
    CliRun result = analyze(dump.toString(), "--rules", LOW_RULE);
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("No problem found at medium or above; 1 rule checked; 1 minor finding below")
        .contains("[LOW] " + LOW_RULE).doesNotContain(CACHE_RULE).doesNotContain(BROKEN_RULE);
    assertThat(result.out().indexOf("No problem found")).isLessThan(result.out().indexOf("Top classes"));
  }

  @Test
  void theSummaryIsTheVerdictAndOneLinePerFinding() {
    CliRun result = analyze(dump.toString(), "--summary", "--rules", CACHE_RULE + "," + LOW_RULE);
    assertThat(result.exitCode()).as(result.err()).isZero();
    List<String> lines = result.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo("1 problem found at medium or above (1 high); 2 rules checked; 1 minor finding");
    assertThat(lines.get(1)).startsWith("[HIGH] " + CACHE_RULE + "  ");
    assertThat(lines.get(2)).startsWith("[LOW] " + LOW_RULE + "  ");
  }

  // ---- exit codes ---------------------------------------------------------------------------

  @Test
  void failOnGivesExitCode1WhenAFindingReachesTheSeverity() {
    assertThat(analyze(dump.toString(), "--fail-on", "high").exitCode()).isEqualTo(1);
    assertThat(analyze(dump.toString(), "--fail-on", "HIGH").exitCode()).isEqualTo(1);
    assertThat(analyze(dump.toString(), "--fail-on", "medium").exitCode()).isEqualTo(1);
    assertThat(analyze(dump.toString(), "--fail-on", "critical").exitCode()).isZero();
    assertThat(analyze(dump.toString(), "--fail-on", "none").exitCode()).isZero();
    assertThat(analyze(dump.toString()).exitCode()).as("default: none").isZero();
    assertThat(analyze(dump.toString(), "--fail-on", "high", "--rules", LOW_RULE).exitCode()).isZero();
    assertThat(analyze(dump.toString(), "--fail-on", "low", "--rules", LOW_RULE).exitCode()).isEqualTo(1);
    assertThat(analyze(dump.toString(), "--fail-on", "info", "--rules", BROKEN_RULE).exitCode())
        .as("a rule that fails is reported, not a finding").isZero();
    CliRun failed = analyze(dump.toString(), "--fail-on", "high");
    assertThat(failed.out()).as("the report is printed anyway").contains("[HIGH]").contains("Top classes");
    assertThat(failed.errLines()).as("one line naming the finding that tripped --fail-on").singleElement()
        .asString().startsWith("heaplens: --fail-on high: " + CACHE_RULE + " is high: ").contains("holds 3 entries");
    assertThat(analyze(dump.toString(), "--fail-on", "critical").err()).as("not tripped: silent").isEmpty();
  }

  @Test
  void badOptionValuesGiveExitCode2AndOneLine() {
    assertCleanRejection(analyze(dump.toString(), "--fail-on", "severe"), "--fail-on", "'severe'",
        "critical, high, medium, low, info or none");
    assertCleanRejection(analyze(dump.toString(), "--fail-on", ""), "--fail-on");
    assertCleanRejection(analyze(dump.toString(), "--rules", "test.cache-entires"), "--rules",
        "'test.cache-entires'", CACHE_RULE);
    assertCleanRejection(analyze(dump.toString(), "--rules", ","), "--rules", "no rule id");
  }

  // ---- thresholds from a config file --------------------------------------------------------

  @Test
  void aConfigFileOverridesThresholds() throws IOException {
    Path strict = Files.writeString(temp.resolve("strict.properties"), CACHE_RULE + ".minEntries=3\n");
    CliRun found = analyze(dump.toString(), "--config", strict.toString(), "--fail-on", "high");
    assertThat(found.exitCode()).as(found.err()).isEqualTo(1);
    assertThat(found.out()).contains("holds 3 entries (threshold 3)");

    Path lax = Files.writeString(temp.resolve("lax.properties"), "# the cache is fine\n" + CACHE_RULE
        + ".minEntries = 4\n");
    CliRun clean = analyze(dump.toString(), "--config", lax.toString(), "--fail-on", "high");
    assertThat(clean.exitCode()).as(clean.err()).isZero();
    assertThat(clean.out()).doesNotContain("[HIGH]")
        .as("a rule failed, so the verdict is partial, not clean")
        .contains("no problem found at medium or above in what was read").doesNotContain("No problem found");

    CliRun defaults = analyze(dump.toString());
    assertThat(defaults.out()).contains("holds 3 entries (threshold 2)");
  }

  @Test
  void aConfigFileForARuleNotSelectedIsStillChecked() throws IOException {
    Path config = Files.writeString(temp.resolve("c.properties"), CACHE_RULE + ".minEntries=4\n");
    assertThat(analyze(dump.toString(), "--config", config.toString(), "--rules", LOW_RULE).exitCode()).isZero();
    Path wrong = Files.writeString(temp.resolve("w.properties"), CACHE_RULE + ".minEntry=4\n");
    assertCleanRejection(analyze(dump.toString(), "--config", wrong.toString(), "--rules", LOW_RULE),
        "minEntry");
  }

  @Test
  void aBadConfigFileGivesExitCode2AndOneLineNamingTheKey() throws IOException {
    Map<String, String[]> cases = new LinkedHashMap<>();
    cases.put("test.cache-entrys.minEntries=4", new String[] {"unknown rule 'test.cache-entrys'",
        "'test.cache-entrys.minEntries'", "did you mean " + CACHE_RULE});
    cases.put(CACHE_RULE + ".maxEntries=4", new String[] {"no threshold 'maxEntries'",
        "'" + CACHE_RULE + ".maxEntries'", "minEntries"});
    cases.put(CACHE_RULE + ".minEntries=four", new String[] {"'" + CACHE_RULE + ".minEntries'",
        "not a number: 'four'"});
    cases.put(CACHE_RULE + ".minEntries=-4", new String[] {"must not be negative"});
    cases.put("minEntries=4", new String[] {"'minEntries' is not <ruleId>.<threshold>"});
    int i = 0;
    for (Map.Entry<String, String[]> entry : cases.entrySet()) {
      Path config = Files.writeString(temp.resolve("bad" + i++ + ".properties"), entry.getKey() + "\n");
      CliRun result = analyze(dump.toString(), "--config", config.toString());
      assertCleanRejection(result, entry.getValue());
      assertThat(result.err()).as(entry.getKey()).contains(config.toString()).contains("--list-rules");
    }
    Path missing = temp.resolve("missing.properties");
    assertCleanRejection(analyze(dump.toString(), "--config", missing.toString()), missing.toString(),
        "config file", "does not exist");
    assertCleanRejection(analyze(temp.resolve("no-dump.hprof").toString(), "--config",
        temp.resolve("bad0.properties").toString()), "unknown rule");
  }

  // ---- JSON ---------------------------------------------------------------------------------

  @Test
  void theJsonHoldsFindingsAndRuleErrorsWithTheDocumentedNames() throws Exception {
    Path json = temp.resolve("report.json");
    CliRun result = analyze(dump.toString(), "--json", json.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode root = new ObjectMapper().readTree(json.toFile());

    assertThat(names(root)).containsExactly("schemaVersion", "heaplensVersion", "verdict", "complete", "notAnalyzed",
        "analysis", "findings", "ruleErrors", "dump", "counts", "classes", "dominators", "threads");
    JsonNode input = root.path("analysis").path("inputs").get(0);
    assertThat(input.path("path").asText()).isEqualTo(dump.toString());
    assertThat(input.path("bytes").asLong()).isEqualTo(Files.size(dump));
    assertThat(input.path("sha256").asText()).isEqualTo(HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(dump))));
    assertThat(root.path("analysis").path("wallTimeMillis").isIntegralNumber()).isTrue();
    assertThat(root.path("analysis").path("rules")).extracting(r -> r.path("ruleId").asText() + " "
        + r.path("outcome").asText()).containsExactly(BROKEN_RULE + " failed", CACHE_RULE + " found",
        LOW_RULE + " found");

    JsonNode findings = root.path("findings");
    assertThat(findings).extracting(f -> f.path("ruleId").asText()).containsExactly(CACHE_RULE, LOW_RULE);
    JsonNode finding = findings.get(0);
    assertThat(names(finding)).containsExactly("ruleId", "severity", "score", "title", "claim", "explanation",
        "retainedBytes", "count", "counts", "facts", "culprit", "examples", "holdingThreads", "stacks",
        "recommendation");
    assertThat(finding.path("severity").asText()).isEqualTo("high");
    assertThat(finding.path("score").asInt()).isEqualTo(70);
    assertThat(finding.path("count").asLong()).isEqualTo(3);
    assertThat(finding.path("counts").path("entries").asLong()).isEqualTo(3);
    assertThat(finding.path("facts").path("threshold").asText()).isEqualTo("2");
    assertThat(names(finding.path("culprit"))).containsExactly("class", "method", "line");
    assertThat(finding.path("culprit").path("line").asInt()).isEqualTo(42);
    JsonNode example = finding.path("examples").get(0);
    assertThat(names(example)).containsExactly("objectId", "class", "shallowBytes", "retainedBytes",
        "pathFromRoot", "holdingThread", "holdingFrame");
    assertThat(example.path("objectId").asLong()).isEqualTo(goodDump.cacheId());
    assertThat(example.path("class").asText()).isEqualTo("com.example.app.Cache");
    assertThat(example.path("retainedBytes").asLong()).isEqualTo(finding.path("retainedBytes").asLong());
    JsonNode path = example.path("pathFromRoot");
    assertThat(path.get(path.size() - 1).path("objectId").asLong()).isEqualTo(goodDump.cacheId());
    assertThat(example.path("holdingThread").asText()).isEqualTo("request-worker");
    assertThat(example.path("holdingFrame").asText()).isEqualTo("com.example.app.Handler.handle(Handler.java:42)");
    assertThat(finding.path("holdingThreads")).extracting(JsonNode::asText).containsExactly("request-worker");
    assertThat(findings.get(1).path("severity").asText()).isEqualTo("low");
    assertThat(findings.get(1).path("culprit").isNull()).isTrue();

    JsonNode errors = root.path("ruleErrors");
    assertThat(errors).hasSize(1);
    assertThat(names(errors.get(0))).containsExactly("ruleId", "message");
    assertThat(errors.get(0).path("ruleId").asText()).isEqualTo(BROKEN_RULE);
    assertThat(errors.get(0).path("message").asText()).contains("the rule broke").doesNotContain("\n");
  }

  @Test
  void jsonToStandardOutputIsTheOnlyOutput() throws Exception {
    CliRun result = analyze(dump.toString(), "--json", "-", "--fail-on", "high");
    assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
    JsonNode root = new ObjectMapper().readTree(result.out());
    assertThat(root.path("findings").get(0).path("ruleId").asText()).isEqualTo(CACHE_RULE);
    assertThat(result.out()).doesNotContain("Top classes by retained size").doesNotContain("JSON written");
  }

  // ---- help and listing ---------------------------------------------------------------------

  @Test
  void helpDocumentsTheOptionsAndExitCodes() {
    CliRun result = analyze("--help");
    assertThat(result.exitCode()).isZero();
    // The help is wrapped to the terminal width: compare with line breaks and indents folded.
    String help = result.out().replaceAll("\\s+", " ");
    assertThat(help).contains("--config <file>", "--fail-on <severity>", "--rules <ids>",
        "--list-rules", "--json <file>", "--output <report.html>", "--lenient", "--progress",
        "--temp-dir <dir>", "<ruleId>.<threshold>=<number>", "critical, high, medium, low, info or none",
        "1 a finding reached --fail-on", "2 bad input");
  }

  @Test
  void listRulesShowsEachRuleWithItsThresholdsAndDefaults() {
    CliRun result = analyze("--list-rules");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("3 rules").contains(CACHE_RULE + "  Caches with many entries")
        .contains("    minEntries = 2  entries that make a cache worth reporting")
        .contains(LOW_RULE).contains(BROKEN_RULE);
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  // ---- the fake rules -----------------------------------------------------------------------

  /** High when a com.example.app.Cache holds at least minEntries entries. */
  static final class CacheRule implements Rule {
    @Override
    public String id() {
      return CACHE_RULE;
    }

    @Override
    public String title() {
      return "Caches with many entries";
    }

    @Override
    public List<Threshold> thresholds() {
      return List.of(new Threshold("minEntries", "entries that make a cache worth reporting", 2));
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
      HeapGraph heap = context.heap();
      Optional<HeapClass> cacheClass = heap.findClass("com.example.app.Cache");
      if (cacheClass.isEmpty()) {
        return List.of();
      }
      int minEntries = (int) context.threshold(this, "minEntries");
      List<Finding> findings = new ArrayList<>();
      for (int cache : heap.instancesOf(cacheClass.get(), false)) {
        int entries = heap.arrayLength(heap.referenceField(cache, "entries"));
        if (entries < minEntries) {
          continue;
        }
        ExampleObject example = new ExampleObject(heap.objectId(cache), heap.classOf(cache).name(),
            heap.shallowSize(cache), heap.retainedSize(cache), HeapSummarizer.path(heap, cache),
            "request-worker", "com.example.app.Handler.handle(Handler.java:42)");
        findings.add(new Finding(id(), 70, title(),
            "com.example.app.Cache holds " + entries + " entries (threshold " + minEntries + ")",
            "A cache without a bound grows with the traffic.",
            new Evidence(heap.retainedSize(cache), entries, Map.of("entries", (long) entries),
                Map.of("threshold", String.valueOf(minEntries)), List.of(example), List.of("request-worker")),
            new Culprit("com.example.app.Handler", "handle", 42), "Bound the cache."));
      }
      return findings;
    }
  }

  /** Always a low finding without culprit. */
  static final class LowRule implements Rule {
    @Override
    public String id() {
      return LOW_RULE;
    }

    @Override
    public String title() {
      return "A minor note";
    }

    @Override
    public List<Threshold> thresholds() {
      return List.of();
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
      return List.of(new Finding(id(), 25, title(), "a minor note", null, Evidence.of(100, 1), null, null));
    }
  }

  /** Always throws. */
  static final class BrokenRule implements Rule {
    @Override
    public String id() {
      return BROKEN_RULE;
    }

    @Override
    public String title() {
      return "A rule with a bug";
    }

    @Override
    public List<Threshold> thresholds() {
      return List.of();
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
      throw new IllegalStateException("the rule broke");
    }
  }
}
