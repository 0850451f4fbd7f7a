package io.heaplens.hprof;

import java.util.List;

/**
 * Chooses the {@link ObjectLayout} whose sizes best predict the distances between consecutive
 * object addresses in the dump (see {@link ObjectLayout} for the reasoning). Examines at most
 * {@link #MAX_PAIRS} pairs: enough evidence, bounded time.
 */
final class LayoutInference {
  private static final int MAX_PAIRS = 1_000_000;
  private static final long MAX_PLAUSIBLE_GAP = 1L << 20;

  private LayoutInference() {}

  static ObjectLayout infer(FirstPass pass, ClassTable table) {
    List<ObjectLayout> candidates = candidates(pass.header.idSize());
    long[][] instanceSizes = new long[candidates.size()][];
    for (int h = 0; h < candidates.size(); h++) {
      instanceSizes[h] = table.instanceSizes(candidates.get(h));
    }
    long[] matches = new long[candidates.size()];
    long examined = 0;
    int n = pass.objectCount();
    for (int i = 0; i + 1 < n && examined < MAX_PAIRS; i++) {
      int slot = pass.classSlots.get(i);
      if (slot == FirstPass.CLASS_OBJECT || pass.classSlots.get(i + 1) == FirstPass.CLASS_OBJECT) {
        continue;
      }
      long gap = pass.ids.get(i + 1) - pass.ids.get(i);
      if (gap <= 0 || gap > MAX_PLAUSIBLE_GAP) {
        continue;
      }
      examined++;
      int classIndex = table.classOfSlot(slot);
      HeapClass heapClass = table.classes.get(classIndex);
      for (int h = 0; h < candidates.size(); h++) {
        long size = sizeOf(heapClass, pass.arrayLengths.get(i), candidates.get(h), instanceSizes[h][classIndex]);
        if (size == gap) {
          matches[h]++;
        }
      }
    }
    int best = 0;
    for (int h = 1; h < candidates.size(); h++) {
      if (matches[h] > matches[best]) {
        best = h;
      }
    }
    ObjectLayout chosen = candidates.get(best);
    boolean inferred = matches[best] > 0 && matches[best] * 2 >= examined;
    if (!inferred) {
      chosen = candidates.get(0);
    }
    return new ObjectLayout(chosen.instanceHeaderBytes(), chosen.referenceBytes(),
        chosen.wordAlignedArrayBase(), inferred, inferred ? matches[best] : 0, examined);
  }

  static long sizeOf(HeapClass heapClass, int arrayLength, ObjectLayout layout, long instanceSize) {
    if (!heapClass.isArray()) {
      return instanceSize;
    }
    FieldType element = heapClass.primitiveElementType();
    int elementBytes = element == null ? layout.referenceBytes() : element.sizeInDump(8);
    return layout.arraySize(elementBytes, arrayLength);
  }

  /** Candidates, the default first (it wins when there is no evidence). */
  private static List<ObjectLayout> candidates(int idSize) {
    if (idSize == 4) {
      return List.of(layout(8, 4, false));
    }
    return List.of(
        layout(12, 4, true),   // compressed oops and class pointers: the default under 32 GB
        layout(12, 8, true),   // compressed class pointers only: heaps of 32 GB and more
        layout(16, 8, true),   // no compression, arrays word-aligned (JDK 21 and earlier)
        layout(16, 8, false),  // no compression, arrays element-aligned (JDK 22+)
        layout(8, 4, false),   // compact object headers (JDK 24+)
        layout(8, 8, false));  // compact object headers without compressed oops
  }

  private static ObjectLayout layout(int header, int reference, boolean wordAligned) {
    return new ObjectLayout(header, reference, wordAligned, false, 0, 0);
  }
}
