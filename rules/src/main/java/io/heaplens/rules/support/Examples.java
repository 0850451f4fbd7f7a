package io.heaplens.rules.support;

import io.heaplens.analysis.HeapSummarizer;
import io.heaplens.analysis.rules.ExampleObject;
import io.heaplens.hprof.HeapGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Builds the example objects a finding shows: the largest of a set by retained size, each with its
 * path from a GC root and the thread (and frame) holding it or an object on that path.
 *
 * <p>Cost: one pass over the set to pick the largest (per-object retained sizes are precomputed),
 * then one shortest-path query per example.
 */
public final class Examples {
  /** How many examples a finding usually shows. */
  public static final int DEFAULT_COUNT = 3;

  private Examples() {}

  /** Up to {@code max} of {@code objects}, largest retained size first, as examples. */
  public static List<ExampleObject> largest(HeapGraph graph, int[] objects, int max) {
    ThreadHolders holders = ThreadHolders.of(graph);
    List<ExampleObject> result = new ArrayList<>();
    for (int object : largestObjects(graph, objects, max)) {
      result.add(of(graph, holders, object));
    }
    return result;
  }

  /** One object as an example. */
  public static ExampleObject of(HeapGraph graph, int object) {
    return of(graph, ThreadHolders.of(graph), object);
  }

  /** One object as an example, with threads already indexed. */
  public static ExampleObject of(HeapGraph graph, ThreadHolders holders, int object) {
    Optional<ThreadHolders.Holder> holder = holders.holderOnPath(graph.pathFromGcRoot(object));
    return new ExampleObject(graph.objectId(object), graph.classOf(object).name(), graph.shallowSize(object),
        graph.retainedSize(object), HeapSummarizer.path(graph, object),
        holder.map(ThreadHolders.Holder::threadName).orElse(null),
        holder.map(ThreadHolders.Holder::frameLine).orElse(null));
  }

  /** The {@code max} objects of {@code objects} retaining the most, largest first (ties: dump order). */
  public static int[] largestObjects(HeapGraph graph, int[] objects, int max) {
    PriorityQueue<long[]> smallestFirst = new PriorityQueue<>((a, b) -> a[0] != b[0]
        ? Long.compare(a[0], b[0]) : Long.compare(b[1], a[1]));
    for (int object : objects) {
      smallestFirst.add(new long[] {graph.retainedSize(object), object});
      if (smallestFirst.size() > max) {
        smallestFirst.poll();
      }
    }
    int[] result = new int[smallestFirst.size()];
    for (int i = result.length - 1; i >= 0; i--) {
      result[i] = (int) smallestFirst.poll()[1];
    }
    return result;
  }

  /**
   * Threads summarized by what they look like: one line per name pattern, state and innermost
   * application frame (else innermost frame), most frequent first, as {@code "800 x Timer-N
   * (TIMED_WAITING) at java.util.TimerThread.mainLoop(Timer.java:563)"}; at most {@code max} lines.
   */
  public static List<String> threadSummary(HeapGraph graph, int[] threadObjects, int max) {
    ThreadHolders holders = ThreadHolders.of(graph);
    Map<String, Integer> lines = new LinkedHashMap<>();
    for (int object : threadObjects) {
      holders.threadOf(object).ifPresent(thread -> {
        String state = thread.state() != null ? " (" + thread.state() + ")" : "";
        String frame = ApplicationCode.firstApplicationFrame(thread)
            .or(() -> thread.frames().stream().findFirst())
            .map(f -> " at " + f.toStackTraceLine()).orElse("");
        lines.merge(ThreadNames.pattern(thread.name()) + state + frame, 1, Integer::sum);
      });
    }
    return lines.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(max)
        .map(e -> Numbers.count(e.getValue()) + " x " + e.getKey())
        .toList();
  }

  /**
   * The threads holding any of {@code objects} (in a frame, or by being one of them), as
   * {@code "name (state) at frame"} lines, grouped: at most {@code max} lines, each with how many
   * of the objects that thread holds when more than one.
   */
  public static List<String> holdingThreads(HeapGraph graph, int[] objects, int max) {
    ThreadHolders holders = ThreadHolders.of(graph);
    Map<String, Integer> lines = new LinkedHashMap<>();
    for (int object : objects) {
      holders.holderOf(object).ifPresent(holder -> {
        String state = holder.thread().state() != null ? " (" + holder.thread().state() + ")" : "";
        String frame = holder.frame() != null ? " at " + holder.frameLine() : "";
        lines.merge(holder.threadName() + state + frame, 1, Integer::sum);
      });
    }
    List<String> result = new ArrayList<>();
    for (Map.Entry<String, Integer> line : lines.entrySet()) {
      if (result.size() == max) {
        break;
      }
      result.add(line.getValue() > 1 ? line.getKey() + " [" + line.getValue() + " objects]" : line.getKey());
    }
    return result;
  }
}
