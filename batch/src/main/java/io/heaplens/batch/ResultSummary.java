package io.heaplens.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.heaplens.analysis.rules.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The facts of an {@code analysis.json} that an index or a history shows: the worst severity, the
 * number of findings and the first few of them with their culprits.
 *
 * @param worstSeverity lower-case severity of the worst finding, or null without findings
 * @param findings the number of findings
 * @param topFindings the first {@link #TOP} findings at medium or above, in the report's order (most
 *     severe first); the first findings of any severity when none reaches medium. A fleet's index
 *     should show causes, not the low findings a cause's finding already explains.
 * @param rules every rule with a finding, with the worst severity of its findings
 */
public record ResultSummary(String worstSeverity, int findings, List<ResultRecord.TopFinding> topFindings,
    Map<String, String> rules) {
  /** How many findings a summary keeps. */
  public static final int TOP = 3;

  /**
   * Reads the summary of an analysis JSON as {@code analyze --json} writes it.
   *
   * @throws IOException the file cannot be read or is not an analysis
   */
  public static ResultSummary read(Path analysisJson) throws IOException {
    JsonNode root;
    try (InputStream in = Files.newInputStream(analysisJson)) {
      root = ResultRecord.JSON.readTree(in);
    }
    JsonNode findings = root == null ? null : root.get("findings");
    if (findings == null || !findings.isArray()) {
      throw new IOException(analysisJson + " is not an analysis: it has no findings list");
    }
    Severity worst = null;
    List<ResultRecord.TopFinding> top = new ArrayList<>();
    List<ResultRecord.TopFinding> minor = new ArrayList<>();
    Map<String, Severity> rules = new TreeMap<>();
    for (JsonNode finding : findings) {
      Severity severity = Severity.parse(finding.path("severity").asText("info"));
      if (worst == null || severity.atLeast(worst)) {
        worst = severity;
      }
      rules.merge(finding.path("ruleId").asText(), severity, (a, b) -> a.atLeast(b) ? a : b);
      List<ResultRecord.TopFinding> shown = severity.atLeast(Severity.MEDIUM) ? top : minor;
      if (shown.size() < TOP) {
        shown.add(new ResultRecord.TopFinding(finding.path("ruleId").asText(), severity.label(),
            finding.path("claim").asText(), culprit(finding.get("culprit"))));
      }
    }
    Map<String, String> ruleLabels = new TreeMap<>();
    rules.forEach((rule, severity) -> ruleLabels.put(rule, severity.label()));
    return new ResultSummary(worst == null ? null : worst.label(), findings.size(), top.isEmpty() ? minor : top,
        ruleLabels);
  }

  private static String culprit(JsonNode culprit) {
    if (culprit == null || culprit.isNull() || !culprit.hasNonNull("class")) {
      return null;
    }
    StringBuilder text = new StringBuilder(culprit.get("class").asText());
    if (culprit.hasNonNull("method")) {
      text.append('.').append(culprit.get("method").asText());
    }
    if (culprit.hasNonNull("line")) {
      text.append(" (line ").append(culprit.get("line").asInt()).append(')');
    }
    return text.toString();
  }
}
