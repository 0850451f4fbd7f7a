package io.heaplens.html;

import io.heaplens.analysis.AnalysisReport;
import io.heaplens.analysis.AnalysisReport.Facts;
import io.heaplens.analysis.AnalysisReport.InputFile;
import io.heaplens.analysis.HeapSummary;
import io.heaplens.analysis.HeapSummary.ClassRow;
import io.heaplens.analysis.HeapSummary.Counts;
import io.heaplens.analysis.HeapSummary.DominatedObject;
import io.heaplens.analysis.HeapSummary.DominatorRow;
import io.heaplens.analysis.HeapSummary.DumpFacts;
import io.heaplens.analysis.HeapSummary.FrameRow;
import io.heaplens.analysis.HeapSummary.HeldObject;
import io.heaplens.analysis.HeapSummary.PathStep;
import io.heaplens.analysis.HeapSummary.ThreadRow;
import io.heaplens.analysis.rules.Culprit;
import io.heaplens.analysis.rules.Evidence;
import io.heaplens.analysis.rules.ExampleObject;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.RuleError;
import io.heaplens.analysis.rules.RuleRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Report models built by hand for rendering tests: a typical post-mortem (a per-request cache with
 * a timer thread each, unclosed HTTP clients, duplicate strings), the same with hostile text in
 * every string that comes from a dump, a clean one, and a huge one with every list and string far
 * beyond the report's caps.
 */
final class SampleReports {
  static final long MB = 1L << 20;
  static final long HEAP_BYTES = 675 * MB;
  static final String VERSION = "9.8.7-test";
  static final String SHA256 = "3f".repeat(32);

  /** Strings that would run script if they reached the page unescaped. */
  static final String SCRIPT = "<script>alert(1)</script>";
  static final String IMG = "\"><img src=x onerror=alert(1)>";
  static final String END_SCRIPT = "</script>";
  static final String PWN_SCRIPT = "<script>window.__pwned=true</script>";
  static final String PWN_IMG = "\"><img src=x onerror=\"window.__pwned=true\">";
  static final String PWN_ATTR = "' onmouseover='window.__pwned=true' x='";
  static final String PWN_BREAKOUT = "</script><script>window.__pwned=true</script><!--";
  static final String PWN_SVG = "<svg onload=\"window.__pwned=true\"></svg>";
  static final List<String> HOSTILE =
      List.of(SCRIPT, IMG, END_SCRIPT, PWN_SCRIPT, PWN_IMG, PWN_ATTR, PWN_BREAKOUT, PWN_SVG);

  private SampleReports() {}

  /** The typical report: four findings, 260 classes, ten dominators, fourteen threads. */
  static AnalysisReport typical() {
    return build(UnaryOperator.identity(), 1);
  }

  /** The typical report with every string that a dump or a rule could carry replaced by hostile text. */
  static AnalysisReport hostile() {
    int[] next = {0};
    return build(text -> text == null ? null : HOSTILE.get(next[0]++ % HOSTILE.size()) + " " + text, 1);
  }

  /** Nothing found, and one rule failed. */
  static AnalysisReport clean() {
    AnalysisReport typical = typical();
    return new AnalysisReport(typical.facts(), typical.heap(), null, List.of(),
        List.of(new RuleError("threads.unbounded", "failed: IllegalStateException: boom (at Rule.java:12)")),
        List.of(new RuleRun("cache.per-request", "Caches created per request", RuleRun.Outcome.CLEAN, 0, 12),
            new RuleRun("threads.unbounded", "Unbounded thread creation", RuleRun.Outcome.FAILED, 0, 3)));
  }

  /**
   * Every list {@code scale} times longer than a typical dump's and every string {@code
   * stringLength} characters of {@code unit}: what the caps and cuts must bound.
   */
  static AnalysisReport huge(String unit, int stringLength, int scale) {
    String filler = unit.repeat(Math.max(1, stringLength / unit.length()));
    return build(text -> text == null ? null : filler, scale);
  }

  /** {@code report} with one more class, the largest by retained size, named {@code name}. */
  static AnalysisReport withTopClass(AnalysisReport report, String name) {
    HeapSummary heap = report.heap();
    List<ClassRow> classes = new ArrayList<>();
    classes.add(new ClassRow(name, 1, 16, HEAP_BYTES, true));
    classes.addAll(heap.classes());
    return new AnalysisReport(report.facts(), new HeapSummary(heap.dump(), heap.counts(), classes,
        heap.dominators(), heap.threads()), report.recording(), report.findings(), report.ruleErrors(),
        report.ruleRuns());
  }

  private static AnalysisReport build(UnaryOperator<String> dumpText, int scale) {
    Facts facts = new Facts(VERSION, Instant.parse("2024-04-05T20:00:00Z"), 83_456,
        List.of(new InputFile(InputFile.HEAP_DUMP, "/var/dumps/" + dumpText.apply("search-7f9c.hprof"),
            812 * MB, SHA256)));
    DumpFacts dump = new DumpFacts("/var/dumps/" + dumpText.apply("search-7f9c.hprof"), "JAVA PROFILE 1.0.2", 8,
        "2024-04-05T19:34:38.901Z", false, 812 * MB, true, 12, true,
        "12-byte headers, 4-byte references (inferred: 998,113 of 1,000,000 distances)", HEAP_BYTES,
        HEAP_BYTES - 3 * MB, false, repeat(List.of(dumpText.apply("2 objects of unknown class skipped")), scale));
    Map<String, Long> roots = new LinkedHashMap<>();
    roots.put("STICKY_CLASS", 2_811L);
    roots.put("THREAD_OBJECT", 1_857L);
    roots.put("JAVA_FRAME", 9_240L);
    roots.put("JNI_GLOBAL", 312L);
    Counts counts = new Counts(9_812_344, 7_001_220, 402_113, 2_405_200, 3_811, 12_044, 21_333_901, roots);
    HeapSummary heap = new HeapSummary(dump, counts, classes(dumpText, scale), dominators(dumpText, scale),
        threads(dumpText, scale));
    List<Finding> findings = findings(dumpText, scale);
    List<RuleRun> runs = new ArrayList<>();
    for (Finding finding : findings) {
      runs.add(new RuleRun(finding.ruleId(), finding.title(), RuleRun.Outcome.FOUND, 1, 40));
    }
    runs.add(new RuleRun("threads.unbounded", "Unbounded thread creation", RuleRun.Outcome.CLEAN, 0, 22));
    return new AnalysisReport(facts, heap, null, findings, List.of(), runs);
  }

  private static List<Finding> findings(UnaryOperator<String> text, int scale) {
    List<Finding> findings = new ArrayList<>();
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("timer threads", 1_843L);
    counts.put("caches", 1_843L);
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("created by", text.apply("com.example.search.SearchLogic.<init>(SearchLogic.java:57)"));
    facts.put("entries per cache", "p50 212, max 9,911");
    for (int i = 0; i < (scale - 1) * 10; i++) {
      counts.put(text.apply("count " + i), (long) i);
      facts.put(text.apply("fact " + i), text.apply("value " + i));
    }
    List<ExampleObject> examples = new ArrayList<>();
    for (int i = 0; i < 2 * scale; i++) {
      examples.add(new ExampleObject(0x7f00_1000L + i * 64, text.apply("com.example.cache.LocalCache"), 48,
          223 * 1024 + i, timerPath(text, i == 1 ? 30 * scale : 6), text.apply("Timer-" + (17 + i)),
          text.apply("java.util.TimerThread.mainLoop(Timer.java:566)")));
    }
    findings.add(new Finding("cache.per-request", 91, "Caches created per request",
        "1,843 " + text.apply("java.util.Timer") + " threads, each created by "
            + text.apply("com.example.search.SearchLogic.<init>") + ", retain 412.0 MB (61.0% of the heap)",
        "Each request builds a cache with its own timer thread and never stops it.\nThe threads keep the caches alive.",
        new Evidence(412 * MB, 1_843, counts, facts, examples,
            repeat(List.of(text.apply("Timer-17 (WAITING) at java.util.TimerThread.mainLoop(Timer.java:566)")), scale)),
        new Culprit(text.apply("com.example.search.SearchLogic"), text.apply("<init>"), 57),
        "Create one cache for the service (or one per tenant) and stop its timer on shutdown."));
    findings.add(new Finding("http.unclosed-client", 72, "HTTP clients never closed",
        "400 " + text.apply("okhttp3.OkHttpClient") + " instances, one per call, retain 96.0 MB with 400 idle connection pools",
        "A client per request leaks its pool, dispatcher threads and sockets.",
        new Evidence(96 * MB, 400, Map.of("clients", 400L, "sockets", 388L), Map.of(), List.of(
            new ExampleObject(0x7f20_0000L, text.apply("okhttp3.OkHttpClient"), 120, 245_000,
                List.of(new PathStep(0x7f10_0000L, text.apply("java.lang.Thread"), 250_000, null, List.of("THREAD_OBJECT")),
                    new PathStep(0x7f20_0000L, text.apply("okhttp3.OkHttpClient"), 245_000,
                        text.apply("<local in com.example.quotes.QuoteFetcher.fetch(QuoteFetcher.java:31)>"), List.of())),
                text.apply("quote-worker-3"), text.apply("com.example.quotes.QuoteFetcher.fetch(QuoteFetcher.java:31)"))),
            List.of()),
        new Culprit(text.apply("com.example.quotes.QuoteFetcher"), text.apply("fetch"), 31),
        "Build one OkHttpClient at startup and share it; close responses."));
    findings.add(new Finding("strings.duplicates", 45, "Duplicate strings",
        "212,004 copies of 31 distinct strings waste 18.2 MB, e.g. \"" + text.apply("EUR/USD") + "\"",
        null, Evidence.of(18 * MB + 200 * 1024, 212_004), Culprit.ofClass(text.apply("com.example.quotes.Quote")),
        "Intern or deduplicate the currency pair codes when parsing quotes."));
    findings.add(new Finding("collections.empty", 22, "Empty collections",
        "14,221 empty " + text.apply("java.util.ArrayList") + " instances", null, Evidence.of(640 * 1024, 14_221),
        null, null));
    for (int i = 0; i < (scale - 1) * 30; i++) {
      findings.add(new Finding(text.apply("extra." + i), 30, text.apply("Extra " + i), text.apply("claim " + i),
          text.apply("why " + i), findings.get(0).evidence(), new Culprit(text.apply("C"), text.apply("m"), i),
          text.apply("fix " + i)));
    }
    return findings;
  }

  /** Thread -> TimerThread.queue -> ... -> LocalCache, with {@code length} steps in all. */
  private static List<PathStep> timerPath(UnaryOperator<String> text, int length) {
    List<PathStep> path = new ArrayList<>();
    path.add(new PathStep(0x7e00_0000L, text.apply("java.util.TimerThread"), 224 * 1024, null,
        List.of("THREAD_OBJECT", "JAVA_FRAME")));
    path.add(new PathStep(0x7e00_0100L, text.apply("java.util.TaskQueue"), 223 * 1024 + 900, text.apply("queue"), List.of()));
    path.add(new PathStep(0x7e00_0200L, text.apply("java.util.TimerTask[]"), 223 * 1024 + 800, text.apply("queue"), List.of()));
    for (int i = path.size(); i < length - 2; i++) {
      path.add(new PathStep(0x7e00_0300L + i * 16, text.apply("com.example.cache.Node"), 223 * 1024 + 500 - i,
          text.apply("next"), List.of()));
    }
    path.add(new PathStep(0x7e00_9000L, text.apply("com.example.cache.LocalCache$Cleaner"), 223 * 1024 + 100,
        text.apply("[3]"), List.of()));
    path.add(new PathStep(0x7f00_1000L, text.apply("com.example.cache.LocalCache"), 223 * 1024,
        text.apply("this$0"), List.of()));
    return path;
  }

  private static List<ClassRow> classes(UnaryOperator<String> text, int scale) {
    List<ClassRow> rows = new ArrayList<>();
    rows.add(new ClassRow(text.apply("byte[]"), 2_004_100, 390 * MB, 390 * MB, true));
    rows.add(new ClassRow(text.apply("java.util.Timer"), 1_843, 1_843 * 16, 412 * MB, true));
    rows.add(new ClassRow(text.apply("java.util.TimerThread"), 1_843, 1_843 * 128, 411 * MB, true));
    rows.add(new ClassRow(text.apply("com.example.cache.LocalCache"), 1_843, 1_843 * 48, 409 * MB, true));
    rows.add(new ClassRow(text.apply("okhttp3.OkHttpClient"), 400, 400 * 120, 96 * MB, true));
    rows.add(new ClassRow(text.apply("java.lang.String"), 912_004, 912_004 * 24, 60 * MB, false));
    rows.add(new ClassRow(text.apply("java.util.HashMap$Node"), 1_200_000, 1_200_000 * 32, 58 * MB, false));
    for (int i = rows.size(); i < 260 * scale; i++) {
      long retained = Math.max(16, (260 - i % 260) * 100_000L / (i + 1));
      rows.add(new ClassRow(text.apply("com.example.generated.Type" + i), 10 + i, retained / 2, retained, i % 7 != 0));
    }
    return rows;
  }

  private static List<DominatorRow> dominators(UnaryOperator<String> text, int scale) {
    List<DominatorRow> rows = new ArrayList<>();
    for (int i = 0; i < 10 * scale; i++) {
      long retained = (30 - Math.min(29, i)) * MB / 2;
      rows.add(new DominatorRow(0x7a00_0000L + i * 256, text.apply(i == 0 ? "java.util.TimerThread" : "com.example.Holder" + i),
          104, retained, retained * 100.0 / HEAP_BYTES, timerPath(text, 5), dominated(text, i * 100, 3, scale)));
    }
    return rows;
  }

  private static List<DominatedObject> dominated(UnaryOperator<String> text, int seed, int levels, int scale) {
    List<DominatedObject> children = new ArrayList<>();
    if (levels == 0) {
      return children;
    }
    for (int i = 0; i < 3 * Math.min(scale, 4); i++) {
      long retained = Math.max(1, levels * 3L + 3 - i) * 64 * 1024;
      children.add(new DominatedObject(0x7b00_0000L + seed * 64 + levels * 8 + i, text.apply(
          levels == 3 ? "java.util.HashMap" : levels == 2 ? "java.util.HashMap$Node[]" : "com.example.cache.Entry"),
          48, retained, retained * 100.0 / HEAP_BYTES, dominated(text, seed + i + 1, levels - 1, scale)));
    }
    return children;
  }

  private static List<ThreadRow> threads(UnaryOperator<String> text, int scale) {
    List<ThreadRow> rows = new ArrayList<>();
    for (int i = 0; i < 14 * scale; i++) {
      int depth = i == 0 ? 80 : 6 + i;
      List<FrameRow> frames = new ArrayList<>();
      for (int f = 0; f < depth * (scale > 1 ? 2 : 1); f++) {
        List<HeldObject> locals = f % 3 == 0
            ? repeat(List.of(new HeldObject(0x7c00_0000L + f, text.apply("byte[]"), 1024L * f)), f == 0 ? 2 * scale : 1)
            : List.of();
        frames.add(new FrameRow(text.apply(f == 0 ? "com.example.search.SearchHandler.handle(SearchHandler.java:" + (40 + i) + ")"
            : "com.example.frames.Layer" + f + ".call(Layer" + f + ".java:" + f + ")"), locals));
      }
      String name = i == 0 ? "http-nio-8080-exec-1" : i == 1 ? "Timer-17" : "worker-" + i;
      rows.add(new ThreadRow(text.apply(name), i % 4 == 0 ? "RUNNABLE" : "WAITING", i % 2 == 0, 0x7d00_0000L + i * 32,
          (20 - Math.min(19, i)) * 100_000L, frames));
    }
    return rows;
  }

  private static <T> List<T> repeat(List<T> items, int times) {
    List<T> out = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      out.addAll(items);
    }
    return out;
  }
}
