package io.heaplens.rules.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heaplens.analysis.AnalysisReport;
import io.heaplens.analysis.AnalysisReport.Facts;
import io.heaplens.analysis.AnalysisReport.InputFile;
import io.heaplens.analysis.HeapSummary;
import io.heaplens.analysis.HeapSummary.ClassRow;
import io.heaplens.analysis.HeapSummary.Counts;
import io.heaplens.analysis.HeapSummary.DumpFacts;
import io.heaplens.analysis.HeapSummary.FrameRow;
import io.heaplens.analysis.HeapSummary.ThreadRow;
import io.heaplens.analysis.rules.Culprit;
import io.heaplens.analysis.rules.Evidence;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.RecordedStack;
import io.heaplens.analysis.rules.RuleRun;
import io.heaplens.html.HtmlReport;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** {@link HtmlAgreement} passes a page rendered from its JSON's model, and fails one that says otherwise. */
class HtmlAgreementTest {
    private static final long MB = 1L << 20;

    @Test
    void aPageRenderedFromTheModelAgreesWithItsJson() throws IOException {
        AnalysisReport report = report(12);
        assertThat(HtmlAgreement.differences(ReportGoldenFile.document(report), html(report))).isEmpty();
    }

    @Test
    void listsLongerThanThePageShowsAgreeWhenThePageCountsTheRest() throws IOException {
        AnalysisReport report = report(260);
        Document page = html(report);
        assertThat(page.select("table.histogram > tbody > tr")).hasSizeLessThan(260);
        assertThat(HtmlAgreement.differences(ReportGoldenFile.document(report), page)).isEmpty();

        page.select("table.histogram tfoot tr.rest").remove();
        assertThat(HtmlAgreement.differences(ReportGoldenFile.document(report), page))
                .anyMatch(line -> line.startsWith("class histogram: the page shows") && line.contains("does not count the rest"));
    }

    @Test
    void aClaimOrCulpritTheJsonDoesNotSayIsADifference() throws IOException {
        AnalysisReport report = report(12);
        JsonNode json = ReportGoldenFile.document(report);
        ObjectNode finding = (ObjectNode) json.get("findings").get(0);
        finding.put("claim", "something else");
        ((ObjectNode) finding.get("culprit")).put("method", "elsewhere");
        assertThat(HtmlAgreement.differences(json, html(report)))
                .anyMatch(line -> line.startsWith("finding 1 (cache.per-request-scheduler) claim"))
                .anyMatch(line -> line.startsWith("finding 1 (cache.per-request-scheduler) culprit method"));
    }

    @Test
    void aRowOrValueThePageLacksIsADifference() throws IOException {
        AnalysisReport report = report(12);
        JsonNode json = ReportGoldenFile.document(report);
        ((ObjectNode) json.get("classes").get(1)).put("retainedBytes", 1);
        ((ObjectNode) json.get("threads").get(0)).put("name", "another-thread");
        Document page = html(report);
        page.select("#findings article.finding").last().remove();
        page.select("details.stack ol.frames > li").first().remove();

        assertThat(HtmlAgreement.differences(json, page))
                .anyMatch(line -> line.startsWith("class histogram row 2 retained bytes"))
                .anyMatch(line -> line.startsWith("thread table row 1: \"Timer-0\" x 1 is no group"))
                .anyMatch(line -> line.startsWith("findings: the page shows 1 of 2 rows"))
                .anyMatch(line -> line.startsWith("finding 1 (cache.per-request-scheduler) stack 1 frame 1"));
    }

    private static Document html(AnalysisReport report) throws IOException {
        StringWriter out = new StringWriter();
        HtmlReport.render(report, out);
        return Jsoup.parse(out.toString());
    }

    /** A small report of a dump with {@code classCount} classes, two findings (one with a recorded stack), two threads. */
    private static AnalysisReport report(int classCount) {
        List<ClassRow> classes = new ArrayList<>();
        for (int i = 0; i < classCount; i++) {
            classes.add(new ClassRow("com.example.Type" + i, 1_000 - i, (1_000 - i) * 16L, (classCount - i) * 4_096L, true));
        }
        List<ThreadRow> threads = List.of(
                new ThreadRow("Timer-0", "WAITING", true, 0x7f00_0010L, 2 * MB,
                        List.of(new FrameRow("java.util.TimerThread.mainLoop(Timer.java:563)", List.of()))),
                new ThreadRow("main", "RUNNABLE", false, 0x7f00_0020L, MB, List.of()));
        HeapSummary heap = new HeapSummary(
                new DumpFacts("/dumps/app.hprof", "JAVA PROFILE 1.0.2", 8, "2026-11-23T05:00:00Z", false, 40 * MB, true,
                        12, true, "12-byte headers, 4-byte references", 30 * MB, 28 * MB, false, List.of()),
                new Counts(1_000_000, 800_000, 50_000, 150_000, classCount, 1_000, 2_000_000, Map.of("JAVA_FRAME", 40L)),
                classes, List.of(), threads);
        Evidence timers = Evidence.of(13 * MB, 804).withRecording(Map.of(), List.of(new RecordedStack(
                "started 804 of these threads", List.of("java.util.Timer.<init>:188",
                        "com.example.SearchLogic.<init>:18", "com.example.SearchService.search:65"))));
        List<Finding> findings = List.of(
                new Finding("cache.per-request-scheduler", 98, "A scheduler per request",
                        "804 com.example.SearchLogic objects each own a java.util.Timer", "Each timer keeps a thread.",
                        timers, new Culprit("com.example.SearchLogic", "<init>", 18), "Share one scheduler."),
                new Finding("strings.duplicates", 45, "Duplicate strings", "27,258 duplicate strings waste 11.5 MB",
                        null, Evidence.of(11 * MB, 27_258), Culprit.ofClass("com.example.Hit"), null));
        Facts facts = new Facts("test", Instant.parse("2026-11-23T05:00:00Z"), 1_234,
                List.of(new InputFile(InputFile.HEAP_DUMP, "/dumps/app.hprof", 40 * MB, "ab".repeat(32))));
        List<RuleRun> runs = List.of(
                new RuleRun("cache.per-request-scheduler", "A scheduler per request", RuleRun.Outcome.FOUND, 1, 12),
                new RuleRun("strings.duplicates", "Duplicate strings", RuleRun.Outcome.FOUND, 1, 30));
        return new AnalysisReport(facts, heap, null, findings, List.of(), runs);
    }
}
