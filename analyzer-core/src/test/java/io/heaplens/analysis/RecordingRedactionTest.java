package io.heaplens.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.heaplens.analysis.RecordingSummary.ErrorRow;
import io.heaplens.analysis.RecordingSummary.JmcRow;
import io.heaplens.analysis.RecordingSummary.RecordingFacts;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordingRedactionTest {

  @Test
  void argumentsErrorMessagesAndPasswordRuleResultsAreRedactedTheRestStays() throws IOException {
    RecordingFacts facts = new RecordingFacts("app.jfr", 100, "OpenJDK 64-Bit Server VM 17",
        "-Xmx512m -Ddb.password=hunter2", "2024-04-05T19:20:00Z", 1000, 1, 10, 512L << 20, "G1", Map.of());
    RecordingSummary summary = new RecordingSummary(facts, null, List.of(), List.of(), null, List.of(), null, null,
        List.of(), List.of(new ErrorRow("java.lang.OutOfMemoryError", "no room for alice@example.com", 1, 5,
            List.of("com.example.Job.run:12"))),
        List.of(), List.of(new JmcRow("PasswordsInArguments", "Passwords in Java Arguments", "WARNING", 75.0,
            "Found db.password=hunter2", null, "Do not pass passwords"),
            new JmcRow("GcPauseRatio", "GC pauses", "OK", 0.0, "The GC took 1% of the time", null, null)),
        List.of(), List.of());

    RecordingSummary redacted = RecordingRedaction.redact(summary);

    String json = ReportJson.toJson(new AnalysisReport(new AnalysisReport.Facts("1", java.time.Instant.EPOCH, 1,
        List.of()), null, redacted, List.of(), List.of(), List.of()));
    assertThat(json).doesNotContain("hunter2").doesNotContain("alice@").contains("\"jvmArguments\" : \"[redacted: 30 chars, #")
        .contains("OpenJDK 64-Bit Server VM 17", "java.lang.OutOfMemoryError", "com.example.Job.run:12",
            "The GC took 1% of the time");
  }
}
