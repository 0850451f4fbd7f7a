package io.heaplens.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heaplens.analysis.rules.Evidence;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.RuleError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportJsonTest {
  private static JsonNode json(AnalysisReport report) throws Exception {
    return new ObjectMapper().readTree(ReportJson.toJson(report));
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void theDocumentHasTheDocumentedFieldsInOrder() throws Exception {
    JsonNode root = json(Reports.report(
        List.of(Reports.finding("http.unclosed-client", 70, 4096, "1,843 HTTP clients are never closed")),
        List.of(new RuleError("x.broken", "failed: boom"))));
    assertThat(names(root)).containsExactly("schemaVersion", "heaplensVersion", "verdict", "complete", "notAnalyzed",
        "analysis", "findings", "ruleErrors", "dump", "counts", "classes", "dominators", "threads");
    assertThat(root.path("complete").asBoolean()).as("a rule failed").isFalse();
    assertThat(root.path("notAnalyzed").get(0).asText()).isEqualTo("rule x.broken: failed: boom");
    assertThat(root.path("verdict").asText()).startsWith("Partial analysis: 1 rule failed; 1 problem found");
    assertThat(root.path("schemaVersion").asInt()).isEqualTo(ReportJson.SCHEMA_VERSION);
    assertThat(root.path("heaplensVersion").asText()).isEqualTo("1.2.3");

    JsonNode analysis = root.path("analysis");
    assertThat(names(analysis)).containsExactly("startedAt", "wallTimeMillis", "inputs", "rules");
    assertThat(analysis.path("startedAt").asText()).isEqualTo("2024-04-05T20:00:00Z");
    assertThat(analysis.path("wallTimeMillis").asLong()).isEqualTo(1234);
    assertThat(names(analysis.path("inputs").get(0))).containsExactly("kind", "path", "bytes", "sha256");
    assertThat(analysis.path("inputs").get(0).path("kind").asText()).isEqualTo("heap-dump");
    assertThat(analysis.path("inputs").get(0).path("sha256").asText()).hasSize(64);
    assertThat(names(analysis.path("rules").get(0)))
        .containsExactly("ruleId", "title", "outcome", "findings", "millis");
    assertThat(analysis.path("rules").get(0).path("outcome").asText()).isEqualTo("found");

    JsonNode finding = root.path("findings").get(0);
    assertThat(names(finding)).containsExactly("ruleId", "severity", "score", "title", "claim", "explanation",
        "retainedBytes", "count", "counts", "facts", "culprit", "examples", "holdingThreads", "stacks",
        "recommendation");
    assertThat(finding.path("severity").asText()).isEqualTo("high");
    assertThat(finding.path("score").asInt()).isEqualTo(70);
    assertThat(finding.path("retainedBytes").asLong()).isEqualTo(4096);
    assertThat(finding.path("counts").path("clients").asLong()).isEqualTo(1843);
    assertThat(names(finding.path("counts"))).containsExactly("clients", "sockets");
    assertThat(finding.path("facts").path("size distribution").asText()).isEqualTo("p50 1.0 MB, max 8.0 MB");
    assertThat(names(finding.path("culprit"))).containsExactly("class", "method", "line");
    assertThat(finding.path("culprit").path("class").asText()).isEqualTo("com.example.StockClient");
    assertThat(finding.path("culprit").path("line").asInt()).isEqualTo(42);
    JsonNode example = finding.path("examples").get(0);
    assertThat(names(example)).containsExactly("objectId", "class", "shallowBytes", "retainedBytes",
        "pathFromRoot", "holdingThread", "holdingFrame");
    assertThat(example.path("objectId").asLong()).isEqualTo(0x200);
    assertThat(example.path("holdingThread").asText()).isEqualTo("worker-1");
    assertThat(names(example.path("pathFromRoot").get(0)))
        .containsExactly("objectId", "className", "retainedBytes", "via", "rootKinds");
    assertThat(example.path("pathFromRoot").get(0).path("rootKinds").get(0).asText()).isEqualTo("THREAD_OBJECT");
    assertThat(finding.path("holdingThreads").get(0).asText()).startsWith("worker-1");
    assertThat(finding.path("recommendation").asText()).isEqualTo("Create one client and share it.");

    assertThat(names(root.path("ruleErrors").get(0))).containsExactly("ruleId", "message");
    assertThat(root.path("ruleErrors").get(0).path("ruleId").asText()).isEqualTo("x.broken");
  }

  @Test
  void unknownPartsAreNullNotMissing() throws Exception {
    Finding bare = new Finding("x.bare", 10, "t", "claim", null, Evidence.none(),
        io.heaplens.analysis.rules.Culprit.ofClass("com.example.Owner"), null);
    JsonNode finding = json(Reports.report(List.of(bare), List.of())).path("findings").get(0);
    assertThat(finding.path("severity").asText()).isEqualTo("info");
    assertThat(finding.has("explanation")).isTrue();
    assertThat(finding.path("explanation").isNull()).isTrue();
    assertThat(finding.path("recommendation").isNull()).isTrue();
    assertThat(finding.path("culprit").path("method").isNull()).isTrue();
    assertThat(finding.path("culprit").path("line").isNull()).as("-1 means unknown: null").isTrue();
    assertThat(finding.path("examples").isArray()).isTrue();
    assertThat(finding.path("counts").isObject()).isTrue();

    Finding noCulprit = new Finding("x.none", 10, "t", "claim", null, Evidence.none(), null, null);
    assertThat(json(Reports.report(List.of(noCulprit), List.of())).path("findings").get(0)
        .path("culprit").isNull()).isTrue();
  }
}
