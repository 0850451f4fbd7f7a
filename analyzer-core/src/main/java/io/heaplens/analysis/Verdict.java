package io.heaplens.analysis;

import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.RuleError;
import io.heaplens.analysis.rules.RuleRun;
import io.heaplens.analysis.rules.Severity;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The answer every rendering heads with, decided once so that the text, the JSON and the HTML cannot
 * disagree: whether the analysis saw all of its inputs, what it could not analyze and why, and one
 * sentence. A partial analysis never reads as clean: when a dump is truncated, a recording lost
 * chunks or a rule failed, the sentence says so first, and "no problem found" is not said.
 *
 * @param complete whether every input was read whole and every rule ran
 * @param notAnalyzed what could not be analyzed and why, one line each; empty when complete
 * @param headline the verdict in one sentence
 * @param checked the titles of the rules that ran, what a clean verdict vouches for
 */
public record Verdict(boolean complete, List<String> notAnalyzed, String headline, List<String> checked) {

  public Verdict {
    notAnalyzed = List.copyOf(notAnalyzed);
    checked = List.copyOf(checked);
  }

  /** The verdict on {@code report}. */
  public static Verdict of(AnalysisReport report) {
    List<String> notAnalyzed = notAnalyzed(report);
    List<String> checked = report.ruleRuns().stream()
        .filter(run -> run.outcome() == RuleRun.Outcome.FOUND || run.outcome() == RuleRun.Outcome.CLEAN)
        .map(RuleRun::title).toList();
    List<Finding> serious = report.findingsAtLeast(Severity.MEDIUM);
    int minor = report.findings().size() - serious.size();
    String rules = plural(checked.size(), "rule") + " checked";
    String headline;
    if (!notAnalyzed.isEmpty()) {
      headline = "Partial analysis: " + partsMissing(report) + "; "
          + (serious.isEmpty()
              ? "no problem found at medium or above in what was read, which does not make it clean"
              : problems(serious) + " in what was read")
          + " (" + rules + ")";
    } else if (serious.isEmpty()) {
      headline = "No problem found at medium or above; " + rules
          + (minor == 0 ? "" : "; " + plural(minor, "minor finding") + " below");
    } else {
      headline = problems(serious) + "; " + rules + (minor == 0 ? "" : "; " + plural(minor, "minor finding"));
    }
    return new Verdict(notAnalyzed.isEmpty(), notAnalyzed, headline, checked);
  }

  /** "3 problems found at medium or above (1 critical, 2 high)" */
  private static String problems(List<Finding> serious) {
    Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
    serious.forEach(finding -> bySeverity.merge(finding.severity(), 1, Integer::sum));
    List<String> parts = new ArrayList<>();
    bySeverity.forEach((severity, n) -> parts.add(n + " " + severity.label()));
    return plural(serious.size(), "problem") + " found at medium or above (" + String.join(", ", parts) + ")";
  }

  /** "the heap dump is truncated and 1 rule failed" */
  private static String partsMissing(AnalysisReport report) {
    List<String> parts = new ArrayList<>();
    if (report.heap() != null && report.heap().dump().truncated()) {
      parts.add("the heap dump is truncated");
    }
    if (report.recording() != null && !report.recording().unread().isEmpty()) {
      parts.add("part of the recording could not be read");
    }
    if (!report.ruleErrors().isEmpty()) {
      parts.add(plural(report.ruleErrors().size(), "rule") + " failed");
    }
    return String.join(" and ", parts);
  }

  private static List<String> notAnalyzed(AnalysisReport report) {
    List<String> lines = new ArrayList<>();
    HeapSummary heap = report.heap();
    if (heap != null && heap.dump().truncated()) {
      List<String> cuts = heap.dump().warnings().stream()
          .filter(warning -> warning.toLowerCase(Locale.ROOT).contains("truncated")).toList();
      lines.add("heap dump: " + (cuts.isEmpty() ? "the file is truncated" : String.join("; ", cuts))
          + "; objects, references and GC roots written after that point are missing");
      if (heap.counts().gcRoots().isEmpty() && heap.counts().objects() > 0) {
        lines.add("heap dump: no GC root was read, so nothing counts as reachable and every retained size is 0");
      }
    }
    if (report.recording() != null) {
      report.recording().unread().forEach(part -> lines.add("recording: " + part));
    }
    for (RuleError error : report.ruleErrors()) {
      lines.add("rule " + error.ruleId() + ": " + error.message());
    }
    return lines;
  }

  private static String plural(long n, String noun) {
    return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
  }
}
