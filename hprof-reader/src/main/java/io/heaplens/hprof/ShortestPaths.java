package io.heaplens.hprof;

import java.util.Arrays;

/**
 * Shortest reference chains from the GC roots: one breadth-first search from all roots at once,
 * keeping each object's predecessor (4 bytes per object).
 */
final class ShortestPaths {
  private static final int UNSEEN = -2;
  private static final int ROOT = -1;

  private final int[] predecessor;

  ShortestPaths(ReferenceGraph outbound, int[] rootObjects) {
    int n = outbound.objectCount();
    predecessor = new int[n];
    Arrays.fill(predecessor, UNSEEN);
    int[] queue = new int[n];
    int head = 0;
    int tail = 0;
    for (int root : rootObjects) {
      if (predecessor[root] == UNSEEN) {
        predecessor[root] = ROOT;
        queue[tail++] = root;
      }
    }
    while (head < tail) {
      int object = queue[head++];
      for (int k = outbound.start(object), end = outbound.end(object); k < end; k++) {
        int target = outbound.target(k);
        if (predecessor[target] == UNSEEN) {
          predecessor[target] = object;
          queue[tail++] = target;
        }
      }
    }
  }

  int[] pathTo(int object) {
    if (predecessor[object] == UNSEEN) {
      return new int[0];
    }
    int length = 1;
    for (int at = object; predecessor[at] != ROOT; at = predecessor[at]) {
      length++;
    }
    int[] path = new int[length];
    int at = object;
    for (int i = length - 1; i >= 0; i--) {
      path[i] = at;
      at = predecessor[at];
    }
    return path;
  }
}
