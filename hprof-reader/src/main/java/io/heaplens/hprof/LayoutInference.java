package io.heaplens.hprof;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses the {@link ObjectLayout} whose sizes best predict the distances between consecutive
 * object addresses in the dump (see {@link ObjectLayout} for the reasoning): header and reference
 * sizes, array alignment and the field layout generation at once. Examines at most {@link
 * #MAX_PAIRS} pairs, lowest addresses first: enough evidence, bounded time.
 */
final class LayoutInference {
  private static final int MAX_PAIRS = 1_000_000;
  private static final long MAX_PLAUSIBLE_GAP = 1L << 20;

  private LayoutInference() {}

  static ObjectLayout infer(FirstPass pass, ClassTable table, AddressOrder order) {
    List<ObjectLayout> candidates = candidates(pass.header.idSize());
    long[][] instanceSizes = new long[candidates.size()][];
    for (int h = 0; h < candidates.size(); h++) {
      instanceSizes[h] = table.instanceSizes(candidates.get(h));
    }
    // Per class, once: 0 for instances, the element size for primitive arrays, -1 for others.
    int[] elementBytes = new int[table.classes.size()];
    for (HeapClass heapClass : table.classes) {
      FieldType element = heapClass.primitiveElementType();
      elementBytes[heapClass.index()] = !heapClass.isArray() ? 0 : element == null ? -1 : element.sizeInDump(8);
    }
    long[] matches = new long[candidates.size()];
    long[] examined = new long[1];
    order.forEachNeighbour((object, next, gap) -> {
      int slot = pass.classSlots.get(object);
      // A class object's size depends on its static fields, not on the layout being scored.
      if (slot == FirstPass.CLASS_OBJECT || gap > MAX_PLAUSIBLE_GAP) {
        return true;
      }
      examined[0]++;
      int classIndex = table.classOfSlot(slot);
      int element = elementBytes[classIndex];
      int length = element == 0 ? 0 : pass.arrayLengths.get(object);
      for (int h = 0; h < candidates.size(); h++) {
        ObjectLayout candidate = candidates.get(h);
        long size = element == 0 ? instanceSizes[h][classIndex]
            : candidate.arraySize(element < 0 ? candidate.referenceBytes() : element, length);
        if (size == gap) {
          matches[h]++;
        }
      }
      return examined[0] < MAX_PAIRS;
    });
    int best = 0;
    for (int h = 1; h < candidates.size(); h++) {
      if (matches[h] > matches[best]) {
        best = h;
      }
    }
    ObjectLayout chosen = candidates.get(best);
    boolean inferred = matches[best] > 0 && matches[best] * 2 >= examined[0];
    if (!inferred) {
      chosen = candidates.get(0);
    }
    return new ObjectLayout(chosen.instanceHeaderBytes(), chosen.referenceBytes(),
        chosen.wordAlignedArrayBase(), chosen.fieldLayout(), inferred, inferred ? matches[best] : 0,
        examined[0]);
  }

  /** HotSpot's default {@code ContendedPaddingWidth}. */
  private static final long CONTENDED_PADDING = 128;

  /** How much larger than the field layout an observed size may be. */
  private static final long MAX_PADDING = 1024;

  /**
   * Per class, the instance size the dump's addresses show, where it differs from the field layout:
   * fields the JVM adds or pads that HPROF does not describe ({@code @Contended} groups get 128
   * bytes of padding on each side; some JDK classes have injected fields). For each class the most
   * frequent distance from an instance to the next object in memory (class objects included, see
   * {@link AddressOrder}) wins if it is seen at least twice and
   * more often than the computed size. A single instance is only resized when its distance shows
   * the signature of {@code @Contended}: 256 to 272 bytes more than computed. (A lone distance is
   * weak evidence: the next object may sit after a free gap, at the end of a heap region.) Returns
   * class index to observed size; classes not listed keep their size.
   */
  static Map<Integer, Long> observedInstanceSizes(FirstPass pass, ClassTable table, AddressOrder order) {
    int classCount = table.classes.size();
    long[] computed = new long[classCount];
    for (HeapClass heapClass : table.classes) {
      computed[heapClass.index()] = heapClass.instanceSize();
    }
    int[] matches = new int[classCount];
    long[] candidate = new long[classCount];
    int[] votes = new int[classCount];
    // Boyer-Moore majority vote over the distances that disagree with the computed size.
    order.forEachNeighbour((object, next, gap) -> {
      int cls = instanceClass(pass, table, object);
      if (cls < 0) {
        return true;
      }
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
      return true;
    });
    int[] candidateCount = new int[classCount];
    order.forEachNeighbour((object, next, gap) -> {
      int cls = instanceClass(pass, table, object);
      if (cls >= 0 && votes[cls] > 0 && gap == candidate[cls]) {
        candidateCount[cls]++;
      }
      return true;
    });
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

  /** The class of an instance (not a class object, not an array), else -1. */
  private static int instanceClass(FirstPass pass, ClassTable table, int object) {
    int slot = pass.classSlots.get(object);
    if (slot == FirstPass.CLASS_OBJECT) {
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

  /**
   * Candidates, the default first (it wins when there is no evidence, and ties): each header and
   * reference size with HotSpot's current field layout, then with the one before JDK 15 (compact
   * object headers came with JDK 24, so only with the current one).
   */
  private static List<ObjectLayout> candidates(int idSize) {
    FieldLayoutGeneration current = FieldLayoutGeneration.JDK_15_AND_LATER;
    FieldLayoutGeneration legacy = FieldLayoutGeneration.BEFORE_JDK_15;
    if (idSize == 4) {
      return List.of(layout(8, 4, false, current), layout(8, 4, false, legacy));
    }
    List<ObjectLayout> candidates = new ArrayList<>(List.of(
        layout(12, 4, true, current),   // compressed oops and class pointers: the default under 32 GB
        layout(12, 8, true, current),   // compressed class pointers only: heaps of 32 GB and more
        layout(16, 8, true, current),   // no compression, arrays word-aligned (JDK 21 and earlier)
        layout(16, 8, false, current),  // no compression, arrays element-aligned (JDK 22+)
        layout(8, 4, false, current),   // compact object headers (JDK 24+)
        layout(8, 8, false, current))); // compact object headers without compressed oops
    candidates.add(layout(12, 4, true, legacy));
    candidates.add(layout(12, 8, true, legacy));
    candidates.add(layout(16, 8, true, legacy));
    return candidates;
  }

  private static ObjectLayout layout(int header, int reference, boolean wordAligned,
      FieldLayoutGeneration fieldLayout) {
    return new ObjectLayout(header, reference, wordAligned, fieldLayout, false, 0, 0);
  }
}
