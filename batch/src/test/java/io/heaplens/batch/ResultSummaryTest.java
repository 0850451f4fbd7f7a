package io.heaplens.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultSummaryTest {
  @TempDir
  Path temp;

  private static String finding(String rule, String severity, String culprit) {
    return "{\"ruleId\":\"" + rule + "\",\"severity\":\"" + severity + "\",\"claim\":\"claim of " + rule + "\","
        + "\"culprit\":" + culprit + "}";
  }

  private ResultSummary read(String... findings) throws IOException {
    Path json = Files.writeString(temp.resolve("analysis.json"),
        "{\"schemaVersion\":3,\"findings\":[" + String.join(",", findings) + "]}");
    return ResultSummary.read(json);
  }

  @Test
  void showsTheCausesAndLeavesOutTheLowFindingsTheyExplain() throws IOException {
    ResultSummary summary = read(
        finding("cache.per-request-scheduler", "critical",
            "{\"class\":\"com.example.SearchLogic\",\"method\":\"<init>\",\"line\":18}"),
        finding("memory.leak-suspect", "low", "{\"class\":\"com.example.SearchLogic\"}"),
        finding("http.unclosed-client", "medium", "null"));

    assertThat(summary.worstSeverity()).isEqualTo("critical");
    assertThat(summary.findings()).isEqualTo(3);
    assertThat(summary.topFindings()).extracting(ResultRecord.TopFinding::ruleId)
        .containsExactly("cache.per-request-scheduler", "http.unclosed-client");
    assertThat(summary.topFindings().get(0).culprit()).isEqualTo("com.example.SearchLogic.<init> (line 18)");
    assertThat(summary.topFindings().get(1).culprit()).isNull();
    assertThat(summary.rules()).containsEntry("memory.leak-suspect", "low").hasSize(3);
  }

  @Test
  void withoutAnyCauseTheFirstFindingsAreShown() throws IOException {
    ResultSummary summary = read(finding("memory.leak-suspect", "low", "{\"class\":\"java.util.zip.ZipFile$Source\"}"));

    assertThat(summary.worstSeverity()).isEqualTo("low");
    assertThat(summary.topFindings()).extracting(ResultRecord.TopFinding::culprit)
        .containsExactly("java.util.zip.ZipFile$Source");
    assertThat(read().worstSeverity()).isNull();
  }

  @Test
  void aFileThatIsNotAnAnalysisSaysSo() throws IOException {
    Path other = Files.writeString(temp.resolve("other.json"), "{\"analyses\":[]}");
    assertThatThrownBy(() -> ResultSummary.read(other)).hasMessageContaining("is not an analysis");
  }
}
