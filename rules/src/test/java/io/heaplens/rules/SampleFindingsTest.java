package io.heaplens.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.Severity;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.hprof.HprofReader;
import io.heaplens.hprof.ReadOptions;
import io.heaplens.rules.http.UnclosedClientRule;
import io.heaplens.rules.support.InFlightCalls;
import io.heaplens.rules.support.LibraryClasses.Role;
import io.heaplens.rules.support.LibraryClasses;
import io.heaplens.rules.threads.PerRequestSchedulerRule;
import io.heaplens.rules.threads.ThreadCreationRule;
import io.heaplens.samples.SampleCatalog;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample variant made for this module's rules, run in its own JVM: the problem run must give
 * the catalog's rule at high severity or worse, blaming the catalog's culprit class, and no finding
 * of the other two rules (one cause, one finding); the healthy twin must give nothing at medium or
 * worse.
 *
 * <p>The culprit comes from evidence in the dump. In some variants an application object still
 * holds the problem objects, or application code runs on their threads. In the others the
 * application dropped every executor, client or cache it made and only library threads keep them
 * alive; there the culprit is the code that a few requests still in flight at the capture are
 * running, each holding an object of the same kind of its own (see {@link InFlightCalls}), and the
 * finding must say so. The healthy twins have requests in flight too, all holding the one shared
 * executor, client or cache: that must blame nobody.
 */
class SampleFindingsTest {
  private static final Set<String> RULES = Set.of(
      ThreadCreationRule.ID, PerRequestSchedulerRule.ID, UnclosedClientRule.ID);
  /** Variants whose dump holds the culprit only through in-flight calls. */
  private static final Set<String> CULPRIT_IN_FLIGHT = Set.of(
      "per-request-cache/caffeine", "executor-per-call/fixed-pool", "unclosed-http-client/apache",
      "unclosed-http-client/okhttp", "unclosed-http-client/jdk");

  static Stream<Arguments> variants() {
    return SampleCatalog.all().stream()
        .filter(sample -> RULES.contains(sample.expectedRule()))
        .flatMap(sample -> sample.variants().stream()
            .map(variant -> Arguments.of(sample.id(), variant.name(), sample.expectedRule(), variant.culpritClass())));
  }

  @BeforeAll
  static void startAllRuns() {
    variants().forEach(arguments -> {
      Object[] values = arguments.get();
      ForkedRuns.sample((String) values[0], (String) values[1], false);
      ForkedRuns.sample((String) values[0], (String) values[1], true);
    });
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("variants")
  void problemRunGivesTheExpectedFindingAndNoOther(String sampleId, String variant, String expectedRule,
      String culpritClass) throws Exception {
    Path dump = ForkedRuns.sample(sampleId, variant, false).join();
    RuleRuns.Result result = RuleRuns.evaluate(dump);
    System.out.printf("%s %s: %s%n%s%n", sampleId, variant, result.millisByRule(), result.describe());

    List<Finding> expected = result.of(expectedRule);
    assertThat(expected).as(result.describe()).hasSize(1);
    Finding finding = expected.get(0);
    assertThat(finding.severity().atLeast(Severity.HIGH)).as(result.describe()).isTrue();
    assertThat(finding.evidence().retainedBytes()).isPositive();
    assertThat(finding.evidence().examples()).isNotEmpty();
    assertThat(finding.evidence().examples().get(0).pathFromRoot()).isNotEmpty();
    assertThat(finding.claim()).containsPattern("\\d").contains("% of heap");
    assertThat(finding.recommendation()).isNotBlank();
    assertThat(finding.culprit()).as(result.describe()).isNotNull();
    assertThat(finding.culprit().className()).as(result.describe()).isEqualTo(culpritClass);
    if (CULPRIT_IN_FLIGHT.contains(sampleId + "/" + variant)) {
      assertThat(finding.culprit().method()).as(result.describe()).isNotNull();
      assertThat(finding.claim()).as("the claim names the in-flight calls")
          .containsPattern("\\d+ in-flight calls in " + Pattern.quote(culpritClass + "." + finding.culprit().method())
              + " show where these are created");
      assertThat(finding.evidence().facts()).containsKey("in-flight calls");
      assertThat(finding.evidence().facts().get("in-flight calls")).contains(culpritClass + ".");
    }
    assertThat(result.atLeast(Severity.MEDIUM)).as(result.describe())
        .allMatch(f -> f.ruleId().equals(expectedRule));
  }

  @ParameterizedTest(name = "{0} {1} healthy")
  @MethodSource("variants")
  void healthyTwinGivesNothingAtMediumOrAbove(String sampleId, String variant, String expectedRule,
      String culpritClass) throws Exception {
    Path dump = ForkedRuns.sample(sampleId, variant, true).join();
    RuleRuns.Result result = RuleRuns.evaluate(dump);
    System.out.printf("%s %s healthy: %s%n", sampleId, variant, result.millisByRule());

    assertThat(result.atLeast(Severity.MEDIUM)).as(result.describe()).isEmpty();
    // Its in-flight calls hold the one shared executor, client or cache: that blames nobody.
    try (HeapGraph graph = HprofReader.open(dump, ReadOptions.defaults())) {
      for (Role role : List.of(Role.THREAD_POOL, Role.SCHEDULED_EXECUTOR, Role.HTTP_CLIENT, Role.CONNECTION_POOL)) {
        assertThat(InFlightCalls.creatorOf(graph, LibraryClasses.instancesWithRole(graph, role)))
            .as("in-flight creators of %s objects", role).isEmpty();
      }
    }
  }
}
