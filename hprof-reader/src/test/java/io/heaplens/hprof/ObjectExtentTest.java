package io.heaplens.hprof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.heaplens.fixtures.ScenarioDump;
import io.heaplens.fixtures.ScenarioRunner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * In a HotSpot dump an object's identifier is its address, so no object may be larger than the
 * distance to the next object in memory: a shallow size that reaches past it is wrong. This holds
 * for every kind of object, class objects included, whose sizes no histogram gives (a class
 * object is a {@code java.lang.Class} instance followed by the class's static fields).
 */
class ObjectExtentTest {

  @Test
  void noObjectOverlapsTheNextOneOnJdk11() throws Exception {
    assertNoOverlap(RealDumps.jdk11KnownGraph());
  }

  @Test
  void noObjectOverlapsTheNextOneOnTheCurrentJdk() throws Exception {
    assertNoOverlap(RealDumps.knownGraph());
  }

  @Test
  void noObjectOverlapsTheNextOneOnJdk25() throws Exception {
    Optional<java.nio.file.Path> home = ScenarioRunner.temurin25();
    assumeTrue(home.isPresent(), "no Temurin 25 installed");
    assertNoOverlap(RealDumps.knownGraph(home.get()));
  }

  private static void assertNoOverlap(ScenarioDump dump) throws Exception {
    try (HeapGraph graph = RealDumps.open(dump.heapDump())) {
      assertThat(graph.info().layout().inferred()).as(graph.info().layout().describe()).isTrue();
      int n = graph.objectCount();
      long[] idAndObject = new long[n];
      long base = Long.MAX_VALUE;
      for (int object = 0; object < n; object++) {
        base = Math.min(base, graph.objectId(object));
      }
      // Sort by address: (id - base) / 8 in the high bits, the object in the low 32.
      for (int object = 0; object < n; object++) {
        idAndObject[object] = ((graph.objectId(object) - base) >>> 3) << 32 | object;
      }
      Arrays.sort(idAndObject);
      List<String> overlapping = new ArrayList<>();
      int classObjects = 0;
      for (int i = 0; i + 1 < n; i++) {
        int object = (int) idAndObject[i];
        int next = (int) idAndObject[i + 1];
        long distance = graph.objectId(next) - graph.objectId(object);
        if (graph.kind(object) == ObjectKind.CLASS) {
          classObjects++;
        }
        if (graph.shallowSize(object) > distance && overlapping.size() < 20) {
          overlapping.add(String.format("%s %s at 0x%x: %d bytes, next object %d bytes further",
              graph.kind(object), describe(graph, object), graph.objectId(object),
              graph.shallowSize(object), distance));
        }
      }
      assertThat(classObjects).as("class objects checked").isGreaterThan(500);
      assertThat(overlapping).as("objects larger than the distance to the next one in memory").isEmpty();
    }
  }

  private static String describe(HeapGraph graph, int object) {
    HeapClass represented = graph.classRepresentedBy(object);
    return represented != null ? "class " + represented.name() : graph.classOf(object).name();
  }
}
