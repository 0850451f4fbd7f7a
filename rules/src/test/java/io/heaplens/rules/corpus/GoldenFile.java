package io.heaplens.rules.corpus;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The reviewed findings of one sample run, kept under {@code src/test/resources/golden/<sample-id>/
 * <variant>[-healthy].json}, and the comparison of a run's findings with them.
 *
 * <p>The file lists every finding expected on the run, each as its rule id, culprit class (null when
 * the rule names none; or a list of accepted classes; {@value #ANY_CULPRIT}: any), culprit method (left out, any method matches), subject (the class of the finding's first example object, which tells apart
 * findings of one rule without a culprit; left out, any subject matches), severity (one name, or a
 * list of accepted names), the accepted range of its evidence count and of its retained bytes, and
 * optionally {@code "optional": true} for a finding that may or may not appear, and optionally
 * {@code "claimContains"}: text the finding's claim must contain (what it names, such as the call
 * that buffered a body), a reviewed entry's promise about what the reader is told.
 * The {@code observed} block records what the run that wrote the entry saw (score, count, retained
 * bytes, claim); it is there for the reviewer and is never compared. A run matches when every
 * expected finding that is not optional is found within its ranges and no finding appears that the
 * file does not expect.
 *
 * <p>Update mode ({@code -Dheaplens.golden.update=true}) rewrites the files from the current results:
 * a finding that still matches an entry keeps that entry as it is (so that reviewed ranges and an
 * unchanged run leave no diff); any other finding gets a new entry with the default tolerances
 * ({@value #COUNT_TOLERANCE} relative on the count, {@value #RETAINED_TOLERANCE} relative on the
 * retained bytes, both severities when the score is within {@value #SEVERITY_MARGIN} points of a
 * severity boundary); entries no finding matches are dropped, unless optional. A human reviews the
 * diff before committing it.
 */
final class GoldenFile {
    /** The culprit of an entry that matches any culprit, or none. */
    static final String ANY_CULPRIT = "*";
    /** The system property that turns on update mode. */
    static final String UPDATE_PROPERTY = "heaplens.golden.update";
    /** Relative tolerance of a new entry's count range. */
    static final double COUNT_TOLERANCE = 0.25;
    /** Relative tolerance of a new entry's retained bytes range. */
    static final double RETAINED_TOLERANCE = 0.30;
    /**
     * A new entry whose score is within this many points of a severity boundary accepts the
     * severities on both sides of it: rules score on continuous curves, and a few points' drift
     * between runs must not flip the comparison.
     */
    static final int SEVERITY_MARGIN = 3;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** An inclusive range of accepted values. */
    record Range(long min, long max) {
        static Range around(long value, double tolerance) {
            return new Range((long) Math.floor(value * (1 - tolerance)), (long) Math.ceil(value * (1 + tolerance)));
        }

        boolean contains(long value) {
            return value >= min && value <= max;
        }

        ObjectNode toJson() {
            ObjectNode node = NODES.objectNode();
            node.put("min", min);
            node.put("max", max);
            return node;
        }

        static Range of(JsonNode node, String what) {
            if (node == null || !node.path("min").canConvertToLong() || !node.path("max").canConvertToLong()) {
                throw new IllegalArgumentException(what + " needs {\"min\": N, \"max\": N}");
            }
            return new Range(node.get("min").asLong(), node.get("max").asLong());
        }

        @Override
        public String toString() {
            return min + ".." + max;
        }
    }

    /** One expected finding, as read from a golden file. */
    record Expected(String rule, List<String> culprits, String method, String subject, List<Severity> severities,
                    Range count, Range retainedBytes, boolean optional, String claimContains, ObjectNode json) {

        /** Why {@code finding} does not match this entry, or null when it does. */
        String mismatch(Finding finding) {
            if (!sameKind(finding)) {
                return "another rule, culprit or subject";
            }
            List<String> problems = new ArrayList<>();
            if (!severities.contains(finding.severity())) {
                problems.add("severity " + finding.severity().label() + " (score " + finding.score() + "), expected "
                        + severities.stream().map(Severity::label).toList());
            }
            if (!count.contains(finding.evidence().count())) {
                problems.add("count " + finding.evidence().count() + " outside " + count);
            }
            if (!retainedBytes.contains(finding.evidence().retainedBytes())) {
                problems.add("retained bytes " + finding.evidence().retainedBytes() + " outside " + retainedBytes);
            }
            if (claimContains != null && (finding.claim() == null || !finding.claim().contains(claimContains))) {
                problems.add("claim without \"" + claimContains + "\"");
            }
            return problems.isEmpty() ? null : String.join(", ", problems);
        }

        /** Same rule, same culprit, and the same culprit method and subject when the entry names them. */
        boolean sameKind(Finding finding) {
            return rule.equals(finding.ruleId())
                    && (culprits.contains(ANY_CULPRIT) || culprits.contains(culpritOf(finding)))
                    && (method == null || finding.culprit() != null && method.equals(finding.culprit().method()))
                    && (subject == null || subject.equals(subjectOf(finding)));
        }

        @Override
        public String toString() {
            return rule + " on " + (culprits.size() == 1 ? culprits.get(0) : culprits)
                    + (method == null ? "" : "." + method) + (subject == null ? "" : " about " + subject) + " ("
                    + severities.stream().map(Severity::label).toList() + ", count "
                    + count + ", retained bytes " + retainedBytes + (optional ? ", optional" : "") + ")";
        }
    }

    private final ObjectNode json;
    private final List<Expected> expected;

    private GoldenFile(ObjectNode json, List<Expected> expected) {
        this.json = json;
        this.expected = expected;
    }

    /** Whether this test JVM runs in update mode. */
    static boolean updateMode() {
        return Boolean.getBoolean(UPDATE_PROPERTY);
    }

    /**
     * The golden file at {@code resource} (under the test resources), if there is one: from this module's test sources when the tests
     * run from the module's build (so that a file deleted or rewritten there counts at once), else
     * from the test classpath.
     */
    static Optional<GoldenFile> load(String resource) {
        try {
            Optional<Path> sources = sourceDirectoryIfPresent();
            if (sources.isPresent()) {
                Path file = sources.get().resolve(resource);
                return Files.isRegularFile(file)
                        ? Optional.of(parse(Files.readString(file, StandardCharsets.UTF_8), file.toString()))
                        : Optional.empty();
            }
            try (InputStream in = GoldenFile.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    return Optional.empty();
                }
                return Optional.of(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }

    /** A golden file's text; {@code source} names it in error messages. */
    static GoldenFile parse(String text, String source) throws IOException {
        JsonNode root = JSON.readTree(text);
        if (!(root instanceof ObjectNode object) || !root.path("findings").isArray()) {
            throw new IllegalArgumentException(source + ": expected an object with a \"findings\" array");
        }
        List<Expected> expected = new ArrayList<>();
        int index = 0;
        for (JsonNode node : root.get("findings")) {
            String where = source + " findings[" + index++ + "]";
            if (!(node instanceof ObjectNode entry) || !entry.path("rule").isTextual()) {
                throw new IllegalArgumentException(where + ": expected an object with a \"rule\"");
            }
            expected.add(new Expected(entry.get("rule").asText(),
                    culprits(entry.get("culprit")),
                    entry.path("method").isTextual() ? entry.get("method").asText() : null,
                    entry.path("subject").isTextual() ? entry.get("subject").asText() : null,
                    severities(entry.get("severity"), where),
                    Range.of(entry.get("count"), where + " count"),
                    Range.of(entry.get("retainedBytes"), where + " retainedBytes"),
                    entry.path("optional").asBoolean(false),
                    entry.path("claimContains").isTextual() ? entry.get("claimContains").asText() : null, entry));
        }
        return new GoldenFile(object, expected);
    }

    List<Expected> expected() {
        return expected;
    }

    /** The file as read. */
    ObjectNode json() {
        return json;
    }

    /** The entries, those that are not optional first, so that an optional one never takes a required one's finding. */
    private List<Expected> requiredFirst() {
        List<Expected> ordered = new ArrayList<>(expected);
        ordered.sort(Comparator.comparing(Expected::optional));
        return ordered;
    }

    /**
     * What differs between these expectations and {@code findings}, one line each; empty when they
     * match.
     */
    List<String> differences(List<Finding> findings) {
        List<Finding> unmatched = new ArrayList<>(findings);
        List<String> differences = new ArrayList<>();
        for (Expected entry : requiredFirst()) {
            Finding match = unmatched.stream().filter(f -> entry.mismatch(f) == null).findFirst().orElse(null);
            if (match != null) {
                unmatched.remove(match);
                continue;
            }
            if (entry.optional()) {
                continue;
            }
            Finding nearest = unmatched.stream().filter(entry::sameKind).findFirst().orElse(null);
            unmatched.remove(nearest);
            differences.add(nearest == null ? "missing: " + entry
                    : "differs: " + entry + ": " + entry.mismatch(nearest) + "; claim: " + nearest.claim());
        }
        for (Finding finding : unmatched) {
            differences.add("unexpected: " + describe(finding));
        }
        return differences;
    }

    /**
     * The golden file rewritten from {@code findings} (see the class comment); {@code previous} is the
     * file as it was, or null.
     */
    static ObjectNode rewrite(SampleRun run, GoldenFile previous, List<Finding> findings) {
        List<Expected> unused = previous == null ? new ArrayList<>() : previous.requiredFirst();
        ArrayNode entries = NODES.arrayNode();
        boolean changed = previous == null;
        for (Finding finding : findings) {
            Expected kept = unused.stream().filter(e -> e.mismatch(finding) == null).findFirst().orElse(null);
            if (kept != null) {
                unused.remove(kept);
                entries.add(kept.json());
            } else {
                entries.add(entryFor(finding));
                changed = true;
            }
        }
        for (Expected entry : unused) {
            if (entry.optional()) {
                entries.add(entry.json());
            } else {
                changed = true;
            }
        }
        if (!changed && previous.json.path("findings").size() == entries.size()) {
            return previous.json;
        }
        ObjectNode root = NODES.objectNode();
        root.put("sample", run.sample().id());
        root.put("variant", run.variant().name());
        root.put("healthy", run.healthy());
        root.put("mainClass", run.sample().mainClass().getName());
        root.put("description", run.healthy() ? "healthy twin of: " + run.variant().description()
                : run.variant().description());
        root.put("jdk", System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"));
        root.set("findings", entries);
        return root;
    }

    private static ObjectNode entryFor(Finding finding) {
        ObjectNode entry = NODES.objectNode();
        entry.put("rule", finding.ruleId());
        entry.put("culprit", culpritOf(finding));
        if (subjectOf(finding) != null) {
            entry.put("subject", subjectOf(finding));
        }
        List<Severity> severities = acceptedSeverities(finding.score());
        if (severities.size() == 1) {
            entry.put("severity", severities.get(0).label());
        } else {
            ArrayNode names = entry.putArray("severity");
            severities.forEach(severity -> names.add(severity.label()));
        }
        entry.set("count", Range.around(finding.evidence().count(), COUNT_TOLERANCE).toJson());
        entry.set("retainedBytes", Range.around(finding.evidence().retainedBytes(), RETAINED_TOLERANCE).toJson());
        ObjectNode observed = entry.putObject("observed");
        observed.put("score", finding.score());
        observed.put("count", finding.evidence().count());
        observed.put("retainedBytes", finding.evidence().retainedBytes());
        observed.put("claim", finding.claim());
        return entry;
    }

    /** Writes {@code root} to the golden file at {@code resource} in this module's test sources. */
    static Path write(String resource, ObjectNode root) {
        Path file = sourceDirectory().resolve(resource);
        try {
            Files.createDirectories(file.getParent());
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n"));
            String text = JSON.writer(printer).writeValueAsString(root) + "\n";
            if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
                Files.writeString(file, text, StandardCharsets.UTF_8);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file, e);
        }
    }

    /** {@code src/test/resources} of this module, where update mode writes. */
    static Path sourceDirectory() {
        return sourceDirectoryIfPresent().orElseThrow(() -> new IllegalStateException(
                "no src/test/resources/golden next to the test classes: update mode runs from the module's build"));
    }

    /**
     * {@code src/test/resources} of this module, found from where the test classes were compiled to
     * ({@code target/test-classes}), if it holds a {@code golden} directory.
     */
    private static Optional<Path> sourceDirectoryIfPresent() {
        try {
            Path testClasses = Path.of(GoldenFile.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path module = testClasses.getParent() == null ? null : testClasses.getParent().getParent();
            if (module == null) {
                return Optional.empty();
            }
            Path resources = module.resolve("src").resolve("test").resolve("resources");
            return Files.isDirectory(resources.resolve("golden")) ? Optional.of(resources) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The observed severity, and its neighbour when the score is within {@link #SEVERITY_MARGIN} of the boundary. */
    static List<Severity> acceptedSeverities(int score) {
        List<Severity> accepted = new ArrayList<>();
        accepted.add(Severity.ofScore(score));
        for (Severity severity : Severity.values()) {
            int boundary = severity.minimumScore();
            if (boundary > 0 && score >= boundary - SEVERITY_MARGIN && score < boundary + SEVERITY_MARGIN) {
                for (Severity side : List.of(severity, Severity.ofScore(boundary - 1))) {
                    if (!accepted.contains(side)) {
                        accepted.add(side);
                    }
                }
            }
        }
        accepted.sort(null);
        return accepted;
    }

    /** The class of the finding's first example object: what the finding is about, when the culprit does not say. */
    static String subjectOf(Finding finding) {
        return finding.evidence().examples().isEmpty() ? null : finding.evidence().examples().get(0).className();
    }

    static String culpritOf(Finding finding) {
        return finding.culprit() == null ? null : finding.culprit().className();
    }

    static String describe(Finding finding) {
        return finding.ruleId() + " on " + culpritOf(finding)
                + (subjectOf(finding) == null ? "" : " about " + subjectOf(finding)) + " (" + finding.severity().label() + ", score "
                + finding.score() + ", count " + finding.evidence().count() + ", retained bytes "
                + finding.evidence().retainedBytes() + "): " + finding.claim();
    }

    /** The culprit class, or a list of accepted ones; null (or absent) is "no culprit". */
    private static List<String> culprits(JsonNode node) {
        List<String> culprits = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(element -> culprits.add(element.isTextual() ? element.asText() : null));
        } else {
            culprits.add(node != null && node.isTextual() ? node.asText() : null);
        }
        return culprits;
    }

    private static List<Severity> severities(JsonNode node, String where) {
        List<Severity> severities = new ArrayList<>();
        if (node != null && node.isTextual()) {
            severities.add(Severity.parse(node.asText()));
        } else if (node != null && node.isArray()) {
            for (JsonNode element : node) {
                severities.add(Severity.parse(element.asText().toUpperCase(Locale.ROOT)));
            }
        }
        if (severities.isEmpty()) {
            throw new IllegalArgumentException(where + ": \"severity\" must be a name or a list of names");
        }
        return severities;
    }
}
