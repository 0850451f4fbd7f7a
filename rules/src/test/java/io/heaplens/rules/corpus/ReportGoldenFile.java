package io.heaplens.rules.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heaplens.analysis.AnalysisReport;
import io.heaplens.analysis.ReportJson;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The reviewed report model of one sample run, analyzed as a user would ({@code heaplens analyze
 * heap.hprof recording.jfr}), kept under {@code src/test/resources/golden/<sample-id>/
 * <variant>[-healthy].report.json}: the findings of dump and recording together, in the form and
 * with the tolerances of {@link GoldenFile}, and the {@code document}: the {@link DocumentShape} of
 * the JSON the report writes, every field with its type. The run matches when its findings match and
 * its document has that shape; the HTML rendered from the same model is checked against that JSON by
 * {@link HtmlAgreement}.
 *
 * <p>Update mode rewrites the findings as {@link GoldenFile} does (a run without a report golden file
 * starts from its dump's golden file, whose reviewed entries, notes and optional ones carry over,
 * with the culprit method the recording adds), loosens new entries of recording rules (see {@link
 * #loosenRecordingFinding}), and rewrites the document's shape when the run's no longer fits it: the new shape is the old one merged with the run's, so a field seen null
 * in one run and set in another keeps its type. A reviewer reads the diff: a field that appears,
 * vanishes or changes type is a change in the JSON users parse.
 */
final class ReportGoldenFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GoldenFile findings;
    private final JsonNode document;

    private ReportGoldenFile(GoldenFile findings, JsonNode document) {
        this.findings = findings;
        this.document = document;
    }

    /** The report golden file of {@code run}, if there is one. */
    static Optional<ReportGoldenFile> load(SampleRun run) {
        return GoldenFile.load(run.reportGoldenResource()).map(golden -> {
            JsonNode document = golden.json().get("document");
            if (document == null || !document.isObject()) {
                throw new IllegalArgumentException(run.reportGoldenResource() + ": expected a \"document\" object");
            }
            return new ReportGoldenFile(golden, document);
        });
    }

    /**
     * The entry of the sample's own finding on its problem run names the culprit method the recording
     * adds to it (the rest of the entry, reviewed ranges and notes, stays as it is). Other findings'
     * methods are not pinned: they come from the frames that happen to hold an object at the capture.
     */
    private static void nameMethod(SampleRun run, GoldenFile.Expected entry, List<Finding> findings) {
        if (run.healthy() || !entry.rule().equals(run.sample().expectedRule()) || entry.method() != null
                || entry.culprits().contains(GoldenFile.ANY_CULPRIT)) {
            return;
        }
        findings.stream().filter(finding -> entry.mismatch(finding) == null && finding.culprit() != null
                        && finding.culprit().method() != null)
                .findFirst().ifPresent(finding -> entry.json().put("method", finding.culprit().method()));
    }

    /**
     * A new entry for a finding of a recording rule accepts any culprit and any severity from medium
     * up (or, unless it is the first finding of the sample's own recording rule on its problem run,
     * any severity, and may be missing): the recordings of the samples last a second or two, and what
     * their sampled events (old-object samples, allocation samples) point at varies from run to run.
     * The corpus checks the sample's own recording rule, its culprit method and stack, on its own.
     */
    private static void loosenRecordingFinding(SampleRun run, ObjectNode entry, Set<String> requiredRules) {
        String rule = entry.path("rule").asText();
        if (!CorpusTest.RECORDING_RULES.contains(rule) || entry.has("note")) {
            if (!entry.path("optional").asBoolean(false)) {
                requiredRules.add(rule);
            }
            return;
        }
        boolean expected = !run.healthy() && run.variant().recordingShowsIt()
                && rule.equals(run.sample().expectedRecordingRule()) && requiredRules.add(rule);
        entry.put("culprit", GoldenFile.ANY_CULPRIT);
        entry.remove("method");
        entry.remove("subject");
        ArrayNode severities = entry.putArray("severity");
        for (Severity severity : Severity.values()) {
            if (!expected || severity.atLeast(Severity.MEDIUM)) {
                severities.add(severity.label());
            }
        }
        if (!expected) {
            entry.put("optional", true);
        }
        entry.put("note", expected
                ? "the sample's recording rule: any culprit (checked on its own), medium or above"
                : "a recording rule's finding on a short recording: may be missing, any culprit and severity");
    }

    /** The JSON document of {@code report}, as {@code --json} writes it. */
    static JsonNode document(AnalysisReport report) {
        try {
            return JSON.readTree(ReportJson.toJson(report));
        } catch (IOException e) {
            throw new UncheckedIOException("writing the report's JSON", e);
        }
    }

    /** What differs between this file and {@code report}, one line each; empty when they match. */
    List<String> differences(AnalysisReport report) {
        List<String> differences = new ArrayList<>(findings.differences(report.findings()));
        for (String shape : DocumentShape.differences(document, DocumentShape.of(document(report)))) {
            differences.add("document: " + shape);
        }
        return differences;
    }

    /** Rewrites {@code run}'s file from {@code report} (see the class comment); {@code previous} may be null. */
    static Path update(SampleRun run, ReportGoldenFile previous, AnalysisReport report) throws IOException {
        GoldenFile base = previous != null ? previous.findings : GoldenFile.load(run.goldenResource()).orElse(null);
        GoldenFile rewritten = GoldenFile.parse(JSON.writeValueAsString(
                GoldenFile.rewrite(run, base, report.findings())), run.reportGoldenResource());
        Set<String> requiredRecordingRules = new HashSet<>();
        for (GoldenFile.Expected entry : rewritten.expected()) {
            nameMethod(run, entry, report.findings());
            loosenRecordingFinding(run, entry.json(), requiredRecordingRules);
        }
        ObjectNode root = rewritten.json();
        JsonNode shape = DocumentShape.of(document(report));
        if (previous != null && DocumentShape.differences(previous.document, shape).isEmpty()) {
            shape = previous.document;
        } else if (previous != null) {
            shape = DocumentShape.merge(previous.document, shape);
        }
        root.put("analysis", "heap dump and recording, every heaplens rule with its default thresholds,"
                + " JDK Mission Control's rules not run");
        root.set("document", shape);
        return GoldenFile.write(run.reportGoldenResource(), root);
    }
}
