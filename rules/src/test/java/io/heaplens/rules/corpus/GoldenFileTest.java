package io.heaplens.rules.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heaplens.analysis.rules.Culprit;
import io.heaplens.analysis.rules.Evidence;
import io.heaplens.analysis.rules.ExampleObject;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The golden file format, comparison and update, on findings made up here (no sample runs). */
class GoldenFileTest {
    private static final SampleRun RUN = SampleRun.of("per-request-cache", "timer", false);

    private static Finding finding(String rule, String culprit, String subject, int score, long count, long retained) {
        List<ExampleObject> examples = subject == null ? List.of()
                : List.of(new ExampleObject(1, subject, 16, retained, List.of(), null, null));
        return new Finding(rule, score, "title", "claim of " + rule, "why",
                new Evidence(retained, count, Map.of(), Map.of(), examples, List.of()),
                culprit == null ? null : Culprit.ofClass(culprit), "fix");
    }

    private static GoldenFile written(List<Finding> findings) throws Exception {
        ObjectNode json = GoldenFile.rewrite(RUN, null, findings);
        return GoldenFile.parse(json.toString(), "test");
    }

    @Test
    void aRunMatchesTheFileWrittenFromIt() throws Exception {
        List<Finding> findings = List.of(finding("cache.per-request-scheduler", "a.Cache", "java.util.Timer", 98, 800, 14_000_000),
                finding("memory.leak-suspect", null, "java.util.zip.ZipFile$Source", 35, 41, 2_000_000));

        assertThat(written(findings).differences(findings)).isEmpty();
    }

    @Test
    void countsAndRetainedBytesMatchWithinTheirTolerance() throws Exception {
        GoldenFile golden = written(List.of(finding("r.x", "a.B", null, 90, 800, 1_000_000)));

        assertThat(golden.differences(List.of(finding("r.x", "a.B", null, 90, 600, 700_000)))).isEmpty();
        assertThat(golden.differences(List.of(finding("r.x", "a.B", null, 90, 1000, 1_300_000)))).isEmpty();
        assertThat(golden.differences(List.of(finding("r.x", "a.B", null, 90, 599, 1_000_000))))
                .singleElement().asString().startsWith("differs:").contains("count 599 outside 600..1000");
        assertThat(golden.differences(List.of(finding("r.x", "a.B", null, 90, 800, 1_300_001))))
                .singleElement().asString().contains("retained bytes 1300001 outside 700000..1300000");
    }

    @Test
    void severityMustMatchUnlessTheScoreWasNearABoundary() throws Exception {
        assertThat(written(List.of(finding("r.x", "a.B", null, 90, 1, 1))).differences(
                List.of(finding("r.x", "a.B", null, 70, 1, 1)))).singleElement().asString().contains("severity high");
        GoldenFile nearLow = written(List.of(finding("r.x", "a.B", null, 21, 1, 1)));
        assertThat(nearLow.expected().get(0).severities()).containsExactly(Severity.LOW, Severity.INFO);
        assertThat(nearLow.differences(List.of(finding("r.x", "a.B", null, 18, 1, 1)))).isEmpty();
        assertThat(GoldenFile.acceptedSeverities(50)).containsExactly(Severity.MEDIUM);
        assertThat(GoldenFile.acceptedSeverities(78)).containsExactly(Severity.CRITICAL, Severity.HIGH);
    }

    @Test
    void missingAndUnexpectedFindingsAreBothReported() throws Exception {
        GoldenFile golden = written(List.of(finding("r.x", "a.B", null, 90, 10, 10)));

        assertThat(golden.differences(List.of(finding("r.x", "a.C", null, 90, 10, 10))))
                .satisfiesExactly(missing -> assertThat(missing).startsWith("missing: r.x on a.B"),
                        unexpected -> assertThat(unexpected).startsWith("unexpected: r.x on a.C"));
    }

    @Test
    void subjectTellsApartFindingsWithoutCulprit() throws Exception {
        GoldenFile golden = written(List.of(finding("m.s", null, "java.lang.Thread", 30, 500, 1000)));

        assertThat(golden.differences(List.of(finding("m.s", null, "java.util.zip.ZipFile$Source", 30, 500, 1000))))
                .hasSize(2);
    }

    @Test
    void optionalEntriesMayBeAbsentAndNeverTakeARequiredEntrysFinding() throws Exception {
        GoldenFile golden = GoldenFile.parse("""
                {"findings": [
                  {"rule": "r.x", "culprit": null, "severity": ["low", "medium"], "optional": true,
                   "count": {"min": 0, "max": 100}, "retainedBytes": {"min": 0, "max": 100}},
                  {"rule": "r.x", "culprit": null, "severity": "low",
                   "count": {"min": 10, "max": 20}, "retainedBytes": {"min": 0, "max": 100}}
                ]}""", "test");

        assertThat(golden.differences(List.of(finding("r.x", null, null, 30, 15, 50)))).isEmpty();
        assertThat(golden.differences(List.of())).singleElement().asString().startsWith("missing:");
    }

    @Test
    void updateKeepsReviewedEntriesThatStillMatch() throws Exception {
        GoldenFile reviewed = GoldenFile.parse("""
                {"sample": "per-request-cache", "findings": [
                  {"rule": "r.x", "culprit": "a.B", "severity": ["high", "critical"], "note": "reviewed",
                   "count": {"min": 1, "max": 1000}, "retainedBytes": {"min": 0, "max": 100}}
                ]}""", "test");

        ObjectNode unchanged = GoldenFile.rewrite(RUN, reviewed, List.of(finding("r.x", "a.B", null, 70, 5, 5)));
        assertThat(unchanged.get("findings").get(0).get("note").asText()).isEqualTo("reviewed");

        ObjectNode changed = GoldenFile.rewrite(RUN, reviewed, List.of(finding("r.x", "a.B", null, 70, 5000, 5)));
        assertThat(changed.get("findings")).hasSize(1);
        assertThat(changed.get("findings").get(0).get("count").get("min").asLong()).isEqualTo(3750);
        assertThat(changed.get("sample").asText()).isEqualTo("per-request-cache");
        assertThat(changed.get("variant").asText()).isEqualTo("timer");
    }

    @Test
    void malformedFilesNameWhatIsWrong() {
        assertThatThrownBy(() -> GoldenFile.parse("{\"findings\": [{\"rule\": \"r.x\", \"severity\": \"low\"}]}", "f.json"))
                .hasMessageContaining("f.json findings[0] count");
        assertThatThrownBy(() -> GoldenFile.parse("[]", "f.json")).hasMessageContaining("\"findings\" array");
    }

    @Test
    void anEntryWithClaimContainsNeedsAClaimSayingIt() throws Exception {
        GoldenFile golden = GoldenFile.parse("""
                {"findings": [
                  {"rule": "r.x", "culprit": "a.B", "severity": "high", "claimContains": "buffered by X.bytes()",
                   "count": {"min": 1, "max": 1}, "retainedBytes": {"min": 1, "max": 1}}]}
                """, "test");
        Finding saysIt = new Finding("r.x", 70, "title", "2 buffers; buffered by X.bytes()", "why", Evidence.of(1, 1),
                Culprit.ofClass("a.B"), "fix");

        assertThat(golden.differences(List.of(saysIt))).isEmpty();
        assertThat(golden.differences(List.of(finding("r.x", "a.B", null, 70, 1, 1))))
                .singleElement().asString().startsWith("differs:").contains("claim without \"buffered by X.bytes()\"");
        // Update mode keeps the reviewed entry, with its claimContains, while the claim still says it.
        ObjectNode rewritten = GoldenFile.rewrite(RUN, golden, List.of(saysIt));
        assertThat(rewritten.get("findings").get(0).get("claimContains").asText()).isEqualTo("buffered by X.bytes()");
    }

    @Test
    void anEntryMayAcceptSeveralCulpritsAnyCulpritOrOnlyOneMethod() throws Exception {
        GoldenFile golden = GoldenFile.parse("""
                {"findings": [
                  {"rule": "r.list", "culprit": ["a.B", null], "severity": "high",
                   "count": {"min": 1, "max": 1}, "retainedBytes": {"min": 1, "max": 1}},
                  {"rule": "r.any", "culprit": "*", "severity": "high",
                   "count": {"min": 1, "max": 1}, "retainedBytes": {"min": 1, "max": 1}},
                  {"rule": "r.method", "culprit": "a.B", "method": "<init>", "severity": "high",
                   "count": {"min": 1, "max": 1}, "retainedBytes": {"min": 1, "max": 1}}]}
                """, "test");
        Finding inInit = new Finding("r.method", 70, "title", "claim", "why", Evidence.of(1, 1),
                new Culprit("a.B", "<init>", 3), "fix");

        assertThat(golden.differences(List.of(finding("r.list", null, null, 70, 1, 1),
                finding("r.any", "c.D", null, 70, 1, 1), inInit))).isEmpty();
        assertThat(golden.differences(List.of(finding("r.list", "a.B", null, 70, 1, 1),
                finding("r.any", null, null, 70, 1, 1), inInit))).isEmpty();
        assertThat(golden.differences(List.of(finding("r.list", "c.D", null, 70, 1, 1),
                finding("r.any", null, null, 70, 1, 1), finding("r.method", "a.B", null, 70, 1, 1))))
                .containsExactly("missing: r.list on [a.B, null] ([high], count 1..1, retained bytes 1..1)",
                        "missing: r.method on a.B.<init> ([high], count 1..1, retained bytes 1..1)",
                        "unexpected: r.list on c.D (high, score 70, count 1, retained bytes 1): claim of r.list",
                        "unexpected: r.method on a.B (high, score 70, count 1, retained bytes 1): claim of r.method");
    }
}
