package io.heaplens.hprof;

import java.util.Arrays;

/**
 * Objects grouped by class (compressed sparse rows), built on first use: 4 bytes per object, on
 * the heap or mapped (see {@link SpillFile#keepOffHeap}).
 */
final class InstancesByClass {
  private final int[] start;
  private final IntArray objects;

  InstancesByClass(int[] classOf, int classCount, SpillFile indexFile) {
    start = new int[classCount + 1];
    for (int cls : classOf) {
      start[cls + 1]++;
    }
    for (int i = 0; i < classCount; i++) {
      start[i + 1] += start[i];
    }
    objects = indexFile.newArray(classOf.length);
    int[] cursor = Arrays.copyOf(start, classCount);
    for (int object = 0; object < classOf.length; object++) {
      objects.set(cursor[classOf[object]]++, object);
    }
  }

  int[] of(int classIndex) {
    int[] result = new int[start[classIndex + 1] - start[classIndex]];
    for (int i = 0; i < result.length; i++) {
      result[i] = objects.get(start[classIndex] + i);
    }
    return result;
  }
}
