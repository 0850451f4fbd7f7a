package io.heaplens.rules.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.Severity;
import io.heaplens.rules.ForkedHeapDumps.Analysis;
import io.heaplens.rules.ForkedHeapDumps.Run;
import io.heaplens.rules.ForkedHeapDumps;
import io.heaplens.rules.programs.SessionRegistryProgram;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link LeakSuspectRule} on a session registry that is never trimmed (and its healthy run), on one
 * big lookup table (big, but no accumulation), and on the paging sample and its healthy twin. The
 * registry's map and the paging sample's list are what {@code collection.unbounded-accumulation}
 * reports: the suspects are folded into those findings, their analysis kept.
 */
class LeakSuspectRuleTest {
  private static final Run REGISTRY = Run.program(SessionRegistryProgram.class);
  private static final Run REGISTRY_HEALTHY = Run.program(SessionRegistryProgram.class, "--healthy");
  private static final Run TABLE = Run.program(SessionRegistryProgram.class, "--table");
  private static final Run PAGING = Run.sample("paging-accumulation", "records", false);
  private static final Run PAGING_HEALTHY = Run.sample("paging-accumulation", "records", true);
  private static ForkedHeapDumps dumps;

  @BeforeAll
  static void runPrograms() {
    dumps = ForkedHeapDumps.start(List.of(REGISTRY, REGISTRY_HEALTHY, TABLE, PAGING, PAGING_HEALTHY));
  }

  @AfterAll
  static void deleteDumps() {
    dumps.close();
  }

  @Test
  void findsTheRegistryAndItsAccumulationPoint() {
    Finding finding = largest(analyze(REGISTRY));

    assertFoldedIntoTheAccumulation(finding);
    String registry = SessionRegistryProgram.class.getName() + "$SessionRegistry";
    // The registry class is no GC root: its loader is the top-level object, and the walk passes its statics.
    assertThat(finding.claim()).contains("java.util.HashMap with 150,000 elements",
        "in the static fields of class " + registry);
    assertThat(finding.evidence().counts()).containsEntry("elements at accumulation point", 150_000L);
    assertThat(finding.evidence().facts().get("accumulation point")).startsWith("java.util.HashMap");
    assertThat(finding.evidence().facts().get("shape")).startsWith("accumulation");
    assertThat(finding.culprit().className()).isEqualTo(registry);
    assertThat(finding.evidence().examples()).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void oneBigTableIsAtMostMedium() {
    Finding finding = largest(analyze(TABLE));

    assertThat(finding.claim()).contains(SessionRegistryProgram.class.getName() + "$RateTable", "long[]");
    assertThat(finding.evidence().facts().get("shape")).startsWith("big structure");
    assertThat(finding.severity()).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void findsThePagingClientsList() {
    Finding finding = largest(analyze(PAGING));

    assertFoldedIntoTheAccumulation(finding);
    assertThat(finding.claim()).contains("java.util.ArrayList with 100,000 elements");
    assertThat(finding.culprit().className()).isEqualTo("io.heaplens.samples.pagingaccumulation.CustomerExportJob");
    assertThat(finding.culprit().method()).isEqualTo("exportAllAtOnce");
  }

  @Test
  void healthyRunsHaveNoSuspectAtMediumOrAbove() {
    for (Run run : List.of(REGISTRY_HEALTHY, PAGING_HEALTHY)) {
      assertThat(analyze(run).findings()).as("findings on %s", run.label())
          .noneMatch(finding -> finding.severity().atLeast(Severity.MEDIUM));
    }
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

  private static Finding largest(Analysis analysis) {
    assertThat(analysis.findings()).isNotEmpty().allSatisfy(f -> assertThat(f.ruleId()).isEqualTo(LeakSuspectRule.ID));
    return analysis.findings().stream()
        .max((a, b) -> Long.compare(a.evidence().retainedBytes(), b.evidence().retainedBytes())).orElseThrow();
  }

  private static Analysis analyze(Run run) {
    Analysis analysis = dumps.analyze(run, new LeakSuspectRule());
    System.out.printf("%s on %s: %d ms, %s%n", LeakSuspectRule.ID, run.label(), analysis.millis(),
        analysis.findings().stream().map(f -> "[" + f.severity() + "] " + f.claim()).toList());
    return analysis;
  }
}
