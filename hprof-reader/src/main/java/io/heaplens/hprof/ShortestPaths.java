package io.heaplens.hprof;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Shortest reference chains from the GC roots.
 *
 * <p>The objects people ask about are usually a few references away from a root, so a path is first
 * searched backwards, breadth-first over inbound references from the object until a root is met,
 * visiting at most {@link #BACKWARD_BUDGET} objects. Past that budget, one breadth-first search
 * forwards from all roots at once records every object's predecessor and answers all later
 * questions (4 bytes per object for the predecessors and 4 for the queue while it runs).
 */
final class ShortestPaths {
  static final int BACKWARD_BUDGET = 50_000;
  private static final int UNSEEN = -2;
  private static final int ROOT = -1;

  private final ReferenceGraph outbound;
  private final IntFunction<int[]> inbound;
  private final int[] rootObjects;
  private final SpillFile indexFile;
  private final BitSet isRoot = new BitSet();
  private IntArray predecessor;

  ShortestPaths(ReferenceGraph outbound, IntFunction<int[]> inbound, int[] rootObjects,
      SpillFile indexFile) {
    this.outbound = outbound;
    this.inbound = inbound;
    this.rootObjects = rootObjects;
    this.indexFile = indexFile;
    for (int root : rootObjects) {
      isRoot.set(root);
    }
  }

  /** The path, root first and {@code object} last; empty if no root reaches it. */
  int[] pathTo(int object) {
    if (predecessor == null) {
      int[] path = searchBackwards(object);
      if (path != null) {
        return path;
      }
      predecessor = searchForwards();
    }
    if (predecessor.get(object) == UNSEEN) {
      return new int[0];
    }
    int length = 1;
    for (int at = object; predecessor.get(at) != ROOT; at = predecessor.get(at)) {
      length++;
    }
    int[] path = new int[length];
    int at = object;
    for (int i = length - 1; i >= 0; i--) {
      path[i] = at;
      at = predecessor.get(at);
    }
    return path;
  }

  /** The path found within the budget, or null. */
  private int[] searchBackwards(int object) {
    if (isRoot.get(object)) {
      return new int[] {object};
    }
    Map<Integer, Integer> towardObject = new HashMap<>();
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    towardObject.put(object, -1);
    queue.add(object);
    while (!queue.isEmpty() && towardObject.size() <= BACKWARD_BUDGET) {
      int current = queue.poll();
      for (int referrer : inbound.apply(current)) {
        if (towardObject.containsKey(referrer)) {
          continue;
        }
        towardObject.put(referrer, current);
        if (isRoot.get(referrer)) {
          return chain(referrer, towardObject);
        }
        queue.add(referrer);
      }
    }
    return null;
  }

  private static int[] chain(int root, Map<Integer, Integer> towardObject) {
    int length = 0;
    for (int at = root; at >= 0; at = towardObject.get(at)) {
      length++;
    }
    int[] path = new int[length];
    int i = 0;
    for (int at = root; at >= 0; at = towardObject.get(at)) {
      path[i++] = at;
    }
    return path;
  }

  private IntArray searchForwards() {
    int n = outbound.objectCount();
    IntArray result = indexFile.newArray(n);
    for (int i = 0; i < n; i++) {
      result.set(i, UNSEEN);
    }
    IntArray queue = indexFile.newArray(n);
    int head = 0;
    int tail = 0;
    for (int root : rootObjects) {
      if (result.get(root) == UNSEEN) {
        result.set(root, ROOT);
        queue.set(tail++, root);
      }
    }
    while (head < tail) {
      int object = queue.get(head++);
      for (int k = outbound.start(object), end = outbound.end(object); k < end; k++) {
        int target = outbound.target(k);
        if (result.get(target) == UNSEEN) {
          result.set(target, object);
          queue.set(tail++, target);
        }
      }
    }
    return result;
  }
}
