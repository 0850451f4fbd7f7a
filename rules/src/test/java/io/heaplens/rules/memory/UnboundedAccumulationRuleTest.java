package io.heaplens.rules.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.Severity;
import io.heaplens.rules.ForkedHeapDumps.Analysis;
import io.heaplens.rules.ForkedHeapDumps.Run;
import io.heaplens.rules.ForkedHeapDumps;
import io.heaplens.rules.programs.SessionRegistryProgram;
import io.heaplens.samples.SampleCatalog;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link UnboundedAccumulationRule} on the paging sample (every customer kept, or every page kept)
 * and its healthy twin, and on a session registry that is never trimmed.
 */
class UnboundedAccumulationRuleTest {
  private static final String PAGING = "paging-accumulation";
  private static final Run REGISTRY = Run.program(SessionRegistryProgram.class);
  private static final Run REGISTRY_HEALTHY = Run.program(SessionRegistryProgram.class, "--healthy");
  private static ForkedHeapDumps dumps;

  @BeforeAll
  static void runPrograms() {
    dumps = ForkedHeapDumps.start(List.of(Run.sample(PAGING, "records", false), Run.sample(PAGING, "pages", false),
        Run.sample(PAGING, "records", true), REGISTRY, REGISTRY_HEALTHY));
  }

  @AfterAll
  static void deleteDumps() {
    dumps.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"records", "pages"})
  void findsThePagingClientKeepingEveryPage(String variant) {
    Run run = Run.sample(PAGING, variant, false);
    Finding finding = onlyFinding(run);
    String culprit = SampleCatalog.byId(PAGING).variant(variant).culpritClass();

    assertThat(finding.severity().atLeast(Severity.HIGH)).as("severity %s", finding.severity()).isTrue();
    assertThat(finding.culprit().className()).isEqualTo(culprit);
    assertThat(finding.culprit().method()).isEqualTo(variant.equals("records") ? "exportAllAtOnce" : "exportPagesAtOnce");
    assertThat(finding.evidence().counts()).containsEntry("collections", 1L).containsEntry("rows", 100_000L);
    assertThat(finding.evidence().holdingThreads()).singleElement().asString().contains(culprit);
    assertThat(finding.evidence().facts().get("element class")).contains(culprit + "$Customer");
    if (variant.equals("pages")) {
      assertThat(finding.evidence().counts()).containsEntry("elements", 200L);
      assertThat(finding.evidence().facts().get("growth shape")).startsWith("pages");
      assertThat(finding.claim()).contains("200", "pages of about 500", "100,000 rows");
    } else {
      assertThat(finding.evidence().counts()).containsEntry("elements", 100_000L);
      assertThat(finding.claim()).contains("100,000");
    }
    assertThat(finding.evidence().examples()).isNotEmpty();
    assertThat(finding.evidence().examples().get(0).className()).isEqualTo("java.util.ArrayList");
  }

  @Test
  void findsTheRegistryNobodyTrims() {
    Finding finding = onlyFinding(REGISTRY);

    assertThat(finding.severity().atLeast(Severity.HIGH)).as("severity %s", finding.severity()).isTrue();
    assertThat(finding.culprit().className()).isEqualTo(SessionRegistryProgram.class.getName() + "$SessionRegistry");
    assertThat(finding.evidence().counts()).containsEntry("elements", 150_000L);
    assertThat(finding.evidence().facts().get("held by")).contains("static field SESSIONS_BY_ID");
    assertThat(finding.recommendation()).contains("maximum size");
  }

  @Test
  void healthyRunsHaveNoFindingAtMediumOrAbove() {
    for (Run run : List.of(Run.sample(PAGING, "records", true), REGISTRY_HEALTHY)) {
      Analysis analysis = analyze(run);
      assertThat(analysis.findings()).as("findings on %s", run.label())
          .noneMatch(finding -> finding.severity().atLeast(Severity.MEDIUM));
    }
  }

  private static Finding onlyFinding(Run run) {
    Analysis analysis = analyze(run);
    assertThat(analysis.findings()).as("findings on %s", run.label()).hasSize(1);
    Finding finding = analysis.findings().get(0);
    assertThat(finding.ruleId()).isEqualTo(UnboundedAccumulationRule.ID);
    return finding;
  }

  private static Analysis analyze(Run run) {
    Analysis analysis = dumps.analyze(run, new UnboundedAccumulationRule());
    System.out.printf("%s on %s: %d ms, %s%n", UnboundedAccumulationRule.ID, run.label(), analysis.millis(),
        analysis.findings().stream().map(Finding::claim).toList());
    return analysis;
  }
}
