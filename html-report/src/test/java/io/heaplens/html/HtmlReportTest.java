package io.heaplens.html;

import static org.assertj.core.api.Assertions.assertThat;

import io.heaplens.analysis.AnalysisReport;
import io.heaplens.analysis.HeapSummary.PathStep;
import io.heaplens.analysis.RecordingSummary;
import io.heaplens.analysis.RecordingSummary.FlameNode;
import io.heaplens.analysis.rules.Evidence;
import io.heaplens.analysis.rules.ExampleObject;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.RuleError;
import io.heaplens.analysis.rules.Severity;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page rendered from hand-built models, parsed as a browser parses it (jsoup builds the same
 * HTML5 tree): what it shows, what it caps, and that nothing in it loads or runs anything but the
 * report's own script.
 */
class HtmlReportTest {
  @TempDir
  Path temp;

  static String render(AnalysisReport report) throws IOException {
    StringWriter out = new StringWriter();
    HtmlReport.render(report, out);
    return out.toString();
  }

  static Document parse(String html) {
    return Jsoup.parse(html);
  }

  @Test
  void pageLoadsNothingAndAllowsOnlyItsOwnScript() throws IOException {
    for (AnalysisReport report : List.of(SampleReports.typical(), SampleReports.withRecording(SampleReports.typical()))) {
      assertLoadsNothingAndAllowsOnlyItsOwnScript(render(report));
    }
  }

  private static void assertLoadsNothingAndAllowsOnlyItsOwnScript(String html) {
    Document page = parse(html);

    assertThat(html).startsWith("<!DOCTYPE html>");
    Element csp = page.selectFirst("head > meta[http-equiv=Content-Security-Policy]");
    assertThat(csp).isNotNull();
    Elements scripts = page.select("script");
    assertThat(scripts).hasSize(1);
    String script = scripts.first().data();
    assertThat(csp.attr("content")).isEqualTo("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
        + "script-src '" + HtmlReport.sha256Source(script) + "' 'unsafe-inline'; base-uri 'none'; form-action 'none'");
    assertThat(page.head().child(0).tagName()).as("charset first").isEqualTo("meta");
    assertThat(page.head().child(1)).as("the policy before anything it governs").isEqualTo(csp);

    assertThat(page.select("[src], object, embed, iframe, link[rel=stylesheet], img, video, audio, source, form"))
        .as("elements that load something").isEmpty();
    for (Element link : page.select("[href]")) {
      assertThat(link.attr("href")).as("a link that leaves the page").matches("#[\\w-]+|data:,");
    }
    for (Element element : page.select("a[href^=#]")) {
      assertThat(page.getElementById(element.attr("href").substring(1))).as(element.attr("href")).isNotNull();
    }
    assertThat(page.select("style")).hasSize(1);
    assertThat(page.select("style").first().data()).doesNotContain("url(").doesNotContain("@import")
        .doesNotContain("@font-face");
    assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("//cdn");
  }

  @Test
  void headerGivesTheVerdictTheTopFindingsAndTheDump() throws IOException {
    Document page = parse(render(SampleReports.typical()));
    Element header = page.selectFirst("header.verdict");

    assertThat(header.hasClass("sev-critical")).isTrue();
    assertThat(header.selectFirst("h1").text()).isEqualTo("heaplens: search-7f9c.hprof");
    assertThat(header.selectFirst("#verdict-summary").text())
        .isEqualTo("critical 3 problems found at medium or above (1 critical, 1 high, 1 medium); 5 rules checked;"
            + " 1 minor finding");
    assertThat(header.select("#verdict-checked, #not-analyzed")).as("nothing to vouch for or excuse").isEmpty();
    Elements headlines = header.select("#verdict-headlines li a");
    assertThat(headlines.eachAttr("href")).containsExactly("#finding-1", "#finding-2", "#finding-3");
    assertThat(headlines.get(0).text()).isEqualTo("critical 1,843 java.util.Timer threads, each created by "
        + "com.example.search.SearchLogic.<init>, retain 412.0 MB (61.0% of the heap)");
    assertThat(header.select(".more").text()).isEqualTo("1 more finding below");
    String facts = header.selectFirst("#dump-facts").text();
    assertThat(facts).contains("Heap 675.0 MB", "Reachable 672.0 MB", "Objects 9,812,344", "Classes 260",
        "Threads 14", "Dump taken 2024-04-05 19:34:38 UTC", "search-7f9c.hprof (812.0 MB)",
        "JAVA PROFILE 1.0.2, 8-byte identifiers");
    assertThat(header.selectFirst("#dump-facts dd[title]").attr("title")).isEqualTo("707,788,800 bytes");
  }

  @Test
  void findingsShowClaimCulpritEvidenceAndFixWorstFirst() throws IOException {
    Document page = parse(render(SampleReports.typical()));
    Elements findings = page.select("#findings article.finding");

    assertThat(findings.eachAttr("id")).containsExactly("finding-1", "finding-2", "finding-3", "finding-4");
    assertThat(findings.eachAttr("class")).containsExactly("finding sev-critical", "finding sev-high",
        "finding sev-medium", "finding sev-low");
    Element first = findings.get(0);
    assertThat(first.selectFirst("h3").text()).isEqualTo("Caches created per request");
    assertThat(first.selectFirst(".rule-id").text()).isEqualTo("cache.per-request");
    assertThat(first.selectFirst(".score").text()).isEqualTo("score 91");
    assertThat(first.selectFirst(".culprit").text())
        .isEqualTo("Culprit com.example.search.SearchLogic.<init> line 57");
    assertThat(first.selectFirst(".culprit-class").text()).isEqualTo("com.example.search.SearchLogic");
    assertThat(first.selectFirst(".culprit-method").text()).isEqualTo("<init>");
    assertThat(first.selectFirst(".numbers").text()).contains("Retained 412.0 MB (61.3% of the heap)",
        "Objects 1,843", "timer threads 1,843", "caches 1,843");
    assertThat(first.selectFirst(".facts-list").text())
        .contains("created by com.example.search.SearchLogic.<init>(SearchLogic.java:57)");
    assertThat(first.selectFirst(".why .text").wholeText()).contains("never stops it.\nThe threads");
    assertThat(first.selectFirst(".fix").text()).startsWith("What to change Create one cache for the service");
    assertThat(first.select(".holders li").text()).contains("Timer-17 (WAITING)");

    Elements examples = first.select("details.example");
    assertThat(examples).hasSize(2);
    assertThat(examples.get(0).hasAttr("open")).isTrue();
    assertThat(examples.get(0).selectFirst(".held").text())
        .isEqualTo("Held by thread Timer-17 in java.util.TimerThread.mainLoop(Timer.java:566)");
    Elements chain = examples.get(0).select("ol.chain > li");
    assertThat(chain.eachText()).containsExactly(
        "GC root: THREAD_OBJECT, JAVA_FRAME java.util.TimerThread 0x7e000000 retains 224.0 KB",
        "queue java.util.TaskQueue 0x7e000100 retains 223.9 KB",
        "queue java.util.TimerTask[] 0x7e000200 retains 223.8 KB",
        "next com.example.cache.Node 0x7e000330 retains 223.5 KB",
        "[3] com.example.cache.LocalCache$Cleaner 0x7e009000 retains 223.1 KB",
        "this$0 com.example.cache.LocalCache 0x7f001000 retains 223.0 KB");
    Elements longChain = examples.get(1).select("ol.chain > li");
    assertThat(longChain).as("3 steps from the root, a gap, 7 to the object").hasSize(11);
    assertThat(longChain.get(3).text()).isEqualTo("\u2026 20 steps not shown \u2026");
    assertThat(longChain.last().text()).isEqualTo("this$0 com.example.cache.LocalCache 0x7f001000 retains 223.0 KB");
    assertThat(examples.get(1).selectFirst(".label").text()).isEqualTo("Path from a GC root (30 steps)");

    Element third = findings.get(2);
    assertThat(third.selectFirst(".culprit").text()).isEqualTo("Culprit com.example.quotes.Quote");
    assertThat(third.select(".why")).as("no explanation given").isEmpty();
    assertThat(findings.get(3).select(".culprit, .fix")).isEmpty();
  }

  @Test
  void histogramShowsTopClassesSortableWithLowerBoundsMarked() throws IOException {
    Document page = parse(render(SampleReports.typical()));
    Element table = page.getElementById("histogram");

    assertThat(table.hasClass("sortable")).isTrue();
    assertThat(table.select("thead th button").eachText()).containsExactly("Class", "Instances", "Shallow", "Retained");
    Elements rows = table.select("tbody tr");
    assertThat(rows).hasSize(200);
    assertThat(rows.get(0).select("td").eachText()).containsExactly("java.util.Timer", "1,843", "28.8 KB", "412.0 MB");
    assertThat(rows.get(0).select("td").last().attr("data-v")).isEqualTo(Long.toString(412 * SampleReports.MB));
    long previous = Long.MAX_VALUE;
    for (Element row : rows) {
      long retained = Long.parseLong(row.select("td").last().attr("data-v"));
      assertThat(retained).isLessThanOrEqualTo(previous);
      previous = retained;
    }
    Element lowerBound = table.selectFirst("tbody td.lower-bound");
    assertThat(lowerBound.text()).startsWith(">= ");
    assertThat(lowerBound.attr("title")).startsWith("at least ");
    assertThat(table.select("td.retained:not(.lower-bound)").eachText()).noneMatch(text -> text.startsWith(">="));
    assertThat(page.select("#classes .note").text()).contains(">= marks a lower bound");
    assertThat(table.select("tfoot tr.rest").text()).startsWith("and 60 more classes");
    assertThat(table.select("tfoot tr.total").text()).startsWith("All 260 classes");
  }

  @Test
  void threadsShowStacksCappedAndLocals() throws IOException {
    Document page = parse(render(SampleReports.typical()));
    Elements rows = page.select("#thread-table tbody tr");

    assertThat(rows).as("worker-2 to worker-13 are one row").hasSize(3);
    Element group = rows.get(0);
    assertThat(group.selectFirst("summary").text()).isEqualTo("worker-N \u00d7 12 0x7d000040 daemon");
    assertThat(group.select("td").eachText().subList(1, 4)).containsExactly("mixed", "8", "14.3 MB");
    assertThat(group.select("ul.members > li")).hasSize(12);
    assertThat(group.selectFirst("p.label").text()).isEqualTo("Stack of the first, worker-2");
    Element first = rows.get(1);
    assertThat(first.selectFirst("summary").text()).isEqualTo("http-nio-8080-exec-1 0x7d000000 daemon");
    assertThat(first.select("td").eachText().subList(1, 4)).containsExactly("RUNNABLE", "80", "1.9 MB");
    assertThat(first.select("ol.frames > li")).hasSize(Limits.DEFAULT.framesPerThread());
    assertThat(first.select("ol.frames > li").first().selectFirst("code.frame").text())
        .isEqualTo("com.example.search.SearchHandler.handle(SearchHandler.java:40)");
    assertThat(first.select("ol.frames > li").first().select(".locals li").eachText())
        .containsExactly("local byte[] 0x7c000000 retains 0 B", "local byte[] 0x7c000000 retains 0 B");
    assertThat(first.select("details > p.more").text()).isEqualTo("and 30 more frames");
    assertThat(rows.get(2).select("details > p.more")).isEmpty();
  }

  @Test
  void numberedFactsFoldLongTablesShowTheirTopAndDominatorsNameTheirFinding() throws IOException {
    AnalysisReport typical = SampleReports.typical();
    long dominatorId = typical.heap().dominators().get(0).objectId();
    Map<String, String> facts = new LinkedHashMap<>();
    for (int i = 1; i <= 10; i++) {
      facts.put("value " + i, "\"text " + i + "\" x 9");
    }
    facts.put("strings examined", "49,587");
    ExampleObject example = new ExampleObject(0x1234, "java.lang.String", 24, 1500, List.of(
        new PathStep(dominatorId, "java.util.TimerThread", 5000, null, List.of("THREAD_OBJECT")),
        new PathStep(0x1234, "java.lang.String", 1500, "value", List.of())), null, null);
    Finding strings = new Finding("strings.duplicates", 93, "Duplicate strings", "duplicates", null,
        new Evidence(1500, 10, Map.of(), facts, List.of(example), List.of()), null, "Intern them.");
    Document page = parse(render(new AnalysisReport(typical.facts(), typical.heap(), null, List.of(strings),
        List.of(), typical.ruleRuns())));

    Elements shownFacts = page.select("#finding-1 dl.facts-list > div");
    assertThat(shownFacts).as("ten numbered values are one row").hasSize(2);
    assertThat(shownFacts.get(0).selectFirst("dt").text()).isEqualTo("values");
    assertThat(shownFacts.get(0).select("details.more-facts li")).hasSize(9);
    assertThat(page.select("#finding-1 .more")).isEmpty();

    assertThat(page.select("#histogram.capped tbody tr")).hasSizeGreaterThan(10);
    assertThat(page.selectFirst("button.show-all[data-table=histogram]").text()).isEqualTo("Show all 200 classes");
    assertThat(page.selectFirst("#dominators ul.tree.top > li a.belongs").text())
        .isEqualTo("finding 1: strings.duplicates");
    assertThat(page.select("#dominators ul.tree.top > li a.belongs")).as("only the one on the path").hasSize(1);
  }

  @Test
  void aCpuFlameGraphOfAHandfulOfSamplesIsNotDrawnAndSaysWhy() throws IOException {
    AnalysisReport report = SampleReports.withRecording(SampleReports.typical());
    RecordingSummary recording = report.recording();
    FlameNode few = new FlameNode("all", 47, List.of(new FlameNode("jdk.jfr.internal.PlatformRecorder.periodicTask",
        47, List.of())));
    RecordingSummary sparse = new RecordingSummary(recording.recording(), recording.liveSet(), recording.heapAfterGc(),
        recording.gcPauses(), recording.gcTotals(), recording.threadCounts(), recording.allocationFlameGraph(), few,
        recording.allocatedClasses(), recording.errors(), recording.sockets(), recording.jmcRules(),
        recording.warnings(), recording.unread());
    Document page = parse(render(new AnalysisReport(report.facts(), report.heap(), sparse, report.findings(),
        report.ruleErrors(), report.ruleRuns())));

    assertThat(page.select("#cpu-flame")).isEmpty();
    assertThat(page.selectFirst("#cpu-flame-too-few").text())
        .startsWith("Not drawn: the recording holds only 47 execution samples");
    assertThat(page.select("#allocation-flame svg.flame")).as("the allocation graph is unaffected").hasSize(1);
  }

  /** The typical sample's report with its recording's thread counts and allocation flame graph replaced. */
  private static AnalysisReport withRecording(List<RecordingSummary.Point> threads, FlameNode allocations) {
    AnalysisReport report = SampleReports.withRecording(SampleReports.typical());
    RecordingSummary r = report.recording();
    RecordingSummary changed = new RecordingSummary(r.recording(), r.liveSet(), r.heapAfterGc(), r.gcPauses(),
        r.gcTotals(), threads == null ? r.threadCounts() : threads,
        allocations == null ? r.allocationFlameGraph() : allocations, r.cpuFlameGraph(), r.allocatedClasses(),
        r.errors(), r.sockets(), r.jmcRules(), r.warnings(), r.unread());
    return new AnalysisReport(report.facts(), report.heap(), changed, report.findings(), report.ruleErrors(),
        report.ruleRuns());
  }

  @Test
  void jfrsOwnFramesAndTheTlsSetUpAreDrawnAfterTheApplicationsStacksAndTheCaptionSaysSo() throws IOException {
    FlameNode jfr = new FlameNode("jdk.jfr.internal.PlatformRecorder.periodicTask", 600,
        List.of(new FlameNode("jdk.jfr.internal.RequestEngine.doPeriodic", 600, List.of())));
    FlameNode handshake = new FlameNode("sun.security.ssl.SSLSocketImpl.startHandshake", 100,
        List.of(new FlameNode("com.sun.crypto.provider.AESCrypt.init", 100, List.of())));
    FlameNode worker = new FlameNode("com.example.Worker.run", 400, List.of(
        new FlameNode("com.example.Worker.compute", 250, List.of()),
        new FlameNode("com.example.Client.call", 150, List.of(handshake))));
    FlameNode root = new FlameNode("all", 1000, List.of(new FlameNode("java.lang.Thread.run", 1000,
        List.of(jfr, worker))));

    Document page = parse(render(withRecording(null, root)));

    Elements frames = page.select("#allocation-flame svg.flame > g");
    List<String> titles = frames.stream().map(frame -> frame.selectFirst("title").text()).toList();
    assertThat(titles).containsExactly(
        "all \u2014 1000 B (100.0%)",
        "java.lang.Thread.run \u2014 300 B (30.0%)",
        "com.example.Worker.run \u2014 300 B (30.0%)",
        "com.example.Worker.compute \u2014 250 B (25.0%)",
        "com.example.Client.call \u2014 50 B (5.0%)",
        "JFR itself \u2014 600 B (60.0%)",
        "jdk.jfr.internal.PlatformRecorder.periodicTask \u2014 600 B (60.0%)",
        "jdk.jfr.internal.RequestEngine.doPeriodic \u2014 600 B (60.0%)",
        "TLS set-up \u2014 100 B (10.0%)",
        "sun.security.ssl.SSLSocketImpl.startHandshake \u2014 100 B (10.0%)",
        "com.sun.crypto.provider.AESCrypt.init \u2014 100 B (10.0%)");
    Element thread = frames.get(1).selectFirst("svg");
    assertThat(thread.attr("x")).as("the application's tower first").isEqualTo("0.0");
    assertThat(thread.attr("width")).isEqualTo("348.0");
    Element jfrItself = frames.get(5).selectFirst("svg");
    assertThat(jfrItself.attr("x")).as("after the application's stacks").isEqualTo("348.0");
    assertThat(jfrItself.attr("y")).as("beside Thread.run, on the root").isEqualTo(thread.attr("y"));
    assertThat(frames.get(5).selectFirst("text").text()).isEqualTo("JFR itself");
    assertThat(frames.get(8).selectFirst("svg").attr("x")).isEqualTo("1044.0");
    assertThat(page.selectFirst("#allocation-flame .set-aside").text()).isEqualTo("Not the application's work, so drawn"
        + " after its stacks, at the right, each under one frame: JFR itself, 600 B (60.0%); TLS set-up, 100 B (10.0%)"
        + " (JFR's own frames, and the JDK's TLS handshakes with the crypto they call).");
    assertThat(page.select("#cpu-flame .set-aside")).as("nothing set aside there").isEmpty();
  }

  @Test
  void theThreadCountAtTheRecordingsEndSaysItIsCountedAsTheFindingsCount() throws IOException {
    long duration = SampleReports.withRecording(SampleReports.typical()).recording().recording().durationMillis();
    List<RecordingSummary.Point> threads = List.of(new RecordingSummary.Point(400, 188),
        new RecordingSummary.Point(duration - 5_000, 618), new RecordingSummary.Point(duration, 812));

    Document page = parse(render(withRecording(threads, null)));

    assertThat(page.getElementById("thread-count").selectFirst("p").text()).isEqualTo("188 live threads 400 ms into"
        + " the recording, 812 at its end (14 min 20 s; the last sample's count with the threads started and ended"
        + " after it, as the findings count running threads), at most 812.");
  }

  @Test
  void dominatorsExpandAFewBoundedLevels() throws IOException {
    Document page = parse(render(SampleReports.typical()));
    Elements top = page.select("#dominators ul.tree.top > li");

    assertThat(top).hasSize(10);
    Element first = top.get(0).selectFirst("details.dom");
    assertThat(first.hasAttr("open")).isFalse();
    assertThat(first.selectFirst("summary").text())
        .isEqualTo("2.2% java.util.TimerThread 0x7a000000 retains 15.0 MB (shallow 104 B)");
    assertThat(first.select("> .dom-path ol.chain > li")).hasSize(5);
    assertThat(first.select("> ul.tree > li")).hasSize(3);
    assertThat(first.select("ul.tree ul.tree ul.tree > li")).as("third level").hasSize(27);
    assertThat(first.select("ul.tree ul.tree ul.tree > li .dom.leaf")).hasSize(27);
    assertThat(page.select("#dominators button[data-expand=dominators]")).hasSize(1);
  }

  @Test
  void chartsAreInlineSvg() throws IOException {
    Document page = parse(render(SampleReports.typical()));

    Element chart = page.selectFirst("#class-chart svg");
    assertThat(chart.select("rect.bar")).hasSize(Limits.DEFAULT.chartBars());
    assertThat(chart.select("rect.bar").first().attr("width")).isEqualTo("360");
    assertThat(chart.select("text.label").first().text()).isEqualTo("java.util.Timer");
    assertThat(chart.select("g > title").first().text()).isEqualTo("java.util.Timer: 412.0 MB");
    Element share = page.selectFirst("#share-chart");
    assertThat(share.select("svg rect")).hasSize(7);
    assertThat(share.select(".legend li").first().text()).isEqualTo("java.util.TimerThread 2.2%");
  }

  @Test
  void footerSaysHowTheReportWasProduced() throws IOException {
    Document page = parse(render(SampleReports.typical()));
    Element footer = page.getElementById("produced");

    assertThat(footer.selectFirst(".about").text()).isEqualTo("Produced by heaplens " + SampleReports.VERSION
        + " Analysis started 2024-04-05 20:00:00 UTC Analysis took 1 min 23 s");
    assertThat(footer.select("table.inputs tbody td").eachText()).containsExactly("heap dump",
        "/var/dumps/search-7f9c.hprof", "812.0 MB", SampleReports.SHA256);
    assertThat(footer.select("#rules table.rules tbody tr")).hasSize(5);
    assertThat(page.selectFirst("meta[name=generator]").attr("content")).isEqualTo("heaplens " + SampleReports.VERSION);
  }

  @Test
  void recordingOverviewIsAbsentWithoutARecording() throws IOException {
    Document page = parse(render(SampleReports.typical()));

    assertThat(page.getElementById("recording")).isNull();
    assertThat(page.select("nav a[href=#recording]")).isEmpty();
  }

  @Test
  void aHealthyReportSaysSoInWordsAndListsWhatWasChecked() throws IOException {
    AnalysisReport typical = SampleReports.typical();
    List<Finding> minor = typical.findings().stream().filter(f -> !f.severity().atLeast(Severity.MEDIUM)).toList();
    Document page = parse(render(new AnalysisReport(typical.facts(), typical.heap(), null, minor, List.of(),
        typical.ruleRuns())));

    assertThat(page.selectFirst("header.verdict").hasClass("sev-clean")).as("a low finding is no alarm").isTrue();
    assertThat(page.selectFirst("#verdict-summary").text())
        .isEqualTo("clean No problem found at medium or above; 5 rules checked; 1 minor finding below");
    assertThat(page.select("#verdict-checked li")).hasSize(5);
    assertThat(page.select("#not-analyzed")).isEmpty();
  }

  @Test
  void aPartialReportWithAProblemKeepsItsSeverityAndSaysWhatWasNotAnalyzed() throws IOException {
    AnalysisReport typical = SampleReports.typical();
    Document page = parse(render(new AnalysisReport(typical.facts(), typical.heap(), null, typical.findings(),
        List.of(new RuleError("threads.unbounded", "failed: boom")), typical.ruleRuns())));

    assertThat(page.selectFirst("header.verdict").hasClass("sev-critical")).isTrue();
    assertThat(page.selectFirst("#verdict-summary").text()).startsWith("critical Partial analysis: 1 rule failed;"
        + " 3 problems found at medium or above (1 critical, 1 high, 1 medium) in what was read");
    assertThat(page.selectFirst("#not-analyzed").text()).contains("rule threads.unbounded: failed: boom");
  }

  @Test
  void aReportWithAFailedRuleIsPartialNotClean() throws IOException {
    Document page = parse(render(SampleReports.clean()));

    assertThat(page.selectFirst("header.verdict").hasClass("sev-partial")).isTrue();
    assertThat(page.selectFirst("#verdict-summary").text())
        .startsWith("partial Partial analysis: 1 rule failed; no problem found at medium or above in what was read,")
        .doesNotContain("No problem found");
    assertThat(page.selectFirst("#not-analyzed").text()).contains("rule threads.unbounded: failed");
    assertThat(page.selectFirst("header .warning").text()).startsWith("1 rule could not run");
    assertThat(page.select("#findings article")).isEmpty();
    assertThat(page.selectFirst("#findings .clean").text()).startsWith("No anti-pattern found in what was read");
    assertThat(page.selectFirst(".rule-errors").text())
        .contains("threads.unbounded: failed: IllegalStateException: boom (at Rule.java:12)");
  }

  @Test
  void reportWithoutAHeapDumpShowsFindingsAndHowItWasProduced() throws IOException {
    AnalysisReport typical = SampleReports.typical();
    Document page = parse(render(new AnalysisReport(typical.facts(), null, null, typical.findings(), List.of(),
        typical.ruleRuns())));

    assertThat(page.selectFirst("h1").text()).isEqualTo("heaplens: search-7f9c.hprof");
    assertThat(page.select("#findings article")).hasSize(4);
    assertThat(page.select("#heap, #dump-facts, nav a[href=#heap]")).isEmpty();
    assertThat(page.select("table.inputs tbody tr")).hasSize(1);
  }

  @Test
  void headerShowsTheRecordingsFactsAndWarnings() throws IOException {
    Element header = parse(render(SampleReports.withRecording(SampleReports.typical()))).selectFirst("header.verdict");

    assertThat(header.select(".facts-title").eachText()).containsExactly("Heap dump", "Flight recording");
    assertThat(header.selectFirst("#dump-facts").text()).contains("Heap 675.0 MB");
    assertThat(header.selectFirst("#recording-facts").text()).contains("Live set after GC 350.0 MB",
        "Max heap 512.0 MB", "Recorded 14 min 20 s", "Started 2024-04-05 19:20:00 UTC", "Events 1,284,332",
        "Chunks 3", "GC pauses 6.4 s in 287 pauses", "Collector G1",
        "Recording file /var/recordings/search-7f9c.jfr (48.0 MB)", "JVM OpenJDK 64-Bit Server VM 21.0.2+13-LTS",
        "JVM arguments -Xmx512m -XX:+UseG1GC");
    Element warnings = header.selectFirst(".recording-warnings");
    assertThat(warnings.attr("role")).isEqualTo("alert");
    assertThat(warnings.closest("details")).as("shown, not folded away").isNull();
    assertThat(warnings.select("li").eachText())
        .containsExactly("The last chunk is truncated: 3 of 4 chunks read, events after 19:34:20 are missing"
            + " (partial recording).");
  }

  @Test
  void recordingOverviewShowsTheLiveSetTrendPausesAndThreads() throws IOException {
    Document page = parse(render(SampleReports.withRecording(SampleReports.typical())));

    assertThat(page.select("nav a").eachAttr("href")).contains("#recording", "#flame-graphs", "#jmc-rules");
    assertThat(page.selectFirst("#recording .lead").text())
        .isEqualTo("What the JVM recorded over 14 min 20 s from 2024-04-05 19:20:00 UTC: 1,284,332 events.");
    Element trend = page.getElementById("live-set-trend");
    assertThat(trend.hasClass("trend-grows-unreported")).as("no finding of gc.live-set-growth: no alarm").isTrue();
    assertThat(trend.text()).isEqualTo("Live set grows +12.0 MB/min (189.0 MB \u2192 350.0 MB, fit r\u00b2 0.97),"
        + " below the thresholds of gc.live-set-growth: not reported as a problem.");
    Element reported = parse(render(SampleReports.recordingOnly())).getElementById("live-set-trend");
    assertThat(reported.hasClass("trend-grows")).isTrue();
    assertThat(reported.text()).isEqualTo("Live set grows +12.0 MB/min (189.0 MB \u2192 350.0 MB, fit r\u00b2 0.97);"
        + " at this rate the 512.0 MB heap is full in about 14 min after the recording ended. See the finding.");
    assertThat(reported.selectFirst("a").attr("href")).isEqualTo("#finding-1");

    Element heap = page.selectFirst("#heap-after-gc-chart svg.chart");
    assertThat(heap.selectFirst("path.series").attr("d")).startsWith("M").contains("L");
    assertThat(heap.selectFirst("path.series").attr("d").split("L")).hasSize(287);
    assertThat(heap.select("text.tick").eachText()).containsSubsequence("0", "200 MB", "400 MB", "600 MB")
        .containsSubsequence("0:00", "2:00", "14:00");
    assertThat(heap.selectFirst("text.limit-label").text()).isEqualTo("max heap 512.0 MB");
    Element fitted = heap.selectFirst("line.trend-line");
    assertThat(Double.parseDouble(fitted.attr("y2"))).as("rising: y grows downwards")
        .isLessThan(Double.parseDouble(fitted.attr("y1")));
    assertThat(heap.select("text.trend-label")).as("no label drawn across the lines").isEmpty();
    assertThat(page.selectFirst("#heap-after-gc-chart .trend-legend").text())
        .isEqualTo("Dashed: the fitted trend +12.0 MB/min.");

    Element pauses = page.getElementById("gc-pauses");
    assertThat(pauses.selectFirst("p").text()).isEqualTo("287 collections paused the application for 6.4 s in all"
        + " (0.7% of the recording); longest pause 291.6 ms.");
    assertThat(pauses.select("svg rect")).hasSize(287);
    assertThat(pauses.select("svg rect > title").first().text())
        .isEqualTo("0:01 4.0 ms G1 Young Generation (G1 Evacuation Pause)");
    assertThat(pauses.select("svg rect.c1 > title").first().text()).endsWith("G1 Old Generation (G1 Compaction Pause)");
    assertThat(pauses.select(".legend li").eachText()).containsExactly("G1 Young Generation", "G1 Old Generation");

    Element threads = page.getElementById("thread-count");
    assertThat(threads.selectFirst("p").text()).as("when each number was taken").matches(
        "42 live threads \\S+ (ms|s) into the recording, 1,885 at \\S+ .*\\(the last sample; the recording lasted"
            + " 14 min 20 s\\), at most 1,885\\.");
    assertThat(threads.selectFirst("svg path.series").attr("d")).startsWith("M");
    assertThat(threads.select("svg text.tick").eachText()).contains("0", "2,000", "14:00");
  }

  @Test
  void flameGraphsAreInlineSvgWithFramesAsWideAsTheirWeight() throws IOException {
    Document page = parse(render(SampleReports.withRecording(SampleReports.typical())));

    Element allocation = page.selectFirst("#allocation-flame svg.flame");
    assertThat(allocation.hasClass("chart")).isTrue();
    assertThat(allocation.attr("viewBox")).isEqualTo("0 0 1160 144");
    Elements frames = allocation.select(":root > g, svg.flame > g");
    assertThat(frames).as("17 frames, one of them under 0.3%").hasSize(16);
    assertThat(frames.first().selectFirst("title").text()).isEqualTo("all \u2014 9.8 GB (100.0%)");
    assertThat(frames.first().selectFirst("svg").attr("y")).as("the root at the bottom").isEqualTo("126");
    Element thread = frames.get(1);
    assertThat(thread.selectFirst("title").text()).isEqualTo("java.lang.Thread.run \u2014 9.6 GB (98.0%)");
    assertThat(thread.selectFirst("svg").attr("width")).isEqualTo("1136.8");
    assertThat(thread.selectFirst("svg").attr("y")).isEqualTo("108");
    assertThat(thread.selectFirst("text").text()).as("the name without its package").isEqualTo("Thread.run");
    assertThat(thread.selectFirst("rect").className()).as("a JDK frame").startsWith("j");
    Element handler = frames.select("g:has(title:containsOwn(SearchHandler.handle))").first();
    assertThat(handler.selectFirst("rect").className()).as("an application frame").startsWith("a");
    assertThat(handler.selectFirst("svg").attr("width")).isEqualTo("649.6");
    Element main = frames.select("g:has(title:containsOwn(com.example.Main.main))").first();
    assertThat(main.selectFirst("svg").attr("x")).as("right of the heavier sibling").isEqualTo("1136.8");
    assertThat(main.selectFirst("text").hasClass("n")).as("too narrow for its name").isTrue();
    assertThat(frames.select("title").eachText()).noneMatch(title -> title.contains("Query.parse"));
    assertThat(page.selectFirst("#allocation-flame .note").text())
        .isEqualTo("Not drawn: 1 frame under 0.3% of the total; the JSON output has them.");
    assertThat(page.selectFirst("#allocation-flame .tools").text()).startsWith("Reset zoom 9.8 GB in all");

    Element cpu = page.selectFirst("#cpu-flame svg.flame");
    assertThat(cpu.hasClass("cpu")).isTrue();
    assertThat(cpu.select("svg.flame > g")).hasSize(15);
    assertThat(cpu.selectFirst("svg.flame > g > title").text()).isEqualTo("all \u2014 10,000 samples (100.0%)");
    assertThat(page.select("#cpu-flame .note")).as("every frame drawn").isEmpty();
  }

  @Test
  void recordingTablesShowAllocationsErrorsSocketsAndJmcRules() throws IOException {
    Document page = parse(render(SampleReports.withRecording(SampleReports.typical())));

    Elements allocated = page.select("#allocated-class-table tbody tr");
    assertThat(allocated).hasSize(12);
    assertThat(allocated.first().select("td").eachText()).containsExactly("byte[]", "6.0 GB", "61.0%");
    assertThat(allocated.first().select("td").get(1).attr("data-v")).isEqualTo(Long.toString(6_100 * SampleReports.MB));

    Elements errors = page.select("#error-table tbody tr");
    assertThat(errors.first().selectFirst("td.name summary").text()).isEqualTo("java.net.SocketException");
    assertThat(errors.first().select("td:gt(0)").eachText()).containsExactly("Connection reset", "412", "1:01");
    assertThat(errors.first().select("details.error-stack ol.frames li:not(.more)").eachText())
        .hasSize(Limits.DEFAULT.errorFrames()).startsWith("sun.nio.ch.NioSocketImpl.implRead:323");
    assertThat(errors.first().select("details.error-stack li.more").text()).isEqualTo("and 1 more frames");

    Elements sockets = page.select("#socket-table tbody tr");
    assertThat(sockets.first().select("td").eachText())
        .containsExactly("quotes.example.com:443", "48,221", "388", "12,008", "912.0 MB", "14.0 MB", "400");
    assertThat(sockets.first().select("td.eos").text()).as("peers closing connections stand out").isEqualTo("388");
    assertThat(sockets.get(1).select("td.eos")).isEmpty();

    Element jmc = page.getElementById("jmc-table");
    assertThat(jmc.select("tbody tr td:eq(0)").eachText()).as("score, highest first; none last")
        .containsExactly("92", "82", "34", "\u2013");
    assertThat(jmc.select("tbody .badge").eachText()).containsExactly("warning", "warning", "info", "info");
    assertThat(jmc.select("tbody .badge").first().hasClass("jmc-warning")).isTrue();
    Element threadCount = jmc.selectFirst("tbody tr");
    assertThat(threadCount.selectFirst("td.name").text()).isEqualTo("Thread Count ThreadCount");
    assertThat(threadCount.selectFirst(".jmc-summary").text())
        .isEqualTo("The number of live threads grew from 42 to 1,885 during the recording.");
    Element more = threadCount.selectFirst("details.jmc-more");
    assertThat(more.hasAttr("open")).isFalse();
    assertThat(more.select("p.text").eachText()).containsExactly(
        "Each thread reserves a stack; <b>thousands</b> of threads cost memory & scheduling time.",
        "Reuse threads through a bounded pool instead of starting new ones.");
    Element unscored = jmc.select("tbody tr").last();
    assertThat(unscored.selectFirst("td").hasAttr("data-v")).isFalse();
    assertThat(unscored.selectFirst(".jmc-summary").text())
        .isEqualTo("<p>Reads from <code>quotes.example.com</code> took up to 2 s &amp; more</p>");
    assertThat(unscored.select("td.result").select("code, ul, li, b, p p")).as("JMC's markup shown as text").isEmpty();
    Element quiet = page.selectFirst("#jmc-rules details.jmc-quiet");
    assertThat(quiet.selectFirst("summary").text())
        .isEqualTo("2 more rules with nothing to report (OK, not applicable or ignored)");
    assertThat(quiet.select(".badge").eachText()).containsExactly("ok", "n/a");

    assertThat(page.select("#event-types tr").eachText()).startsWith("jdk.ObjectAllocationSample 412,004");
  }

  @Test
  void findingsShowTheirRecordedStacksWithTheApplicationFrameMarked() throws IOException {
    Document page = parse(render(SampleReports.withRecording(SampleReports.typical())));

    Element stack = page.selectFirst("#finding-1 details.stack");
    assertThat(stack.hasAttr("open")).as("folded: the culprit line already names the frame").isFalse();
    assertThat(stack.selectFirst("summary").text()).isEqualTo("Recorded stack: started 1,843 threads");
    assertThat(stack.select("ol.frames li").eachText()).startsWith("java.lang.Thread.start:809",
        "java.util.Timer.<init>:160", "com.example.cache.LocalCache.<init>:88");
    assertThat(stack.select("li.app").eachText()).as("the culprit's frame").containsExactly(
        "com.example.search.SearchLogic.<init>:57");
    assertThat(page.select("#finding-2 details.stack li.app").eachText()).as("the culprit's, not okhttp's")
        .containsExactly("com.example.quotes.QuoteFetcher.fetch:31");
    assertThat(page.selectFirst("#finding-1 .culprit").text())
        .isEqualTo("Culprit com.example.search.SearchLogic.<init> line 57");
    assertThat(page.select("#finding-3 details.stack")).isEmpty();
  }

  @Test
  void reportOfARecordingAloneShowsItWithoutAHeapOverview() throws IOException {
    Document page = parse(render(SampleReports.recordingOnly()));

    assertThat(page.title()).isEqualTo("heaplens: search-7f9c.jfr");
    assertThat(page.select("#heap, #dump-facts, nav a[href=#heap], .facts-title")).isEmpty();
    assertThat(page.selectFirst("#recording-facts").text()).contains("Live set after GC 350.0 MB", "Max heap 512.0 MB");
    assertThat(page.select("#verdict-headlines li")).hasSize(2);
    assertThat(page.select("#recording #heap-after-gc-chart, #allocation-flame svg.flame, #cpu-flame svg.flame, #jmc-table"))
        .hasSize(4);
    assertThat(page.select("#finding-1 .numbers").text()).doesNotContain("of the heap");
    assertThat(page.select("#finding-1 li.app").text()).isEqualTo("com.example.search.SearchLogic.<init>:57");
    assertThat(page.select("table.inputs tbody td").eachText()).containsExactly("flight recording",
        "/var/recordings/search-7f9c.jfr", "48.0 MB", "9c".repeat(32));
  }

  @Test
  void footerListsEveryInput() throws IOException {
    Document page = parse(render(SampleReports.withRecording(SampleReports.typical())));

    assertThat(page.select("table.inputs tbody tr").eachText()).containsExactly(
        "heap dump /var/dumps/search-7f9c.hprof 812.0 MB " + SampleReports.SHA256,
        "flight recording /var/recordings/search-7f9c.jfr 48.0 MB " + "9c".repeat(32));
    assertThat(page.select("table.inputs tbody td[title]").eachAttr("title"))
        .containsExactly("851,443,712 bytes", "50,331,648 bytes");
  }

  @Test
  void hostileTextFromTheRecordingIsShownAsText() throws IOException {
    String html = render(SampleReports.hostileWithRecording());
    Document page = parse(html);

    for (String hostile : SampleReports.HOSTILE) {
      if (!hostile.equals(SampleReports.END_SCRIPT)) {
        assertThat(html).as("raw in the page: %s", hostile).doesNotContain(hostile);
      }
    }
    assertThat(html.toLowerCase()).as("only the report's own script").containsOnlyOnce("<script")
        .containsOnlyOnce("</script");
    assertThat(page.select("script")).hasSize(1);
    assertThat(page.select("img, iframe, object, embed, [src], [style*=url]")).isEmpty();
    for (Element svg : page.select("svg")) {
      assertThat(svg.hasClass("chart") || svg.parent().parent().hasClass("flame"))
          .as("a chart, or a frame of a flame graph: %s", svg.attributes()).isTrue();
    }
    for (Element element : page.getAllElements()) {
      for (Attribute attribute : element.attributes()) {
        assertThat(attribute.getKey()).as("attribute of <%s>", element.tagName()).doesNotStartWith("on");
      }
    }
    for (String selector : List.of("#recording-facts code", ".recording-warnings li", "#gc-pauses rect > title",
        "#gc-pauses .legend li", "#allocation-flame g > title", "#cpu-flame g > title",
        "#allocated-class-table td.name", "#error-table td.name summary", "#error-table td.message",
        "#error-table ol.frames li:not(.more)", "#socket-table td.name", "#jmc-table td.name", "#jmc-table .jmc-summary",
        "#jmc-table details p.text", "#event-types th", "details.stack summary", "details.stack li:not(.more)")) {
      Elements shown = page.select(selector);
      assertThat(shown).as(selector).isNotEmpty();
      assertThat(shown.eachText()).as(selector).allMatch(text -> SampleReports.HOSTILE.stream()
          .anyMatch(hostile -> text.contains(hostile.strip())));
    }
    String file = page.selectFirst("#recording-facts code").text();
    assertThat(file).startsWith("/var/recordings/<").endsWith(" search-7f9c.jfr");
    assertThat(page.select("table.inputs tbody tr").last().selectFirst("code").text()).isEqualTo(file);
  }

  @Test
  void hostileTextFromTheDumpIsShownAsText() throws IOException {
    String html = render(SampleReports.hostile());
    Document page = parse(html);

    for (String hostile : SampleReports.HOSTILE) {
      if (!hostile.equals(SampleReports.END_SCRIPT)) {
        assertThat(html).as("raw in the page: %s", hostile).doesNotContain(hostile);
      }
    }
    assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;",
        "&lt;/script&gt;", "&#39; onmouseover=&#39;window.__pwned=true&#39; x=&#39;");
    assertThat(html.toLowerCase()).as("only the report's own script").containsOnlyOnce("<script")
        .containsOnlyOnce("</script");

    assertThat(page.select("script")).hasSize(1);
    assertThat(page.select("img, iframe, object, embed, [src]")).isEmpty();
    assertThat(page.select("svg")).as("only the two charts").hasSize(2).allMatch(svg -> svg.hasClass("chart"));
    for (Element element : page.getAllElements()) {
      for (Attribute attribute : element.attributes()) {
        assertThat(attribute.getKey()).as("attribute of <%s>", element.tagName()).doesNotStartWith("on");
      }
    }
    String text = page.body().text();
    for (String hostile : SampleReports.HOSTILE) {
      assertThat(text).as("shown literally").contains(hostile.strip());
    }
    assertThat(page.selectFirst("#finding-1 .culprit-class").text()).startsWith(SampleReports.HOSTILE.get(0));
    assertThat(page.selectFirst("#thread-table .thread-name").text()).contains("<");
    assertThat(page.select("#histogram td[title]").eachAttr("title")).allMatch(title -> title.endsWith("bytes"));
    assertThat(page.select("#class-chart g > title").first().text()).containsAnyOf(SampleReports.HOSTILE.toArray(String[]::new));
  }

  @Test
  void misleadingCharactersAreShownEscapedAndLoneSurrogatesReplaced() throws IOException {
    AnalysisReport report = SampleReports.withTopClass(SampleReports.typical(),
        "com.evil.Invoice\u202Etxt.exe\u0000\u001b[2J\nFORGED\u2028\uD800end");
    Path file = temp.resolve("report.html");

    HtmlReport.write(report, file);

    String html = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(html).doesNotContain("\u202E").doesNotContain("\u0000").doesNotContain("\u001b")
        .doesNotContain("\u2028").doesNotContain("\uD800").doesNotContain("\nFORGED");
    assertThat(parse(html).selectFirst("#histogram tbody td.name").text())
        .isEqualTo("com.evil.Invoice\\u202etxt.exe\\u0000\\u001b[2J\\u000aFORGED\\u2028\uFFFDend");
  }

  @Test
  void writeGivesTheSamePageAsRender() throws IOException {
    Path file = temp.resolve("report.html");

    HtmlReport.write(SampleReports.typical(), file);

    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(render(SampleReports.typical()));
  }

  @Test
  void longStringsAreCut() throws IOException {
    Document page = parse(render(SampleReports.huge("x", 100_000, 1)));

    String className = page.selectFirst("#histogram tbody td.name").text();
    assertThat(className).startsWith("x".repeat(Text.NAME)).endsWith("\u2026 (99,760 more characters)");
    assertThat(page.selectFirst("#finding-1 .claim").text()).endsWith("more characters)").hasSizeLessThan(1_300);
  }

  /**
   * The size bound: with every list of the dump and the recording hundreds of times longer than the
   * caps, and every string far longer than its cut and made of the characters that escape longest,
   * the page stays under 10 MB.
   */
  @Test
  void reportStaysUnderTenMegabytesWhateverTheDump() throws IOException {
    for (String worst : List.of("\"", "<", "&", "\uD83D\uDE00")) {
      String html = render(SampleReports.huge(worst, 20_000, 20));
      long bytes = html.getBytes(StandardCharsets.UTF_8).length;
      System.out.printf("worst-case report of %s: %,d bytes%n", worst, bytes);
      assertThat(bytes).as("report size with strings of %s", worst).isLessThan(10L << 20);
      Document page = parse(html);
      assertThat(page.select("#findings article")).hasSizeBetween(1, Limits.DEFAULT.findings());
      assertThat(page.select("#histogram tbody tr")).hasSizeBetween(1, Limits.DEFAULT.histogramRows());
      assertThat(page.select("#thread-table tbody tr")).hasSizeBetween(1, Limits.DEFAULT.threads());
      assertThat(page.select("ol.frames > li")).hasSizeLessThanOrEqualTo(Limits.DEFAULT.frames());
      assertThat(page.select("#findings > p.more").text()).as("what was left out is counted").startsWith("and ");
      assertThat(page.select("#histogram tr.rest").text()).startsWith("and ");
      assertThat(page.select("#thread-table .group-count").text()).as("threads alike are grouped").startsWith("\u00d7 ");
      assertThat(page.select("#recording")).as("the recording is in the worst case too").hasSize(1);
      for (String flame : List.of("#allocation-flame", "#cpu-flame")) {
        assertThat(page.select(flame + " svg.flame > g")).hasSizeBetween(1, Limits.DEFAULT.flameNodes());
        assertThat(page.select(flame + " .note").text()).startsWith("Not drawn: ");
      }
      assertThat(page.select("#gc-pauses svg rect")).hasSize(Limits.DEFAULT.seriesPoints());
      assertThat(page.select("#gc-pauses figcaption").text()).contains("The chart shows the 600 longest pauses of 5,740.");
      assertThat(page.select("#heap-after-gc-chart path.series").attr("d").split("L"))
          .hasSize(Limits.DEFAULT.seriesPoints());
      assertThat(page.select("#allocated-class-table tbody tr, #error-table tbody tr, #socket-table tbody tr"))
          .hasSizeLessThanOrEqualTo(3 * Limits.DEFAULT.recordingRows());
      assertThat(page.select("#jmc-rules tbody tr")).hasSizeBetween(1, Limits.DEFAULT.jmcRules());
      assertThat(page.select("#jmc-rules > p.more").text()).startsWith("and ");
      assertThat(page.select("details.stack")).hasSizeLessThanOrEqualTo(
          Limits.DEFAULT.findings() * Limits.DEFAULT.recordedStacksPerFinding());
      assertThat(page.select("details.stack li:not(.more)")).hasSizeLessThanOrEqualTo(
          Limits.DEFAULT.findings() * Limits.DEFAULT.recordedStacksPerFinding() * Limits.DEFAULT.recordedFrames());
    }
  }
}
