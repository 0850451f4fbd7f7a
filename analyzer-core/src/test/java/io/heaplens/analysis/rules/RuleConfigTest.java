package io.heaplens.analysis.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleConfigTest {
  private static final List<Rule> RULES = List.of(
      new FakeRule("http.unclosed-client", List.of(new Threshold("minClients", "clients", 50),
          new Threshold("alarmingShare", "share", 0.3)), context -> List.of()),
      new FakeRule("threads.unbounded", List.of(new Threshold("alarmingCount", "threads", 1000)),
          context -> List.of()),
      new FakeRule("strings.duplicates", List.of(), context -> List.of()));

  @TempDir
  Path temp;

  private static RuleConfig parse(String text) throws IOException, RuleConfigException {
    return RuleConfig.parse(new StringReader(text), "ci.properties", RULES);
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(String text) {
    return assertThatThrownBy(() -> parse(text)).isInstanceOf(RuleConfigException.class)
        .hasMessageStartingWith("ci.properties: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\r"));
  }

  @Test
  void readsThresholdsInTheDocumentedFormat() throws Exception {
    RuleConfig config = parse("""
        # comments and blank lines are fine

        http.unclosed-client.minClients = 20
        http.unclosed-client.alarmingShare: 0.25
        ! another comment style
        threads.unbounded.alarmingCount=1_000_000   \s
        """);
    assertThat(config.overrides()).containsExactly(
        Map.entry("http.unclosed-client.alarmingShare", 0.25),
        Map.entry("http.unclosed-client.minClients", 20.0),
        Map.entry("threads.unbounded.alarmingCount", 1_000_000.0));
    assertThat(config.source()).isEqualTo("ci.properties");
    assertThat(parse("threads.unbounded.alarmingCount=1e4").overrides())
        .containsEntry("threads.unbounded.alarmingCount", 10_000.0);
    assertThat(parse("").overrides()).isEmpty();
  }

  @Test
  void anUnknownRuleIsNamedWithItsKeyAndALikelyMeaning() {
    assertRejected("http.unclosed-clinet.minClients=5")
        .hasMessageContaining("unknown rule 'http.unclosed-clinet'")
        .hasMessageContaining("'http.unclosed-clinet.minClients'")
        .hasMessageContaining("(did you mean http.unclosed-client?)");
    assertRejected("nothing.like.it.at.all=5").hasMessageNotContaining("did you mean");
  }

  @Test
  void anUnknownThresholdIsNamedWithTheRulesThresholds() {
    assertRejected("http.unclosed-client.minClient=5")
        .hasMessageContaining("has no threshold 'minClient'")
        .hasMessageContaining("'http.unclosed-client.minClient'")
        .hasMessageContaining("minClients, alarmingShare");
    assertRejected("strings.duplicates.minCount=5").hasMessageContaining("it has no thresholds");
  }

  @Test
  void badValuesAndKeysAreRejected() {
    assertRejected("http.unclosed-client.minClients=many").hasMessageContaining("is not a number: 'many'");
    assertRejected("http.unclosed-client.minClients=-3").hasMessageContaining("must not be negative");
    assertRejected("http.unclosed-client.minClients=").hasMessageContaining("no value for");
    assertRejected("http.unclosed-client.minClients=NaN").hasMessageContaining("not a number");
    assertRejected("http.unclosed-client.minClients=1e999").hasMessageContaining("too large");
    assertRejected("http.unclosed-client.minClients=20MB").hasMessageContaining("not a number");
    assertRejected("justaword=1").hasMessageContaining("'justaword' is not <ruleId>.<threshold>");
    assertRejected("trailing.=1").hasMessageContaining("is not <ruleId>.<threshold>");
  }

  @Test
  void severalProblemsReportTheFirstAndCountTheRest() {
    assertRejected("b.rule.x=1\na.rule.y=2\nhttp.unclosed-client.minClients=zero\n")
        .hasMessageContaining("unknown rule 'a.rule'")
        .hasMessageEndingWith("(and 2 more problems)");
  }

  @Test
  void controlCharactersInKeysCannotBreakTheLine() {
    assertRejected("evil\\u001b[2J\\nrule.x=1").hasMessageContaining("\\u001b").hasMessageContaining("\\u000a");
  }

  @Test
  void loadReadsAFileAndNamesItInMessages() throws Exception {
    Path file = temp.resolve("thresholds.properties");
    Files.writeString(file, "threads.unbounded.alarmingCount=200\n");
    assertThat(RuleConfig.load(file, RULES).overrides()).containsEntry("threads.unbounded.alarmingCount", 200.0);

    Files.writeString(file, "threads.unbounded.alarming=200\n");
    assertThatThrownBy(() -> RuleConfig.load(file, RULES)).isInstanceOf(RuleConfigException.class)
        .hasMessageStartingWith(file + ": ");

    Files.write(file, new byte[] {'a', '.', 'b', '=', (byte) 0xC3, (byte) 0x28});
    assertThatThrownBy(() -> RuleConfig.load(file, RULES)).isInstanceOf(RuleConfigException.class)
        .hasMessageContaining("UTF-8");

    assertThatThrownBy(() -> RuleConfig.load(temp.resolve("missing.properties"), RULES))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void overridesGivenInCodeAreCheckedToo() throws Exception {
    assertThat(RuleConfig.of(Map.of("threads.unbounded.alarmingCount", 5), RULES).overrides())
        .containsEntry("threads.unbounded.alarmingCount", 5.0);
    assertThatThrownBy(() -> RuleConfig.of(Map.of("threads.unbounded.nope", 5), RULES))
        .isInstanceOf(RuleConfigException.class).hasMessageStartingWith("rule threads.unbounded has no threshold");
  }
}
