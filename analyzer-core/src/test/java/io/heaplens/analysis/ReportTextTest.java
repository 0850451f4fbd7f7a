package io.heaplens.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.heaplens.analysis.rules.Culprit;
import io.heaplens.analysis.rules.Evidence;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.RuleError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTextTest {

  @Test
  void findingsComeFirstWorstFirstWithTheirEvidenceThenTheSummary() {
    String text = ReportText.render(Reports.report(List.of(
        Reports.finding("http.unclosed-client", 70, 40L << 20, "1,843 HTTP clients are never closed"),
        Reports.finding("cache.per-request", 45, 1L << 20, "per-request caches")), List.of()));
    List<String> lines = text.lines().toList();
    assertThat(lines.get(0)).isEqualTo("Findings in app.hprof");
    int high = lines.indexOf("[HIGH] http.unclosed-client  1,843 HTTP clients are never closed");
    int medium = lines.indexOf("[MEDIUM] cache.per-request  per-request caches");
    int summary = lines.indexOf("Heap dump app.hprof");
    assertThat(high).isPositive();
    assertThat(medium).isGreaterThan(high);
    assertThat(summary).isGreaterThan(medium);
    assertThat(text).doesNotContain("No problem found");
    assertThat(lines.get(1)).isEqualTo("2 problems found at medium or above (1 high, 1 medium); 2 rules checked");
    List<String> first = lines.subList(high + 1, medium);
    assertThat(first).anySatisfy(l -> assertThat(l).isEqualTo("  culprit   com.example.StockClient.fetch (line 42)"));
    assertThat(first).anySatisfy(l -> assertThat(l)
        .isEqualTo("  retained  40.0 MB (40.0% of the heap) in 1,843 objects"));
    assertThat(first).anySatisfy(l -> assertThat(l).isEqualTo("  counts    clients 1,843, sockets 400"));
    assertThat(first).anySatisfy(l -> assertThat(l)
        .isEqualTo("  fact      size distribution: p50 1.0 MB, max 8.0 MB"));
    assertThat(first).anySatisfy(l -> assertThat(l)
        .isEqualTo("  example   com.example.StockClient @0x200 retains 40.0 MB"));
    assertThat(first).anySatisfy(l -> assertThat(l)
        .startsWith("  path      [thread object] Thread -> <local in com.example.Job.run(Job.java:12)>:"));
    assertThat(first).anySatisfy(l -> assertThat(l)
        .isEqualTo("  held by   thread \"worker-1\" at com.example.Job.run(Job.java:12)"));
    assertThat(first).anySatisfy(l -> assertThat(l).isEqualTo("  fix       Create one client and share it."));
  }

  @Test
  void withoutSeriousFindingsItSaysSoAndListsMinorOnesBriefly() {
    List<Finding> minor = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      minor.add(Reports.finding("strings.duplicates" + i, 25, 100, "duplicate strings " + i));
    }
    String text = ReportText.render(Reports.report(minor, List.of()));
    assertThat(text).contains("No problem found at medium or above; 7 rules checked; 7 minor findings below\n"
        + "  checked   Title of strings.duplicates0; Title of strings.duplicates1;");
    assertThat(text).contains("[LOW] strings.duplicates0  duplicate strings 0");
    assertThat(text).as("low findings get one line").doesNotContain("culprit");
    assertThat(text).contains("... and 2 more low or info findings");
    assertThat(text.indexOf("No problem found")).isLessThan(text.indexOf("Heap dump app.hprof"));

    assertThat(ReportText.render(Reports.report(List.of(), List.of())))
        .startsWith("Findings in app.hprof\nNo problem found at medium or above; 0 rules checked\n");
  }

  @Test
  void ruleErrorsAreListedSoAMissingFindingIsNotMistakenForHealth() {
    String text = ReportText.render(Reports.report(List.of(),
        List.of(new RuleError("http.unclosed-client", "failed: NullPointerException (at X.y(X.java:1))"))));
    assertThat(text).startsWith("Findings in app.hprof\nPARTIAL ANALYSIS. Partial analysis: 1 rule failed;")
        .doesNotContain("No problem found");
    assertThat(text).contains("Rules that could not run (their anti-patterns were not checked):\n"
        + "  http.unclosed-client: failed: NullPointerException (at X.y(X.java:1))\n");
  }

  @Test
  void stringsFromTheDumpCannotForgeLinesOrDriveTheTerminal() {
    String evil = "com.example.Evil\u001b[2J\nFORGED LINE";
    Finding finding = new Finding("x.evil", 90, "t", "claim about " + evil, null,
        new Evidence(1, 1, java.util.Map.of(evil, 1L), java.util.Map.of("name", evil), List.of(),
            List.of(evil)),
        new Culprit(evil, null, -1), "close " + evil);
    String text = ReportText.render(Reports.report(List.of(finding), List.of(new RuleError("x.other", evil))));
    assertThat(text).doesNotContain("\u001b");
    assertThat(text.lines()).noneMatch(l -> l.startsWith("FORGED") || l.strip().startsWith("FORGED"));
    assertThat(text).contains("\\u001b[2J\\u000aFORGED LINE");
  }

  @Test
  void longRecommendationsWrapUnderTheirLabel() {
    String advice = "word ".repeat(60).strip() + " Second sentence.";
    Finding finding = new Finding("x.long", 60, "t", "claim", null, Evidence.none(), null, advice);
    List<String> lines = ReportText.render(Reports.report(List.of(finding), List.of())).lines().toList();
    int fix = 0;
    while (!lines.get(fix).startsWith("  fix")) {
      fix++;
    }
    int end = fix + 1;
    while (lines.get(end).startsWith(" ".repeat(12) + "word")) {
      end++;
    }
    List<String> block = lines.subList(fix, end);
    assertThat(block).hasSizeGreaterThan(2).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(100));
    assertThat(block.get(block.size() - 1)).endsWith("Second sentence.");
    assertThat(lines).noneMatch(l -> l.startsWith("  retained"));
  }
}
