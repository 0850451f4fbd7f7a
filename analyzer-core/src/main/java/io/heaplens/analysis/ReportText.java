package io.heaplens.analysis;

import io.heaplens.analysis.rules.Culprit;
import io.heaplens.analysis.rules.Evidence;
import io.heaplens.analysis.rules.ExampleObject;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.RecordedStack;
import io.heaplens.analysis.rules.RuleError;
import io.heaplens.analysis.rules.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders an {@link AnalysisReport} for terminals and logs: the findings first, worst first (in
 * full from medium up, one line each below), then the rules that failed, then the heap summary of
 * {@link SummaryText}. Every string is escaped with {@link Printable}: findings quote class and
 * thread names from the dump, which is untrusted.
 */
public final class ReportText {
  /** Findings at medium or above shown in full; the JSON and HTML reports hold all. */
  public static final int FULL_FINDINGS = 10;
  /** Findings below medium shown, one line each. */
  public static final int SHORT_FINDINGS = 5;
  private static final int WIDTH = 100;
  private static final String INDENT = "  ";
  private static final int LABEL_WIDTH = 10;
  private static final int STACK_FRAMES = 6;

  private ReportText() {}

  public static String render(AnalysisReport report) {
    StringBuilder out = new StringBuilder();
    findings(report, out);
    ruleProblems(report, out);
    if (report.heap() != null) {
      out.append('\n').append(SummaryText.render(report.heap()));
    }
    if (report.recording() != null) {
      out.append('\n').append(RecordingText.render(report.recording()));
    }
    return out.toString();
  }

  /**
   * The one-screen summary for CI logs ({@code --summary}): the verdict, what was not analyzed (if
   * anything), then one line per finding, worst first, each {@code [SEVERITY] rule-id  claim}.
   */
  public static String summary(AnalysisReport report) {
    StringBuilder out = new StringBuilder();
    Verdict verdict = report.verdict();
    String headline = Printable.escape(verdict.headline());
    out.append(verdict.complete() ? headline : "PARTIAL ANALYSIS. " + headline).append('\n');
    for (String missing : verdict.notAnalyzed()) {
      out.append("  not read: ").append(Printable.escape(missing)).append('\n');
    }
    for (Finding finding : report.findings()) {
      out.append(headline(finding)).append('\n');
    }
    return out.toString();
  }

  private static void findings(AnalysisReport report, StringBuilder out) {
    List<Finding> serious = report.findingsAtLeast(Severity.MEDIUM);
    List<Finding> minor = report.findings().subList(serious.size(), report.findings().size());
    long liveBytes = report.heap() == null ? 0 : report.heap().dump().reachableBytes();
    line(out, "Findings in %s", Printable.escape(report.facts().inputs().stream().map(input -> input.path())
        .collect(Collectors.joining(" + "))));
    verdict(report.verdict(), serious.isEmpty(), out);
    for (Finding finding : serious.subList(0, Math.min(FULL_FINDINGS, serious.size()))) {
      out.append('\n');
      full(finding, liveBytes, out);
    }
    if (serious.size() > FULL_FINDINGS) {
      line(out, "\n... and %d more findings at medium or above in the JSON or HTML report",
          serious.size() - FULL_FINDINGS);
    }
    if (!minor.isEmpty()) {
      out.append('\n');
      for (Finding finding : minor.subList(0, Math.min(SHORT_FINDINGS, minor.size()))) {
        out.append(headline(finding)).append('\n');
      }
      if (minor.size() > SHORT_FINDINGS) {
        line(out, "... and %d more low or info findings", minor.size() - SHORT_FINDINGS);
      }
    }
  }

  /**
   * The verdict line, upper-case when partial so that a log reader cannot miss it; what was not
   * analyzed; and, when nothing reached medium, which rules vouch for that.
   */
  private static void verdict(Verdict verdict, boolean nothingSerious, StringBuilder out) {
    String headline = Printable.escape(verdict.headline());
    out.append(verdict.complete() ? headline : "PARTIAL ANALYSIS. " + headline).append('\n');
    for (String missing : verdict.notAnalyzed()) {
      field(out, "not read", missing);
    }
    if (nothingSerious && !verdict.checked().isEmpty()) {
      field(out, "checked", String.join("; ", verdict.checked()));
    }
  }

  /** {@code [HIGH] http.unclosed-client  <claim>} */
  private static String headline(Finding finding) {
    return "[" + finding.severity().name() + "] " + Printable.escape(finding.ruleId()) + "  "
        + Printable.escape(finding.claim());
  }

  private static void full(Finding finding, long liveBytes, StringBuilder out) {
    out.append(headline(finding)).append('\n');
    Evidence evidence = finding.evidence();
    if (finding.culprit() != null) {
      field(out, "culprit", culprit(finding.culprit()));
    }
    if (evidence.retainedBytes() > 0) {
      String retained = Bytes.format(evidence.retainedBytes());
      if (liveBytes > 0) {
        retained += String.format(Locale.ROOT, " (%.1f%% of the heap)",
            evidence.retainedBytes() * 100.0 / liveBytes);
      }
      if (evidence.count() > 0) {
        retained += String.format(Locale.ROOT, " in %,d objects", evidence.count());
      }
      field(out, "retained", retained);
    }
    if (!evidence.counts().isEmpty()) {
      field(out, "counts", evidence.counts().entrySet().stream()
          .map(e -> e.getKey() + " " + (e.getValue() == null ? "?" : String.format(Locale.ROOT, "%,d", e.getValue())))
          .collect(Collectors.joining(", ")));
    }
    for (Map.Entry<String, String> fact : evidence.facts().entrySet()) {
      field(out, "fact", fact.getKey() + ": " + fact.getValue());
    }
    if (!evidence.examples().isEmpty()) {
      ExampleObject example = evidence.examples().get(0);
      field(out, "example", String.format(Locale.ROOT, "%s @0x%x retains %s", example.className(),
          example.objectId(), Bytes.format(example.retainedBytes())));
      field(out, "path", SummaryText.path(example.pathFromRoot()));
    }
    if (!evidence.stacks().isEmpty()) {
      RecordedStack stack = evidence.stacks().get(0);
      lines(out, "recorded", stackLines(stack));
    }
    String holder = holder(evidence);
    if (holder != null) {
      field(out, "held by", holder);
    }
    if (finding.recommendation() != null && !finding.recommendation().isBlank()) {
      field(out, "fix", finding.recommendation());
    }
  }

  /** The label, then the innermost frames, each escaped. */
  private static List<String> stackLines(RecordedStack stack) {
    List<String> lines = new ArrayList<>();
    lines.add(Printable.escape(stack.label()));
    for (String frame : stack.frames().subList(0, Math.min(STACK_FRAMES, stack.frames().size()))) {
      lines.add("  at " + Printable.escape(frame));
    }
    return lines;
  }

  private static String culprit(Culprit culprit) {
    String where = culprit.className() + (culprit.method() == null ? "" : "." + culprit.method());
    return culprit.line() > 0 ? where + " (line " + culprit.line() + ")" : where;
  }

  /** The first example's holding thread and frame, else the evidence's holding threads. */
  private static String holder(Evidence evidence) {
    for (ExampleObject example : evidence.examples()) {
      if (example.holdingThread() != null) {
        return "thread \"" + example.holdingThread() + "\""
            + (example.holdingFrame() == null ? "" : " at " + example.holdingFrame());
      }
    }
    List<String> threads = evidence.holdingThreads();
    if (threads.isEmpty()) {
      return null;
    }
    String shown = String.join("; ", threads.subList(0, Math.min(3, threads.size())));
    return threads.size() > 3 ? shown + "; and " + (threads.size() - 3) + " more threads" : shown;
  }

  private static void ruleProblems(AnalysisReport report, StringBuilder out) {
    if (report.ruleErrors().isEmpty()) {
      return;
    }
    line(out, "\nRules that could not run (their anti-patterns were not checked):");
    for (RuleError error : report.ruleErrors()) {
      out.append(INDENT).append(Printable.escape(error.ruleId())).append(": ")
          .append(Printable.escape(error.message())).append('\n');
    }
  }

  /**
   * An indented {@code label  value} line, the value escaped and wrapped at spaces. Line breaks
   * are escaped too, even in text a rule wrote: it may quote names from the dump.
   */
  private static void field(StringBuilder out, String label, String value) {
    lines(out, label, wrap(Printable.escape(value), WIDTH - INDENT.length() - LABEL_WIDTH));
  }

  private static void lines(StringBuilder out, String label, List<String> lines) {
    String lead = INDENT + String.format(Locale.ROOT, "%-" + LABEL_WIDTH + "s", label);
    String hanging = " ".repeat(lead.length());
    for (int i = 0; i < lines.size(); i++) {
      out.append(i == 0 ? lead : hanging).append(lines.get(i)).append('\n');
    }
  }

  /** Wraps one line of text at spaces; a word longer than {@code width} stays whole. */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    String rest = text.strip();
    while (rest.length() > width) {
      int cut = rest.lastIndexOf(' ', width);
      if (cut <= 0) {
        cut = rest.indexOf(' ', width);
        if (cut < 0) {
          break;
        }
      }
      lines.add(rest.substring(0, cut));
      rest = rest.substring(cut + 1).stripLeading();
    }
    lines.add(rest);
    return lines;
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
