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
import java.util.List;
import java.util.Optional;

/**
 * The reviewed report model of one sample run, analyzed as a user would ({@code heaplens analyze
 * heap.hprof recording.jfr}), kept under {@code src/test/resources/golden/<sample-id>/
 * <variant>[-healthy].report.json}: the findings of dump and recording together, in the form and
 * with the tolerances of {@link GoldenFile}, and the {@code document}: the {@link DocumentShape} of
 * the JSON the report writes, every field with its type. The run matches when its findings match and
 * its document has that shape; the HTML rendered from the same model is checked against that JSON by
 * {@link HtmlAgreement}.
 *
 * <p>The file pins every finding of the heap rules, and of the recording rules only the sample's own
 * on its problem run: its strongest finding, at low or above (with the dump it is folded into the
 * heap finding of the same cause), with any culprit. The samples'
 * recordings last a second or two, and whether other recording rules pass their thresholds, and
 * what their sampled events (old-object samples, allocation samples) point at, varies from run to
 * run. The corpus checks the recording rules on their own: the sample's own names a method of the
 * culprit class, and nothing reaches medium on a healthy twin.
 *
 * <p>Update mode rewrites the findings as {@link GoldenFile} does (a run without a report golden file
 * starts from its dump's golden file, whose reviewed entries, notes and optional ones carry over),
 * names the culprit method of the sample's own finding, and rewrites the document's shape when the
 * run's no longer fits it: the new shape is the old one merged with the run's, so a field seen null
 * in one run and set in another keeps its type. A reviewer reads the diff: a field that appears,
 * vanishes or changes type is a change in the JSON users parse.
 */
final class ReportGoldenFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OWN_RECORDING_NOTE = "the sample's own recording rule, its strongest finding: any"
            + " culprit (the corpus checks its method on its own), low or above (folded into the heap finding of"
            + " the same cause)";

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

    /** The findings the file pins (see the class comment), in the report's order. */
    static List<Finding> pinned(SampleRun run, List<Finding> findings) {
        String ownRecordingRule = !run.healthy() && run.variant().recordingShowsIt()
                ? run.sample().expectedRecordingRule() : null;
        List<Finding> pinned = new ArrayList<>();
        boolean ownSeen = false;
        for (Finding finding : findings) {
            if (!CorpusTest.RECORDING_RULES.contains(finding.ruleId())) {
                pinned.add(finding);
            } else if (finding.ruleId().equals(ownRecordingRule) && !ownSeen) {
                ownSeen = true;
                pinned.add(finding);
            }
        }
        return pinned;
    }

    /**
     * The entry of the sample's own recording rule: any culprit, low or above. With the dump, the
     * heap finding of the same cause carries its stack and the recording's finding is folded into it,
     * kept at low (the corpus checks on its own that the recording alone reaches medium).
     */
    private static void loosenRecordingFinding(ObjectNode entry) {
        if (!CorpusTest.RECORDING_RULES.contains(entry.path("rule").asText()) || entry.has("note")) {
            return;
        }
        entry.put("culprit", GoldenFile.ANY_CULPRIT);
        entry.remove("subject");
        ArrayNode severities = entry.putArray("severity");
        for (Severity severity : Severity.values()) {
            if (severity.atLeast(Severity.LOW)) {
                severities.add(severity.label());
            }
        }
        entry.put("note", OWN_RECORDING_NOTE);
    }

    /** The JSON document of {@code report}, as {@code --json} writes it. */
    static JsonNode document(AnalysisReport report) {
        try {
            return JSON.readTree(ReportJson.toJson(report));
        } catch (IOException e) {
            throw new UncheckedIOException("writing the report's JSON", e);
        }
    }

    /** What differs between this file and {@code run}'s report, one line each; empty when they match. */
    List<String> differences(SampleRun run, AnalysisReport report) {
        List<String> differences = new ArrayList<>(findings.differences(pinned(run, report.findings())));
        for (String shape : DocumentShape.differences(document, DocumentShape.of(document(report)))) {
            differences.add("document: " + shape);
        }
        return differences;
    }

    /** Rewrites {@code run}'s file from {@code report} (see the class comment); {@code previous} may be null. */
    static Path update(SampleRun run, ReportGoldenFile previous, AnalysisReport report) throws IOException {
        GoldenFile base = previous != null ? previous.findings : GoldenFile.load(run.goldenResource()).orElse(null);
        List<Finding> pinned = pinned(run, report.findings());
        GoldenFile rewritten = GoldenFile.parse(JSON.writeValueAsString(GoldenFile.rewrite(run, base, pinned)),
                run.reportGoldenResource());
        for (GoldenFile.Expected entry : rewritten.expected()) {
            nameMethod(run, entry, pinned);
            loosenRecordingFinding(entry.json());
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
