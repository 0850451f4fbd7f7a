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
import io.heaplens.analysis.RecordingSummary;
import io.heaplens.analysis.RecordingSummary.AllocatedClass;
import io.heaplens.analysis.RecordingSummary.ErrorRow;
import io.heaplens.analysis.RecordingSummary.FlameNode;
import io.heaplens.analysis.RecordingSummary.JmcRow;
import io.heaplens.analysis.RecordingSummary.LiveSet;
import io.heaplens.analysis.RecordingSummary.Pause;
import io.heaplens.analysis.RecordingSummary.PauseTotals;
import io.heaplens.analysis.RecordingSummary.Point;
import io.heaplens.analysis.RecordingSummary.RecordingFacts;
import io.heaplens.analysis.RecordingSummary.SocketRow;
import io.heaplens.analysis.rules.Culprit;
import io.heaplens.analysis.rules.Evidence;
import io.heaplens.analysis.rules.ExampleObject;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.RecordedStack;
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
 * a timer thread each, unclosed HTTP clients, duplicate strings), with or without a flight
 * recording of the same service, the same with hostile text in every string that comes from a dump
 * or a recording, a clean one, one of a recording alone, and a huge one with every list and string
 * far beyond the report's caps.
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
   * Every list {@code scale} times longer than a typical dump's and recording's, and every string
   * {@code stringLength} characters of {@code unit}: what the caps and cuts must bound.
   */
  static AnalysisReport huge(String unit, int stringLength, int scale) {
    String filler = unit.repeat(Math.max(1, stringLength / unit.length()));
    UnaryOperator<String> text = original -> original == null ? null : filler;
    return withRecording(build(text, scale), text, scale);
  }

  /**
   * {@code report} as if a flight recording had been analyzed with its dump: a recording of 14 min
   * whose live set grows 12 MB/min toward a 512 MB heap while threads pile up, and the first two
   * findings with the stacks that started the timer threads and allocated the HTTP clients.
   */
  static AnalysisReport withRecording(AnalysisReport report) {
    return withRecording(report, UnaryOperator.identity(), 1);
  }

  /** The hostile report with a recording whose every string is hostile too. */
  static AnalysisReport hostileWithRecording() {
    int[] next = {3};
    return withRecording(hostile(), text -> text == null ? null : HOSTILE.get(next[0]++ % HOSTILE.size()) + " " + text,
        1);
  }

  /** Only a recording was analyzed: no heap dump, and findings from the recording's rules. */
  static AnalysisReport recordingOnly() {
    RecordingSummary recording = recording(UnaryOperator.identity(), 1);
    Facts facts = new Facts(VERSION, Instant.parse("2024-04-05T20:00:00Z"), 12_345, List.of(new InputFile(
        InputFile.RECORDING, recording.recording().file(), recording.recording().fileBytes(), "9c".repeat(32))));
    Culprit searchLogic = new Culprit("com.example.search.SearchLogic", "<init>", 57);
    Map<String, String> growth = new LinkedHashMap<>();
    growth.put("trend", "+12.0 MB/min, fit r\u00b2 0.97");
    growth.put("live set", "189.0 MB at the start, 350.0 MB at the end");
    List<Finding> findings = List.of(
        new Finding("gc.live-set-growth", 84, "Live set grows",
            "The live set grows 12.0 MB/min; the 512.0 MB heap is full in about 14 min",
            "What stays reachable after each collection keeps growing: something holds objects it no longer needs.",
            new Evidence(0, 0, Map.of("collections", 287L), growth, List.of(), List.of(), List.of(
                new RecordedStack("allocated 4.0 GB", List.of("java.util.HashMap.resize:710",
                    "java.util.HashMap.<init>:453", "com.example.cache.LocalCache.<init>:88",
                    "com.example.search.SearchLogic.<init>:57", "com.example.search.SearchHandler.handle:40")))),
            searchLogic, "Take a heap dump near the end of the recording to see what holds the growth."),
        new Finding("threads.started-not-stopped", 72, "Threads started and never stopped",
            "1,843 threads started by java.util.Timer.<init> are still alive at the end of the recording",
            "Each timer starts a thread that lives until the timer is cancelled.",
            new Evidence(0, 1_843, Map.of("threads started", 1_843L, "threads ended", 0L), Map.of(), List.of(),
                List.of(), List.of(new RecordedStack("started 1,843 threads", List.of("java.lang.Thread.start:809",
                    "java.util.Timer.<init>:160", "com.example.cache.LocalCache.<init>:88",
                    "com.example.search.SearchLogic.<init>:57")))),
            searchLogic, "Share one timer, or cancel each timer when its cache is dropped."));
    List<RuleRun> runs = List.of(
        new RuleRun("gc.live-set-growth", "Live set grows", RuleRun.Outcome.FOUND, 1, 3),
        new RuleRun("threads.started-not-stopped", "Threads started and never stopped", RuleRun.Outcome.FOUND, 1, 5),
        new RuleRun("cache.per-request", "Caches created per request", RuleRun.Outcome.NOT_APPLICABLE, 0, 0));
    return new AnalysisReport(facts, null, recording, findings, List.of(), runs);
  }

  /** {@code report} with a recording made of {@code text}'s strings, its lists {@code scale} times longer. */
  private static AnalysisReport withRecording(AnalysisReport report, UnaryOperator<String> text, int scale) {
    RecordingSummary recording = recording(text, scale);
    List<InputFile> inputs = new ArrayList<>(report.facts().inputs());
    inputs.add(new InputFile(InputFile.RECORDING, recording.recording().file(), recording.recording().fileBytes(),
        "9c".repeat(32)));
    Facts facts = new Facts(report.facts().heaplensVersion(), report.facts().startedAt(),
        report.facts().wallTimeMillis(), inputs);
    List<Finding> findings = new ArrayList<>();
    for (Finding finding : report.findings()) {
      List<RecordedStack> stacks = switch (findings.size()) {
        case 0 -> repeat(List.of(new RecordedStack(text.apply("started 1,843 threads"), List.of(
            text.apply("java.lang.Thread.start:809"), text.apply("java.util.Timer.<init>:160"),
            text.apply("com.example.cache.LocalCache.<init>:88"), text.apply("com.example.search.SearchLogic.<init>:57"),
            text.apply("com.example.search.SearchHandler.handle:40"),
            text.apply("org.eclipse.jetty.server.handler.HandlerWrapper.handle:127"),
            text.apply("java.lang.Thread.run:1583")))), scale);
        case 1 -> List.of(new RecordedStack(text.apply("allocated 96.0 MB"), frames(text, List.of(
            "okhttp3.OkHttpClient.<init>:186", "okhttp3.OkHttpClient$Builder.build:1069",
            "com.example.quotes.QuoteFetcher.fetch:31", "com.example.quotes.QuoteService.refresh:77"), scale)));
        default -> scale > 1 ? repeat(List.of(new RecordedStack(text.apply("allocated"),
            frames(text, List.of("com.example.Extra.run:1"), scale))), scale) : List.<RecordedStack>of();
      };
      Evidence evidence = finding.evidence().withRecording(Map.of(), stacks);
      findings.add(new Finding(finding.ruleId(), finding.score(), finding.title(), finding.claim(),
          finding.explanation(), evidence, finding.culprit(), finding.recommendation()));
    }
    return new AnalysisReport(facts, report.heap(), recording, findings, report.ruleErrors(), report.ruleRuns());
  }

  private static List<String> frames(UnaryOperator<String> text, List<String> frames, int scale) {
    return repeat(frames, scale * scale).stream().map(text).toList();
  }

  /** The recording's summary: every string through {@code text}, every list {@code scale} times longer. */
  private static RecordingSummary recording(UnaryOperator<String> text, int scale) {
    long duration = 860_000;
    Map<String, Long> eventCounts = new LinkedHashMap<>();
    eventCounts.put(text.apply("jdk.ObjectAllocationSample"), 412_004L);
    eventCounts.put(text.apply("jdk.ExecutionSample"), 210_377L);
    eventCounts.put(text.apply("jdk.ThreadStart"), 1_843L);
    eventCounts.put(text.apply("jdk.GarbageCollection"), 287L);
    for (int i = 0; i < (scale - 1) * 30; i++) {
      eventCounts.put(text.apply("jdk.Event" + i), (long) i);
    }
    RecordingFacts facts = new RecordingFacts("/var/recordings/" + text.apply("search-7f9c.jfr"), 48 * MB,
        text.apply("OpenJDK 64-Bit Server VM 21.0.2+13-LTS"),
        text.apply("-Xmx512m -XX:+UseG1GC -XX:StartFlightRecording=filename=search-7f9c.jfr,settings=profile"),
        "2024-04-05T19:20:00Z", duration, 3, 1_284_332, 512 * MB, text.apply("G1"), eventCounts);
    int points = 287 * scale;
    List<Point> heapAfterGc = new ArrayList<>();
    List<Pause> pauses = new ArrayList<>();
    for (int i = 0; i < points; i++) {
      long millis = 1_500 + i * (duration - 3_000) / points;
      // 180 MB at the start, 12 MB more each minute, and young garbage that the next old collection frees.
      long live = 180 * MB + millis * 12 * MB / 60_000;
      boolean old = i % 40 == 39;
      heapAfterGc.add(new Point(millis, live + (old ? 0 : (i % 8) * 9 * MB)));
      pauses.add(new Pause(millis, old ? 180_000 + i * 400 : 4_000 + (i * 7_919) % 26_000,
          text.apply(old ? "G1 Old Generation" : "G1 Young Generation"),
          text.apply(old ? "G1 Compaction Pause" : "G1 Evacuation Pause")));
    }
    long totalPause = pauses.stream().mapToLong(Pause::pauseMicros).sum() / 1000;
    long longest = pauses.stream().mapToLong(Pause::pauseMicros).max().orElse(0);
    List<Point> threads = new ArrayList<>();
    for (int i = 0; i <= 172 * scale; i++) {
      // The JVM's samples stop a little before the recording does.
      long millis = i * (duration - 4_000) / (172 * scale);
      threads.add(new Point(millis, 42 + millis * 1_843 / (duration - 4_000)));
    }
    List<AllocatedClass> allocated = new ArrayList<>();
    allocated.add(new AllocatedClass(text.apply("byte[]"), 6_100 * MB, 61.0));
    allocated.add(new AllocatedClass(text.apply("java.util.HashMap$Node[]"), 1_400 * MB, 14.0));
    allocated.add(new AllocatedClass(text.apply("java.lang.String"), 800 * MB, 8.0));
    allocated.add(new AllocatedClass(text.apply("okhttp3.internal.connection.RealConnectionPool"), 310 * MB, 3.1));
    for (int i = allocated.size(); i < 12 * scale; i++) {
      allocated.add(new AllocatedClass(text.apply("com.example.generated.Type" + i), (40 - Math.min(39, i)) * MB,
          (40 - Math.min(39, i)) / 100.0));
    }
    List<ErrorRow> errors = new ArrayList<>();
    errors.add(new ErrorRow(text.apply("java.net.SocketException"), text.apply("Connection reset"), 412, 61_000,
        frames(text, List.of("sun.nio.ch.NioSocketImpl.implRead:323", "java.net.Socket$SocketInputStream.read:1099",
            "okio.InputStreamSource.read:94", "com.example.quotes.QuoteFetcher.fetch:35",
            "com.example.quotes.QuoteService.refresh:77", "java.lang.Thread.run:1583"), scale)));
    errors.add(new ErrorRow(text.apply("java.lang.OutOfMemoryError"),
        text.apply("unable to create native thread: possibly out of memory or process/resource limits reached"), 3,
        842_000, frames(text, List.of("java.lang.Thread.start0", "java.lang.Thread.start:809",
            "java.util.Timer.<init>:160", "com.example.search.SearchLogic.<init>:57"), scale)));
    for (int i = errors.size(); i < 20 * (scale - 1); i++) {
      errors.add(new ErrorRow(text.apply("com.example.Error" + i), text.apply("message " + i), i, i * 1_000L,
          frames(text, List.of("com.example.Thrower.run:" + i), scale)));
    }
    List<SocketRow> sockets = new ArrayList<>();
    sockets.add(new SocketRow(text.apply("quotes.example.com:443"), 48_221, 12_008, 912 * MB, 14 * MB, 388, 400));
    sockets.add(new SocketRow(text.apply("db.internal:5432"), 20_113, 20_110, 410 * MB, 38 * MB, 0, 24));
    for (int i = sockets.size(); i < 20 * (scale - 1); i++) {
      sockets.add(new SocketRow(text.apply("host" + i + ".internal:80"), i, i, i, i, i % 2, 1));
    }
    List<JmcRow> jmc = new ArrayList<>();
    jmc.add(new JmcRow("ThreadCount", text.apply("Thread Count"), "WARNING", 92.0,
        text.apply("The number of live threads grew from 42 to 1,885 during the recording."),
        text.apply("Each thread reserves a stack; <b>thousands</b> of threads cost memory & scheduling time."),
        text.apply("Reuse threads through a bounded pool instead of starting new ones.")));
    jmc.add(new JmcRow("HeapContent", text.apply("Heap Live Set Trend"), "WARNING", 81.5,
        text.apply("The live set grows by about 12 MB per minute: a likely memory leak."),
        text.apply("A growing live set means objects stay reachable after they are no longer needed."),
        text.apply("Find what retains them with a heap dump.")));
    jmc.add(new JmcRow("GcPauseRatio", text.apply("GC Pauses"), "INFO", 34.0,
        text.apply("The application spent 0.6% of the time in GC pauses."), null, null));
    jmc.add(new JmcRow("SocketReadRule", text.apply("Socket Read Peak Duration"), "INFO", null,
        text.apply("<p>Reads from <code>quotes.example.com</code> took up to 2 s &amp; more</p>"),
        text.apply("<ul><li>The remote host was slow.</li><li>The network was congested.</li></ul>"), null));
    jmc.add(new JmcRow("Exceptions", text.apply("Thrown Exceptions"), "OK", 12.0,
        text.apply("The program threw 412 exceptions in 14 minutes."), null, null));
    jmc.add(new JmcRow("BiasedLocking", text.apply("Biased Locking Revocation"), "NA", null,
        text.apply("The rule needs events the recording does not have."), null, null));
    for (int i = jmc.size(); i < 100 * (scale - 1); i++) {
      jmc.add(new JmcRow(text.apply("Rule" + i), text.apply("Rule " + i), i % 2 == 0 ? "WARNING" : "OK",
          (double) (i % 100), text.apply("summary " + i), text.apply("explanation " + i), text.apply("solution " + i)));
    }
    List<String> warnings = repeat(List.of(text.apply("The last chunk is truncated: 3 of 4 chunks read, "
        + "events after 19:34:20 are missing (partial recording).")), scale);
    return new RecordingSummary(facts,
        new LiveSet(12.0 * MB / 60, 0.97, 180 * MB + 9 * MB, 180 * MB + 170 * MB, 810.0, duration / 2,
            180 * MB + duration / 2 * 12.0 * MB / 60_000),
        heapAfterGc, pauses, new PauseTotals(pauses.size(), totalPause, longest), threads,
        allocationFlameGraph(text, scale), cpuFlameGraph(text, scale), allocated, errors, sockets, jmc, warnings, List.of());
  }

  /** Bytes allocated: the search handler's caches, the quote fetcher's clients, and small fry. */
  private static FlameNode allocationFlameGraph(UnaryOperator<String> text, int scale) {
    FlameNode resize = flame(text, "java.util.HashMap.resize", 3_900 * MB);
    FlameNode cache = flame(text, "com.example.cache.LocalCache.<init>", 4_100 * MB,
        flame(text, "java.util.HashMap.<init>", 4_000 * MB, resize));
    FlameNode search = flame(text, "com.example.search.SearchHandler.handle", 5_600 * MB,
        flame(text, "com.example.search.SearchLogic.<init>", 4_300 * MB, cache),
        flame(text, "com.example.search.ResultWriter.write", 1_200 * MB,
            flame(text, "java.lang.StringBuilder.toString", 1_100 * MB)),
        flame(text, "com.example.search.Query.parse", 20 * MB));
    FlameNode quotes = flame(text, "com.example.quotes.QuoteService.refresh", 2_900 * MB,
        flame(text, "com.example.quotes.QuoteFetcher.fetch", 2_800 * MB,
            flame(text, "okhttp3.OkHttpClient$Builder.build", 1_500 * MB,
                flame(text, "okhttp3.OkHttpClient.<init>", 1_500 * MB)),
            flame(text, "okio.RealBufferedSource.readUtf8", 1_200 * MB)));
    FlameNode thread = flame(text, "java.lang.Thread.run", 9_800 * MB,
        flame(text, "java.util.concurrent.ThreadPoolExecutor$Worker.run", 9_700 * MB, search, quotes));
    return scale > 1 ? filler(text) : flame(text, "all", 10_000 * MB, thread, flame(text, "com.example.Main.main", 200 * MB));
  }

  /** Execution samples: serving search requests, parsing quotes, and the collector's own threads. */
  private static FlameNode cpuFlameGraph(UnaryOperator<String> text, int scale) {
    FlameNode handle = flame(text, "com.example.search.SearchHandler.handle", 6_100,
        flame(text, "com.example.search.Ranker.score", 3_400,
            flame(text, "java.lang.Math.log", 900), flame(text, "com.example.search.Ranker.boost", 1_800)),
        flame(text, "com.example.search.SearchLogic.<init>", 1_700,
            flame(text, "java.util.Timer.<init>", 1_600, flame(text, "java.lang.Thread.start", 1_550))),
        flame(text, "com.example.search.Query.parse", 40));
    FlameNode quotes = flame(text, "com.example.quotes.QuoteParser.parse", 2_300,
        flame(text, "com.fasterxml.jackson.core.json.UTF8StreamJsonParser.nextToken", 1_900));
    return scale > 1 ? filler(text) : flame(text, "all", 10_000,
        flame(text, "java.lang.Thread.run", 8_600,
            flame(text, "java.util.concurrent.ThreadPoolExecutor.runWorker", 8_500, handle, quotes)),
        flame(text, "java.util.TimerThread.run", 1_200, flame(text, "java.util.TimerThread.mainLoop", 1_150)));
  }

  /** For huge reports: 40 chains of 100 frames, each chain 2.5% of the graph: more frames than any cap. */
  private static FlameNode filler(UnaryOperator<String> text) {
    List<FlameNode> chains = new ArrayList<>();
    for (int chain = 0; chain < 40; chain++) {
      FlameNode node = flame(text, "com.example.Deep" + chain + ".leaf", 1_000);
      for (int depth = 0; depth < 100; depth++) {
        node = flame(text, "com.example.Deep" + chain + ".call" + depth, 1_000, node);
      }
      chains.add(node);
    }
    return flame(text, "all", 40_000, chains.toArray(FlameNode[]::new));
  }

  private static FlameNode flame(UnaryOperator<String> text, String frame, long value, FlameNode... children) {
    return new FlameNode(text.apply(frame), value, List.of(children));
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
