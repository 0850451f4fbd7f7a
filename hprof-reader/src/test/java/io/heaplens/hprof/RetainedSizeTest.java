package io.heaplens.hprof;

import static org.assertj.core.api.Assertions.assertThat;

import io.heaplens.hprof.SyntheticGraphs.Obj;
import io.heaplens.hprof.SyntheticGraphs.Spec;
import io.heaplens.hprof.SyntheticGraphs.ThreadSpec;
import io.heaplens.hprof.SyntheticGraphs.Written;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Retained sizes, set retained sizes, retained sizes by class and immediate dominators of small
 * graphs, each checked against a brute-force computation on the reader's own graph: the shallow
 * size of everything reachable from the GC roots minus what stays reachable once the object (or
 * set) is removed. The roots are {@link HeapGraph#gcRootObjects()} (stack locals hang off their
 * thread object, see ThreadBoundRoots) and the edges {@link HeapGraph#outboundReferences}; a
 * separate test checks that those edges are the ones written.
 */
@Timeout(60)
class RetainedSizeTest {

  @TempDir
  Path temp;

  static Stream<Spec> shapes() {
    return SyntheticGraphs.allShapes().stream();
  }

  /** The brute force: reachability with some objects removed. */
  static final class Oracle {
    final HeapGraph graph;
    final int n;
    final int[][] out;
    final int[] roots;
    final BitSet reachable;
    final long reachableBytes;

    Oracle(HeapGraph graph) {
      this.graph = graph;
      this.n = graph.objectCount();
      this.out = new int[n][];
      for (int i = 0; i < n; i++) {
        out[i] = graph.outboundReferences(i);
      }
      this.roots = graph.gcRootObjects();
      this.reachable = reach(new BitSet());
      this.reachableBytes = bytes(reachable);
    }

    BitSet reach(BitSet removed) {
      BitSet seen = new BitSet(n);
      int[] stack = new int[n + 1];
      int top = 0;
      for (int root : roots) {
        if (!removed.get(root) && !seen.get(root)) {
          seen.set(root);
          stack[top++] = root;
        }
      }
      while (top > 0) {
        int object = stack[--top];
        for (int target : out[object]) {
          if (!removed.get(target) && !seen.get(target)) {
            seen.set(target);
            stack[top++] = target;
          }
        }
      }
      return seen;
    }

    long bytes(BitSet objects) {
      long total = 0;
      for (int i = objects.nextSetBit(0); i >= 0; i = objects.nextSetBit(i + 1)) {
        total += graph.shallowSize(i);
      }
      return total;
    }

    long retained(int... objects) {
      BitSet removed = new BitSet(n);
      for (int object : objects) {
        removed.set(object);
      }
      return reachableBytes - bytes(reach(removed));
    }

    /** lost[d]: objects (other than d) that become unreachable when d is removed. */
    BitSet[] lostWithout() {
      BitSet[] lost = new BitSet[n];
      for (int d = 0; d < n; d++) {
        BitSet removed = new BitSet(n);
        removed.set(d);
        BitSet still = reach(removed);
        BitSet gone = (BitSet) reachable.clone();
        gone.andNot(still);
        gone.clear(d);
        lost[d] = gone;
      }
      return lost;
    }

    /** The immediate dominator by definition: -2 unreachable, -1 only the roots as a whole. */
    int[] immediateDominators() {
      BitSet[] lost = lostWithout();
      int[] idom = new int[n];
      for (int x = 0; x < n; x++) {
        if (!reachable.get(x)) {
          idom[x] = -2;
          continue;
        }
        List<Integer> dominators = new ArrayList<>();
        for (int d = 0; d < n; d++) {
          if (lost[d].get(x)) {
            dominators.add(d);
          }
        }
        int result = -1;
        for (int d : dominators) {
          boolean dominatedByAllOthers = true;
          for (int e : dominators) {
            if (e != d && !lost[e].get(d)) {
              dominatedByAllOthers = false;
              break;
            }
          }
          if (dominatedByAllOthers) {
            if (result != -1) {
              throw new AssertionError("two immediate dominators for " + x);
            }
            result = d;
          }
        }
        if (!dominators.isEmpty() && result == -1) {
          throw new AssertionError("no immediate dominator among " + dominators + " for " + x);
        }
        idom[x] = result;
      }
      return idom;
    }
  }

  private HeapGraph open(Written written) throws IOException, HprofFormatException {
    return HprofReader.open(written.file(), ReadOptions.defaults());
  }

  private Written write(Spec spec) {
    return SyntheticGraphs.write(spec, temp.resolve("graph.hprof"));
  }

  private static String label(Written written, HeapGraph graph, int object) {
    String name = written.nameOf(graph, object);
    return (name == null ? "#" + object : name) + " (" + graph.classOf(object).name() + ")";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void theGraphHasExactlyTheReferencesAndRootsWritten(Spec spec) throws Exception {
    Written written = write(spec);
    try (HeapGraph graph = open(written)) {
      assertThat(graph.objectCount()).isEqualTo(spec.objectCountWithoutClasses() + written.classIds().size());
      SoftAssertions soft = new SoftAssertions();
      long nodeClass = written.classIds().get(SyntheticGraphs.NODE_CLASS);
      for (Obj obj : spec.objects) {
        int index = written.index(graph, obj.name());
        Set<Long> expected = new HashSet<>();
        for (String ref : obj.refs()) {
          if (!ref.equals(obj.name())) {
            expected.add(written.id(ref));
          }
        }
        if (obj.kind() == SyntheticGraphs.Kind.NODE && !spec.nodeClassSticky) {
          expected.add(nodeClass); // the class pointer keeps a class that is no root alive
        }
        soft.assertThat(ids(graph, graph.outboundReferences(index)))
            .as("references of %s", obj.name()).isEqualTo(expected);
      }
      for (ThreadSpec thread : spec.threads) {
        Set<Long> expected = new HashSet<>();
        expected.add(written.id(thread.nameString()));
        thread.localsByFrame().forEach(frame -> frame.forEach(local -> expected.add(written.id(local))));
        soft.assertThat(ids(graph, graph.outboundReferences(written.index(graph, thread.threadObject()))))
            .as("references of thread %s: its name and its stack's locals", thread.name())
            .isEqualTo(expected);
      }

      Set<Long> expectedRoots = new HashSet<>();
      spec.roots.forEach(root -> expectedRoots.add(written.id(root.object())));
      spec.threads.forEach(thread -> expectedRoots.add(written.id(thread.threadObject())));
      written.classIds().forEach((name, id) -> {
        if (!name.equals(SyntheticGraphs.NODE_CLASS) || spec.nodeClassSticky) {
          expectedRoots.add(id);
        }
      });
      soft.assertThat(ids(graph, graph.gcRootObjects()))
          .as("dominator roots: roots not bound to a thread, and the threads").isEqualTo(expectedRoots);
      soft.assertAll();
    }
  }

  private static Set<Long> ids(HeapGraph graph, int[] objects) {
    return Arrays.stream(objects).mapToObj(graph::objectId).collect(Collectors.toSet());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void retainedSizeOfEveryObjectMatchesBruteForce(Spec spec) throws Exception {
    Written written = write(spec);
    try (HeapGraph graph = open(written)) {
      Oracle oracle = new Oracle(graph);
      SoftAssertions soft = new SoftAssertions();
      for (int object = 0; object < graph.objectCount(); object++) {
        soft.assertThat(graph.retainedSize(object))
            .as("retained size of %s in %s", label(written, graph, object), spec)
            .isEqualTo(oracle.retained(object));
        soft.assertThat(graph.isReachable(object))
            .as("reachable: %s", label(written, graph, object)).isEqualTo(oracle.reachable.get(object));
      }
      soft.assertAll();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void immediateDominatorOfEveryObjectMatchesBruteForce(Spec spec) throws Exception {
    Written written = write(spec);
    try (HeapGraph graph = open(written)) {
      int[] expected = new Oracle(graph).immediateDominators();
      SoftAssertions soft = new SoftAssertions();
      for (int object = 0; object < graph.objectCount(); object++) {
        int actual = graph.immediateDominator(object);
        soft.assertThat(actual < 0 ? String.valueOf(actual) : label(written, graph, actual))
            .as("immediate dominator of %s in %s", label(written, graph, object), spec)
            .isEqualTo(expected[object] < 0 ? String.valueOf(expected[object])
                : label(written, graph, expected[object]));
      }
      soft.assertAll();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void retainedSizeOfRandomSetsMatchesBruteForce(Spec spec) throws Exception {
    Written written = write(spec);
    try (HeapGraph graph = open(written)) {
      Oracle oracle = new Oracle(graph);
      Random random = new Random(spec.name.hashCode());
      SoftAssertions soft = new SoftAssertions();
      for (int trial = 0; trial < 60; trial++) {
        int[] set = new int[1 + random.nextInt(Math.min(8, graph.objectCount()))];
        for (int k = 0; k < set.length; k++) {
          set[k] = random.nextInt(graph.objectCount());
        }
        soft.assertThat(graph.retainedSize(set))
            .as("retained size of set %s in %s", describe(written, graph, set), spec)
            .isEqualTo(oracle.retained(set));
      }
      soft.assertThat(graph.retainedSize(new int[0])).as("empty set").isZero();
      soft.assertAll();
    }
  }

  /**
   * Sets whose members dominate one another (an object with objects of its dominator subtree): the
   * set retains what its top member does, not the sum.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void retainedSizeOfSetsWhoseMembersDominateEachOtherMatchesBruteForce(Spec spec) throws Exception {
    Written written = write(spec);
    try (HeapGraph graph = open(written)) {
      Oracle oracle = new Oracle(graph);
      SoftAssertions soft = new SoftAssertions();
      boolean sumDiffered = false;
      for (int object = 0; object < graph.objectCount(); object++) {
        List<Integer> chain = new ArrayList<>();
        for (int d = graph.immediateDominator(object); d >= 0; d = graph.immediateDominator(d)) {
          chain.add(d);
        }
        if (chain.isEmpty()) {
          continue;
        }
        int[] set = {object, chain.get(chain.size() - 1)};
        if (chain.size() > 1) {
          set = new int[] {object, chain.get(0), chain.get(chain.size() - 1)};
        }
        long expected = oracle.retained(set);
        long sum = Arrays.stream(set).mapToLong(graph::retainedSize).sum();
        sumDiffered |= sum != expected;
        soft.assertThat(graph.retainedSize(set))
            .as("retained size of dominating set %s in %s", describe(written, graph, set), spec)
            .isEqualTo(expected);
      }
      soft.assertAll();
      assertThat(sumDiffered).as("some set's retained size differs from the sum of its members'").isTrue();
    }
  }

  /**
   * Sets none of whose members dominates another, but that together are the only way to something:
   * the two sides of a diamond retain the bottom, which neither retains alone.
   */
  @Test
  void theSidesOfADiamondTogetherRetainTheBottom() throws Exception {
    Written written = write(SyntheticGraphs.diamonds());
    try (HeapGraph graph = open(written)) {
      Oracle oracle = new Oracle(graph);
      int left = written.index(graph, "left");
      int right = written.index(graph, "right");
      int bottom = written.index(graph, "bottom");
      int tail = written.index(graph, "bottom.tail");
      int rightOwn = written.index(graph, "right.own");
      long expected = graph.shallowSize(left) + graph.shallowSize(right) + graph.shallowSize(rightOwn)
          + graph.shallowSize(bottom) + graph.shallowSize(tail);
      assertThat(oracle.retained(left, right)).isEqualTo(expected);
      assertThat(graph.retainedSize(new int[] {left, right}))
          .as("retained size of {left, right}: both sides, right's own bytes, and the bottom they share")
          .isEqualTo(expected);

      int arrLeft = written.index(graph, "arrLeft");
      int arrRight = written.index(graph, "arrRight");
      int arrMiddle = written.index(graph, "arrMiddle");
      assertThat(graph.retainedSize(new int[] {arrLeft, arrRight, arrMiddle}))
          .as("the three arrays of a fan-in retain their common target")
          .isEqualTo(oracle.retained(arrLeft, arrRight, arrMiddle));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void retainedSizeByClassMatchesBruteForce(Spec spec) throws Exception {
    Written written = write(spec);
    try (HeapGraph graph = open(written)) {
      Oracle oracle = new Oracle(graph);
      long[] byClass = graph.retainedSizeByClass();
      assertThat(byClass).hasSize(graph.classes().size());
      SoftAssertions soft = new SoftAssertions();
      for (HeapClass heapClass : graph.classes()) {
        List<Integer> instances = new ArrayList<>();
        for (int object = 0; object < graph.objectCount(); object++) {
          if (graph.classOf(object) == heapClass) {
            instances.add(object);
          }
        }
        long expected = oracle.retained(instances.stream().mapToInt(Integer::intValue).toArray());
        soft.assertThat(byClass[heapClass.index()])
            .as("retained size of all %d instances of %s in %s", instances.size(), heapClass.name(), spec)
            .isEqualTo(expected);
      }
      soft.assertAll();
    }
  }

  /** Hand-checked values of the named shapes, so the brute force itself is checked once. */
  @Test
  void namedShapesRetainWhatTheirShapeSays() throws Exception {
    Written shared = write(SyntheticGraphs.sharedSubstructure());
    try (HeapGraph graph = open(shared)) {
      int rootA = shared.index(graph, "rootA");
      int ownA = shared.index(graph, "ownA");
      int sharedNode = shared.index(graph, "shared");
      int sharedNext = shared.index(graph, "shared.next");
      int sharedNextNext = shared.index(graph, "shared.next.next");
      int sharedBytes = shared.index(graph, "shared.bytes");
      assertThat(graph.retainedSize(rootA)).isEqualTo(graph.shallowSize(rootA) + graph.shallowSize(ownA));
      assertThat(graph.immediateDominator(sharedNode)).isEqualTo(-1);
      assertThat(graph.retainedSize(sharedNode))
          .as("shared.next is also reached from rootC")
          .isEqualTo(graph.shallowSize(sharedNode) + graph.shallowSize(sharedBytes));
      assertThat(graph.immediateDominator(sharedNextNext)).isEqualTo(sharedNext);
      assertThat(graph.shallowSize(ownA)).as("byte[100] with 12-byte headers").isEqualTo(16 + 104);
    }
    Written cycles = write(SyntheticGraphs.cycles());
    try (HeapGraph graph = open(cycles)) {
      int c1 = cycles.index(graph, "c1");
      int c2 = cycles.index(graph, "c2");
      int c3 = cycles.index(graph, "c3");
      int leaf = cycles.index(graph, "c2.leaf");
      assertThat(graph.retainedSize(c1)).isEqualTo(graph.shallowSize(c1) + graph.shallowSize(c2)
          + graph.shallowSize(c3) + graph.shallowSize(leaf));
      assertThat(graph.immediateDominator(c3)).isEqualTo(c2);
      int p = cycles.index(graph, "rootedCycle.p");
      int q = cycles.index(graph, "rootedCycle.q");
      assertThat(graph.immediateDominator(p)).isEqualTo(-1);
      assertThat(graph.immediateDominator(q)).isEqualTo(-1);
      int x = cycles.index(graph, "twoDoors.x");
      int y = cycles.index(graph, "twoDoors.y");
      int z = cycles.index(graph, "twoDoors.z");
      assertThat(graph.immediateDominator(x)).as("entered from holder and via z from otherDoor").isEqualTo(-1);
      assertThat(graph.immediateDominator(z)).isEqualTo(-1);
      assertThat(graph.immediateDominator(y)).isEqualTo(x);
    }
    Written unreachable = write(SyntheticGraphs.unreachable());
    try (HeapGraph graph = open(unreachable)) {
      for (String garbage : List.of("garbage.lonely", "garbage.bytes", "garbage.cycle1", "garbage.cycle2",
          "garbage.cycle.leaf", "garbage.pointer", "garbage.array")) {
        int object = unreachable.index(graph, garbage);
        assertThat(graph.isReachable(object)).as(garbage).isFalse();
        assertThat(graph.retainedSize(object)).as(garbage).isZero();
        assertThat(graph.immediateDominator(object)).as(garbage).isEqualTo(-2);
        assertThat(graph.pathFromGcRoot(object)).as(garbage).isEmpty();
      }
      int live = unreachable.index(graph, "live");
      int child = unreachable.index(graph, "live.child");
      int grandchild = unreachable.index(graph, "live.grandchild");
      assertThat(graph.retainedSize(live)).isEqualTo(graph.shallowSize(live) + graph.shallowSize(child)
          + graph.shallowSize(grandchild));
      assertThat(graph.immediateDominator(child)).isEqualTo(live);
      assertThat(graph.info().warnings()).anyMatch(w -> w.contains("unreachable"));
    }
  }

  /** The mixed graph's thread model: locals hang off their thread, which retains what only it holds. */
  @Test
  void threadsRetainWhatOnlyTheirStacksHold() throws Exception {
    Written written = write(SyntheticGraphs.mixed());
    try (HeapGraph graph = open(written)) {
      int worker = written.index(graph, "worker.thread");
      int idle = written.index(graph, "idle.thread");
      int local0 = written.index(graph, "worker.local0");
      int local1 = written.index(graph, "worker.local1");
      int both = written.index(graph, "bothThreads.local");
      int alsoGlobal = written.index(graph, "alsoGlobal.local");
      int shared = written.index(graph, "shared");

      assertThat(graph.rootKinds(local0)).containsExactly(GcRootKind.JAVA_FRAME);
      assertThat(graph.rootKinds(alsoGlobal)).containsExactlyInAnyOrder(GcRootKind.JAVA_FRAME, GcRootKind.JNI_GLOBAL);
      assertThat(graph.rootKinds(worker)).containsExactly(GcRootKind.THREAD_OBJECT);
      assertThat(graph.isGcRoot(local0)).isTrue();
      assertThat(graph.gcRootObjects()).contains(worker, idle, alsoGlobal).doesNotContain(local0, local1, both);

      assertThat(graph.immediateDominator(local0)).isEqualTo(worker);
      assertThat(graph.immediateDominator(local1)).isEqualTo(worker);
      assertThat(graph.immediateDominator(both)).as("held by both threads").isEqualTo(-1);
      assertThat(graph.immediateDominator(alsoGlobal)).as("also a JNI global").isEqualTo(-1);
      assertThat(graph.immediateDominator(shared)).isEqualTo(-1);
      assertThat(graph.retainedSize(worker)).isEqualTo(new Oracle(graph).retained(worker));
      assertThat(graph.retainedSize(worker)).isGreaterThan(graph.retainedSize(local0) + graph.retainedSize(local1));

      int staticHeld = written.index(graph, "static.held");
      HeapClass node = graph.findClass(SyntheticGraphs.NODE_CLASS).orElseThrow();
      assertThat(graph.immediateDominator(staticHeld)).as("held by the node class's static field")
          .isEqualTo(node.objectIndex());

      List<HeapThread> threads = graph.threads();
      assertThat(threads).extracting(HeapThread::name).containsExactly("worker", "idle");
      HeapThread workerThread = threads.get(0);
      assertThat(workerThread.object()).isEqualTo(worker);
      assertThat(workerThread.state()).isEqualTo("RUNNABLE");
      assertThat(workerThread.frames()).hasSize(3);
      assertThat(workerThread.frames().get(0).localObjects()).containsExactly(local0);
      assertThat(workerThread.frames().get(1).localObjects()).containsExactlyInAnyOrder(local1, both);
      assertThat(workerThread.frames().get(0).className()).isEqualTo(SyntheticGraphs.NODE_CLASS);
      assertThat(workerThread.frames().get(0).methodName()).isEqualTo("step0");
      assertThat(workerThread.frames().get(2).lineNumber()).isEqualTo(12);
      assertThat(threads.get(1).state()).isEqualTo("WAITING");
      assertThat(threads.get(1).daemon()).isTrue();
    }
  }

  private static String describe(Written written, HeapGraph graph, int[] set) {
    List<String> names = new ArrayList<>();
    for (int object : set) {
      names.add(label(written, graph, object));
    }
    return names.toString();
  }
}
