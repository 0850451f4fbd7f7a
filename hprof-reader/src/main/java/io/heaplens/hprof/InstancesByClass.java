package io.heaplens.hprof;

import java.util.Arrays;

/** Objects grouped by class (compressed sparse rows): 4 bytes per object, built on first use. */
final class InstancesByClass {
  private final int[] start;
  private final int[] objects;

  InstancesByClass(int[] classOf, int classCount) {
    start = new int[classCount + 1];
    for (int cls : classOf) {
      start[cls + 1]++;
    }
    for (int i = 0; i < classCount; i++) {
      start[i + 1] += start[i];
    }
    objects = new int[classOf.length];
    int[] cursor = Arrays.copyOf(start, classCount);
    for (int object = 0; object < classOf.length; object++) {
      objects[cursor[classOf[object]]++] = object;
    }
  }

  int[] of(int classIndex) {
    return Arrays.copyOfRange(objects, start[classIndex], start[classIndex + 1]);
  }

  int count(int classIndex) {
    return start[classIndex + 1] - start[classIndex];
  }
}
