package io.heaplens.hprof;

/**
 * References between objects as compressed sparse rows: the references of object {@code i} are
 * {@code targets[start[i] .. start[i + 1])}. 4 bytes per object plus 4 per reference (so at most
 * 2^31 references).
 */
final class ReferenceGraph {
  private final int[] start;
  private final int[] targets;

  ReferenceGraph(int[] start, int[] targets) {
    this.start = start;
    this.targets = targets;
  }

  int[] startArray() {
    return start;
  }

  int[] targetArray() {
    return targets;
  }

  int objectCount() {
    return start.length - 1;
  }

  int referenceCount() {
    return targets.length;
  }

  int start(int object) {
    return start[object];
  }

  int end(int object) {
    return start[object + 1];
  }

  int target(int position) {
    return targets[position];
  }

  int[] referencesOf(int object) {
    int from = start[object];
    int[] result = new int[start[object + 1] - from];
    System.arraycopy(targets, from, result, 0, result.length);
    return result;
  }

  /** The same references, reversed: for every object, who references it. */
  ReferenceGraph transpose() {
    int n = objectCount();
    int[] inStart = new int[n + 1];
    for (int target : targets) {
      inStart[target + 1]++;
    }
    for (int i = 0; i < n; i++) {
      inStart[i + 1] += inStart[i];
    }
    int[] sources = new int[targets.length];
    // Fill using inStart[t] as a cursor, which leaves it at the old inStart[t + 1]; shift back.
    for (int source = 0; source < n; source++) {
      for (int k = start[source], end = start[source + 1]; k < end; k++) {
        sources[inStart[targets[k]]++] = source;
      }
    }
    System.arraycopy(inStart, 0, inStart, 1, n);
    inStart[0] = 0;
    return new ReferenceGraph(inStart, sources);
  }
}
