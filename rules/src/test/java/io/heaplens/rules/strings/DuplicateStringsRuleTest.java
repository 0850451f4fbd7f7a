package io.heaplens.rules.strings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.Severity;
import io.heaplens.rules.ForkedHeapDumps.Analysis;
import io.heaplens.rules.ForkedHeapDumps.Run;
import io.heaplens.rules.ForkedHeapDumps;
import io.heaplens.rules.programs.CustomerImportProgram;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link DuplicateStringsRule} on an import keeping a fresh copy of every row's country, status and
 * city (100,000 rows, 12 distinct values, one of them UTF-16), and on its healthy run that
 * canonicalizes them. The rows are kept in one list, which {@code collection.unbounded-accumulation}
 * reports: the duplicates are folded into that finding, their numbers kept.
 */
class DuplicateStringsRuleTest {
  private static final Run IMPORT = Run.program(CustomerImportProgram.class);
  private static final Run IMPORT_HEALTHY = Run.program(CustomerImportProgram.class, "--healthy");
  /**
   * Three fields per row, plus the 15 literals the rows were copied from, all copies but one per
   * value. The JVM's own strings add a few duplicates of their own.
   */
  private static final long COPIES = 3L * CustomerImportProgram.CUSTOMERS;
  private static ForkedHeapDumps dumps;

  @BeforeAll
  static void runPrograms() {
    dumps = ForkedHeapDumps.start(List.of(IMPORT, IMPORT_HEALTHY));
  }

  @AfterAll
  static void deleteDumps() {
    dumps.close();
  }

  @Test
  void countsEveryCopyWhenAllArraysAreRead() {
    Finding finding = onlyFinding(analyze(IMPORT, Map.of(DuplicateStringsRule.ID + ".maxArrayReads", 1e7)));

    assertFoldedIntoTheAccumulation(finding);
    assertThat(finding.evidence().counts().get("duplicate strings")).isBetween(COPIES, COPIES + 1000);
    assertThat(finding.evidence().counts().get("distinct duplicated values")).isBetween(12L, 200L);
    assertThat(finding.evidence().facts()).doesNotContainKey("sampling");
    // Each copy is a String and a value array of its own; the set of copies retains about the waste.
    long waste = finding.evidence().counts().get("wasted bytes");
    assertThat((double) finding.evidence().retainedBytes()).isCloseTo(waste, within(waste * 0.05));
    // Rows 0, 3, 6, ... are ACTIVE (33,334), plus the literal; every fourth row is in Lodz (25,000), plus the literal.
    assertThat(finding.evidence().facts().values())
        .anySatisfy(value -> assertThat(value).startsWith("\"ACTIVE\" (6 chars) x 33,335,"))
        .anySatisfy(value -> assertThat(value).startsWith("\"\\u0141\\u00f3d\\u017a\" (4 chars) x 25,001,"));
    assertThat(finding.culprit().className()).isEqualTo(CustomerImportProgram.class.getName() + "$Customer");
    assertThat(finding.claim()).containsPattern("^300,\\d{3} duplicate strings \\(\\d+ distinct values\\) waste");
    assertThat(finding.evidence().examples()).hasSize(3);
  }

  @Test
  void estimatesFromASampleWhenThereAreTooManyArraysToRead() {
    Finding finding = onlyFinding(analyze(IMPORT, Map.of(DuplicateStringsRule.ID + ".maxArrayReads", 20_000.0)));

    assertFoldedIntoTheAccumulation(finding);
    assertThat(finding.evidence().facts()).containsKey("sampling");
    assertThat(finding.claim()).startsWith("about ");
    assertThat((double) finding.evidence().counts().get("duplicate strings")).isCloseTo(COPIES, within(COPIES * 0.1));
    assertThat(finding.evidence().facts().values())
        .anySatisfy(value -> assertThat(value).startsWith("\"ACTIVE\" (6 chars) x about 3"));
  }

  /**
   * The rows the finding is about are what {@code collection.unbounded-accumulation} reports: one
   * cause, so this finding is kept at low, pointing there.
   */
  private static void assertFoldedIntoTheAccumulation(Finding finding) {
    assertThat(finding.severity()).isEqualTo(Severity.LOW);
    assertThat(finding.claim()).contains("the collection.unbounded-accumulation finding", "the same cause, reported there");
    assertThat(finding.evidence().facts().get("explained by")).startsWith("the collection.unbounded-accumulation finding");
  }

  @Test
  void canonicalizedValuesAreNoFinding() {
    assertThat(analyze(IMPORT_HEALTHY, Map.of()).findings()).isEmpty();
  }

  @Test
  void shownValuesAreCutAndEscaped() {
    assertThat(DuplicateStringsRule.quote("a\"b\\c\nd\u00e9")).isEqualTo("\"a\\\"b\\\\c\\nd\\u00e9\"");
    assertThat(DuplicateStringsRule.quote("x".repeat(100))).isEqualTo("\"" + "x".repeat(80) + "\"...");
    assertThat(DuplicateStringsRule.quote(null)).isEqualTo("(unreadable)");
  }

  private static Finding onlyFinding(Analysis analysis) {
    assertThat(analysis.findings()).hasSize(1);
    Finding finding = analysis.findings().get(0);
    assertThat(finding.ruleId()).isEqualTo(DuplicateStringsRule.ID);
    return finding;
  }

  private static Analysis analyze(Run run, Map<String, Double> overrides) {
    Analysis analysis = dumps.analyze(run, new DuplicateStringsRule(), overrides);
    System.out.printf("%s on %s %s: %d ms, %s%n", DuplicateStringsRule.ID, run.label(), overrides, analysis.millis(),
        analysis.findings().stream().map(Finding::claim).toList());
    return analysis;
  }
}
