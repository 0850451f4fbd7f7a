package io.heaplens.analysis;

import io.heaplens.analysis.AnalysisReport.Facts;
import io.heaplens.analysis.AnalysisReport.InputFile;
import io.heaplens.analysis.HeapSummary.ClassRow;
import io.heaplens.analysis.HeapSummary.Counts;
import io.heaplens.analysis.HeapSummary.DumpFacts;
import io.heaplens.analysis.HeapSummary.PathStep;
import io.heaplens.analysis.rules.Culprit;
import io.heaplens.analysis.rules.Evidence;
import io.heaplens.analysis.rules.ExampleObject;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.RuleError;
import io.heaplens.analysis.rules.RuleRun;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-built reports for rendering tests: no dump needed. */
final class Reports {
  static final long HEAP_BYTES = 100L << 20;

  private Reports() {}

  static HeapSummary heap() {
    DumpFacts dump = new DumpFacts("app.hprof", "JAVA PROFILE 1.0.2", 8, "2024-04-05T19:34:38.901Z", false,
        HEAP_BYTES + 1000, true, 12, true, "12-byte headers, 4-byte references (inferred)", HEAP_BYTES,
        HEAP_BYTES - 10, false, List.of());
    Counts counts = new Counts(10, 6, 1, 2, 1, 0, 9, Map.of("JNI_GLOBAL", 1L));
    return new HeapSummary(dump, counts, List.of(new ClassRow("byte[]", 2, HEAP_BYTES, HEAP_BYTES, true)),
        List.of(), List.of());
  }

  /** A full finding: culprit, counts, a fact, an example held by a thread, a recommendation. */
  static Finding finding(String ruleId, int score, long retainedBytes, String claim) {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("clients", 1843L);
    counts.put("sockets", 400L);
    List<PathStep> path = List.of(
        new PathStep(0x100, "java.lang.Thread", retainedBytes + 64, null, List.of("THREAD_OBJECT")),
        new PathStep(0x200, "com.example.StockClient", retainedBytes, "<local in com.example.Job.run(Job.java:12)>",
            List.of()));
    ExampleObject example = new ExampleObject(0x200, "com.example.StockClient", 24, retainedBytes, path,
        "worker-1", "com.example.Job.run(Job.java:12)");
    return new Finding(ruleId, score, "Title of " + ruleId, claim, "Why it matters.",
        new Evidence(retainedBytes, 1843, counts, Map.of("size distribution", "p50 1.0 MB, max 8.0 MB"),
            List.of(example), List.of("worker-1 (RUNNABLE) at com.example.Job.run(Job.java:12)")),
        new Culprit("com.example.StockClient", "fetch", 42), "Create one client and share it.");
  }

  static AnalysisReport report(List<Finding> findings, List<RuleError> errors) {
    List<RuleRun> runs = findings.stream()
        .map(f -> new RuleRun(f.ruleId(), f.title(), RuleRun.Outcome.FOUND, 1, 3)).toList();
    Facts facts = new Facts("1.2.3", Instant.parse("2024-04-05T20:00:00Z"), 1234,
        List.of(new InputFile(InputFile.HEAP_DUMP, "app.hprof", HEAP_BYTES + 1000, "ab".repeat(32))));
    return new AnalysisReport(facts, heap(), null, findings, errors, runs);
  }
}
