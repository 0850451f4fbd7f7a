package io.heaplens.rules.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.RuleConfig;
import io.heaplens.analysis.rules.RuleResults;
import io.heaplens.analysis.rules.Severity;
import io.heaplens.hprof.HeapClass;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.hprof.HprofReader;
import io.heaplens.hprof.ReadOptions;
import io.heaplens.samples.SampleCatalog;
import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Samples of different anti-patterns copied under new package and class names (see {@link
 * SampleRelocation}), compiled, run and analyzed: the same rule must fire, blaming the copy's
 * class. This proves that the rules find the problem from counts, sizes, reference structure and
 * stacks, not from the names our samples happen to have.
 */
class RelocatedSampleTest {
    /** Names for the shared support classes, the same in every case. */
    private static final Map<String, String> SUPPORT_NAMES = Map.of(
            "Capture", "Snapshotter",
            "CapturePoint", "Rendezvous",
            "LoadDriver", "TrafficGenerator",
            "LoopbackHttpServer", "LocalEndpoint",
            "SampleOptions", "LaunchArguments",
            "SampleRunner", "ServiceMain",
            "SampleCatalog", "ServiceRegistry");

    @TempDir
    Path temp;

    static Stream<Arguments> relocations() {
        return Stream.of(
                Arguments.of("per-request-cache", "timer", "com.example.relocated.catalog", Map.of(
                        "SearchLogic", "QueryHelper",
                        "SearchBackend", "ProductIndex",
                        "SearchServiceSample", "CatalogApplication",
                        "SessionQueryCache", "LookupMemo",
                        "SuggestionLookup", "TypeaheadHelper")),
                Arguments.of("unclosed-http-client", "okhttp", "com.example.relocated.inventory", Map.of(
                        "OkHttpStockClient", "PartsAvailability",
                        "ApacheStockClient", "BinCounter",
                        "JdkStockClient", "ShelfProbe",
                        "StockLevelClient", "AvailabilitySource",
                        "StockLookupSample", "InventoryApplication")),
                Arguments.of("thread-per-task", "raw-thread", "com.example.relocated.partners", Map.of(
                        "WebhookDispatcher", "PartnerNotifier",
                        "WebhookDispatchSample", "NotificationApplication",
                        "OrderEnrichmentService", "QuoteAssembler",
                        "OrderEnrichmentSample", "QuoteApplication")),
                Arguments.of("paging-accumulation", "records", "com.example.relocated.billing", Map.of(
                        "CustomerExportJob", "LedgerSync",
                        "CustomerExportSample", "BillingApplication")));
    }

    @ParameterizedTest(name = "{0} {1} as {2}")
    @MethodSource("relocations")
    void ruleBlamesTheRelocatedClass(String sampleId, String variant, String newPackage, Map<String, String> names)
            throws Exception {
        SampleCatalog.Sample sample = SampleCatalog.byId(sampleId);
        Map<String, String> allNames = new HashMap<>(SUPPORT_NAMES);
        allNames.putAll(names);
        SampleRelocation.Relocated relocated = SampleRelocation.relocate(sample, newPackage,
                "com.example.relocated.platform", "relocated-service", allNames, temp);
        String oldCulprit = sample.variant(variant).culpritClass();
        String newCulprit = relocated.newName(oldCulprit);
        assertThat(relocated.renamed().values()).allMatch(name -> name.startsWith("com.example.relocated."));

        SampleDumps.Dump dump = SampleDumps.dump(new SampleDumps.Launch("relocated:" + sampleId + "/" + variant,
                relocated.mainClass(), relocated.classes() + File.pathSeparator + SampleDumps.testClasspath(),
                List.of("--variant", variant, "--no-jfr")));
        RuleResults results;
        long started = System.nanoTime();
        try (HeapGraph heap = HprofReader.open(dump.heapDump(), ReadOptions.defaults())) {
            List<String> ourClasses = heap.classes().stream().map(HeapClass::name)
                    .filter(name -> name.startsWith("io.heaplens.")).toList();
            assertThat(ourClasses).as("classes of ours loaded by the relocated sample").isEmpty();
            assertThat(heap.findClass(newCulprit)).as("the relocated culprit %s in the dump", newCulprit).isPresent();
            results = RuleAnalysis.engine().run(heap, RuleConfig.none());
        } finally {
            SampleDumps.discard("relocated:" + sampleId + "/" + variant);
        }
        System.out.printf("relocated %-38s sample %5.1f s, analysis %5.1f s, %d findings%n", sampleId + "/" + variant,
                dump.millis() / 1000.0, (System.nanoTime() - started) / 1e9, results.findings().size());

        String rule = sample.expectedRule();
        List<Finding> high = results.findings().stream()
                .filter(f -> f.ruleId().equals(rule) && f.severity().atLeast(Severity.HIGH)).toList();
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(high).as("%s/%s relocated: expected %s at high or above; findings:%n%s",
                sampleId, variant, rule, describe(results.findings())).isNotEmpty();
        softly.assertThat(high.stream().map(GoldenFile::culpritOf).toList())
                .as("%s/%s relocated: culprits of the %s findings at high or above; expected %s (was %s)",
                        sampleId, variant, rule, newCulprit, oldCulprit).contains(newCulprit);
        softly.assertThat(results.findings().stream().map(GoldenFile::culpritOf).filter(Objects::nonNull))
                .as("culprits").noneMatch(name -> name.startsWith("io.heaplens."));
        softly.assertAll();
    }

    private static String describe(List<Finding> findings) {
        return findings.isEmpty() ? "  (none)"
                : findings.stream().map(f -> "  " + GoldenFile.describe(f)).collect(Collectors.joining("\n"));
    }
}
