package io.heaplens.rules.memory;

import io.heaplens.hprof.HeapGraph;
import io.heaplens.hprof.ObjectKind;
import java.util.Arrays;

/**
 * Walks down the dominator tree from an object to where its memory accumulates, the way Eclipse
 * MAT's leak suspects do: from each object to its largest dominated child, for as long as that
 * child keeps at least {@code bigDropRatio} of its parent's retained size. Where the size drops
 * (many children share it) is the accumulation point.
 *
 * <p>The heap graph has no child lists, so the children worth following are gathered in one pass
 * over all objects: only children retaining at least {@code bigDropRatio} times the smallest start
 * can be on a walk. Memory: 8 bytes per such child (a few per walk, more along long chains). A
 * chain of objects of one class (a linked list's nodes, each dominating the rest) stops at its
 * head rather than being followed to its end.
 */
final class DominatorWalk {
  /** Walks stop after this many steps whatever the sizes. */
  static final int MAX_STEPS = 10_000;

  private final HeapGraph graph;
  private final double bigDropRatio;
  private final long[] parentChild;

  /**
   * @param starts the objects walks will start from
   * @param bigDropRatio the share of its parent a child must retain to be followed
   */
  DominatorWalk(HeapGraph graph, int[] starts, double bigDropRatio) {
    this.graph = graph;
    this.bigDropRatio = bigDropRatio;
    long smallestStart = Long.MAX_VALUE;
    for (int start : starts) {
      smallestStart = Math.min(smallestStart, graph.retainedSize(start));
    }
    long floor = Math.max(1, (long) (bigDropRatio * smallestStart));
    long[] pairs = new long[64];
    int count = 0;
    for (int object = 0; object < graph.objectCount(); object++) {
      int parent = graph.immediateDominator(object);
      if (parent >= 0 && graph.retainedSize(object) >= floor) {
        if (count == pairs.length) {
          pairs = Arrays.copyOf(pairs, count * 2);
        }
        pairs[count++] = ((long) parent << 32) | object;
      }
    }
    parentChild = Arrays.copyOf(pairs, count);
    Arrays.sort(parentChild);
  }

  /** The accumulation point below {@code start} (possibly {@code start} itself). */
  int accumulationPoint(int start) {
    return descend(start, null);
  }

  /**
   * The last class object passed on the way from {@code start} to its accumulation point ({@code
   * start} excluded): whose static fields hold the accumulation; -1 if none.
   */
  int classOnTheWay(int start) {
    int[] found = {-1};
    descend(start, step -> {
      if (step != start && graph.kind(step) == ObjectKind.CLASS) {
        found[0] = step;
      }
    });
    return found[0];
  }

  private int descend(int start, java.util.function.IntConsumer visit) {
    int current = start;
    for (int step = 0; step < MAX_STEPS; step++) {
      if (visit != null) {
        visit.accept(current);
      }
      int child = largestChild(current);
      if (child < 0 || graph.retainedSize(child) < bigDropRatio * graph.retainedSize(current)) {
        break;
      }
      if (graph.kind(child) == ObjectKind.INSTANCE && graph.classOf(child) == graph.classOf(current)) {
        break; // the head of a chain of like objects
      }
      current = child;
    }
    return current;
  }

  /** The dominated child retaining the most among those gathered, or -1. */
  private int largestChild(int parent) {
    long from = (long) parent << 32;
    int at = Arrays.binarySearch(parentChild, from);
    if (at < 0) {
      at = -at - 1;
    }
    int best = -1;
    for (int i = at; i < parentChild.length && (parentChild[i] >>> 32) == parent; i++) {
      int child = (int) parentChild[i];
      if (best < 0 || graph.retainedSize(child) > graph.retainedSize(best)) {
        best = child;
      }
    }
    return best;
  }
}
