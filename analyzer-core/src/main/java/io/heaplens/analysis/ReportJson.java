package io.heaplens.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.heaplens.analysis.AnalysisReport.InputFile;
import io.heaplens.analysis.HeapSummary.ClassRow;
import io.heaplens.analysis.HeapSummary.Counts;
import io.heaplens.analysis.HeapSummary.DominatorRow;
import io.heaplens.analysis.HeapSummary.DumpFacts;
import io.heaplens.analysis.HeapSummary.PathStep;
import io.heaplens.analysis.HeapSummary.ThreadRow;
import io.heaplens.analysis.rules.Culprit;
import io.heaplens.analysis.rules.Evidence;
import io.heaplens.analysis.rules.ExampleObject;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.RecordedStack;
import io.heaplens.analysis.rules.RuleError;
import io.heaplens.analysis.rules.RuleRun;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Writes an {@link AnalysisReport} as the JSON document of the README. The field names are spelled
 * out here with {@link JsonProperty} rather than taken from the Java names, so renaming a Java
 * component cannot change the schema. The heap summary parts ({@code dump}, {@code counts}, {@code
 * classes}, {@code dominators}, {@code threads}) are the {@link HeapSummary} records as they are,
 * whose component names are frozen for that reason.
 *
 * <p>Top-level fields: {@code schemaVersion}, {@code heaplensVersion}, {@code verdict} (the {@link
 * Verdict}'s sentence), {@code complete} and {@code notAnalyzed} (whether the analysis saw all of its
 * inputs, and if not what it missed and why), {@code analysis} (start
 * time, wall time, inputs with size and SHA-256, each rule's outcome), {@code findings} (worst
 * first), {@code ruleErrors}, then the heap summary and the {@link RecordingSummary} as {@code
 * recording}, each when that input was given.
 */
public final class ReportJson {
  /** Bumped when a field changes meaning or goes away; adding fields does not bump it. */
  public static final int SCHEMA_VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private ReportJson() {}

  /** Writes the document; {@code out} is flushed, not closed. */
  public static void write(AnalysisReport report, OutputStream out) throws IOException {
    MAPPER.writeValue(out, document(report));
    out.flush();
  }

  /** The document as a string (tests, a server's response). */
  public static String toJson(AnalysisReport report) throws IOException {
    return MAPPER.writeValueAsString(document(report));
  }

  static Document document(AnalysisReport report) {
    AnalysisReport.Facts facts = report.facts();
    HeapSummary heap = report.heap();
    Verdict verdict = report.verdict();
    return new Document(SCHEMA_VERSION, facts.heaplensVersion(), verdict.headline(), verdict.complete(),
        verdict.notAnalyzed(),
        new Analysis(facts.startedAt().toString(), facts.wallTimeMillis(),
            facts.inputs().stream().map(ReportJson::input).toList(),
            report.ruleRuns().stream().map(ReportJson::ruleRun).toList()),
        report.findings().stream().map(ReportJson::finding).toList(),
        report.ruleErrors().stream().map(ReportJson::ruleError).toList(),
        heap == null ? null : heap.dump(), heap == null ? null : heap.counts(),
        heap == null ? null : heap.classes(), heap == null ? null : heap.dominators(),
        heap == null ? null : heap.threads(), report.recording());
  }

  private static Input input(InputFile input) {
    return new Input(input.kind(), input.path(), input.bytes(), input.sha256());
  }

  private static Rule ruleRun(RuleRun run) {
    return new Rule(run.ruleId(), run.title(), run.outcome().label(), run.findings(), run.millis());
  }

  private static FindingJson finding(Finding finding) {
    Evidence evidence = finding.evidence();
    Culprit culprit = finding.culprit();
    return new FindingJson(finding.ruleId(), finding.severity().label(), finding.score(),
        finding.title(), finding.claim(), finding.explanation(), evidence.retainedBytes(),
        evidence.count(), evidence.counts(), evidence.facts(),
        culprit == null ? null : new CulpritJson(culprit.className(), culprit.method(),
            culprit.line() > 0 ? culprit.line() : null),
        evidence.examples().stream().map(ReportJson::example).toList(),
        evidence.holdingThreads(), evidence.stacks().stream().map(ReportJson::stack).toList(),
        finding.recommendation());
  }

  private static Example example(ExampleObject example) {
    return new Example(example.objectId(), example.className(), example.shallowBytes(),
        example.retainedBytes(), example.pathFromRoot().stream().map(ReportJson::step).toList(),
        example.holdingThread(), example.holdingFrame());
  }

  private static Step step(PathStep step) {
    return new Step(step.objectId(), step.className(), step.retainedBytes(), step.via(), step.rootKinds());
  }

  private static StackJson stack(RecordedStack stack) {
    return new StackJson(stack.label(), stack.frames());
  }

  private static ErrorJson ruleError(RuleError error) {
    return new ErrorJson(error.ruleId(), error.message());
  }

  // ---- the schema -------------------------------------------------------------------------

  /** The heap parts are left out when only a recording was analyzed, {@code recording} when only a dump. */
  @JsonPropertyOrder({"schemaVersion", "heaplensVersion", "verdict", "complete", "notAnalyzed", "analysis",
      "findings", "ruleErrors",
      "dump", "counts", "classes", "dominators", "threads", "recording"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Document(
      @JsonProperty("schemaVersion") int schemaVersion,
      @JsonProperty("heaplensVersion") String heaplensVersion,
      @JsonProperty("verdict") String verdict,
      @JsonProperty("complete") boolean complete,
      @JsonProperty("notAnalyzed") List<String> notAnalyzed,
      @JsonProperty("analysis") Analysis analysis,
      @JsonProperty("findings") List<FindingJson> findings,
      @JsonProperty("ruleErrors") List<ErrorJson> ruleErrors,
      @JsonProperty("dump") DumpFacts dump,
      @JsonProperty("counts") Counts counts,
      @JsonProperty("classes") List<ClassRow> classes,
      @JsonProperty("dominators") List<DominatorRow> dominators,
      @JsonProperty("threads") List<ThreadRow> threads,
      @JsonProperty("recording") RecordingSummary recording) {}

  @JsonPropertyOrder({"startedAt", "wallTimeMillis", "inputs", "rules"})
  record Analysis(
      @JsonProperty("startedAt") String startedAt,
      @JsonProperty("wallTimeMillis") long wallTimeMillis,
      @JsonProperty("inputs") List<Input> inputs,
      @JsonProperty("rules") List<Rule> rules) {}

  @JsonPropertyOrder({"kind", "path", "bytes", "sha256"})
  record Input(
      @JsonProperty("kind") String kind,
      @JsonProperty("path") String path,
      @JsonProperty("bytes") long bytes,
      @JsonProperty("sha256") String sha256) {}

  @JsonPropertyOrder({"ruleId", "title", "outcome", "findings", "millis"})
  record Rule(
      @JsonProperty("ruleId") String ruleId,
      @JsonProperty("title") String title,
      @JsonProperty("outcome") String outcome,
      @JsonProperty("findings") int findings,
      @JsonProperty("millis") long millis) {}

  @JsonPropertyOrder({"ruleId", "severity", "score", "title", "claim", "explanation", "retainedBytes",
      "count", "counts", "facts", "culprit", "examples", "holdingThreads", "stacks", "recommendation"})
  record FindingJson(
      @JsonProperty("ruleId") String ruleId,
      @JsonProperty("severity") String severity,
      @JsonProperty("score") int score,
      @JsonProperty("title") String title,
      @JsonProperty("claim") String claim,
      @JsonProperty("explanation") String explanation,
      @JsonProperty("retainedBytes") long retainedBytes,
      @JsonProperty("count") long count,
      @JsonProperty("counts") Map<String, Long> counts,
      @JsonProperty("facts") Map<String, String> facts,
      @JsonProperty("culprit") CulpritJson culprit,
      @JsonProperty("examples") List<Example> examples,
      @JsonProperty("holdingThreads") List<String> holdingThreads,
      @JsonProperty("stacks") List<StackJson> stacks,
      @JsonProperty("recommendation") String recommendation) {}

  /** A creating or allocating stack from the recording, innermost frame first. */
  @JsonPropertyOrder({"label", "frames"})
  record StackJson(
      @JsonProperty("label") String label,
      @JsonProperty("frames") List<String> frames) {}

  /** {@code method} and {@code line} are null when unknown. */
  @JsonPropertyOrder({"class", "method", "line"})
  record CulpritJson(
      @JsonProperty("class") String className,
      @JsonProperty("method") String method,
      @JsonProperty("line") Integer line) {}

  @JsonPropertyOrder({"objectId", "class", "shallowBytes", "retainedBytes", "pathFromRoot",
      "holdingThread", "holdingFrame"})
  record Example(
      @JsonProperty("objectId") long objectId,
      @JsonProperty("class") String className,
      @JsonProperty("shallowBytes") long shallowBytes,
      @JsonProperty("retainedBytes") long retainedBytes,
      @JsonProperty("pathFromRoot") List<Step> pathFromRoot,
      @JsonProperty("holdingThread") String holdingThread,
      @JsonProperty("holdingFrame") String holdingFrame) {}

  /** The same fields as a dominator's path steps. */
  @JsonPropertyOrder({"objectId", "className", "retainedBytes", "via", "rootKinds"})
  record Step(
      @JsonProperty("objectId") long objectId,
      @JsonProperty("className") String className,
      @JsonProperty("retainedBytes") long retainedBytes,
      @JsonProperty("via") String via,
      @JsonProperty("rootKinds") List<String> rootKinds) {}

  @JsonPropertyOrder({"ruleId", "message"})
  record ErrorJson(
      @JsonProperty("ruleId") String ruleId,
      @JsonProperty("message") String message) {}
}
