package io.heaplens.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.pricing.QuoteService;
import com.acme.reports.ReportJob;
import com.acme.stock.InventoryGateway;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.Severity;
import io.heaplens.rules.http.UnclosedClientRule;
import io.heaplens.rules.threads.PerRequestSchedulerRule;
import io.heaplens.rules.threads.ThreadCreationRule;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same patterns in small programs of other packages and shapes than the samples (see {@code
 * com.acme}), where the application keeps what it created: the rules must find them by structure
 * and blame the application class that holds them; the healthy runs must give nothing.
 */
class OtherApplicationsTest {
  static Stream<Arguments> programs() {
    return Stream.of(
        Arguments.of(QuoteService.class, PerRequestSchedulerRule.ID, "com.acme.pricing.QuoteService", 60),
        Arguments.of(ReportJob.class, ThreadCreationRule.ID, "com.acme.reports.ReportJob", 80),
        Arguments.of(InventoryGateway.class, UnclosedClientRule.ID, "com.acme.stock.InventoryGateway", 100));
  }

  @BeforeAll
  static void startAllRuns() {
    programs().forEach(arguments -> {
      Class<?> main = (Class<?>) arguments.get()[0];
      ForkedRuns.program(main);
      ForkedRuns.program(main, "--healthy");
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("programs")
  void patternIsFoundAndBlamedOnItsHolder(Class<?> main, String rule, String culprit, int count) throws Exception {
    Path dump = ForkedRuns.program(main).join();
    RuleRuns.Result result = RuleRuns.evaluate(dump);

    List<Finding> findings = result.of(rule);
    assertThat(findings).as(result.describe()).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.severity().atLeast(Severity.HIGH)).as(result.describe()).isTrue();
    assertThat(finding.evidence().count()).isEqualTo(count);
    assertThat(finding.culprit()).as(result.describe()).isNotNull();
    assertThat(finding.culprit().className()).isEqualTo(culprit);
    assertThat(result.atLeast(Severity.MEDIUM)).as(result.describe()).allMatch(f -> f.ruleId().equals(rule));
  }

  @ParameterizedTest(name = "{0} healthy")
  @MethodSource("programs")
  void healthyRunGivesNothing(Class<?> main, String rule, String culprit, int count) throws Exception {
    Path dump = ForkedRuns.program(main, "--healthy").join();
    RuleRuns.Result result = RuleRuns.evaluate(dump);

    assertThat(result.atLeast(Severity.MEDIUM)).as(result.describe()).isEmpty();
  }
}
