package io.heaplens.hprof;

import java.io.IOException;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Maps object identifiers to dense indexes (the order of the objects in the file) and back.
 *
 * <p>HotSpot writes class objects first, in class-loader order, then every other object in address
 * order. So the identifiers split into a long ascending <em>main</em> sequence and a few
 * <em>exceptions</em> (the class objects, and anything else out of order). The main sequence is
 * searched directly, with a bucket table over the identifier range narrowing each lookup to a
 * handful of neighbours; it is stored as 4-byte offsets from the smallest identifier (HotSpot
 * identifiers are 8-byte aligned addresses in a heap under 32 GB when references are compressed)
 * or as 8-byte values when that does not fit. Exceptions go to a small hash table. When more than
 * an eighth of the objects are out of order, all identifiers are sorted and two permutations (8
 * bytes per object) map positions to dense indexes instead.
 */
final class IdIndex {
  private static final int IDS_PER_BUCKET = 4;
  private static final int ALIGNMENT_SHIFT = 3;

  private final SortedIds main;
  /** Dense indexes of the exceptions, ascending; null when using permutations. */
  private final int[] exceptionDense;
  private final long[] exceptionIds;
  private final LongIntMap exceptionById;
  /** With permutations: sorted position to dense index, and back; else null. */
  private final int[] sortedToDense;
  private final int[] denseToSorted;

  private IdIndex(SortedIds main, int[] exceptionDense, long[] exceptionIds, LongIntMap exceptionById,
      int[] sortedToDense, int[] denseToSorted) {
    this.main = main;
    this.exceptionDense = exceptionDense;
    this.exceptionIds = exceptionIds;
    this.exceptionById = exceptionById;
    this.sortedToDense = sortedToDense;
    this.denseToSorted = denseToSorted;
  }

  /** Builds the index from the identifiers in file order, releasing them as it goes. */
  static IdIndex build(LongChunks idsInFileOrder, IntChunks classSlots) throws DuplicateIdException {
    int n = idsInFileOrder.size();
    BitSet exceptions = new BitSet(n);
    long last = Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      long id = idsInFileOrder.get(i);
      if (classSlots.get(i) == FirstPass.CLASS_OBJECT || id <= last) {
        exceptions.set(i);
      } else {
        last = id;
      }
    }
    int exceptionCount = exceptions.cardinality();
    if (exceptionCount > Math.max(1024, n / 8)) {
      return withPermutations(idsInFileOrder.drainToArray());
    }
    int[] exceptionDense = exceptions.stream().toArray();
    long[] exceptionIds = new long[exceptionCount];
    LongIntMap exceptionById = new LongIntMap(exceptionCount);
    for (int e = 0; e < exceptionCount; e++) {
      exceptionIds[e] = idsInFileOrder.get(exceptionDense[e]);
    }
    SortedIds main = SortedIds.of(idsInFileOrder, exceptions, n - exceptionCount);
    for (int e = 0; e < exceptionCount; e++) {
      if (main.position(exceptionIds[e]) >= 0 || exceptionById.get(exceptionIds[e], -1) >= 0) {
        throw new DuplicateIdException(exceptionIds[e], exceptionDense[e]);
      }
      exceptionById.put(exceptionIds[e], exceptionDense[e]);
    }
    return new IdIndex(main, exceptionDense, exceptionIds, exceptionById, null, null);
  }

  private static IdIndex withPermutations(long[] idsInFileOrder) throws DuplicateIdException {
    long[] sortedIds = idsInFileOrder.clone();
    Arrays.parallelSort(sortedIds);
    for (int i = 1; i < sortedIds.length; i++) {
      if (sortedIds[i] == sortedIds[i - 1]) {
        throw new DuplicateIdException(sortedIds[i], secondOccurrence(idsInFileOrder, sortedIds[i]));
      }
    }
    SortedIds sorted = SortedIds.of(sortedIds);
    sortedIds = null;
    int[] sortedToDense = new int[idsInFileOrder.length];
    int[] denseToSorted = new int[idsInFileOrder.length];
    for (int dense = 0; dense < idsInFileOrder.length; dense++) {
      int position = sorted.position(idsInFileOrder[dense]);
      sortedToDense[position] = dense;
      denseToSorted[dense] = position;
    }
    return new IdIndex(sorted, null, null, null, sortedToDense, denseToSorted);
  }

  /** The dense index of an object identifier, or -1 if no object has it. */
  int indexOf(long id) {
    int position = main.position(id);
    if (sortedToDense != null) {
      return position < 0 ? -1 : sortedToDense[position];
    }
    if (position >= 0) {
      return exceptionDense.length == 0 ? position : position + exceptionsBefore(position);
    }
    return exceptionDense.length == 0 ? -1 : exceptionById.get(id, -1);
  }

  long idOf(int dense) {
    if (denseToSorted != null) {
      return main.idAt(denseToSorted[dense]);
    }
    if (exceptionDense.length == 0) {
      return main.idAt(dense);
    }
    int e = Arrays.binarySearch(exceptionDense, dense);
    if (e >= 0) {
      return exceptionIds[e];
    }
    return main.idAt(dense - (-e - 1));
  }

  /** Writes the index to a kept index file. */
  void writeTo(IndexOutput out) throws IOException {
    main.writeTo(out);
    out.writeBoolean(sortedToDense != null);
    if (sortedToDense != null) {
      out.writeInts(sortedToDense);
      out.writeInts(denseToSorted);
    } else {
      out.writeInts(exceptionDense);
      out.writeLongs(exceptionIds);
    }
  }

  /** Reads an index written by {@link #writeTo}. */
  static IdIndex readFrom(IndexInput in) throws IOException {
    SortedIds main = SortedIds.readFrom(in);
    if (in.readBoolean()) {
      return new IdIndex(main, null, null, null, in.readInts(), in.readInts());
    }
    int[] exceptionDense = in.readInts();
    long[] exceptionIds = in.readLongs();
    if (exceptionIds.length != exceptionDense.length) {
      throw new IndexInput.CorruptIndexException("identifier exceptions do not pair up");
    }
    LongIntMap exceptionById = new LongIntMap(exceptionIds.length);
    for (int e = 0; e < exceptionIds.length; e++) {
      exceptionById.put(exceptionIds[e], exceptionDense[e]);
    }
    return new IdIndex(main, exceptionDense, exceptionIds, exceptionById, null, null);
  }

  /** Keeps the main identifiers in a spill file while a phase that does no lookups runs. */
  void putAside(SpillFile file) {
    main.putAside(file);
  }

  void bringBack() {
    main.bringBack();
  }

  /** For the main-sequence position p: how many exceptions come before its dense index. */
  private int exceptionsBefore(int position) {
    // The dense index d = p + k, where k exceptions have dense index < d; find the smallest k with
    // exceptionDense[k] > p + k (exceptionDense[k] - k is non-decreasing).
    int low = 0;
    int high = exceptionDense.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (exceptionDense[mid] - mid <= position) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  private static int secondOccurrence(long[] ids, long id) {
    boolean seen = false;
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == id) {
        if (seen) {
          return i;
        }
        seen = true;
      }
    }
    return 0;
  }

  /** Two objects of the dump have the same identifier; {@code object} is the second one. */
  static final class DuplicateIdException extends Exception {
    private static final long serialVersionUID = 1L;
    final long id;
    final int object;

    DuplicateIdException(long id, int object) {
      super(null, null, false, false);
      this.id = id;
      this.object = object;
    }
  }

  /** Ascending identifiers, packed to ints when they fit, with a bucket table for lookups. */
  private static final class SortedIds {
    private final long minId;
    private final int size;
    private int[] packed;
    private final long[] wide;
    private final int bucketShift;
    private final int[] bucketStart;
    private SpillFile spill;
    private SpillFile.Slot packedSlot;

    private SortedIds(long minId, int size, int[] packed, long[] wide, long range, IdSource ids) {
      this.minId = minId;
      this.size = size;
      this.packed = packed;
      this.wide = wide;
      long wantedBuckets = Math.max(1, size / IDS_PER_BUCKET);
      int s = 0;
      while ((range >>> s) > wantedBuckets) {
        s++;
      }
      bucketShift = s;
      int buckets = (int) (range >>> s) + 2;
      bucketStart = new int[buckets + 1];
      int position = 0;
      for (int bucket = 0; bucket <= buckets; bucket++) {
        while (position < size && ((ids.at(position) - minId) >>> s) < bucket) {
          position++;
        }
        bucketStart[bucket] = position;
      }
    }

    private SortedIds(long minId, int size, int[] packed, long[] wide, int bucketShift, int[] bucketStart) {
      this.minId = minId;
      this.size = size;
      this.packed = packed;
      this.wide = wide;
      this.bucketShift = bucketShift;
      this.bucketStart = bucketStart;
    }

    void writeTo(IndexOutput out) throws IOException {
      out.writeLong(minId);
      out.writeInt(size);
      out.writeInt(bucketShift);
      out.writeInts(bucketStart);
      out.writeBoolean(wide != null);
      if (wide != null) {
        out.writeLongs(wide);
      } else {
        out.writeInts(packed);
      }
    }

    static SortedIds readFrom(IndexInput in) throws IOException {
      long minId = in.readLong();
      int size = in.readInt();
      int bucketShift = in.readInt();
      int[] bucketStart = in.readInts();
      boolean wide = in.readBoolean();
      return wide ? new SortedIds(minId, size, null, in.readLongs(), bucketShift, bucketStart)
          : new SortedIds(minId, size, in.readInts(), null, bucketShift, bucketStart);
    }

    private interface IdSource {
      long at(int position);
    }

    static SortedIds of(long[] ascending) {
      int size = ascending.length;
      long min = size == 0 ? 0 : ascending[0];
      long range = size == 0 ? 0 : ascending[size - 1] - min;
      if (packable(ascending, min, range)) {
        return new SortedIds(min, size, pack(ascending, min), null, range, i -> ascending[i]);
      }
      return new SortedIds(min, size, null, ascending, range, i -> ascending[i]);
    }

    /** The identifiers of the objects not in {@code skip}, which are ascending, releasing the chunks. */
    static SortedIds of(LongChunks ids, BitSet skip, int count) {
      long min = 0;
      long max = 0;
      boolean first = true;
      boolean aligned = true;
      for (int i = 0; i < ids.size(); i++) {
        if (!skip.get(i)) {
          long id = ids.get(i);
          if (first) {
            min = id;
            first = false;
          }
          max = id;
          aligned &= ((id - min) & ((1 << ALIGNMENT_SHIFT) - 1)) == 0;
        }
      }
      long range = max - min;
      boolean packable = aligned && (range >>> ALIGNMENT_SHIFT) < (1L << 32);
      int[] packed = packable ? new int[count] : null;
      long[] wide = packable ? null : new long[count];
      int at = 0;
      for (int i = 0; i < ids.size(); i++) {
        if (!skip.get(i)) {
          long id = ids.get(i);
          if (packable) {
            packed[at++] = (int) (((id - min) >>> ALIGNMENT_SHIFT) + Integer.MIN_VALUE);
          } else {
            wide[at++] = id;
          }
        }
      }
      ids.clear();
      long base = min;
      IdSource source = packable
          ? i -> base + (((long) packed[i] - Integer.MIN_VALUE) << ALIGNMENT_SHIFT)
          : i -> wide[i];
      return new SortedIds(min, count, packed, wide, range, source);
    }

    private static boolean packable(long[] ascending, long min, long range) {
      if ((range >>> ALIGNMENT_SHIFT) >= (1L << 32)) {
        return false;
      }
      for (long id : ascending) {
        if (((id - min) & ((1 << ALIGNMENT_SHIFT) - 1)) != 0) {
          return false;
        }
      }
      return true;
    }

    private static int[] pack(long[] ascending, long min) {
      int[] result = new int[ascending.length];
      for (int i = 0; i < ascending.length; i++) {
        result[i] = (int) (((ascending[i] - min) >>> ALIGNMENT_SHIFT) + Integer.MIN_VALUE);
      }
      return result;
    }

    long idAt(int position) {
      if (wide != null) {
        return wide[position];
      }
      return minId + (((long) packed[position] - Integer.MIN_VALUE) << ALIGNMENT_SHIFT);
    }

    int position(long id) {
      long delta = id - minId;
      if (size == 0 || delta < 0 || (delta >>> bucketShift) >= bucketStart.length - 1) {
        return -1;
      }
      int bucket = (int) (delta >>> bucketShift);
      int low = bucketStart[bucket];
      int high = bucketStart[bucket + 1] - 1;
      if (wide == null) {
        if ((delta & ((1 << ALIGNMENT_SHIFT) - 1)) != 0) {
          return -1;
        }
        int key = (int) ((delta >>> ALIGNMENT_SHIFT) + Integer.MIN_VALUE);
        while (low <= high) {
          int mid = (low + high) >>> 1;
          int value = packed[mid];
          if (value < key) {
            low = mid + 1;
          } else if (value > key) {
            high = mid - 1;
          } else {
            return mid;
          }
        }
        return -1;
      }
      while (low <= high) {
        int mid = (low + high) >>> 1;
        long value = wide[mid];
        if (value < id) {
          low = mid + 1;
        } else if (value > id) {
          high = mid - 1;
        } else {
          return mid;
        }
      }
      return -1;
    }

    void putAside(SpillFile file) {
      if (packed != null) {
        spill = file;
        packedSlot = file.write(packed);
        packed = null;
      }
    }

    void bringBack() {
      if (packedSlot != null) {
        packed = spill.readInts(packedSlot);
        packedSlot = null;
      }
    }
  }
}
