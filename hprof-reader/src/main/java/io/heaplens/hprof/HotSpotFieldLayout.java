package io.heaplens.hprof;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Simulates HotSpot's field layout (JDK 15+, {@code FieldLayoutBuilder}) to find an instance's size.
 *
 * <p>The layout starts from the superclass's fields at their offsets; every gap between them (and
 * the gap after the header) is an empty block, and the space after the last field is an unbounded
 * empty block. This class's primitive fields, by decreasing size, then its references, each go to
 * the smallest empty block that fits them at their natural alignment, else to the end. The
 * instance size is the end of the last field rounded up to 8 bytes.
 */
final class HotSpotFieldLayout {
  private HotSpotFieldLayout() {}

  /**
   * Lays out one class.
   *
   * @param superOccupied occupied [start, end) pairs of the superclass chain, or null for a root
   * @param headerBytes the object header size
   * @param fieldSizes sizes of this class's instance fields (references included)
   * @return occupied pairs of this class (superclass fields included), sorted by offset
   */
  static int[] layout(int[] superOccupied, int headerBytes, int[] fieldSizes) {
    List<int[]> blocks = new ArrayList<>(); // {offset, size, occupied(1)/empty(0)}; last is unbounded
    int[] occupied = superOccupied == null ? new int[] {0, headerBytes} : superOccupied;
    int cursor = 0;
    for (int i = 0; i < occupied.length; i += 2) {
      if (occupied[i] > cursor) {
        blocks.add(new int[] {cursor, occupied[i] - cursor, 0});
      }
      blocks.add(new int[] {occupied[i], occupied[i + 1] - occupied[i], 1});
      cursor = Math.max(cursor, occupied[i + 1]);
    }
    blocks.add(new int[] {cursor, Integer.MAX_VALUE, 0});

    int[] sorted = fieldSizes.clone();
    Arrays.sort(sorted);
    for (int i = sorted.length - 1; i >= 0; i--) {
      place(blocks, sorted[i]);
    }
    List<int[]> result = new ArrayList<>();
    for (int[] block : blocks) {
      if (block[2] == 1) {
        result.add(block);
      }
    }
    int[] pairs = new int[result.size() * 2];
    for (int i = 0; i < result.size(); i++) {
      pairs[2 * i] = result.get(i)[0];
      pairs[2 * i + 1] = result.get(i)[0] + result.get(i)[1];
    }
    return pairs;
  }

  /** The instance size for a layout returned by {@link #layout}. */
  static int instanceSize(int[] occupied) {
    int end = occupied.length == 0 ? 0 : occupied[occupied.length - 1];
    return (end + 7) & ~7;
  }

  private static void place(List<int[]> blocks, int size) {
    int last = blocks.size() - 1;
    int candidate = -1;
    // Best fit, searching from the end like HotSpot does, so ties go to the highest offset.
    for (int i = last - 1; i >= 0; i--) {
      int[] block = blocks.get(i);
      if (block[2] == 0 && fits(block, size) && (candidate < 0 || block[1] < blocks.get(candidate)[1])) {
        candidate = i;
      }
    }
    if (candidate < 0) {
      candidate = last;
    }
    int[] slot = blocks.get(candidate);
    int misalignment = slot[0] % size;
    if (misalignment != 0) {
      int adjustment = size - misalignment;
      blocks.add(candidate, new int[] {slot[0], adjustment, 0});
      candidate++;
      slot[0] += adjustment;
      slot[1] = shrink(slot[1], adjustment);
    }
    blocks.add(candidate, new int[] {slot[0], size, 1});
    slot[0] += size;
    slot[1] = shrink(slot[1], size);
    if (slot[1] == 0) {
      blocks.remove(candidate + 1);
    }
  }

  private static boolean fits(int[] block, int size) {
    int misalignment = block[0] % size;
    int adjustment = misalignment == 0 ? 0 : size - misalignment;
    return block[1] >= size + adjustment;
  }

  private static int shrink(int blockSize, int by) {
    return blockSize == Integer.MAX_VALUE ? blockSize : blockSize - by;
  }
}
