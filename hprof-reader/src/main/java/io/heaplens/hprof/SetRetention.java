package io.heaplens.hprof;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Exact retained sizes of sets of objects: what becomes unreachable when the whole set is removed.
 *
 * <p>The dominator tree alone cannot answer this: an object reachable through two members of the
 * set (and nothing else) is retained by the set but by neither member, and its immediate dominator
 * lies above both. So a set is measured by marking everything still reachable from the GC roots
 * around it. The cost is what stays reachable: small when the set holds most of the heap, a full
 * pass over the graph when it holds little.
 */
final class SetRetention {
  private final ReferenceGraph outbound;
  private final int[] rootObjects;
  private final int[] sizeIn8Bytes;
  private final int[] dominator;
  private long visits;

  SetRetention(ReferenceGraph outbound, int[] rootObjects, int[] sizeIn8Bytes, int[] dominator) {
    this.outbound = outbound;
    this.rootObjects = rootObjects;
    this.sizeIn8Bytes = sizeIn8Bytes;
    this.dominator = dominator;
  }

  /** Objects and references visited by all markings so far. */
  long visits() {
    return visits;
  }

  long retainedSize(int[] members) {
    return retainedSize(members, Long.MAX_VALUE);
  }

  /** The retained size, or -1 if marking would visit more than {@code maxVisits}. */
  long retainedSize(int[] members, long maxVisits) {
    int n = sizeIn8Bytes.length;
    BitSet removed = new BitSet(n);
    for (int member : members) {
      removed.set(member);
    }
    BitSet seen = new BitSet(n);
    int[] stack = new int[1024];
    int top = 0;
    for (int root : rootObjects) {
      if (!removed.get(root) && !seen.get(root)) {
        seen.set(root);
        stack = push(stack, top++, root);
      }
    }
    long visited = 0;
    while (top > 0) {
      int object = stack[--top];
      int end = outbound.end(object);
      visited += 1 + end - outbound.start(object);
      if (visited > maxVisits) {
        visits += visited;
        return -1;
      }
      for (int k = outbound.start(object); k < end; k++) {
        int target = outbound.target(k);
        if (!seen.get(target) && !removed.get(target)) {
          seen.set(target);
          stack = push(stack, top++, target);
        }
      }
    }
    visits += visited;
    long retained = 0;
    for (int object = seen.nextClearBit(0); object < n; object = seen.nextClearBit(object + 1)) {
      if (dominator[object] != DominatorTree.UNREACHABLE) {
        retained += (long) sizeIn8Bytes[object] << 3;
      }
    }
    return retained;
  }

  private static int[] push(int[] stack, int top, int value) {
    int[] result = top == stack.length ? Arrays.copyOf(stack, top * 2) : stack;
    result[top] = value;
    return result;
  }
}
