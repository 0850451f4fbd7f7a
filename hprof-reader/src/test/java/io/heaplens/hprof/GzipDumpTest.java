package io.heaplens.hprof;

import static org.assertj.core.api.Assertions.assertThat;

import io.heaplens.fixtures.ScenarioDump;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A plain dump ({@code jcmd <pid> GC.heap_dump}) and a gzip-compressed one ({@code -gz=1}) of the
 * same heap, taken one after the other, read to the same analysis: only the facts about the input
 * file differ.
 *
 * <p>The two dumps are not byte for byte the same heap: the {@code jcmd} child process and NIO's
 * temporary buffers of the second request are about 20 new objects of the same classes and sizes,
 * and a full GC between the two may move objects. So objects are compared through class-level
 * aggregates and sizes, never through raw identifiers or dense indexes.
 */
class GzipDumpTest {
  private static final int TOP_OBJECTS = 20;

  private static HeapGraph plain;
  private static HeapGraph gzip;

  @BeforeAll
  static void openBothDumps() throws Exception {
    ScenarioDump dump = RealDumps.knownGraph();
    plain = RealDumps.open(dump.heapDump());
    gzip = RealDumps.open(dump.gzipHeapDump().orElseThrow());
  }

  @AfterAll
  static void closeBothDumps() throws Exception {
    if (plain != null) {
      plain.close();
    }
    if (gzip != null) {
      gzip.close();
    }
  }

  @Test
  void onlyTheGzipDumpIsMarkedCompressed() {
    assertThat(plain.info().gzipCompressed()).isFalse();
    assertThat(gzip.info().gzipCompressed()).isTrue();
    // The compressed file is smaller than the HPROF data it holds; the plain file is that data.
    assertThat(gzip.info().fileBytes()).isLessThan(gzip.info().dumpBytes());
    assertThat(plain.info().fileBytes()).isEqualTo(plain.info().dumpBytes());
  }

  @Test
  void dumpFactsOtherThanTheFileAreTheSame() {
    DumpInfo a = plain.info();
    DumpInfo b = gzip.info();

    assertThat(b.format()).isEqualTo(a.format());
    assertThat(b.idSize()).isEqualTo(a.idSize());
    assertThat(b.truncated()).isFalse();
    assertThat(a.truncated()).isFalse();
    assertThat(b.layout().instanceHeaderBytes()).isEqualTo(a.layout().instanceHeaderBytes());
    assertThat(b.layout().referenceBytes()).isEqualTo(a.layout().referenceBytes());
    assertThat(b.layout().wordAlignedArrayBase()).isEqualTo(a.layout().wordAlignedArrayBase());
    assertThat(b.layout().inferred()).isEqualTo(a.layout().inferred()).isTrue();
  }

  @Test
  void sameObjectAndClassCounts() {
    assertThat(gzip.objectCount()).isEqualTo(plain.objectCount());
    assertThat(gzip.classes()).hasSameSizeAs(plain.classes());
  }

  @Test
  void sameReferencesByClassButForTheGzipStepsOutputFile() {
    Map<String, Long> expected = outboundReferencesByClass(plain);
    Map<String, Long> actual = outboundReferencesByClass(gzip);
    // Starting the gzip step's jcmd (after the plain dump) checks its output file's path, which
    // caches java.io.File.status: one more reference in the second dump, a change of the heap.
    long fileReferences = actual.remove("java.io.File") - expected.remove("java.io.File");
    assertThat(fileReferences).as("extra references of java.io.File objects").isBetween(0L, 1L);
    assertThat(actual).containsExactlyEntriesOf(expected);
    assertThat(gzip.referenceCount() - plain.referenceCount()).isEqualTo(fileReferences);
  }

  @Test
  void sameClassHistogramWithRetainedSizes() {
    Map<String, List<Long>> expected = histogram(plain);
    Map<String, List<Long>> actual = histogram(gzip);

    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    assertThat(actual).containsExactlyEntriesOf(expected);
  }

  @Test
  void sameTopObjectsByRetainedSize() {
    assertThat(topObjects(gzip)).containsExactlyElementsOf(topObjects(plain));
  }

  @Test
  void sameGcRootsByKind() {
    assertThat(rootCountsByKind(gzip)).isEqualTo(rootCountsByKind(plain));
    assertThat(gzip.gcRootObjects()).hasSameSizeAs(plain.gcRootObjects());
  }

  @Test
  void sameThreadsAndFrames() {
    assertThat(threads(gzip)).containsExactlyElementsOf(threads(plain));
    assertThat(threads(plain)).anySatisfy(line -> assertThat(line).startsWith("fixture-worker"));
  }

  @Test
  void sameTotals() {
    assertThat(totalShallow(gzip)).isEqualTo(totalShallow(plain));
    assertThat(reachableRetained(gzip)).isEqualTo(reachableRetained(plain));
  }

  private static Map<String, Long> outboundReferencesByClass(HeapGraph graph) {
    Map<String, Long> counts = new TreeMap<>();
    for (int object = 0; object < graph.objectCount(); object++) {
      counts.merge(graph.classOf(object).name(), (long) graph.outboundReferences(object).length, Long::sum);
    }
    return counts;
  }

  /** Class name to [instances, shallow bytes, retained bytes of all instances as one set]. */
  private static Map<String, List<Long>> histogram(HeapGraph graph) {
    long[] retainedByClass = graph.retainedSizeByClass();
    Map<String, long[]> sums = new TreeMap<>();
    for (HeapClass heapClass : graph.classes()) {
      int[] instances = graph.instancesOf(heapClass, false);
      long shallow = 0;
      for (int object : instances) {
        shallow += graph.shallowSize(object);
      }
      long[] sum = sums.computeIfAbsent(heapClass.name(), name -> new long[3]);
      sum[0] += instances.length;
      sum[1] += shallow;
      sum[2] += retainedByClass[heapClass.index()];
    }
    Map<String, List<Long>> result = new TreeMap<>();
    sums.forEach((name, sum) -> result.put(name, List.of(sum[0], sum[1], sum[2])));
    return result;
  }

  /** The largest objects by retained size: "class retained shallow", ties ordered by text. */
  private static List<String> topObjects(HeapGraph graph) {
    List<long[]> objects = new ArrayList<>();
    for (int object = 0; object < graph.objectCount(); object++) {
      objects.add(new long[] {graph.retainedSize(object), graph.shallowSize(object), object});
    }
    Comparator<long[]> byRetained = Comparator.comparingLong((long[] o) -> o[0]).reversed();
    objects.sort(byRetained.thenComparing(o -> graph.classOf((int) o[2]).name())
        .thenComparingLong(o -> -o[1]));
    List<String> top = new ArrayList<>();
    for (long[] o : objects.subList(0, TOP_OBJECTS)) {
      top.add(graph.classOf((int) o[2]).name() + " retained " + o[0] + " shallow " + o[1]);
    }
    return top;
  }

  private static Map<GcRootKind, Integer> rootCountsByKind(HeapGraph graph) {
    Map<GcRootKind, Integer> counts = new EnumMap<>(GcRootKind.class);
    for (GcRoot root : graph.gcRoots()) {
      counts.merge(root.kind(), 1, Integer::sum);
    }
    return counts;
  }

  /**
   * Each thread as one line: name, state, daemon, retained size, then each frame with the classes
   * and shallow sizes of the objects its locals hold; threads in name order (the order of the thread records is not
   * part of the heap). The process reaper thread is named after the pid of the process it waits
   * for, a different {@code jcmd} for each dump: that pid is left out.
   */
  private static List<String> threads(HeapGraph graph) {
    List<String> lines = new ArrayList<>();
    for (HeapThread thread : graph.threads()) {
      String name = String.valueOf(thread.name()).replaceAll("\\(pid \\d+\\)", "(pid)");
      StringBuilder line = new StringBuilder()
          .append(name).append(' ').append(thread.state()).append(" daemon=").append(thread.daemon())
          .append(" retained=").append(graph.retainedSize(thread.object()));
      for (ThreadFrame frame : thread.frames()) {
        line.append("\n  at ").append(frame.toStackTraceLine()).append(' ').append(frame.signature());
        String[] locals = new String[frame.localObjects().length];
        for (int i = 0; i < locals.length; i++) {
          int local = frame.localObjects()[i];
          locals[i] = local < 0 ? "missing" : graph.classOf(local).name() + "/" + graph.shallowSize(local);
        }
        Arrays.sort(locals);
        line.append(" locals ").append(Arrays.toString(locals));
      }
      lines.add(line.toString());
    }
    lines.sort(Comparator.naturalOrder());
    return lines;
  }

  private static long totalShallow(HeapGraph graph) {
    long total = 0;
    for (int object = 0; object < graph.objectCount(); object++) {
      total += graph.shallowSize(object);
    }
    return total;
  }

  /** The retained size of all GC roots together: everything reachable. */
  private static long reachableRetained(HeapGraph graph) {
    return graph.retainedSize(graph.gcRootObjects());
  }
}
