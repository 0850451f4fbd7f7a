package io.heaplens.html;

import static io.heaplens.html.Model.first;
import static io.heaplens.html.Model.map;
import static io.heaplens.html.Model.rest;

import io.heaplens.analysis.AnalysisReport;
import io.heaplens.analysis.AnalysisReport.Facts;
import io.heaplens.analysis.AnalysisReport.InputFile;
import io.heaplens.analysis.Durations;
import io.heaplens.analysis.HeapSummary;
import io.heaplens.analysis.HeapSummary.DumpFacts;
import io.heaplens.analysis.Verdict;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.RuleError;
import io.heaplens.analysis.rules.RuleRun;
import io.heaplens.analysis.rules.Severity;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the whole model the templates render from one {@link AnalysisReport}: the verdict, the
 * findings, the heap overview, the recording overview and how the report was produced. Every list
 * is capped by {@link Limits} and every string from the dump or the recording cut and cleaned by
 * {@link Text} here, so the templates only lay out and escape.
 */
final class ReportModel {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private ReportModel() {}

  static Map<String, Object> of(AnalysisReport report, Limits limits) {
    HeapSummary heap = report.heap();
    // Retained sizes are parts of the live heap; unreachable garbage retains nothing, so shares are of the live heap.
    long heapBytes = heap == null ? 0 : heap.dump().reachableBytes();
    List<Map<String, Object>> findings = FindingsModel.findings(report.findings(), heapBytes, limits,
        new Budget(limits.findingsText()));
    Map<String, Object> model = map(
        "title", title(report),
        "verdict", verdict(report, limits),
        "findings", findings,
        "moreFindings", report.findings().size() - findings.size(),
        "rules", rules(report, limits, new Budget(limits.rulesText())),
        "produced", produced(report.facts()));
    if (heap != null) {
      model.put("dump", dump(heap, limits));
      model.put("counts", HeapModel.counts(heap.counts()));
      model.put("gcRoots", HeapModel.gcRoots(heap.counts().gcRoots()));
      List<Map<String, Object>> dominators = HeapModel.dominators(heap.dominators(), report.findings(), limits,
          new Budget(limits.dominatorsText()));
      model.put("dominators", dominators);
      model.put("moreDominators", heap.dominators().size() - dominators.size());
      model.put("dominatorShare", HeapModel.dominatorShare(heap.dominators(), limits));
      model.put("histogram", HeapModel.histogram(heap.classes(), heapBytes, limits,
          new Budget(limits.histogramText())));
      model.put("classChart", HeapModel.classChart(heap.classes(), limits));
      model.put("threads", HeapModel.threads(heap.threads(), limits, new Budget(limits.threadsText())));
    }
    if (report.recording() != null) {
      model.put("recording", RecordingModel.of(report.recording(), limits, liveSetFinding(findings)));
    }
    return model;
  }

  /** The anchor of the shown finding of {@link RecordingModel#LIVE_SET_RULE}, or null. */
  private static String liveSetFinding(List<Map<String, Object>> findings) {
    return findings.stream().filter(finding -> RecordingModel.LIVE_SET_RULE.equals(finding.get("ruleId")))
        .map(finding -> (String) finding.get("anchor")).findFirst().orElse(null);
  }

  /** The file the report is about: the heap dump, else the recording, else the first input. */
  private static String title(AnalysisReport report) {
    String file = report.heap() != null || report.recording() != null ? report.subject()
        : report.facts().inputs().isEmpty() ? null : report.facts().inputs().get(0).path();
    return "heaplens: " + (file == null ? "analysis" : Text.line(fileName(file), Text.NAME));
  }

  private static String fileName(String path) {
    int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    return slash >= 0 && slash < path.length() - 1 ? path.substring(slash + 1) : path;
  }

  /**
   * The header's verdict: {@code severity} (the worst finding at medium or above, else "clean", or
   * "partial" when the analysis did not see all of its inputs and so cannot say clean), {@code summary} (the {@link
   * Verdict}'s sentence), {@code notAnalyzed} (what was missed and why), {@code checked} (the rules
   * a clean verdict vouches for), {@code headlines} (the top findings, one sentence each), {@code
   * moreHeadlines}, and {@code rulesFailed} when some rules could not run.
   */
  private static Map<String, Object> verdict(AnalysisReport report, Limits limits) {
    List<Finding> findings = report.findings();
    Verdict verdict = report.verdict();
    boolean serious = report.hasFindingAtLeast(Severity.MEDIUM);
    // A problem found in part of the data is still that problem; only the absence of one needs the whole.
    String severity = serious ? report.worstSeverity().map(Severity::label).orElseThrow()
        : verdict.complete() ? "clean" : "partial";
    List<Map<String, Object>> headlines = new ArrayList<>();
    int number = 0;
    for (Finding finding : first(findings, Math.min(limits.verdictFindings(), limits.findings()))) {
      headlines.add(FindingsModel.headline(finding, ++number));
    }
    List<String> notAnalyzed = new ArrayList<>();
    for (String line : first(verdict.notAnalyzed(), limits.warnings())) {
      notAnalyzed.add(Text.line(line, Text.LINE));
    }
    List<String> checked = new ArrayList<>();
    for (String title : first(verdict.checked(), limits.rules())) {
      checked.add(Text.line(title, Text.NAME));
    }
    return map(
        "severity", severity,
        "summary", Text.line(verdict.headline(), Text.LINE),
        "notAnalyzed", notAnalyzed,
        "checked", serious ? List.of() : checked,
        "headlines", headlines,
        "moreHeadlines", findings.size() - headlines.size(),
        "rulesFailed", report.ruleErrors().isEmpty() ? null
            : Text.plural(report.ruleErrors().size(), "rule", "rules") + " could not run;"
                + " what they look for was not checked.");
  }

  /** "12 rules checked, 1 not applicable, 1 failed" */
  private static String checked(List<RuleRun> runs) {
    long ran = runs.stream().filter(run -> run.outcome() == RuleRun.Outcome.FOUND
        || run.outcome() == RuleRun.Outcome.CLEAN).count();
    long notApplicable = runs.stream().filter(run -> run.outcome() == RuleRun.Outcome.NOT_APPLICABLE).count();
    long failed = runs.stream().filter(run -> run.outcome() == RuleRun.Outcome.FAILED).count();
    String text = Text.plural(ran, "rule", "rules") + " checked";
    if (notApplicable > 0) {
      text += ", " + notApplicable + " not applicable";
    }
    if (failed > 0) {
      text += ", " + failed + " failed";
    }
    return text;
  }

  /** The dump's facts for the header. */
  private static Map<String, Object> dump(HeapSummary heap, Limits limits) {
    DumpFacts dump = heap.dump();
    List<String> warnings = new ArrayList<>();
    for (String warning : first(dump.warnings(), limits.warnings())) {
      warnings.add(Text.line(warning, Text.LINE));
    }
    return map(
        "file", Text.line(dump.file(), Text.LINE),
        "format", Text.line(dump.format(), Text.NAME),
        "timestamp", timestamp(dump.timestamp()),
        "idSize", dump.idSize() + "-byte identifiers",
        "gzip", dump.gzipCompressed(),
        "fileBytes", Text.bytes(dump.fileBytes()),
        "fileBytesExact", Text.exactBytes(dump.fileBytes()),
        "heap", Text.bytes(dump.totalShallowBytes()),
        "heapExact", Text.exactBytes(dump.totalShallowBytes()),
        "reachable", Text.bytes(dump.reachableBytes()),
        "reachableExact", Text.exactBytes(dump.reachableBytes()),
        "objects", Text.count(heap.counts().objects()),
        "classes", Text.count(heap.classes() == null ? 0 : heap.classes().size()),
        "threads", Text.count(heap.threads() == null ? 0 : heap.threads().size()),
        "layout", Text.line(dump.layout(), Text.LINE),
        "truncated", dump.truncated(),
        "warnings", warnings,
        "moreWarnings", rest(dump.warnings(), limits.warnings()));
  }

  /** An ISO-8601 instant as "2024-04-05 19:34:38 UTC"; anything else as given. */
  static String timestamp(String iso) {
    if (iso == null) {
      return null;
    }
    try {
      return TIME.format(Instant.parse(iso));
    } catch (DateTimeParseException e) {
      return Text.line(iso, Text.NAME);
    }
  }

  /** What was checked: {@code runs} and {@code errors}, each capped. */
  private static Map<String, Object> rules(AnalysisReport report, Limits limits, Budget text) {
    List<Map<String, Object>> errors = new ArrayList<>();
    for (RuleError error : first(report.ruleErrors(), limits.rules())) {
      if (text.spent()) {
        break;
      }
      errors.add(map("ruleId", text.line(error.ruleId(), Text.NAME),
          "message", text.line(error.message(), Text.LINE)));
    }
    List<Map<String, Object>> runs = new ArrayList<>();
    for (RuleRun run : first(report.ruleRuns(), limits.rules())) {
      if (text.spent()) {
        break;
      }
      runs.add(map("ruleId", text.line(run.ruleId(), Text.NAME), "title", text.line(run.title(), Text.NAME),
          "outcome", run.outcome().label(), "findings", run.findings(), "time", Durations.format(run.millis())));
    }
    return map("runs", runs, "moreRuns", report.ruleRuns().size() - runs.size(), "checked",
        checked(report.ruleRuns()), "errors", errors, "moreErrors", report.ruleErrors().size() - errors.size());
  }

  /** "heap dump", "flight recording", or the kind as given. */
  private static String kind(String kind) {
    if (InputFile.HEAP_DUMP.equals(kind)) {
      return "heap dump";
    }
    return InputFile.RECORDING.equals(kind) ? "flight recording" : Text.line(kind, Text.NAME);
  }

  /** How the report was produced: {@code version}, {@code inputs}, {@code startedAt}, {@code took}. */
  private static Map<String, Object> produced(Facts facts) {
    List<Map<String, Object>> inputs = new ArrayList<>();
    for (InputFile input : first(facts.inputs(), 20)) {
      inputs.add(map("kind", kind(input.kind()),
          "path", Text.line(input.path(), Text.LINE), "size", Text.bytes(input.bytes()),
          "sizeExact", Text.exactBytes(input.bytes()), "sha256", Text.line(input.sha256(), 64)));
    }
    return map(
        "version", Text.line(facts.heaplensVersion(), Text.NAME),
        "inputs", inputs,
        "startedAt", facts.startedAt() == null ? null : TIME.format(facts.startedAt()),
        "took", Durations.format(facts.wallTimeMillis()));
  }
}
