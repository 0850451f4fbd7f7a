package io.heaplens.hprof;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

  /** HotSpot's default {@code ContendedPaddingWidth}. */
  private static final long CONTENDED_PADDING = 128;

  /** How much larger than the field layout an observed size may be. */
  private static final long MAX_PADDING = 1024;

  /**
   * Per class, the instance size the dump's addresses show, where it differs from the field layout:
   * fields the JVM adds or pads that HPROF does not describe ({@code @Contended} groups get 128
   * bytes of padding on each side; some JDK classes have injected fields). For each class the most
   * frequent distance from an instance to the next object wins if it is seen at least twice and
   * more often than the computed size. A single instance is only resized when its distance shows
   * the signature of {@code @Contended}: 256 to 272 bytes more than computed. (A lone distance is
   * weak evidence: the next object may sit after a free gap, at the end of a heap region.) Returns
   * class index to observed size; classes not listed keep their size.
   */
  static Map<Integer, Long> observedInstanceSizes(FirstPass pass, ClassTable table, ObjectLayout layout) {
    int classCount = table.classes.size();
    long[] computed = new long[classCount];
    for (HeapClass heapClass : table.classes) {
      computed[heapClass.index()] = heapClass.instanceSize();
    }
    int[] matches = new int[classCount];
    long[] candidate = new long[classCount];
    int[] votes = new int[classCount];
    int n = pass.objectCount();
    // Boyer-Moore majority vote over the distances that disagree with the computed size.
    for (int i = 0; i + 1 < n; i++) {
      int cls = instanceClass(pass, table, i);
      if (cls < 0) {
        continue;
      }
      long gap = pass.ids.get(i + 1) - pass.ids.get(i);
      if (gap == computed[cls]) {
        matches[cls]++;
      } else if (plausible(gap, computed[cls])) {
        if (votes[cls] == 0) {
          candidate[cls] = gap;
          votes[cls] = 1;
        } else {
          votes[cls] += candidate[cls] == gap ? 1 : -1;
        }
      }
    }
    int[] candidateCount = new int[classCount];
    for (int i = 0; i + 1 < n; i++) {
      int cls = instanceClass(pass, table, i);
      if (cls >= 0 && votes[cls] > 0 && pass.ids.get(i + 1) - pass.ids.get(i) == candidate[cls]) {
        candidateCount[cls]++;
      }
    }
    Map<Integer, Long> observed = new HashMap<>();
    for (int cls = 0; cls < classCount; cls++) {
      long extra = candidate[cls] - computed[cls];
      boolean repeated = candidateCount[cls] >= 2 && candidateCount[cls] > matches[cls];
      boolean contended = candidateCount[cls] == 1 && matches[cls] == 0
          && extra >= 2 * CONTENDED_PADDING && extra <= 2 * CONTENDED_PADDING + 16;
      if (votes[cls] > 0 && (repeated || contended)) {
        observed.put(cls, candidate[cls]);
      }
    }
    return observed;
  }

  private static int instanceClass(FirstPass pass, ClassTable table, int object) {
    int slot = pass.classSlots.get(object);
    if (slot == FirstPass.CLASS_OBJECT || pass.classSlots.get(object + 1) == FirstPass.CLASS_OBJECT) {
      return -1;
    }
    HeapClass heapClass = table.classes.get(table.classOfSlot(slot));
    return heapClass.isArray() ? -1 : heapClass.index();
  }

  private static boolean plausible(long gap, long computed) {
    return gap > 0 && gap % ObjectLayout.OBJECT_ALIGNMENT == 0 && gap <= computed + MAX_PADDING;
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
