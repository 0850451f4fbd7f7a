package io.heaplens.analysis;

import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.RuleError;
import io.heaplens.analysis.rules.RuleRun;
import io.heaplens.analysis.rules.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything one analysis found: the one model every rendering (text, JSON, HTML) reads, so that
 * they cannot disagree on a fact.
 *
 * @param facts how the analysis ran: version, inputs, time
 * @param heap the heap dump's summary, or null when only a recording was analyzed
 * @param recording the recording's summary, or null when only a heap dump was analyzed
 * @param findings the rules' findings, worst first (see {@code RuleEngine.FINDING_ORDER})
 * @param ruleErrors rules that could not run or failed; their anti-patterns were not checked
 * @param ruleRuns every rule run, in rule id order, with its outcome
 */
public record AnalysisReport(
    Facts facts, HeapSummary heap, RecordingSummary recording, List<Finding> findings, List<RuleError> ruleErrors,
    List<RuleRun> ruleRuns) {

  public AnalysisReport {
    findings = List.copyOf(findings);
    ruleErrors = List.copyOf(ruleErrors);
    ruleRuns = List.copyOf(ruleRuns);
  }

  /**
   * @param heaplensVersion the version of heaplens that wrote the report
   * @param startedAt when the analysis started
   * @param wallTimeMillis how long it took, from reading the first input to the last rule
   * @param inputs the files analyzed
   */
  public record Facts(String heaplensVersion, Instant startedAt, long wallTimeMillis, List<InputFile> inputs) {
    public Facts {
      inputs = List.copyOf(inputs);
    }
  }

  /**
   * @param kind {@link #HEAP_DUMP} or {@link #RECORDING}
   * @param path the path as given
   * @param bytes the file's size
   * @param sha256 the file's SHA-256 in lower-case hex, or null when not computed (large files)
   */
  public record InputFile(String kind, String path, long bytes, String sha256) {
    public static final String HEAP_DUMP = "heap-dump";
    public static final String RECORDING = "recording";
  }

  /** The file the report is about, for titles: the heap dump, else the recording. */
  public String subject() {
    return heap != null ? heap.dump().file() : recording.recording().file();
  }

  /** The verdict every rendering heads with: complete or partial, and the answer in one sentence. */
  public Verdict verdict() {
    return Verdict.of(this);
  }

  /** The severity of the worst finding, if any. */
  public Optional<Severity> worstSeverity() {
    return findings.stream().map(Finding::severity).min(Enum::compareTo);
  }

  /** Whether some finding is at least as bad as {@code severity}. */
  public boolean hasFindingAtLeast(Severity severity) {
    return findings.stream().anyMatch(finding -> finding.severity().atLeast(severity));
  }

  /** The findings at least as bad as {@code severity}, in report order. */
  public List<Finding> findingsAtLeast(Severity severity) {
    return findings.stream().filter(finding -> finding.severity().atLeast(severity)).toList();
  }
}
