package io.heaplens.hprof;

import static org.assertj.core.api.Assertions.assertThat;

import io.heaplens.fixtures.HeapCapture;
import io.heaplens.fixtures.KnownGraphScenario;
import io.heaplens.fixtures.ScenarioDump;
import io.heaplens.fixtures.ScenarioRunner;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Real dumps of {@link KnownGraphScenario}, written by a forked JVM, and small lookups into the
 * scenario's object graph by the names its source gives them.
 *
 * <p>The scenario is always run with the gzip dump too: {@link ScenarioRunner} then serves the
 * plain dump, the gzip dump and the histogram of one and the same run to every test class.
 */
final class RealDumps {
  /** Prefix of the scenario's nested classes (they are package-private, so named, not imported). */
  static final String SCENARIO = KnownGraphScenario.class.getName() + "$";

  private RealDumps() {}

  /** The known graph dumped (plain and gzip) by the JDK at {@code javaHome}. */
  static ScenarioDump knownGraph(Path javaHome) {
    return ScenarioRunner.dump(KnownGraphScenario.class, javaHome, true);
  }

  /** The known graph dumped by the JDK running the tests. */
  static ScenarioDump knownGraph() {
    return knownGraph(ScenarioRunner.currentJavaHome());
  }

  /**
   * The known graph dumped by OpenJDK 11, with the histogram taken just before: committed test
   * resources (JDK 11 runs here only inside a Debian 11 root file system), made as the
   * PROVENANCE.md next to them says.
   */
  static ScenarioDump jdk11KnownGraph() throws URISyntaxException {
    Path directory = Path.of(RealDumps.class.getResource("/dumps/jdk11-known-graph").toURI());
    return new ScenarioDump(KnownGraphScenario.class.getName(), directory, directory,
        directory.resolve(HeapCapture.HEAP_DUMP_FILE), Optional.empty(),
        directory.resolve(HeapCapture.HISTOGRAM_FILE), "");
  }

  static HeapGraph open(Path file) throws IOException, HprofFormatException {
    return HprofReader.open(file, ReadOptions.defaults());
  }

  /** Java name of a nested class of the scenario, e.g. {@code scenarioClass("ListNode")}. */
  static String scenarioClass(String simpleName) {
    return SCENARIO + simpleName;
  }

  /** The one class of that name in the dump. */
  static HeapClass onlyClass(HeapGraph graph, String javaName) {
    List<HeapClass> classes = graph.findClasses(javaName);
    assertThat(classes).as("classes named %s", javaName).hasSize(1);
    return classes.get(0);
  }

  /** The one instance of the class of that name. */
  static int onlyInstance(HeapGraph graph, String javaName) {
    int[] instances = graph.instancesOf(onlyClass(graph, javaName), false);
    assertThat(instances).as("instances of %s", javaName).hasSize(1);
    return instances[0];
  }

  /** The scenario's {@code Graph} holder, whose fields name every part of the known graph. */
  static int scenarioGraph(HeapGraph graph) {
    return onlyInstance(graph, scenarioClass("Graph"));
  }

  /** The object a reference field points to, failing when it is null or missing. */
  static int referenced(HeapGraph graph, int object, String field) {
    int target = graph.referenceField(object, field);
    assertThat(target).as("%s.%s", graph.classOf(object).name(), field).isNotNegative();
    return target;
  }
}
