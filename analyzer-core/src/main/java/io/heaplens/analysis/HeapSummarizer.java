package io.heaplens.analysis;

import io.heaplens.analysis.HeapSummary.ClassRow;
import io.heaplens.analysis.HeapSummary.Counts;
import io.heaplens.analysis.HeapSummary.DominatorRow;
import io.heaplens.analysis.HeapSummary.DominatedObject;
import io.heaplens.analysis.HeapSummary.DumpFacts;
import io.heaplens.analysis.HeapSummary.FrameRow;
import io.heaplens.analysis.HeapSummary.HeldObject;
import io.heaplens.analysis.HeapSummary.PathStep;
import io.heaplens.analysis.HeapSummary.ThreadRow;
import io.heaplens.hprof.DumpInfo;
import io.heaplens.hprof.GcRoot;
import io.heaplens.hprof.HeapClass;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.hprof.HeapThread;
import io.heaplens.hprof.ThreadFrame;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Computes the {@link HeapSummary} of an indexed dump. */
public final class HeapSummarizer {
  /** How many top-level dominators the summary lists. */
  public static final int TOP_DOMINATORS = 10;
  /** How many levels of the dominator tree are shown below each of them. */
  public static final int DOMINATOR_LEVELS = 3;
  /** How many children per object those levels show (the largest). */
  public static final int DOMINATOR_CHILDREN = 5;

  private HeapSummarizer() {}

  /** Summarizes {@code graph}, read from {@code file}. */
  public static HeapSummary summarize(HeapGraph graph, String file) {
    int n = graph.objectCount();
    long[] instances = new long[graph.classes().size()];
    long[] shallow = new long[graph.classes().size()];
    long[] kinds = new long[4];
    long totalShallow = 0;
    long reachable = 0;
    long unreachable = 0;
    for (int object = 0; object < n; object++) {
      long size = graph.shallowSize(object);
      int cls = graph.classOf(object).index();
      instances[cls]++;
      shallow[cls] += size;
      kinds[graph.kind(object).ordinal()]++;
      totalShallow += size;
      if (graph.isReachable(object)) {
        reachable += size;
      } else {
        unreachable++;
      }
    }
    long[] retainedByClass = graph.retainedSizeByClass();
    List<ClassRow> classes = new ArrayList<>();
    for (HeapClass heapClass : graph.classes()) {
      int cls = heapClass.index();
      if (instances[cls] > 0) {
        classes.add(new ClassRow(heapClass.name(), instances[cls], shallow[cls], retainedByClass[cls],
            graph.isClassRetainedSizeExact(cls)));
      }
    }
    classes.sort(Comparator.comparingLong(ClassRow::retainedBytes).reversed()
        .thenComparing(Comparator.comparingLong(ClassRow::shallowBytes).reversed())
        .thenComparing(ClassRow::name));

    Map<String, Long> rootCounts = new TreeMap<>();
    for (GcRoot root : graph.gcRoots()) {
      rootCounts.merge(root.kind().name(), 1L, Long::sum);
    }
    Counts counts = new Counts(n, kinds[0], kinds[1], kinds[2], kinds[3], unreachable,
        graph.referenceCount(), rootCounts);

    DumpInfo info = graph.info();
    DumpFacts facts = new DumpFacts(file, info.format(), info.idSize(),
        Instant.ofEpochMilli(info.timestampMillis()).toString(), info.gzipCompressed(),
        info.fileBytes(), info.layout().compressedReferences(info.idSize()),
        info.layout().instanceHeaderBytes(), info.layout().inferred(), info.layout().describe(),
        totalShallow, reachable, info.truncated(), info.warnings());

    return new HeapSummary(facts, counts, classes, dominators(graph, reachable), threads(graph));
  }

  private static List<DominatorRow> dominators(HeapGraph graph, long reachableBytes) {
    int[] top = graph.dominatedChildren(new int[] {-1}, TOP_DOMINATORS).get(-1);
    Map<Integer, int[]> children = new HashMap<>();
    int[] level = top;
    for (int depth = 0; depth < DOMINATOR_LEVELS && level.length > 0; depth++) {
      Map<Integer, int[]> next = graph.dominatedChildren(level, DOMINATOR_CHILDREN);
      children.putAll(next);
      level = next.values().stream().flatMapToInt(java.util.Arrays::stream).toArray();
    }
    List<DominatorRow> rows = new ArrayList<>();
    for (int object : top) {
      long retained = graph.retainedSize(object);
      rows.add(new DominatorRow(graph.objectId(object), graph.classOf(object).name(),
          graph.shallowSize(object), retained, percent(retained, reachableBytes), path(graph, object),
          dominated(graph, object, children, reachableBytes)));
    }
    return rows;
  }

  private static List<DominatedObject> dominated(HeapGraph graph, int parent,
      Map<Integer, int[]> children, long reachableBytes) {
    List<DominatedObject> result = new ArrayList<>();
    for (int child : children.getOrDefault(parent, new int[0])) {
      long retained = graph.retainedSize(child);
      result.add(new DominatedObject(graph.objectId(child), graph.classOf(child).name(),
          graph.shallowSize(child), retained, percent(retained, reachableBytes),
          dominated(graph, child, children, reachableBytes)));
    }
    return result;
  }

  /** The shortest path from a GC root to {@code object}, each step named. */
  public static List<PathStep> path(HeapGraph graph, int object) {
    int[] path = graph.pathFromGcRoot(object);
    List<PathStep> steps = new ArrayList<>(path.length);
    for (int i = 0; i < path.length; i++) {
      int step = path[i];
      String via = i == 0 ? null : graph.describeReference(path[i - 1], step);
      List<String> rootKinds = i == 0
          ? graph.rootKinds(step).stream().map(Enum::name).toList() : List.of();
      steps.add(new PathStep(graph.objectId(step), graph.classOf(step).name(),
          graph.retainedSize(step), via, rootKinds));
    }
    return steps;
  }

  private static List<ThreadRow> threads(HeapGraph graph) {
    List<ThreadRow> rows = new ArrayList<>();
    for (HeapThread thread : graph.threads()) {
      List<FrameRow> frames = new ArrayList<>();
      for (ThreadFrame frame : thread.frames()) {
        List<HeldObject> held = new ArrayList<>();
        for (int local : frame.localObjects()) {
          held.add(new HeldObject(graph.objectId(local), graph.classOf(local).name(),
              graph.retainedSize(local)));
        }
        frames.add(new FrameRow(frame.toStackTraceLine(), held));
      }
      rows.add(new ThreadRow(thread.name(), thread.state(), thread.daemon(),
          graph.objectId(thread.object()), graph.retainedSize(thread.object()), frames));
    }
    rows.sort(Comparator.comparingLong(ThreadRow::retainedBytes).reversed());
    return rows;
  }

  static double percent(long part, long whole) {
    return whole == 0 ? 0 : Math.round(part * 10000.0 / whole) / 100.0;
  }
}
