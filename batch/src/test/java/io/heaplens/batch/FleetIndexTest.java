package io.heaplens.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

class FleetIndexTest {
  private static final String HOSTILE = "<script>alert('x')</script>\"quoted\".hprof";

  private static ResultRecord.Input input(String key) {
    return new ResultRecord.Input(key, ResultRecord.Input.HEAP_DUMP, 100, "etag:\"1\"");
  }

  private static ResultRecord done(String key, String severity, String rule, String culprit) {
    List<ResultRecord.TopFinding> top = severity == null ? List.of()
        : List.of(new ResultRecord.TopFinding(rule, severity, "claim of " + key, culprit));
    Map<String, String> rules = severity == null ? Map.of() : Map.of(rule, severity);
    return ResultRecord.done(ResultKeys.of(key), List.of(input(key)),
        new ResultSummary(severity, top.size(), top, rules), "2026-01-01T00:00:00Z", 10, "test");
  }

  private static List<ResultRecord> records() {
    return List.of(
        done("healthy.hprof", null, null, null),
        done("low.hprof", "low", "strings.duplicates", null),
        ResultRecord.failed("broken.hprof", List.of(input("broken.hprof")), "corrupt at offset 12", "t", 1, "test"),
        ResultRecord.skipped("notes.txt", new ResultRecord.Input("notes.txt", null, 3, "etag:\"2\""), "not a dump",
            "test"),
        done(HOSTILE, "critical", "cache.per-request-scheduler", "<b>com.example.Evil</b>.run (line 1)"),
        done("high.hprof", "high", "cache.per-request-scheduler", "com.example.Search.<init> (line 18)"));
  }

  @Test
  void ranksByWorstSeverityThenCleanThenFailedThenSkipped() {
    assertThat(FleetIndex.of(records()).entries()).extracting(entry -> entry.inputs().get(0))
        .containsExactly(HOSTILE, "high.hprof", "low.hprof", "healthy.hprof", "broken.hprof", "notes.txt");
  }

  @Test
  void theJsonHasTheDocumentedFieldsWithPathsRelativeToTheIndex() throws Exception {
    JsonNode index = ResultRecord.JSON.readTree(FleetIndex.of(records()).json());

    assertThat(index.get("schemaVersion").asInt()).isEqualTo(FleetIndex.SCHEMA_VERSION);
    JsonNode high = index.get("analyses").get(1);
    assertThat(high.get("inputs").get(0).asText()).isEqualTo("high.hprof");
    assertThat(high.get("status").asText()).isEqualTo("done");
    assertThat(high.get("worstSeverity").asText()).isEqualTo("high");
    assertThat(high.get("findings").asInt()).isEqualTo(1);
    assertThat(high.get("topFindings").get(0).get("ruleId").asText()).isEqualTo("cache.per-request-scheduler");
    assertThat(high.get("report").asText()).isEqualTo("high.hprof/report.html");
    assertThat(high.get("json").asText()).isEqualTo("high.hprof/analysis.json");
    JsonNode broken = index.get("analyses").get(4);
    assertThat(broken.get("status").asText()).isEqualTo("failed");
    assertThat(broken.get("error").asText()).isEqualTo("corrupt at offset 12");
    assertThat(broken.get("worstSeverity").isNull()).isTrue();
    assertThat(broken.get("report").isNull()).isTrue();
  }

  @Test
  void thePageEscapesEverythingLoadsNothingAndCountsRulesAcrossDumps() {
    String html = new String(FleetIndex.of(records()).html("scan of s3://b/<i>p</i>/"), StandardCharsets.UTF_8);
    Document page = Jsoup.parse(html);

    assertThat(page.select("script")).isEmpty();
    assertThat(page.select("b, i")).isEmpty();
    assertThat(page.text()).contains(HOSTILE).contains("<b>com.example.Evil</b>.run (line 1)")
        .contains("scan of s3://b/<i>p</i>/");
    assertThat(page.select("meta[http-equiv=Content-Security-Policy]").attr("content"))
        .contains("default-src 'none'");
    assertThat(page.select("a.report-link")).extracting(link -> link.attr("href"))
        .allSatisfy(href -> assertThat(href).matches("[A-Za-z0-9._/-]+/report\\.html"));
    assertThat(page.select("#rules-table tbody tr")).extracting(row -> row.text())
        .containsExactly("cache.per-request-scheduler critical 2", "strings.duplicates low 1");
    assertThat(page.select("code.culprit-name").eachText()).contains("com.example.Search.<init> (line 18)");
  }
}
