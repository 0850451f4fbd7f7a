package io.heaplens.hprof;

import static io.heaplens.hprof.RealDumps.scenarioClass;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.heaplens.fixtures.ClassHistogram;
import io.heaplens.fixtures.KnownGraphScenario;
import io.heaplens.fixtures.ScenarioDump;
import io.heaplens.fixtures.ScenarioRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The reader's instance counts and shallow sizes against the JVM's own live class histogram
 * ({@code jcmd <pid> GC.class_histogram}, taken just before the dump of the same heap), class by
 * class, for dumps written by the JDK running the tests (17), by a JDK 25 when one is installed,
 * and by OpenJDK 11 (a committed dump: JDK 11 lays fields out with HotSpot's older algorithm, see
 * {@link FieldLayoutGeneration}).
 *
 * <p>The histogram and the dump describe the same live objects, so every class must agree exactly,
 * except for the differences the JVM itself makes between the two (see {@code HeapCapture}), each
 * handled by name below:
 *
 * <ul>
 *   <li>{@code java.lang.Class}: sizes cannot be compared, since a mirror's size includes the
 *       class's static fields, which the dump gives as values of the CLASS DUMP record. Nor can
 *       counts be compared exactly: with class data sharing (on by default) the heap holds the
 *       archived mirrors of every class in the CDS archive, loaded or not; the histogram counts
 *       them all, while the dump writes a CLASS DUMP record only for loaded classes (plus the
 *       primitive-type mirrors, {@code int.class} and so on, as ordinary instances). With
 *       {@code -Xshare:off} the two counts are equal. So the dump's count is checked against its
 *       own CLASS DUMP records, and must not exceed the histogram's.
 *   <li>Hidden classes: the histogram prints {@code Foo$$Lambda/0x...}, the dump names the same
 *       class {@code Foo$$Lambda+0x...} (the JVM's internal name of a hidden class). Before JDK 15
 *       lambdas are VM-anonymous classes: the histogram prints {@code Foo$$Lambda$2/0x...}, the
 *       dump {@code Foo$$Lambda$2}.
 *   <li>JDK 25 fills dead heap space with filler arrays, which the histogram prints as
 *       {@code [Ljdk.internal.vm.FillerElement;} and the dump writes as {@code int[]}: the dump's
 *       {@code int[]} is the histogram's {@code [I} plus its filler arrays.
 * </ul>
 *
 * Any other difference is a reader bug, and each one is reported with the class, both numbers and
 * the JDK.
 */
class HistogramMatchTest {
  private static final String FILLER_ARRAY = "[Ljdk.internal.vm.FillerElement;";
  /** How many filler arrays may appear or vanish between the histogram and the dump. */
  private static final int MAX_FILLER_DRIFT = 3;
  private static final String JAVA_LANG_CLASS = "java.lang.Class";
  /** {@code boolean.class} ... {@code double.class} and {@code void.class}. */
  private static final int PRIMITIVE_TYPE_MIRRORS = 9;

  private static final String JDK11 = "11 (committed dump)";

  private static final Map<Path, HeapGraph> GRAPHS = new HashMap<>();

  @AfterAll
  static void closeGraphs() throws IOException {
    for (HeapGraph graph : GRAPHS.values()) {
      graph.close();
    }
    GRAPHS.clear();
  }

  @Test
  void everyHistogramClassMatchesTheDumpOnTheCurrentJdk() throws Exception {
    assertEveryHistogramClassMatches(ScenarioRunner.currentJavaHome());
  }

  @Test
  void everyHistogramClassMatchesTheDumpOnJdk25() throws Exception {
    assertEveryHistogramClassMatches(jdk25());
  }

  @Test
  void everyClassWithInstancesInTheDumpIsInTheHistogramOnTheCurrentJdk() throws Exception {
    assertNoClassMissingFromHistogram(ScenarioRunner.currentJavaHome());
  }

  @Test
  void everyClassWithInstancesInTheDumpIsInTheHistogramOnJdk25() throws Exception {
    assertNoClassMissingFromHistogram(jdk25());
  }

  @Test
  void scenarioClassesHaveTheirKnownCountsAndSizesOnTheCurrentJdk() throws Exception {
    assertScenarioClasses(ScenarioRunner.currentJavaHome());
  }

  @Test
  void scenarioClassesHaveTheirKnownCountsAndSizesOnJdk25() throws Exception {
    assertScenarioClasses(jdk25());
  }

  @Test
  void layoutIsInferredWithCompressedReferencesOnTheCurrentJdk() throws Exception {
    assertLayoutInferred(ScenarioRunner.currentJavaHome());
  }

  @Test
  void layoutIsInferredWithCompressedReferencesOnJdk25() throws Exception {
    assertLayoutInferred(jdk25());
  }

  @Test
  void everyHistogramClassMatchesTheDumpOnJdk11() throws Exception {
    assertEveryHistogramClassMatches(RealDumps.jdk11KnownGraph(), JDK11);
  }

  @Test
  void everyClassWithInstancesInTheDumpIsInTheHistogramOnJdk11() throws Exception {
    assertNoClassMissingFromHistogram(RealDumps.jdk11KnownGraph(), JDK11);
  }

  @Test
  void fieldLayoutIsInferredPerJdkGeneration() throws Exception {
    ObjectLayout jdk11 = graph(RealDumps.jdk11KnownGraph()).info().layout();
    assertThat(jdk11.inferred()).as("JDK 11: %s", jdk11.describe()).isTrue();
    assertThat(jdk11.fieldLayout()).as("JDK 11: %s", jdk11.describe()).isEqualTo(FieldLayoutGeneration.BEFORE_JDK_15);
    assertThat(jdk11.describe()).contains(FieldLayoutGeneration.BEFORE_JDK_15.description());
    ObjectLayout current = graph(RealDumps.knownGraph()).info().layout();
    assertThat(current.fieldLayout()).as("JDK 17: %s", current.describe()).isEqualTo(FieldLayoutGeneration.JDK_15_AND_LATER);
  }

  private static Path jdk25() {
    Optional<Path> home = ScenarioRunner.temurin25();
    assumeTrue(home.isPresent(), "no Temurin 25 installed");
    return home.get();
  }

  private static void assertEveryHistogramClassMatches(Path javaHome) throws Exception {
    assertEveryHistogramClassMatches(RealDumps.knownGraph(javaHome), jdkVersion(javaHome));
  }

  private static void assertEveryHistogramClassMatches(ScenarioDump dump, String jdk) throws Exception {
    HeapGraph graph = graph(dump);
    ClassHistogram histogram = dump.histogram();

    List<String> mismatches = new ArrayList<>();
    int compared = 0;
    for (Map.Entry<String, ClassHistogram.Count> row : histogram.counts().entrySet()) {
      String histogramName = row.getKey();
      long expectedInstances = row.getValue().instances();
      long expectedBytes = row.getValue().bytes();
      if (histogramName.equals(FILLER_ARRAY)) {
        // Written as int[] in the dump: checked with int[] below.
        continue;
      }
      String javaName = dumpName(graph, histogramName);
      if (javaName.equals("int[]")) {
        expectedInstances += histogram.instances(FILLER_ARRAY);
        expectedBytes += histogram.bytes(FILLER_ARRAY);
      }
      long[] actual = countAndBytes(graph, javaName);
      compared++;
      if (javaName.equals(JAVA_LANG_CLASS)) {
        String mirrors = checkClassMirrors(graph, expectedInstances, actual[0]);
        if (mirrors != null) {
          mismatches.add(String.format("JDK %s: %s: %s", jdk, javaName, mirrors));
        }
        continue;
      }
      if (javaName.equals("int[]") && histogram.instances(FILLER_ARRAY) > 0) {
        // Filler arrays come and go between the histogram and the dump (retiring a thread's
        // allocation buffer leaves one), so a few may differ; every other int[] must match.
        if (Math.abs(actual[0] - expectedInstances) > MAX_FILLER_DRIFT) {
          mismatches.add(describe(jdk, histogramName, javaName, expectedInstances, expectedBytes, actual));
        }
        continue;
      }
      if (actual[0] != expectedInstances || actual[1] != expectedBytes) {
        mismatches.add(describe(jdk, histogramName, javaName, expectedInstances, expectedBytes, actual));
      }
    }

    assertThat(compared).as("classes compared").isGreaterThan(100);
    assertThat(mismatches)
        .as("classes whose dump count or shallow size differs from the JVM's histogram (JDK %s)", jdk)
        .isEmpty();
  }

  /** The reverse direction: the dump has no instances of a class the histogram does not list. */
  private static void assertNoClassMissingFromHistogram(Path javaHome) throws Exception {
    assertNoClassMissingFromHistogram(RealDumps.knownGraph(javaHome), jdkVersion(javaHome));
  }

  private static void assertNoClassMissingFromHistogram(ScenarioDump dump, String jdk) throws Exception {
    HeapGraph graph = graph(dump);
    Set<String> histogramNames = new HashSet<>();
    for (String name : dump.histogram().counts().keySet()) {
      histogramNames.add(dumpName(graph, name));
    }

    Map<String, Long> missing = new LinkedHashMap<>();
    for (HeapClass heapClass : graph.classes()) {
      int instances = graph.instancesOf(heapClass, false).length;
      if (instances > 0 && !histogramNames.contains(heapClass.name())) {
        missing.merge(heapClass.name(), (long) instances, Long::sum);
      }
    }

    assertThat(missing)
        .as("classes with instances in the dump but not in the JVM's histogram (JDK %s)", jdk)
        .isEmpty();
  }

  private static void assertScenarioClasses(Path javaHome) throws Exception {
    ScenarioDump dump = RealDumps.knownGraph(javaHome);
    HeapGraph graph = graph(dump);
    ClassHistogram histogram = dump.histogram();

    for (Map.Entry<String, Long> expected : KnownGraphScenario.expectedInstanceCounts().entrySet()) {
      String javaName = ClassNames.toJavaName(expected.getKey());
      long[] actual = countAndBytes(graph, javaName);
      assertThat(actual[0]).as("%s instances in the dump", javaName).isEqualTo(expected.getValue());
      assertThat(actual[1]).as("%s shallow bytes in the dump", javaName)
          .isEqualTo(histogram.bytes(expected.getKey()));
    }

    // Per-instance sizes the scenario documents for 64-bit HotSpot 17 and 25 (KnownGraphScenario's
    // class comment): compressed oops and class pointers, 12-byte headers.
    Map<String, Long> instanceSizes = new LinkedHashMap<>();
    instanceSizes.put("EmptyObject", 16L);
    instanceSizes.put("OnlyByte", 16L);
    instanceSizes.put("AllPrimitives", 48L);
    instanceSizes.put("Base", 24L);
    instanceSizes.put("Derived", 24L);
    instanceSizes.put("DeeperDerived", 32L);
    instanceSizes.put("ListNode", 24L);
    for (Map.Entry<String, Long> expected : instanceSizes.entrySet()) {
      HeapClass heapClass = RealDumps.onlyClass(graph, scenarioClass(expected.getKey()));
      assertThat(heapClass.instanceSize()).as("%s instance size", heapClass).isEqualTo(expected.getValue());
      for (int instance : graph.instancesOf(heapClass, false)) {
        assertThat(graph.shallowSize(instance)).as("%s shallow size", heapClass).isEqualTo(expected.getValue());
      }
    }

    // EmptyObject[] of lengths 0, 1 and 3: 16, 24 and 32 bytes.
    HeapClass emptyObjectArray = RealDumps.onlyClass(graph, scenarioClass("EmptyObject[]"));
    Map<Integer, Long> sizeByLength = new HashMap<>();
    for (int array : graph.instancesOf(emptyObjectArray, false)) {
      sizeByLength.put(graph.arrayLength(array), graph.shallowSize(array));
    }
    assertThat(sizeByLength).containsExactlyInAnyOrderEntriesOf(Map.of(0, 16L, 1, 24L, 3, 32L));
  }

  private static void assertLayoutInferred(Path javaHome) throws Exception {
    HeapGraph graph = graph(RealDumps.knownGraph(javaHome));
    DumpInfo info = graph.info();
    ObjectLayout layout = info.layout();

    assertThat(layout.inferred()).as("layout inferred: %s", layout.describe()).isTrue();
    assertThat(info.idSize()).isEqualTo(8);
    assertThat(layout.compressedReferences(info.idSize())).as("compressed references").isTrue();
    assertThat(layout.referenceBytes()).isEqualTo(4);
    assertThat(layout.instanceHeaderBytes()).isEqualTo(12);
    assertThat(layout.matchedPairs()).isPositive().isLessThanOrEqualTo(layout.examinedPairs());
  }

  /**
   * The dump's {@code java.lang.Class} objects are its CLASS DUMP records plus the primitive-type
   * mirrors, and no more than the histogram's mirrors (see the class comment); null when they are.
   */
  private static String checkClassMirrors(HeapGraph graph, long histogramMirrors, long dumpMirrors) {
    long classDumps = graph.classes().stream().filter(c -> c.objectIndex() >= 0).count();
    if (dumpMirrors != classDumps + PRIMITIVE_TYPE_MIRRORS || dumpMirrors > histogramMirrors) {
      return String.format("dump has %,d class objects for %,d CLASS DUMP records (expected %,d primitive-type"
          + " mirrors more), histogram %,d mirrors (expected no fewer)", dumpMirrors, classDumps,
          PRIMITIVE_TYPE_MIRRORS, histogramMirrors);
    }
    return null;
  }

  /** Instances and shallow bytes of all classes with this Java name (one per defining loader). */
  private static long[] countAndBytes(HeapGraph graph, String javaName) {
    long instances = 0;
    long bytes = 0;
    for (HeapClass heapClass : graph.findClasses(javaName)) {
      int[] objects = graph.instancesOf(heapClass, false);
      instances += objects.length;
      for (int object : objects) {
        bytes += graph.shallowSize(object);
      }
    }
    return new long[] {instances, bytes};
  }

  /**
   * The dump's Java name of a class the histogram prints: hidden classes {@code Foo$$Lambda/0x...}
   * become {@code Foo$$Lambda+0x...} (the dump uses the JVM's internal name); then JVM names become
   * Java names.
   */
  static String dumpName(String histogramName) {
    return ClassNames.toJavaName(histogramName.replace("/0x", "+0x"));
  }

  /**
   * {@link #dumpName(String)}, or for a VM-anonymous class (before JDK 15), which the dump names
   * without the address suffix, the name without it when the dump has no class of the first name.
   */
  private static String dumpName(HeapGraph graph, String histogramName) {
    String hidden = dumpName(histogramName);
    int suffix = histogramName.indexOf("/0x");
    if (suffix < 0 || !graph.findClasses(hidden).isEmpty()) {
      return hidden;
    }
    return ClassNames.toJavaName(histogramName.substring(0, suffix));
  }

  private static String describe(String jdk, String histogramName, String javaName, long expectedInstances,
      long expectedBytes, long[] actual) {
    return String.format("JDK %s: %s (histogram %s): instances histogram %,d, dump %,d; bytes histogram %,d"
            + " (%s/instance), dump %,d (%s/instance)",
        jdk, javaName, histogramName, expectedInstances, actual[0], expectedBytes,
        perInstance(expectedBytes, expectedInstances), actual[1], perInstance(actual[1], actual[0]));
  }

  private static String perInstance(long bytes, long instances) {
    return instances == 0 ? "-" : String.format("%.1f", (double) bytes / instances);
  }

  private static synchronized HeapGraph graph(ScenarioDump dump) throws Exception {
    HeapGraph graph = GRAPHS.get(dump.heapDump());
    if (graph == null) {
      graph = RealDumps.open(dump.heapDump());
      GRAPHS.put(dump.heapDump(), graph);
    }
    return graph;
  }

  private static String jdkVersion(Path javaHome) throws IOException {
    Path release = javaHome.resolve("release");
    if (Files.isRegularFile(release)) {
      for (String line : Files.readAllLines(release)) {
        if (line.startsWith("JAVA_VERSION=")) {
          return line.substring("JAVA_VERSION=".length()).replace("\"", "");
        }
      }
    }
    return javaHome.toString();
  }
}
