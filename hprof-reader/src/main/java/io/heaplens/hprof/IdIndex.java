package io.heaplens.hprof;

import java.util.Arrays;

/**
 * Maps object identifiers to dense indexes (the order of the objects in the file) and back.
 *
 * <p>Identifiers are kept sorted; a bucket table over the identifier range narrows each lookup to
 * a handful of neighbours, so resolving the tens of millions of references of a large dump stays
 * cheap. HotSpot writes objects in address order, so usually the file order is already sorted and
 * no permutation is stored: 8 bytes per object plus about 1 for the buckets. Otherwise two int
 * permutations add 8 more.
 */
final class IdIndex {
  private static final int IDS_PER_BUCKET = 4;

  private final long[] sortedIds;
  private final int[] sortedToDense;
  private final int[] denseToSorted;
  private final long minId;
  private final int shift;
  private final int[] bucketStart;

  private IdIndex(long[] sortedIds, int[] sortedToDense, int[] denseToSorted) {
    this.sortedIds = sortedIds;
    this.sortedToDense = sortedToDense;
    this.denseToSorted = denseToSorted;
    int n = sortedIds.length;
    minId = n == 0 ? 0 : sortedIds[0];
    long range = n == 0 ? 0 : sortedIds[n - 1] - minId;
    long wantedBuckets = Math.max(1, n / IDS_PER_BUCKET);
    int s = 0;
    while ((range >>> s) > wantedBuckets) {
      s++;
    }
    shift = s;
    int buckets = (int) (range >>> s) + 2;
    bucketStart = new int[buckets + 1];
    int position = 0;
    for (int bucket = 0; bucket <= buckets; bucket++) {
      while (position < n && ((sortedIds[position] - minId) >>> s) < bucket) {
        position++;
      }
      bucketStart[bucket] = position;
    }
  }

  /** Builds the index, taking ownership of {@code idsInFileOrder}. */
  static IdIndex build(long[] idsInFileOrder) throws HprofFormatException {
    boolean sorted = true;
    for (int i = 1; i < idsInFileOrder.length && sorted; i++) {
      sorted = idsInFileOrder[i - 1] < idsInFileOrder[i];
    }
    if (sorted) {
      return new IdIndex(idsInFileOrder, null, null);
    }
    long[] sortedIds = idsInFileOrder.clone();
    Arrays.parallelSort(sortedIds);
    for (int i = 1; i < sortedIds.length; i++) {
      if (sortedIds[i] == sortedIds[i - 1]) {
        throw new HprofFormatException(String.format(
            "corrupt dump: object id 0x%x is written twice; the file is damaged, take a new dump",
            sortedIds[i]), -1);
      }
    }
    IdIndex lookup = new IdIndex(sortedIds, null, null);
    int[] sortedToDense = new int[sortedIds.length];
    int[] denseToSorted = new int[sortedIds.length];
    for (int dense = 0; dense < idsInFileOrder.length; dense++) {
      int position = lookup.sortedPosition(idsInFileOrder[dense]);
      sortedToDense[position] = dense;
      denseToSorted[dense] = position;
    }
    return new IdIndex(sortedIds, sortedToDense, denseToSorted);
  }

  int size() {
    return sortedIds.length;
  }

  /** The dense index of an object identifier, or -1 if no object has it. */
  int indexOf(long id) {
    int position = sortedPosition(id);
    if (position < 0 || sortedToDense == null) {
      return position;
    }
    return sortedToDense[position];
  }

  long idOf(int dense) {
    return sortedIds[denseToSorted == null ? dense : denseToSorted[dense]];
  }

  private int sortedPosition(long id) {
    long delta = id - minId;
    if (delta < 0 || (delta >>> shift) >= bucketStart.length - 1) {
      return -1;
    }
    int bucket = (int) (delta >>> shift);
    int low = bucketStart[bucket];
    int high = bucketStart[bucket + 1] - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      long value = sortedIds[mid];
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
}
