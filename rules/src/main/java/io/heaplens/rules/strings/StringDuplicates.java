package io.heaplens.rules.strings;

import io.heaplens.hprof.FieldType;
import io.heaplens.hprof.HeapClass;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.hprof.ObjectKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Groups a dump's strings by contents, for {@link DuplicateStringsRule}.
 *
 * <p>Strings are first grouped by value array (strings sharing one array are equal without reading
 * it), then arrays by kind and size (only arrays of equal size can be equal), and only arrays whose
 * size another array shares are read: a 64-bit hash of their first {@code prefixChars} units, and
 * for runs of equal prefixes of longer arrays a hash of up to {@code maxCompare} units to confirm.
 * Arrays equal in their first {@code maxCompare} units and in size are taken as equal. When more
 * arrays need reading than allowed, a deterministic sample is read and only values seen at least
 * twice in it count, scaled by the sampling rate: frequent duplicates are estimated well, rare ones
 * (pairs, triples) are missed, so the estimate is low rather than high.
 *
 * <p>Memory: 8 bytes per reachable string and 20 per distinct value array (about 28 bytes per
 * string when few share arrays), plus the copies' indexes (4 bytes each).
 */
final class StringDuplicates {
  /** How many copies of a value are kept to find who holds them. */
  static final int SAMPLE_COPIES = 16;

  /**
   * One duplicated value.
   *
   * @param example one of its strings
   * @param length its length in chars
   * @param strings how many strings hold it
   * @param arrays how many distinct value arrays hold it
   * @param wastedBytes what all copies but one cost
   * @param sampleCopies up to {@value #SAMPLE_COPIES} of its strings
   */
  record DuplicateValue(int example, int length, long strings, long arrays, long wastedBytes, int[] sampleCopies) {}

  private final long wastedBytes;
  private final long duplicateStrings;
  private final long values;
  private final long stringsExamined;
  private final int[] copies;
  private final List<DuplicateValue> top;
  private final double sampledRate;

  private StringDuplicates(long wastedBytes, long duplicateStrings, long values, long stringsExamined, int[] copies,
      List<DuplicateValue> top, double sampledRate) {
    this.sampledRate = sampledRate;
    this.wastedBytes = wastedBytes;
    this.duplicateStrings = duplicateStrings;
    this.values = values;
    this.stringsExamined = stringsExamined;
    this.copies = copies;
    this.top = top;
  }

  /** Bytes all copies but one of every duplicated value cost. */
  long wastedBytes() {
    return wastedBytes;
  }

  /** Strings that are copies: all strings of duplicated values but one per value. */
  long duplicateStrings() {
    return duplicateStrings;
  }

  /** Distinct values held by more than one string. */
  long values() {
    return values;
  }

  /** Reachable strings examined. */
  long stringsExamined() {
    return stringsExamined;
  }

  /** The copies: every string of a duplicated value except one per value. */
  int[] copies() {
    return copies;
  }

  /**
   * The share of the arrays needing a read that were read: 1 when all were, less when the counts,
   * the waste and {@link #copies()} come from a sample (copies are then only the sampled ones).
   */
  double sampledRate() {
    return sampledRate;
  }

  /** The values wasting the most, largest waste first. */
  List<DuplicateValue> top() {
    return top;
  }

  /**
   * @param prefixChars units (chars, or bytes of compact strings) hashed to group arrays
   * @param maxCompare units hashed to confirm that longer arrays with equal prefixes are equal
   * @param topCount how many values to keep for {@link #top()}
   * @param maxReads how many arrays may be read; beyond that a deterministic sample of the arrays
   *     that need reading is read, and counts are scaled up (see {@link #sampledRate()})
   */
  static StringDuplicates find(HeapGraph graph, int prefixChars, int maxCompare, int topCount, int maxReads) {
    HeapClass stringClass = graph.findClass("java.lang.String").orElse(null);
    if (stringClass == null) {
      return new StringDuplicates(0, 0, 0, 0, new int[0], List.of(), 1.0);
    }
    int[] strings = graph.instancesOf(stringClass, false);
    // Strings by value array: ((array << 32) | position in strings), sorted.
    long[] byArray = new long[strings.length];
    int n = 0;
    for (int i = 0; i < strings.length; i++) {
      if (graph.isReachable(strings[i])) {
        int value = valueArray(graph, strings[i]);
        if (value >= 0) {
          byArray[n++] = ((long) value << 32) | i;
        }
      }
    }
    byArray = Arrays.copyOf(byArray, n);
    Arrays.sort(byArray);
    // Distinct arrays with their first position in byArray and their number of strings.
    int distinct = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0 || (byArray[i] >>> 32) != (byArray[i - 1] >>> 32)) {
        distinct++;
      }
    }
    int[] arrays = new int[distinct];
    int[] first = new int[distinct];
    int[] stringCount = new int[distinct];
    distinct = 0;
    for (int i = 0; i < n; i++) {
      int array = (int) (byArray[i] >>> 32);
      if (distinct == 0 || arrays[distinct - 1] != array) {
        arrays[distinct] = array;
        first[distinct] = i;
        distinct++;
      }
      stringCount[distinct - 1]++;
    }
    // Arrays by kind and size: ((size * 2 + isChar) << 31) | distinct index, sorted.
    long[] bySize = new long[distinct];
    for (int k = 0; k < distinct; k++) {
      long size = Math.min(graph.shallowSize(arrays[k]), (1L << 30) - 1); // larger ones share a bucket
      int isChar = graph.classOf(arrays[k]).primitiveElementType() == FieldType.CHAR ? 1 : 0;
      bySize[k] = ((size * 2 + isChar) << 31) | k;
    }
    Arrays.sort(bySize);

    // Arrays that must be read: those sharing their kind and size with another. Past maxReads, a
    // sample of them is read, chosen by a hash of the object so that reruns read the same ones.
    long toRead = 0;
    for (int start = 0, end; start < distinct; start = end) {
      end = bucketEnd(bySize, start);
      toRead += end - start > 1 ? end - start : 0;
    }
    double rate = toRead <= maxReads ? 1.0 : (double) maxReads / toRead;
    Collector collector = new Collector(graph, strings, byArray, arrays, first, stringCount, topCount, rate);
    for (int start = 0, end; start < distinct; start = end) {
      end = bucketEnd(bySize, start);
      if (end - start == 1) {
        collector.value(new int[] {(int) (bySize[start] & 0x7FFFFFFF)}, false);
        continue;
      }
      int[] bucket = new int[end - start];
      int size = 0;
      for (int i = start; i < end; i++) {
        int k = (int) (bySize[i] & 0x7FFFFFFF);
        if (rate == 1.0 || sampled(arrays[k], rate)) {
          bucket[size++] = k;
        }
      }
      for (Run run : runsOfEqualHash(graph, arrays, Arrays.copyOf(bucket, size), prefixChars)) {
        if (run.members.length > 1 && !run.complete) {
          for (Run confirmed : runsOfEqualHash(graph, arrays, run.members, maxCompare)) {
            collector.value(confirmed.members, rate < 1.0);
          }
        } else {
          collector.value(run.members, rate < 1.0);
        }
      }
    }
    return collector.result(n);
  }

  private static int bucketEnd(long[] bySize, int start) {
    int end = start + 1;
    while (end < bySize.length && (bySize[end] >>> 31) == (bySize[start] >>> 31)) {
      end++;
    }
    return end;
  }

  /** Whether an array is in the sample read at this rate (a hash of its index, so reruns agree). */
  private static boolean sampled(int array, double rate) {
    long mixed = (array * 0x9E3779B97F4A7C15L) >>> 40; // 24 well-mixed bits
    return mixed < rate * (1 << 24);
  }

  /** The value array a string references, or -1. */
  private static int valueArray(HeapGraph graph, int string) {
    for (int target : graph.outboundReferences(string)) {
      if (graph.kind(target) == ObjectKind.PRIMITIVE_ARRAY) {
        return target;
      }
    }
    return -1;
  }

  /**
   * Arrays of equal hash.
   *
   * @param members indexes into the distinct arrays
   * @param complete whether every member was read whole (so equal hashes mean equal contents)
   */
  private record Run(int[] members, boolean complete) {}

  /** The arrays (indexes into {@code arrays}) grouped by a hash of their first {@code units} units. */
  private static List<Run> runsOfEqualHash(HeapGraph graph, int[] arrays, int[] members, int units) {
    long[][] hashed = new long[members.length][];
    for (int i = 0; i < members.length; i++) {
      String text = graph.readString(arrays[members[i]], units);
      hashed[i] = new long[] {hash(text), members[i], text != null && text.length() < units ? 1 : 0};
    }
    Arrays.sort(hashed, Comparator.comparingLong((long[] h) -> h[0]).thenComparingLong(h -> h[1]));
    List<Run> runs = new ArrayList<>();
    int start = 0;
    while (start < hashed.length) {
      int end = start + 1;
      while (end < hashed.length && hashed[end][0] == hashed[start][0]) {
        end++;
      }
      int[] run = new int[end - start];
      boolean complete = true;
      for (int i = start; i < end; i++) {
        run[i - start] = (int) hashed[i][1];
        complete &= hashed[i][2] == 1;
      }
      runs.add(new Run(run, complete));
      start = end;
    }
    return runs;
  }

  /** 64-bit FNV-1a over the characters, with the length mixed in. */
  private static long hash(String text) {
    if (text == null) {
      return 0;
    }
    long h = 0xcbf29ce484222325L ^ text.length();
    for (int i = 0; i < text.length(); i++) {
      h ^= text.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** Sums the waste of every duplicated value and keeps the largest. */
  private static final class Collector {
    private final HeapGraph graph;
    private final int[] strings;
    private final long[] byArray;
    private final int[] arrays;
    private final int[] first;
    private final int[] stringCount;
    private final int topCount;
    private final double rate;
    private final PriorityQueue<long[]> smallestFirst = new PriorityQueue<>(Comparator.comparingLong(v -> v[0]));
    private final Map<Long, int[]> topMembers = new HashMap<>();
    private int[] copies = new int[1024];
    private int copyCount;
    private long wasted;
    private long duplicates;
    private long values;

    Collector(HeapGraph graph, int[] strings, long[] byArray, int[] arrays, int[] first, int[] stringCount,
        int topCount, double rate) {
      this.graph = graph;
      this.rate = rate;
      this.strings = strings;
      this.byArray = byArray;
      this.arrays = arrays;
      this.first = first;
      this.stringCount = stringCount;
      this.topCount = topCount;
    }

    /**
     * One value held by the arrays {@code members} (indexes of distinct arrays); when {@code
     * sampled}, the members are a sample at {@link #rate} and the counts are scaled up.
     */
    void value(int[] members, boolean sampled) {
      long read = 0;
      for (int k : members) {
        read += stringCount[k];
      }
      double scale = sampled ? 1 / rate : 1;
      long count = Math.round(read * scale);
      long arrayCount = Math.round(members.length * scale);
      // A value seen once in a sample says nothing about its copies: most such values are unique.
      if (read < 2) {
        return;
      }
      int firstString = string(first[members[0]]);
      long waste = (count - 1) * graph.shallowSize(firstString)
          + (arrayCount - 1) * graph.shallowSize(arrays[members[0]]);
      wasted += waste;
      duplicates += count - 1;
      values++;
      boolean skippedOne = false;
      for (int k : members) {
        for (int i = first[k]; i < first[k] + stringCount[k]; i++) {
          if (!skippedOne) {
            skippedOne = true;
            continue;
          }
          if (copyCount == copies.length) {
            copies = Arrays.copyOf(copies, copyCount * 2);
          }
          copies[copyCount++] = string(i);
        }
      }
      if (smallestFirst.size() < topCount || waste > smallestFirst.peek()[0]) {
        smallestFirst.add(new long[] {waste, values, count});
        topMembers.put(values, members);
        if (smallestFirst.size() > topCount) {
          topMembers.remove(smallestFirst.poll()[1]);
        }
      }
    }

    private int string(int position) {
      return strings[(int) byArray[position]];
    }

    StringDuplicates result(int examined) {
      List<long[]> kept = new ArrayList<>(smallestFirst);
      kept.sort((a, b) -> Long.compare(b[0], a[0]));
      List<DuplicateValue> top = new ArrayList<>();
      for (long[] entry : kept) {
        int[] members = topMembers.get(entry[1]);
        List<Integer> sample = new ArrayList<>();
        for (int k : members) {
          for (int i = first[k]; i < first[k] + stringCount[k] && sample.size() < SAMPLE_COPIES; i++) {
            sample.add(string(i));
          }
        }
        int length = graph.arrayLength(arrays[members[0]]);
        if (graph.field(sample.get(0), "coder").map(v -> v.asNumber() == 1).orElse(false)) {
          length /= 2; // a UTF-16 compact string: two bytes per char
        }
        top.add(new DuplicateValue(sample.get(0), length, entry[2], members.length,
            entry[0], sample.stream().mapToInt(Integer::intValue).toArray()));
      }
      return new StringDuplicates(wasted, duplicates, values, examined, Arrays.copyOf(copies, copyCount), top, rate);
    }
  }
}
