package io.heaplens.rules.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.heaplens.analysis.AnalysisReport;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.Rule;
import io.heaplens.analysis.rules.RuleResults;
import io.heaplens.analysis.rules.Severity;
import io.heaplens.html.HtmlReport;
import io.heaplens.samples.SampleCatalog;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Every sample of the catalog, each variant's problem run and its healthy twin, through every rule
 * (discovered with ServiceLoader, default thresholds), on its heap dump, its recording and both:
 *
 * <ul>
 *   <li>a problem run's dump yields the catalog's rule, blaming the catalog's culprit class, at high
 *       or critical; its recording alone yields the catalog's recording rule, blaming a method of that
 *       class; dump and recording together yield the dump's finding naming that method, with the
 *       creating or allocating stack;
 *   <li>a healthy twin yields no finding at medium or above from the anti-pattern rules, on its dump,
 *       its recording or both, and none at high or above from any rule;
 *   <li>a problem run yields exactly one finding at high or above from all rules together, the
 *       catalog's, on its dump and on dump and recording: one cause, one finding;
 *   <li>all findings of the run (every rule, every severity) match the run's reviewed golden file
 *       (see {@link GoldenFile}), and no rule fails;
 *   <li>the whole report of dump and recording matches the run's report golden file (its findings,
 *       and the shape of its JSON: see {@link ReportGoldenFile}), and the HTML page rendered from the
 *       same model shows what that JSON says ({@link HtmlAgreement}).
 * </ul>
 *
 * <p>System properties: {@value GoldenFile#UPDATE_PROPERTY}{@code =true} rewrites the golden files
 * from the current results (review the diff); {@value #SELECT_PROPERTY}{@code =id[/variant],...}
 * runs only some samples; {@value #PREFETCH_PROPERTY}{@code =false} runs the samples strictly one at a
 * time instead of running the next one while the previous dump is analyzed.
 */
class CorpusTest {
    /** The rules the samples are made for. */
    static final Set<String> ANTI_PATTERN_RULES = Set.of(SampleCatalog.BUFFERED_BODY,
            SampleCatalog.PER_REQUEST_SCHEDULER, SampleCatalog.UNBOUNDED_THREADS, SampleCatalog.UNCLOSED_CLIENT,
            SampleCatalog.UNBOUNDED_ACCUMULATION);
    /** The recording rules the samples' recordings are checked against. */
    static final Set<String> RECORDING_RULES = Set.of(SampleCatalog.THREAD_START_STORM, SampleCatalog.LARGE_BUFFERS,
            SampleCatalog.LIVE_SET_GROWTH, "net.connection-churn", "errors.oom-thrown");
    static final String SELECT_PROPERTY = "heaplens.corpus.samples";
    static final String PREFETCH_PROPERTY = "heaplens.corpus.prefetch";

    @TestFactory
    Stream<DynamicNode> everySampleRun() {
        List<SampleRun> runs = selectedRuns();
        if (!"false".equals(System.getProperty(PREFETCH_PROPERTY))) {
            SampleDumps.prefetch(runs.stream().map(SampleDumps::launchOf).toList());
        }
        return runs.stream().map(run -> dynamicContainer(run.label(), Stream.of(
                run.healthy()
                        ? dynamicTest("no anti-pattern finding at medium or above", () -> healthyTwinIsQuiet(run))
                        : dynamicTest("finds " + run.sample().expectedRule() + " on " + run.variant().culpritClass()
                                + " at high or above", () -> problemIsFound(run)),
                run.healthy()
                        ? dynamicTest("its recording: no finding at medium or above", () -> healthyRecordingIsQuiet(run))
                        : run.variant().recordingShowsIt()
                        ? dynamicTest("its recording alone: " + run.sample().expectedRecordingRule() + " on "
                                + run.variant().culpritClass(), () -> recordingAloneFindsIt(run))
                        : dynamicTest("its recording alone: no " + run.sample().expectedRecordingRule()
                                + ", as the catalog says", () -> recordingAloneMissesIt(run)),
                run.healthy()
                        ? dynamicTest("dump and recording: no finding at medium or above", () -> healthyJoinedIsQuiet(run))
                        : dynamicTest("dump and recording: " + run.sample().expectedRule() + " names the recorded method",
                                () -> joinedFindingNamesTheMethod(run)),
                run.healthy()
                        ? dynamicTest("no finding at high or above from any rule", () -> noAlarmOnHealthyTwin(run))
                        : dynamicTest("one finding at high or above, on the dump and on both: one cause, one finding",
                                () -> oneAlarmPerCause(run)),
                dynamicTest("every rule runs without error", () -> noRuleFails(run)),
                dynamicTest("findings match " + run.goldenResource(), () -> findingsMatchGoldenFile(run)),
                dynamicTest("report model matches " + run.reportGoldenResource() + ", and its HTML shows it",
                        () -> reportMatchesGoldenFile(run)))));
    }

    private static void problemIsFound(SampleRun run) {
        RuleResults results = RuleAnalysis.of(run).results();
        String rule = run.sample().expectedRule();
        String culprit = run.variant().culpritClass();
        List<Finding> matching = results.findings().stream()
                .filter(f -> f.ruleId().equals(rule) && culprit.equals(GoldenFile.culpritOf(f))
                        && f.severity().atLeast(Severity.HIGH))
                .toList();
        assertThat(matching)
                .as("%s: expected a finding of %s blaming %s at high or above%s; findings:%n%s%s", run, rule, culprit,
                        installed(rule) ? "" : " (no rule " + rule + " is installed)", describe(results.findings()),
                        errors(results))
                .isNotEmpty();
    }

    private static void healthyTwinIsQuiet(SampleRun run) {
        RuleResults results = RuleAnalysis.of(run).results();
        List<Finding> alarms = results.findings().stream()
                .filter(f -> ANTI_PATTERN_RULES.contains(f.ruleId()) && f.severity().atLeast(Severity.MEDIUM))
                .toList();
        assertThat(alarms).as("%s: anti-pattern findings at medium or above on a healthy twin:%n%s", run,
                describe(alarms)).isEmpty();
    }

    /**
     * The recording rule names an application method, and the catalog's culprit class is that method's
     * class or on its recorded stack: an allocation is named where it happens ({@code ContentCachingResponse}),
     * which may be a helper the culprit ({@code AuditLoggingFilter}) calls.
     */
    private static void recordingAloneFindsIt(SampleRun run) {
        RuleResults results = RuleAnalysis.of(run).recordingResults();
        String rule = run.sample().expectedRecordingRule();
        String culprit = run.variant().culpritClass();
        List<Finding> matching = results.findings().stream()
                .filter(f -> f.ruleId().equals(rule) && f.culprit() != null && f.culprit().method() != null
                        && f.severity().atLeast(Severity.MEDIUM)
                        && (culprit.equals(GoldenFile.culpritOf(f)) || f.evidence().stacks().stream()
                                .flatMap(stack -> stack.frames().stream())
                                .anyMatch(frame -> frame.startsWith(culprit + ".") || frame.startsWith(culprit + "$"))))
                .toList();
        assertThat(matching)
                .as("%s: expected the recording alone to yield %s naming a method, of %s or with it on the stack, at"
                        + " medium or above; findings:%n%s%s", run, rule, culprit, describe(results.findings()),
                        errors(results))
                .isNotEmpty();
    }

    /** The dump's finding, joined with the recording, names the creating or allocating method and shows its stack. */
    private static void joinedFindingNamesTheMethod(SampleRun run) {
        RuleResults results = RuleAnalysis.of(run).joinedResults();
        String rule = run.sample().expectedRule();
        String culprit = run.variant().culpritClass();
        List<Finding> matching = results.findings().stream()
                .filter(f -> f.ruleId().equals(rule) && culprit.equals(GoldenFile.culpritOf(f))
                        && f.culprit().method() != null && !f.evidence().stacks().isEmpty()
                        && f.severity().atLeast(Severity.HIGH))
                .toList();
        assertThat(matching)
                .as("%s: expected %s on dump and recording to blame a method of %s with a recorded stack; findings:%n%s%s",
                        run, rule, culprit, describe(results.findings()), errors(results))
                .isNotEmpty();
    }

    /**
     * A sample has one cause: every rule together (the general and recording rules too) raises one
     * alarm for it, the catalog's rule, on the dump alone and on dump and recording together. The
     * other rules' views of the same objects are folded into it (kept below high, pointing at it).
     */
    private static void oneAlarmPerCause(SampleRun run) {
        RuleAnalysis.Analysis analysis = RuleAnalysis.of(run);
        for (RuleResults results : List.of(analysis.results(), analysis.joinedResults())) {
            List<Finding> alarms = results.findings().stream().filter(f -> f.severity().atLeast(Severity.HIGH)).toList();
            assertThat(alarms).as("%s: findings at high or above (one cause, so one expected, of %s):%n%s", run,
                    run.sample().expectedRule(), describe(alarms)).hasSize(1);
            assertThat(alarms.get(0).ruleId()).isEqualTo(run.sample().expectedRule());
        }
    }

    private static void noAlarmOnHealthyTwin(SampleRun run) {
        RuleAnalysis.Analysis analysis = RuleAnalysis.of(run);
        for (RuleResults results : List.of(analysis.results(), analysis.joinedResults())) {
            List<Finding> alarms = results.findings().stream().filter(f -> f.severity().atLeast(Severity.HIGH)).toList();
            assertThat(alarms).as("%s: findings at high or above on a healthy twin:%n%s", run, describe(alarms))
                    .isEmpty();
        }
    }

    private static void healthyRecordingIsQuiet(SampleRun run) {
        List<Finding> alarms = RuleAnalysis.of(run).recordingResults().findings().stream()
                .filter(f -> f.severity().atLeast(Severity.MEDIUM)).toList();
        assertThat(alarms).as("%s: findings at medium or above on a healthy twin's recording:%n%s", run,
                describe(alarms)).isEmpty();
    }

    /**
     * A variant whose library hides the problem from the recording (the catalog says why): when the
     * recording rule learns to see it, this fails, and the catalog entry should say it does.
     */
    private static void recordingAloneMissesIt(SampleRun run) {
        String rule = run.sample().expectedRecordingRule();
        List<Finding> found = RuleAnalysis.of(run).recordingResults().findings().stream()
                .filter(f -> f.ruleId().equals(rule) && f.severity().atLeast(Severity.MEDIUM)).toList();
        assertThat(found).as("%s: the recording now shows %s; set recordingShowsIt for this variant:%n%s", run,
                rule, describe(found)).isEmpty();
    }

    private static void healthyJoinedIsQuiet(SampleRun run) {
        List<Finding> alarms = RuleAnalysis.of(run).joinedResults().findings().stream()
                .filter(f -> (ANTI_PATTERN_RULES.contains(f.ruleId()) || RECORDING_RULES.contains(f.ruleId()))
                        && f.severity().atLeast(Severity.MEDIUM))
                .toList();
        assertThat(alarms).as("%s: findings at medium or above on a healthy twin's dump and recording:%n%s", run,
                describe(alarms)).isEmpty();
    }

    private static void noRuleFails(SampleRun run) {
        RuleAnalysis.Analysis analysis = RuleAnalysis.of(run);
        assertThat(analysis.results().errors()).as("%s: rule errors on the dump", run).isEmpty();
        assertThat(analysis.recordingResults().errors()).as("%s: rule errors on the recording", run).isEmpty();
        assertThat(analysis.joinedResults().errors()).as("%s: rule errors on both", run).isEmpty();
    }

    private static void findingsMatchGoldenFile(SampleRun run) {
        List<Finding> findings = RuleAnalysis.of(run).results().findings();
        Optional<GoldenFile> golden = GoldenFile.load(run.goldenResource());
        if (GoldenFile.updateMode()) {
            Path written = GoldenFile.write(run.goldenResource(), GoldenFile.rewrite(run, golden.orElse(null), findings));
            System.out.println("golden file " + written + " written; review the diff");
            return;
        }
        assertThat(golden).as("%s: no golden file %s; write it with -D%s=true and review it", run,
                run.goldenResource(), GoldenFile.UPDATE_PROPERTY).isPresent();
        List<String> differences = golden.get().differences(findings);
        assertThat(differences).as("%s: findings differ from %s (if the change is intended, rewrite it with "
                        + "-D%s=true and review the diff)", run, run.goldenResource(), GoldenFile.UPDATE_PROPERTY)
                .isEmpty();
    }

    /**
     * The whole report of dump and recording: its findings and the shape of its JSON match the run's
     * report golden file, and the HTML page rendered from the same model shows what the JSON says.
     */
    private static void reportMatchesGoldenFile(SampleRun run) throws IOException {
        AnalysisReport report = RuleAnalysis.of(run).report();
        Optional<ReportGoldenFile> golden = ReportGoldenFile.load(run);
        if (GoldenFile.updateMode()) {
            Path written = ReportGoldenFile.update(run, golden.orElse(null), report);
            System.out.println("report golden file " + written + " written; review the diff");
        } else {
            assertThat(golden).as("%s: no report golden file %s; write it with -D%s=true and review it", run,
                    run.reportGoldenResource(), GoldenFile.UPDATE_PROPERTY).isPresent();
            assertThat(golden.get().differences(run, report)).as("%s: the report differs from %s (if the change is "
                    + "intended, rewrite it with -D%s=true and review the diff)", run, run.reportGoldenResource(),
                    GoldenFile.UPDATE_PROPERTY).isEmpty();
        }
        StringWriter html = new StringWriter();
        HtmlReport.render(report, html);
        assertThat(HtmlAgreement.differences(ReportGoldenFile.document(report), Jsoup.parse(html.toString())))
                .as("%s: the HTML report does not show what its JSON says", run).isEmpty();
    }

    /** The runs to check: all, or those {@value #SELECT_PROPERTY} names (sample ids or id/variant). */
    static List<SampleRun> selectedRuns() {
        String selection = System.getProperty(SELECT_PROPERTY, "").trim();
        if (selection.isEmpty()) {
            return SampleRun.all();
        }
        Set<String> wanted = Arrays.stream(selection.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
        return SampleRun.all().stream()
                .filter(run -> wanted.contains(run.sample().id())
                        || wanted.contains(run.sample().id() + "/" + run.variant().name()))
                .toList();
    }

    private static boolean installed(String ruleId) {
        return RuleAnalysis.engine().rules().stream().map(Rule::id).anyMatch(ruleId::equals);
    }

    private static String describe(List<Finding> findings) {
        if (findings.isEmpty()) {
            return "  (none)";
        }
        return findings.stream().map(f -> "  " + GoldenFile.describe(f)).collect(Collectors.joining("\n"));
    }

    private static String errors(RuleResults results) {
        return results.errors().isEmpty() ? "" : "\nrule errors:\n" + results.errors().stream()
                .map(e -> "  " + e.ruleId() + ": " + e.message()).collect(Collectors.joining("\n"));
    }
}
