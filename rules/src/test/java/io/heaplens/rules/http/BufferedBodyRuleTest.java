package io.heaplens.rules.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.Severity;
import io.heaplens.rules.ForkedHeapDumps.Analysis;
import io.heaplens.rules.ForkedHeapDumps.Run;
import io.heaplens.rules.ForkedHeapDumps;
import io.heaplens.rules.programs.AuditQueueProgram;
import io.heaplens.rules.programs.BufferedSourceProgram;
import io.heaplens.samples.SampleCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link BufferedBodyRule} on every buffered-body sample of the catalog (audit filters, downloads
 * with three client libraries, a JSON upload), each variant's problem run and its healthy twin.
 */
class BufferedBodyRuleTest {
  private static final Run AUDIT_QUEUE = Run.program(AuditQueueProgram.class);
  private static final Run AUDIT_QUEUE_HEALTHY = Run.program(AuditQueueProgram.class, "--healthy");
  private static final Run OKIO = Run.program(BufferedSourceProgram.class);
  private static final Run OKIO_HEALTHY = Run.program(BufferedSourceProgram.class, "--healthy");
  private static ForkedHeapDumps dumps;

  @BeforeAll
  static void runSamples() {
    List<Run> runs = new ArrayList<>();
    variants().forEach(arguments -> {
      Object[] values = arguments.get();
      runs.add(Run.sample((String) values[0], (String) values[1], false));
    });
    variants().forEach(arguments -> {
      Object[] values = arguments.get();
      runs.add(Run.sample((String) values[0], (String) values[1], true));
    });
    runs.add(AUDIT_QUEUE);
    runs.add(AUDIT_QUEUE_HEALTHY);
    runs.add(OKIO);
    runs.add(OKIO_HEALTHY);
    dumps = ForkedHeapDumps.start(runs);
  }

  @AfterAll
  static void deleteDumps() {
    dumps.close();
  }

  /** (sample id, variant, culprit class) of every buffered-body variant. */
  static Stream<Arguments> variants() {
    return SampleCatalog.all().stream()
        .filter(sample -> sample.expectedRule().equals(BufferedBodyRule.ID))
        .flatMap(sample -> sample.variants().stream()
            .map(variant -> Arguments.of(sample.id(), variant.name(), variant.culpritClass())));
  }

  @ParameterizedTest(name = "{0}/{1}")
  @MethodSource("variants")
  void findsTheBufferedBodiesAndBlamesTheCulprit(String sampleId, String variant, String culpritClass) {
    Run run = Run.sample(sampleId, variant, false);
    Analysis analysis = dumps.analyze(run, new BufferedBodyRule());
    System.out.printf("%s on %s: %d ms, %s%n", BufferedBodyRule.ID, run.label(), analysis.millis(),
        analysis.findings().stream().map(Finding::claim).toList());

    assertThat(analysis.findings()).as("findings on %s", run.label()).anySatisfy(finding -> {
      assertThat(finding.ruleId()).isEqualTo(BufferedBodyRule.ID);
      assertThat(finding.severity().atLeast(Severity.HIGH)).as("severity %s", finding.severity()).isTrue();
      assertThat(finding.culprit()).isNotNull();
      assertThat(finding.culprit().className()).isEqualTo(culpritClass);
      assertThat(finding.culprit().method()).isNotBlank();
      assertThat(finding.evidence().count()).isGreaterThanOrEqualTo(1);
      assertThat(finding.evidence().retainedBytes()).isGreaterThan(1L << 20);
      assertThat(finding.evidence().facts()).containsKeys("size distribution", "held by", "HTTP code");
      assertThat(finding.evidence().facts().get("size distribution")).contains("p50", "p90", "max");
      assertThat(finding.evidence().examples()).isNotEmpty()
          .allSatisfy(example -> assertThat(example.pathFromRoot()).isNotEmpty());
      assertThat(finding.evidence().holdingThreads()).isNotEmpty();
      assertThat(finding.claim()).contains("MB", "% of heap");
      assertThat(finding.recommendation()).isNotBlank();
    });
  }

  /** (sample id, variant, the call the claim names, a call of its fix) of every client-side sample. */
  static Stream<Arguments> clientCalls() {
    return Stream.of(
        Arguments.of("buffered-body-download", "okhttp", "OkHttp ResponseBody.bytes()", "byteStream()"),
        Arguments.of("buffered-body-download", "apache", "Apache EntityUtils.toByteArray(entity)", "getContent()"),
        Arguments.of("buffered-body-download", "jdk", "JDK HttpResponse.BodyHandlers.ofByteArray()",
            "ofInputStream()"),
        Arguments.of("buffered-body-json-upload", "apache", "Apache new StringEntity(...)", "writeTo(out)"));
  }

  @ParameterizedTest(name = "{0}/{1}: {2}")
  @MethodSource("clientCalls")
  void namesTheLibraryCallThatBufferedTheBodyAndItsFix(String sampleId, String variant, String call, String fix) {
    Run run = Run.sample(sampleId, variant, false);
    Analysis analysis = dumps.analyze(run, new BufferedBodyRule());
    System.out.printf("%s on %s: %s%n", BufferedBodyRule.ID, run.label(),
        analysis.findings().stream().map(Finding::claim).toList());

    assertThat(analysis.findings()).as("findings on %s", run.label())
        .filteredOn(finding -> finding.severity().atLeast(Severity.HIGH)).singleElement().satisfies(finding -> {
          assertThat(finding.claim()).contains("buffered by " + call).doesNotContain("could not be told");
          assertThat(finding.evidence().facts().get("buffering call")).startsWith(call).contains("inferred from the dump");
          assertThat(finding.recommendation()).contains(fix);
          clientCalls().map(other -> (String) other.get()[2]).filter(other -> !call.startsWith(other))
              .forEach(other -> assertThat(finding.claim()).doesNotContain(other));
        });
  }

  @ParameterizedTest(name = "{0}/{1} healthy")
  @MethodSource("variants")
  void healthyTwinHasNoBufferedBodyAtMediumOrAbove(String sampleId, String variant, String culpritClass) {
    Run run = Run.sample(sampleId, variant, true);
    Analysis analysis = dumps.analyze(run, new BufferedBodyRule());
    System.out.printf("%s on %s: %d ms, %s%n", BufferedBodyRule.ID, run.label(), analysis.millis(),
        analysis.findings().stream().map(Finding::claim).toList());

    assertThat(analysis.findings()).as("findings on %s", run.label())
        .noneMatch(finding -> finding.severity().atLeast(Severity.MEDIUM));
  }

  @Test
  void findsBodiesQueuedOnTheHeapAndBlamesTheQueuesOwner() {
    Analysis analysis = dumps.analyze(AUDIT_QUEUE, new BufferedBodyRule());
    System.out.printf("%s on %s: %d ms, %s%n", BufferedBodyRule.ID, AUDIT_QUEUE.label(), analysis.millis(),
        analysis.findings().stream().map(Finding::claim).toList());

    assertThat(analysis.findings()).singleElement().satisfies(finding -> {
      assertThat(finding.severity().atLeast(Severity.HIGH)).as("severity %s", finding.severity()).isTrue();
      assertThat(finding.culprit().className()).isEqualTo(AuditQueueProgram.class.getName() + "$ExportHandler");
      assertThat(finding.evidence().count()).isEqualTo(8);
      assertThat(finding.evidence().facts().get("held by")).contains("field of", "$AuditRecord entries");
      assertThat(finding.evidence().holdingThreads()).isEmpty();
    });
    assertThat(dumps.analyze(AUDIT_QUEUE_HEALTHY, new BufferedBodyRule()).findings()).isEmpty();
  }

  @Test
  void findsBodiesBufferedInOkioSegments() {
    Analysis analysis = dumps.analyze(OKIO, new BufferedBodyRule());
    System.out.printf("%s on %s: %d ms, %s%n", BufferedBodyRule.ID, OKIO.label(), analysis.millis(),
        analysis.findings().stream().map(Finding::claim).toList());

    assertThat(analysis.findings()).singleElement().satisfies(finding -> {
      assertThat(finding.severity().atLeast(Severity.HIGH)).as("severity %s", finding.severity()).isTrue();
      assertThat(finding.culprit().className()).isEqualTo(BufferedSourceProgram.class.getName() + "$ReportMirror");
      assertThat(finding.evidence().count()).isEqualTo(3);
      assertThat(finding.evidence().examples()).allSatisfy(example -> assertThat(example.className()).isEqualTo("okio.Buffer"));
      assertThat(finding.recommendation()).contains("byteStream()");
      // Read ahead into the response's okio source: neither bytes() nor string(), so no call is named.
      assertThat(finding.claim()).contains("the buffering call could not be told from the dump")
          .doesNotContain("buffered by");
      assertThat(finding.evidence().facts().get("buffering call")).startsWith("not told by the dump");
    });
    assertThat(dumps.analyze(OKIO_HEALTHY, new BufferedBodyRule()).findings()).isEmpty();
  }
}
