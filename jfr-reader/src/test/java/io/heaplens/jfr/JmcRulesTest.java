package io.heaplens.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmc.flightrecorder.rules.RuleRegistry;

/** JDK Mission Control's own rules on a recording made in this JVM. */
class JmcRulesTest {
  private static final Set<String> SEVERITIES = Set.of("OK", "INFO", "WARNING", "NA", "IGNORE");

  @TempDir
  static Path directory;

  private static Path file;
  private static Recording withDefaultRules;
  private static Recording withAllRules;

  @BeforeAll
  static void record() throws Exception {
    file = TestRecordings.record(directory.resolve("rules.jfr"), "rules-").file();
    withDefaultRules = RecordingReader.read(file, new RecordingOptions(false, JmcRules.DEFAULT, Duration.ofMinutes(1)));
    withAllRules = RecordingReader.read(file, new RecordingOptions(false, JmcRules.ALL, Duration.ofMinutes(1)));
  }

  @Test
  void theDefaultRulesGiveReadableResultsByRuleId() {
    assertThat(withDefaultRules.warnings()).isEmpty();
    assertThat(withDefaultRules.jmcRuleResults()).hasSize(JmcRuleRunner.DEFAULT_RULE_IDS.size());
    assertThat(withDefaultRules.jmcRuleResults()).isSortedAccordingTo(Comparator.comparing(JmcRuleResult::id));
    for (JmcRuleResult result : withDefaultRules.jmcRuleResults()) {
      assertThat(result.id()).isIn(JmcRuleRunner.DEFAULT_RULE_IDS);
      assertThat(result.name()).isNotBlank();
      assertThat(result.severity()).isIn(SEVERITIES);
      assertThat(result.score()).isBetween(-1.0, 100.0);
      assertThat(result.summary()).doesNotContain("\n").doesNotContainPattern("</?(p|ul|li|br|b|i)\\b");
      for (String text : new String[] {result.explanation(), result.solution()}) {
        assertThat(text == null ? "" : text).doesNotContainPattern("</?(p|ul|li|br|b|i)\\b");
      }
    }
    assertThat(withDefaultRules.jmcRuleResults()).anyMatch(result -> !result.severity().equals("NA"));
  }

  @Test
  void allRulesRunEveryRuleJmcHas() {
    assertThat(withAllRules.warnings()).isEmpty();
    assertThat(withAllRules.jmcRuleResults()).hasSize(RuleRegistry.getRules().size());
    assertThat(withAllRules.jmcRuleResults()).isSortedAccordingTo(Comparator.comparing(JmcRuleResult::id));
  }

  /**
   * The default rules get only the event types they read, yet judge alike. (Explanations may
   * differ in a figure: a rule that measures the recording's span over all its events sees a
   * slightly shorter one.)
   */
  @Test
  void theDefaultRulesJudgeAsTheyDoWithAllEvents() {
    Map<String, JmcRuleResult> all = withAllRules.jmcRuleResults().stream()
        .collect(Collectors.toMap(JmcRuleResult::id, Function.identity()));
    for (JmcRuleResult result : withDefaultRules.jmcRuleResults()) {
      JmcRuleResult withAllEvents = all.get(result.id());
      assertThat(result.severity()).as(result.id()).isEqualTo(withAllEvents.severity());
      assertThat(result.score()).as(result.id()).isEqualTo(withAllEvents.score());
      assertThat(result.summary()).as(result.id()).isEqualTo(withAllEvents.summary());
    }
  }

  @Test
  void rulesPastTheBudgetAreLeftOutWithAWarning() throws Exception {
    Recording hurried = RecordingReader.read(file, new RecordingOptions(false, JmcRules.DEFAULT, Duration.ofMillis(1)));

    assertThat(hurried.warnings()).isNotEmpty()
        .allMatch(warning -> warning.matches("JMC rule .+ did not finish within 0\\.001 s; left out"));
    assertThat(hurried.jmcRuleResults().size() + hurried.warnings().size())
        .isEqualTo(JmcRuleRunner.DEFAULT_RULE_IDS.size());
    assertThat(hurried.threadStarts()).isEqualTo(withDefaultRules.threadStarts());
  }

  @Test
  void noRulesRunWhenNoneAreWanted() throws Exception {
    Recording none = RecordingReader.read(file, new RecordingOptions(false, JmcRules.NONE, Duration.ofSeconds(5)));

    assertThat(none.jmcRuleResults()).isEmpty();
    assertThat(none.warnings()).isEmpty();
  }
}
