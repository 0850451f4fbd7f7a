package io.heaplens.hprof;

import static io.heaplens.hprof.RealDumps.referenced;
import static io.heaplens.hprof.RealDumps.scenarioClass;
import static org.assertj.core.api.Assertions.assertThat;

import io.heaplens.fixtures.KnownGraphScenario;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reader's queries on a real dump (JDK running the tests) of {@link KnownGraphScenario}, whose
 * objects have known contents and a known shape. Objects are found through the fields of the
 * scenario's {@code Graph} holder, named as in the scenario's source.
 */
class KnownGraphQueriesTest {
  private static HeapGraph graph;
  /** The scenario's {@code Graph} instance. */
  private static int holder;

  @BeforeAll
  static void openDump() throws Exception {
    graph = RealDumps.open(RealDumps.knownGraph().heapDump());
    holder = RealDumps.scenarioGraph(graph);
  }

  @AfterAll
  static void closeDump() throws Exception {
    if (graph != null) {
      graph.close();
    }
  }

  @Test
  void readsLatin1AndUtf16Strings() {
    int latin1 = referenced(graph, holder, "latin1Text");
    int utf16 = referenced(graph, holder, "utf16Text");

    assertThat(graph.classOf(latin1).name()).isEqualTo("java.lang.String");
    assertThat(graph.readString(latin1, 1000)).isEqualTo(KnownGraphScenario.LATIN1_TEXT);
    assertThat(graph.readString(utf16, 1000)).isEqualTo(KnownGraphScenario.UTF16_TEXT);
    // Compact strings: coder 0 is Latin-1 (one byte per char), 1 is UTF-16.
    assertThat(graph.field(latin1, "coder").orElseThrow().asNumber()).isZero();
    assertThat(graph.field(utf16, "coder").orElseThrow().asNumber()).isEqualTo(1);
    assertThat(graph.arrayLength(referenced(graph, latin1, "value")))
        .isEqualTo(KnownGraphScenario.LATIN1_TEXT.length());
    assertThat(graph.arrayLength(referenced(graph, utf16, "value")))
        .isEqualTo(KnownGraphScenario.UTF16_TEXT.length() * 2);
    // Cut to maxChars.
    assertThat(graph.readString(latin1, 8)).isEqualTo(KnownGraphScenario.LATIN1_TEXT.substring(0, 8));
    assertThat(graph.readString(utf16, 20)).isEqualTo(KnownGraphScenario.UTF16_TEXT.substring(0, 20));
  }

  @Test
  void readsEveryPrimitiveFieldOfAllPrimitives() {
    int array = referenced(graph, holder, "allPrimitives");
    int[] instances = graph.objectArrayElements(array);
    int[] onlyBytes = graph.objectArrayElements(referenced(graph, holder, "onlyBytes"));
    assertThat(instances).hasSize(5);

    // Values as KnownGraphScenario.AllPrimitives(k, ref) sets them for instance k.
    for (int k = 0; k < instances.length; k++) {
      int object = instances[k];
      assertThat(graph.classOf(object).name()).isEqualTo(scenarioClass("AllPrimitives"));
      assertThat(field(object, "flag", FieldType.BOOLEAN).asBoolean()).as("flag of %d", k).isEqualTo(k % 2 == 0);
      assertThat(field(object, "b", FieldType.BYTE).asNumber()).as("b of %d", k).isEqualTo(k);
      assertThat(field(object, "c", FieldType.CHAR).asChar()).as("c of %d", k).isEqualTo((char) ('a' + k));
      assertThat(field(object, "s", FieldType.SHORT).asNumber()).as("s of %d", k).isEqualTo(100 * k);
      assertThat(field(object, "i", FieldType.INT).asInt()).as("i of %d", k).isEqualTo(1000 * k);
      assertThat(field(object, "l", FieldType.LONG).asLong()).as("l of %d", k).isEqualTo(1_000_000_000L * k);
      assertThat(field(object, "f", FieldType.FLOAT).asFloat()).as("f of %d", k).isEqualTo(k + 0.5f);
      assertThat(field(object, "d", FieldType.DOUBLE).asDouble()).as("d of %d", k).isEqualTo(k + 0.25);
      FieldValue ref = field(object, "ref", FieldType.OBJECT);
      if (k == 0) {
        assertThat(ref.isNull()).as("ref of 0").isTrue();
        assertThat(graph.referenceField(object, "ref")).isEqualTo(-1);
      } else {
        assertThat(ref.object()).as("ref of %d", k).isEqualTo(onlyBytes[k - 1]);
        // OnlyByte k-1 holds the value k.
        assertThat(graph.field(ref.object(), "value").orElseThrow().asNumber()).isEqualTo(k);
      }
    }
    assertThat(graph.field(instances[0], "noSuchField")).isEmpty();
  }

  @Test
  void negativeAndExtremePrimitivesSurviveSignExtension() {
    // Derived(id, count) with count 0..5 and DeeperDerived(id, k, ...) with small = (short) -k:
    // the scenario's Graph constructor; hierarchy[8 + k] is DeeperDerived number k.
    int[] hierarchy = graph.objectArrayElements(referenced(graph, holder, "hierarchy"));
    assertThat(hierarchy).hasSize(15);
    for (int k = 0; k < 7; k++) {
      int deeper = hierarchy[8 + k];
      assertThat(graph.field(deeper, "small").orElseThrow().asNumber()).isEqualTo(-k);
      assertThat(graph.field(deeper, "tag").orElseThrow().asNumber()).isEqualTo(k);
      // Fields inherited from Derived and Base are found through the superclass chain.
      assertThat(graph.field(deeper, "count").orElseThrow().asInt()).isEqualTo(k);
      assertThat(graph.field(deeper, "id").orElseThrow().asLong()).isEqualTo(9 + k);
      assertThat(graph.readString(referenced(graph, deeper, "payload"), 100)).isEqualTo("payload-" + k);
    }
    for (int position = 0; position < 15; position++) {
      assertThat(graph.field(hierarchy[position], "id").orElseThrow().asLong()).isEqualTo(position + 1);
    }
  }

  @Test
  void instancesOfBaseIncludeSubclasses() {
    HeapClass base = RealDumps.onlyClass(graph, scenarioClass("Base"));
    HeapClass derived = RealDumps.onlyClass(graph, scenarioClass("Derived"));
    HeapClass deeper = RealDumps.onlyClass(graph, scenarioClass("DeeperDerived"));

    int[] all = graph.instancesOf(base, true);
    assertThat(graph.instancesOf(base, false)).hasSize(2);
    assertThat(all).hasSize(2 + 6 + 7)
        .contains(graph.instancesOf(derived, false))
        .contains(graph.instancesOf(deeper, false))
        .contains(graph.instancesOf(base, false))
        .doesNotHaveDuplicates();
    assertThat(graph.instancesOf(derived, true)).hasSize(6 + 7);
    assertThat(all).containsExactlyInAnyOrder(graph.objectArrayElements(referenced(graph, holder, "hierarchy")));
    assertThat(base.subclasses()).containsExactly(derived);
    assertThat(deeper.superclass()).isSameAs(derived);
    assertThat(deeper.isSubclassOf(base)).isTrue();
    assertThat(base.isSubclassOf(deeper)).isFalse();
  }

  @Test
  void findsArrayClassesByJavaName() {
    HeapClass bytes = graph.findClass("byte[]").orElseThrow();
    assertThat(bytes.isArray()).isTrue();
    assertThat(bytes.primitiveElementType()).isEqualTo(FieldType.BYTE);
    assertThat(graph.findClass("[B")).isEmpty();

    HeapClass emptyObjects = graph.findClass(scenarioClass("EmptyObject[]")).orElseThrow();
    assertThat(emptyObjects.isArray()).isTrue();
    assertThat(emptyObjects.primitiveElementType()).isNull();
    assertThat(graph.instancesOf(emptyObjects, false)).hasSize(3);
    assertThat(graph.findClass("[L" + scenarioClass("EmptyObject") + ";")).isEmpty();

    assertThat(graph.findClass("java.lang.Object[]")).isPresent();
    int ints = referenced(graph, holder, "ints");
    assertThat(graph.classOf(ints).name()).isEqualTo("int[]");
    assertThat(graph.kind(ints)).isEqualTo(ObjectKind.PRIMITIVE_ARRAY);
    assertThat(graph.kind(referenced(graph, holder, "emptyObjects"))).isEqualTo(ObjectKind.OBJECT_ARRAY);
  }

  @Test
  void sharedTableIsReferencedByItsThreeUsers() {
    int usersArray = referenced(graph, holder, "tableUsers");
    int[] users = graph.objectArrayElements(usersArray);
    assertThat(users).hasSize(3);
    int table = referenced(graph, users[0], "table");
    assertThat(graph.classOf(table).name()).isEqualTo(scenarioClass("SharedTable"));

    assertThat(graph.inboundReferences(table)).containsExactlyInAnyOrder(users);
    for (int user : users) {
      assertThat(graph.referenceField(user, "table")).isEqualTo(table);
      assertThat(graph.outboundReferences(user)).contains(table);
    }
    // Shared by three: none of them dominates the table, the array holding all three does.
    assertThat(graph.immediateDominator(table)).isEqualTo(usersArray);
    assertThat(graph.retainedSize(users[0])).isEqualTo(graph.shallowSize(users[0]));
    assertThat(graph.retainedSize(usersArray)).isGreaterThanOrEqualTo(graph.shallowSize(usersArray)
        + 3 * graph.shallowSize(users[0]) + graph.retainedSize(table));
  }

  @Test
  void eachCycleNodeHasOneInboundReferenceFromTheCycle() {
    int a = referenced(graph, holder, "cycle");
    int b = referenced(graph, a, "next");
    int c = referenced(graph, b, "next");
    assertThat(referenced(graph, c, "next")).isEqualTo(a);
    List<Integer> cycle = List.of(a, b, c);

    for (int i = 0; i < 3; i++) {
      int node = cycle.get(i);
      int previous = cycle.get((i + 2) % 3);
      int[] fromCycle = Arrays.stream(graph.inboundReferences(node)).filter(cycle::contains).toArray();
      assertThat(fromCycle).as("inbound references of cycle node %d from the cycle", i).containsExactly(previous);
    }
    // a is also held by the Graph; b and c only by the cycle.
    assertThat(graph.inboundReferences(a)).containsExactlyInAnyOrder(holder, c);
    assertThat(graph.inboundReferences(b)).containsExactly(a);
    // The cycle hangs from a: a dominates b, b dominates c.
    assertThat(graph.immediateDominator(b)).isEqualTo(a);
    assertThat(graph.immediateDominator(c)).isEqualTo(b);
    assertThat(graph.retainedSize(a)).isGreaterThan(graph.retainedSize(b));
  }

  @Test
  void diamondTopRetainsTheBottomAndTheSidesDoNot() {
    int top = referenced(graph, holder, "diamond");
    int left = referenced(graph, top, "left");
    int right = referenced(graph, top, "right");
    int bottom = referenced(graph, left, "left");
    assertThat(referenced(graph, right, "right")).isEqualTo(bottom);

    assertThat(graph.immediateDominator(left)).isEqualTo(top);
    assertThat(graph.immediateDominator(right)).isEqualTo(top);
    assertThat(graph.immediateDominator(bottom)).isEqualTo(top);

    // Retained size is the shallow size plus what the immediately dominated objects retain.
    for (int node : new int[] {top, left, right, bottom}) {
      assertThat(graph.retainedSize(node)).as("retained size of %s", graph.describeReference(top, node))
          .isEqualTo(graph.shallowSize(node) + retainedOfDominated(node));
    }
    assertThat(dominatedBy(top)).contains(left, right, bottom);
    assertThat(dominatedBy(left)).doesNotContain(bottom);
    assertThat(dominatedBy(right)).doesNotContain(bottom);
    assertThat(graph.retainedSize(top)).isGreaterThanOrEqualTo(graph.shallowSize(top)
        + graph.retainedSize(left) + graph.retainedSize(right) + graph.retainedSize(bottom));
    assertThat(graph.retainedSize(left)).isLessThan(graph.shallowSize(left) + graph.shallowSize(bottom));
    assertThat(graph.retainedSize(right)).isLessThan(graph.shallowSize(right) + graph.shallowSize(bottom));
  }

  @Test
  void diamondSidesTogetherRetainTheBottom() {
    int top = referenced(graph, holder, "diamond");
    int left = referenced(graph, top, "left");
    int right = referenced(graph, top, "right");
    int bottom = referenced(graph, left, "left");

    // Neither side alone retains the bottom, but the bottom is reachable only through the two
    // sides: were both unreachable, it would be freed with them. The retained size of a set is
    // what the set dominates as a whole, not the union of what each member dominates.
    assertThat(graph.retainedSize(new int[] {left, right}))
        .as("retained size of {left, right}, which together hold the bottom")
        .isEqualTo(graph.retainedSize(left) + graph.retainedSize(right) + graph.retainedSize(bottom));
    assertThat(graph.retainedSize(new int[] {top, left})).isEqualTo(graph.retainedSize(top));
    assertThat(graph.retainedSize(new int[] {left})).isEqualTo(graph.retainedSize(left));
  }

  @Test
  void workerThreadHoldsItsBufferInAFrame() {
    HeapThread worker = graph.threads().stream()
        .filter(thread -> KnownGraphScenario.WORKER_THREAD_NAME.equals(thread.name()))
        .findFirst().orElseThrow();
    assertThat(worker.state()).isEqualTo("WAITING");
    assertThat(worker.daemon()).isTrue();

    ThreadFrame frame = worker.frames().stream()
        .filter(f -> f.methodName().equals("holdBufferUntilReleased"))
        .findFirst().orElseThrow();
    assertThat(frame.className()).isEqualTo(scenarioClass("ParkedWorker"));
    // Depth 2, under Unsafe.park and LockSupport.park (the scenario's class comment).
    assertThat(worker.frames().indexOf(frame)).isEqualTo(2);
    int buffer = IntStream.of(frame.localObjects())
        .filter(local -> local >= 0 && graph.classOf(local).name().equals("byte[]"))
        .filter(local -> graph.shallowSize(local) >= KnownGraphScenario.WORKER_BUFFER_LENGTH)
        .findFirst().orElseThrow();
    assertThat(graph.arrayLength(buffer)).isEqualTo(KnownGraphScenario.WORKER_BUFFER_LENGTH);
    assertThat(graph.rootKinds(buffer)).contains(GcRootKind.JAVA_FRAME);
    assertThat(graph.retainedSize(buffer)).isEqualTo(graph.shallowSize(buffer));
    assertThat(graph.retainedSize(worker.object())).isGreaterThanOrEqualTo(graph.shallowSize(buffer));
    assertThat(graph.immediateDominator(buffer)).isEqualTo(worker.object());
    assertThat(graph.describeReference(worker.object(), buffer)).contains("holdBufferUntilReleased");
  }

  @Test
  void pathFromGcRootToTheListTailIsAChainOfReferences() {
    int tail = referenced(graph, holder, "listHead");
    for (int next = graph.referenceField(tail, "next"); next >= 0; next = graph.referenceField(tail, "next")) {
      tail = next;
    }
    assertThat(graph.field(tail, "index").orElseThrow().asInt())
        .isEqualTo(KnownGraphScenario.LINKED_LIST_LENGTH - 1);

    int[] path = graph.pathFromGcRoot(tail);
    assertThat(path.length).isGreaterThan(KnownGraphScenario.LINKED_LIST_LENGTH);
    assertThat(graph.isGcRoot(path[0])).as("path starts at a GC root").isTrue();
    assertThat(path[path.length - 1]).isEqualTo(tail);
    assertThat(path).doesNotHaveDuplicates();
    List<String> steps = new ArrayList<>();
    for (int i = 0; i + 1 < path.length; i++) {
      int from = path[i];
      int to = path[i + 1];
      String step = graph.describeReference(from, to);
      assertThat(step).as("reference %d of the path, %s -> %s", i, graph.classOf(from), graph.classOf(to))
          .isNotNull();
      assertThat(graph.outboundReferences(from)).as("outbound references of step %d", i).contains(to);
      steps.add(step);
    }
    // The list is walked through "next", entered from the Graph's "listHead".
    assertThat(path[path.length - KnownGraphScenario.LINKED_LIST_LENGTH - 1]).isEqualTo(holder);
    assertThat(steps.get(path.length - KnownGraphScenario.LINKED_LIST_LENGTH - 1)).isEqualTo("listHead");
    assertThat(steps.subList(path.length - KnownGraphScenario.LINKED_LIST_LENGTH, steps.size()))
        .containsOnly("next");
  }

  @Test
  void readsObjectArrayOfFiveWithNulls() {
    int array = referenced(graph, holder, "fiveObjectsWithNulls");
    assertThat(graph.arrayLength(array)).isEqualTo(5);
    assertThat(graph.kind(array)).isEqualTo(ObjectKind.OBJECT_ARRAY);
    assertThat(graph.classOf(array).name()).isEqualTo("java.lang.Object[]");

    // {UTF16_TEXT, null, emptyObjects[1], null, ints}: the scenario's Graph field initializer.
    int[] elements = graph.objectArrayElements(array);
    int[] emptyObjects = graph.objectArrayElements(referenced(graph, holder, "emptyObjects"));
    assertThat(elements).containsExactly(referenced(graph, holder, "utf16Text"), -1, emptyObjects[1], -1,
        referenced(graph, holder, "ints"));
    assertThat(graph.readString(elements[0], 1000)).isEqualTo(KnownGraphScenario.UTF16_TEXT);
    assertThat(graph.arrayLength(elements[4])).isEqualTo(9);
    assertThat(graph.describeReference(array, elements[4])).isEqualTo("[4]");

    assertThat(graph.arrayLength(referenced(graph, holder, "noObjects"))).isZero();
    assertThat(graph.objectArrayElements(referenced(graph, holder, "noObjects"))).isEmpty();
    assertThat(graph.arrayLength(holder)).isEqualTo(-1);
    assertThat(graph.arrayLength(referenced(graph, holder, "longs"))).isEqualTo(10);
  }

  private static FieldValue field(int object, String name, FieldType type) {
    FieldValue value = graph.field(object, name).orElseThrow(() -> new AssertionError("no field " + name));
    assertThat(value.type()).as("type of field %s", name).isEqualTo(type);
    return value;
  }

  /** Objects whose immediate dominator is {@code object}. */
  private static List<Integer> dominatedBy(int object) {
    List<Integer> result = new ArrayList<>();
    for (int other = 0; other < graph.objectCount(); other++) {
      if (graph.immediateDominator(other) == object) {
        result.add(other);
      }
    }
    return result;
  }

  private static long retainedOfDominated(int object) {
    long total = 0;
    for (int dominated : dominatedBy(object)) {
      total += graph.retainedSize(dominated);
    }
    return total;
  }
}
