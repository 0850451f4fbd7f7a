package io.heaplens.analysis.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.heaplens.analysis.rules.RuleRun.Outcome;
import io.heaplens.hprof.ProgressListener;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleEngineTest {
  private static final RuleContext NO_INPUTS = new RuleContext(null, null, Map.of());

  @TempDir
  Path temp;

  private static RuleResults run(Rule... rules) {
    return new RuleEngine(List.of(rules)).run(NO_INPUTS, ProgressListener.NONE);
  }

  private static List<String> claims(RuleResults results) {
    return results.findings().stream().map(Finding::claim).toList();
  }

  @Test
  void findingsAreOrderedBySeverityThenRetainedBytesThenRuleId() {
    RuleResults results = run(
        FakeRule.finding("b.low", 25, 1_000_000),
        FakeRule.finding("a.high-small", 65, 10),
        FakeRule.finding("c.critical", 90, 1),
        FakeRule.finding("z.high-big", 61, 5_000),
        FakeRule.finding("y.high-big-too", 70, 5_000),
        FakeRule.finding("d.info", 0, 9_999_999));
    assertThat(claims(results)).containsExactly(
        "claim of c.critical",
        "claim of y.high-big-too", "claim of z.high-big", // same bytes: by rule id
        "claim of a.high-small",
        "claim of b.low",
        "claim of d.info");
  }

  @Test
  void findingsOfOneRuleWithEqualKeysKeepTheRulesOrder() {
    FakeRule rule = new FakeRule("x.many", List.of(), context -> List.of(
        FakeRule.finding("x.many", 50, 100, "first"), FakeRule.finding("x.many", 50, 100, "second"),
        FakeRule.finding("x.many", 50, 200, "biggest")));
    assertThat(claims(run(rule))).containsExactly("biggest", "first", "second");
  }

  @Test
  void rulesRunInIdOrderWhateverTheRegistrationOrder() {
    List<String> order = new ArrayList<>();
    RuleResults results = run(FakeRule.recording("m.middle", order), FakeRule.recording("z.last", order),
        FakeRule.recording("a.first", order));
    assertThat(order).containsExactly("a.first", "m.middle", "z.last");
    assertThat(results.runs()).extracting(RuleRun::ruleId).containsExactly("a.first", "m.middle", "z.last");
    assertThat(results.runs()).extracting(RuleRun::outcome).containsOnly(Outcome.CLEAN);
  }

  @Test
  void aThrowingRuleBecomesARuleErrorAndTheOthersStillRun() {
    RuleResults results = run(
        FakeRule.finding("a.before", 70, 1),
        new FakeRule("m.broken", List.of(), context -> {
          throw new IllegalStateException("no field 'table' in\nHashMap");
        }),
        FakeRule.finding("z.after", 30, 1));
    assertThat(claims(results)).containsExactly("claim of a.before", "claim of z.after");
    assertThat(results.errors()).hasSize(1);
    RuleError error = results.errors().get(0);
    assertThat(error.ruleId()).isEqualTo("m.broken");
    assertThat(error.message())
        .contains("IllegalStateException", "no field 'table' in HashMap")
        .as("where the rule threw").contains("(at io.heaplens.analysis.rules.RuleEngineTest.lambda$")
        .doesNotContain("\n").doesNotContain("\r");
    assertThat(results.runs()).extracting(RuleRun::ruleId, RuleRun::outcome).containsExactly(
        tuple("a.before", Outcome.FOUND),
        tuple("m.broken", Outcome.FAILED),
        tuple("z.after", Outcome.FOUND));
  }

  @Test
  void errorsARuleMightThrowAreContainedToo() {
    Rule deep = new FakeRule("deep.recursion", List.of(), context -> {
      throw new StackOverflowError();
    });
    Rule hungry = new FakeRule("hungry.rule", List.of(), context -> {
      throw new OutOfMemoryError("Java heap space");
    });
    Rule linkage = new FakeRule("missing.library", List.of(), context -> {
      throw new NoClassDefFoundError("okhttp3/OkHttpClient");
    });
    Rule nullResult = new FakeRule("null.result", List.of(), context -> null);
    RuleResults results = run(deep, hungry, linkage, nullResult, FakeRule.finding("still.runs", 50, 1));
    assertThat(results.errors()).extracting(RuleError::ruleId)
        .containsExactly("deep.recursion", "hungry.rule", "missing.library", "null.result");
    assertThat(results.errors().get(2).message()).contains("okhttp3/OkHttpClient");
    assertThat(results.errors().get(3).message()).contains("null");
    assertThat(claims(results)).containsExactly("claim of still.runs");
  }

  @Test
  void aRuleWhoseAppliesToThrowsIsContained() {
    Rule rule = new FakeRule("bad.applies", List.of(), context -> List.of()) {
      @Override
      public boolean appliesTo(RuleContext context) {
        throw new IllegalArgumentException("boom");
      }
    };
    RuleResults results = run(rule);
    assertThat(results.errors()).extracting(RuleError::ruleId).containsExactly("bad.applies");
  }

  @Test
  void aRuleThatDoesNotApplyIsReportedAsSuch() {
    Rule needsHeap = new FakeRule("needs.heap", List.of(), context -> List.of()) {
      @Override
      public boolean appliesTo(RuleContext context) {
        return context.heap() != null;
      }
    };
    RuleResults results = run(needsHeap);
    assertThat(results.runs()).extracting(RuleRun::outcome).containsExactly(Outcome.NOT_APPLICABLE);
    assertThat(results.errors()).isEmpty();
  }

  @Test
  void invalidFindingsAreLeftOutAndReported() {
    Rule rule = new FakeRule("mixed.results", List.of(), context -> Arrays.asList(
        FakeRule.finding("mixed.results", 50, 1, "good"),
        FakeRule.finding("another.rule", 50, 1, "borrowed id"),
        FakeRule.finding("mixed.results", 150, 1, "score too high"),
        FakeRule.finding("mixed.results", 50, 1, " "),
        null));
    RuleResults results = run(rule);
    assertThat(claims(results)).containsExactly("good");
    assertThat(results.errors()).singleElement().satisfies(error -> {
      assertThat(error.ruleId()).isEqualTo("mixed.results");
      assertThat(error.message()).startsWith("4 invalid findings left out").contains("another.rule");
    });
    assertThat(results.runs()).extracting(RuleRun::outcome).containsExactly(Outcome.FOUND);
  }

  @Test
  void aFindingWithoutTitleOrEvidenceGetsTheRulesTitleAndEmptyEvidence() {
    Rule rule = new FakeRule("sparse.finding", List.of(), context -> List.of(
        new Finding("sparse.finding", 45, null, "a claim", null, null, null, null)));
    Finding finding = run(rule).findings().get(0);
    assertThat(finding.title()).isEqualTo("title of sparse.finding");
    assertThat(finding.evidence().counts()).isEmpty();
    assertThat(finding.evidence().examples()).isEmpty();
  }

  @Test
  void rulesWithDuplicateOrBrokenIdsAreLeftOutAndReported() {
    Rule brokenThresholds = new FakeRule("broken.thresholds", null, context -> List.of());
    RuleEngine engine = new RuleEngine(List.of(FakeRule.finding("same.id", 50, 1),
        FakeRule.finding("same.id", 90, 1), FakeRule.finding("has space", 50, 1), brokenThresholds));
    assertThat(engine.rules()).extracting(Rule::id).containsExactly("same.id");
    assertThat(engine.loadErrors()).extracting(RuleError::ruleId)
        .containsExactly("same.id", "has space", "broken.thresholds");
    RuleResults results = engine.run(NO_INPUTS, ProgressListener.NONE);
    assertThat(results.findings()).extracting(Finding::score).containsExactly(50);
    assertThat(results.errors()).hasSize(3);
  }

  @Test
  void selectRunsOnlyTheNamedRulesAndRejectsUnknownIds() throws RuleConfigException {
    RuleEngine engine = new RuleEngine(List.of(FakeRule.finding("a.one", 50, 1),
        FakeRule.finding("b.two", 50, 1), FakeRule.finding("c.three", 50, 1)));
    RuleEngine selected = engine.select(List.of(" c.three", "a.one", ""));
    assertThat(selected.selectedRuleIds()).containsExactly("a.one", "c.three");
    assertThat(selected.rules()).as("the catalog stays whole").hasSize(3);
    assertThat(claims(selected.run(NO_INPUTS, ProgressListener.NONE)))
        .containsExactly("claim of a.one", "claim of c.three");

    assertThatThrownBy(() -> engine.select(List.of("a.one", "b.tow")))
        .isInstanceOf(RuleConfigException.class).hasMessageContaining("'b.tow'").hasMessageContaining("(did you mean b.two?)");
    assertThatThrownBy(() -> engine.select(List.of(" ", "")))
        .isInstanceOf(RuleConfigException.class).hasMessageContaining("no rule id");
  }

  @Test
  void thresholdsComeFromTheConfigFileElseTheirDefaults() throws Exception {
    Rule rule = new FakeRule("counting.rule", List.of(new Threshold("minCount", "how many", 10),
        new Threshold("share", "of the heap", 0.3)), null) {
      @Override
      public List<Finding> evaluate(RuleContext context) {
        return List.of(FakeRule.finding(id(), 50, 1, "minCount=" + context.threshold(this, "minCount")
            + " share=" + context.threshold(this, "share")));
      }
    };
    RuleEngine engine = new RuleEngine(List.of(rule));
    assertThat(claims(engine.run(null, RuleConfig.none()))).containsExactly("minCount=10.0 share=0.3");

    Path file = temp.resolve("thresholds.properties");
    Files.writeString(file, "# stricter in CI\ncounting.rule.minCount = 2_500\n");
    RuleConfig config = engine.loadConfig(file);
    assertThat(config.overrides()).isEqualTo(Map.of("counting.rule.minCount", 2500.0));
    assertThat(claims(engine.run(null, config))).containsExactly("minCount=2500.0 share=0.3");
  }

  @Test
  void progressCountsRules() {
    List<String> events = new ArrayList<>();
    new RuleEngine(List.of(FakeRule.finding("a.one", 50, 1), FakeRule.finding("b.two", 50, 1)))
        .run(NO_INPUTS, (phase, done, total) -> events.add(phase + " " + done + "/" + total));
    assertThat(events).containsExactly("rules 0/2", "rules 1/2", "rules 2/2");
  }

  @Test
  void discoverFindsRegisteredRulesAndReportsProvidersThatCannotLoad() throws IOException {
    Path services = temp.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(Rule.class.getName()),
        "# a good rule, a class that does not exist, a rule that cannot be made\n" + DiscoverableRule.class.getName() + "\n"
            + "com.example.NoSuchRule\n" + FailingConstructorRule.class.getName() + "\n", StandardCharsets.UTF_8);
    try (URLClassLoader loader = new URLClassLoader(new URL[] {temp.toUri().toURL()},
        RuleEngineTest.class.getClassLoader())) {
      RuleEngine engine = RuleEngine.discover(loader);
      assertThat(engine.rules()).extracting(Rule::id).containsExactly("test.discoverable");
      assertThat(engine.loadErrors()).extracting(RuleError::ruleId)
          .containsExactly("com.example.NoSuchRule", FailingConstructorRule.class.getName());
      assertThat(engine.loadErrors()).allSatisfy(error ->
          assertThat(error.message()).startsWith("could not be loaded: ").doesNotContain("\n"));
      assertThat(engine.loadErrors().get(1).message()).as("the cause is told")
          .contains("needs okhttp on the class path");
      RuleResults results = engine.run(NO_INPUTS, ProgressListener.NONE);
      assertThat(results.errors()).as("load errors are part of every result").hasSize(2);
      assertThat(results.runs()).extracting(RuleRun::outcome).containsExactly(Outcome.NOT_APPLICABLE);
    }
  }

  @Test
  void evidenceMapsHaveAStableOrder() {
    Map<String, Long> insertionOrder = new LinkedHashMap<>();
    insertionOrder.put("threads", 1L);
    insertionOrder.put("executors", 2L);
    Evidence ordered = new Evidence(0, 0, insertionOrder, null, null, null);
    assertThat(ordered.counts().keySet()).containsExactly("threads", "executors");
    Evidence unordered = new Evidence(0, 0, Map.of("zeta", 1L, "alpha", 2L, "mid", 3L), Map.of(), List.of(), List.of());
    assertThat(unordered.counts().keySet()).as("Map.of has no order: sorted").containsExactly("alpha", "mid", "zeta");
    assertThat(ordered.facts()).isEmpty();
    assertThat(ordered.examples()).isEmpty();
  }
}
