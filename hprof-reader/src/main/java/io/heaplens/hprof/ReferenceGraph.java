package io.heaplens.hprof;

/**
 * References between objects as compressed sparse rows: the references of object {@code i} are
 * {@code targets[start[i] .. start[i + 1])}. 4 bytes per object plus 4 per reference (so at most
 * 2^31 references), on the heap or mapped from the index file.
 */
final class ReferenceGraph {
  final IntArray start;
  final IntArray targets;
  private final int objectCount;

  ReferenceGraph(IntArray start, IntArray targets) {
    this.start = start;
    this.targets = targets;
    this.objectCount = (int) start.length() - 1;
  }

  int objectCount() {
    return objectCount;
  }

  long referenceCount() {
    return targets.length();
  }

  int start(int object) {
    return start.get(object);
  }

  int end(int object) {
    return start.get(object + 1);
  }

  int target(int position) {
    return targets.get(position);
  }

  int[] referencesOf(int object) {
    int from = start(object);
    int[] result = new int[end(object) - from];
    for (int i = 0; i < result.length; i++) {
      result[i] = targets.get(from + i);
    }
    return result;
  }
}
