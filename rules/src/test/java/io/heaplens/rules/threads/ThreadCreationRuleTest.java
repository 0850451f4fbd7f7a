package io.heaplens.rules.threads;

import static org.assertj.core.api.Assertions.assertThat;

import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.Severity;
import io.heaplens.rules.ForkedHeapDumps.Analysis;
import io.heaplens.rules.ForkedHeapDumps.Run;
import io.heaplens.rules.ForkedHeapDumps;
import io.heaplens.rules.programs.ExecutorCreatorsProgram;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ThreadCreationRule} on services that each make an executor per call, from the dump alone:
 * one finding per creator, never one for several; the creator named where the dump points to it (the
 * tasks queued on its executors, its thread factory), saying how, and no class named where nothing does.
 */
class ThreadCreationRuleTest {
  private static final Run CREATORS = Run.program(ExecutorCreatorsProgram.class);
  private static final Run CREATORS_HEALTHY = Run.program(ExecutorCreatorsProgram.class, "--healthy");
  private static final String PROGRAM = ExecutorCreatorsProgram.class.getName();
  private static ForkedHeapDumps dumps;

  @BeforeAll
  static void runPrograms() {
    dumps = ForkedHeapDumps.start(List.of(CREATORS, CREATORS_HEALTHY));
  }

  @AfterAll
  static void deleteDumps() {
    dumps.close();
  }

  @Test
  void executorsOfEachCreatorAreOneFinding() {
    List<Finding> findings = analyze(CREATORS).findings();

    assertThat(findings).hasSize(3);
    assertThat(findingAbout(findings, "reconcile-N").evidence().count()).isEqualTo(ExecutorCreatorsProgram.RECONCILIATIONS);
    // Audit and pricing executors are both ThreadPoolExecutors: their factories and thread names tell them apart.
    assertThat(findingAbout(findings, "audit-N").evidence().count()).isEqualTo(ExecutorCreatorsProgram.AUDITS);
    assertThat(findingAbout(findings, "pool-N-thread-M").evidence().count()).isEqualTo(ExecutorCreatorsProgram.QUOTES);
  }

  @Test
  void theQueuedTasksNameTheCreatorAndSaySo() {
    Finding reconciling = findingAbout(analyze(CREATORS).findings(), "reconcile-N");

    assertThat(reconciling.culprit()).isNotNull();
    assertThat(reconciling.culprit().className()).isEqualTo(PROGRAM + "$Reconciling");
    assertThat(reconciling.claim()).contains("inferred from the tasks queued on these executors");
  }

  @Test
  void theThreadFactoryNamesTheCreatorAndSaysSo() {
    Finding auditing = findingAbout(analyze(CREATORS).findings(), "audit-N");

    assertThat(auditing.culprit()).isNotNull();
    assertThat(auditing.culprit().className()).isEqualTo(PROGRAM + "$Auditing");
    assertThat(auditing.claim()).contains("inferred from the thread factory these executors were built with");
  }

  @Test
  void executorsNothingPointsBackFromNameNoClass() {
    Finding pricing = findingAbout(analyze(CREATORS).findings(), "pool-N-thread-M");

    assertThat(pricing.culprit()).isNull();
    assertThat(pricing.claim()).contains("the dump does not show who created them", "jdk.ThreadStart");
  }

  @Test
  void sharedPoolsAreNotFlagged() {
    assertThat(analyze(CREATORS_HEALTHY).findings())
        .noneMatch(finding -> finding.severity().atLeast(Severity.LOW));
  }

  private static Finding findingAbout(List<Finding> findings, String threadPattern) {
    List<Finding> about = findings.stream()
        .filter(f -> f.evidence().facts().getOrDefault("thread names", "").startsWith(threadPattern)).toList();
    assertThat(about).as("findings about %s threads among %s", threadPattern, findings).hasSize(1);
    return about.get(0);
  }

  private static Analysis analyze(Run run) {
    Analysis analysis = dumps.analyze(run, new ThreadCreationRule());
    System.out.printf("%s on %s: %d ms, %s%n", ThreadCreationRule.ID, run.label(), analysis.millis(),
        analysis.findings().stream().map(f -> "[" + f.severity() + "] " + f.claim()).toList());
    return analysis;
  }
}
