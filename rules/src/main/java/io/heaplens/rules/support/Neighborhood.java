package io.heaplens.rules.support;

import io.heaplens.hprof.HeapClass;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.hprof.ObjectKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * The objects near one object, for telling which threads, connections or sockets belong to it:
 * bounded breadth-first walks over outbound ({@link #outbound}) or inbound ({@link #inbound})
 * references.
 *
 * <p>Both walks collect but do not walk through what would lead everywhere: class objects, thread
 * objects ({@code Thread.group} leads to every thread), thread groups, class loaders, objects with
 * more than {@link #HUB_REFERRERS} referrers (shared singletons, registries), and the {@code
 * referent} of weak, soft and phantom references. Cost: at most {@code maxVisits} objects per walk.
 */
public final class Neighborhood {
  /** Objects with more referrers than this are collected but not walked through. */
  public static final int HUB_REFERRERS = 64;

  private final HeapGraph graph;
  private final HeapClass thread;
  private final HeapClass threadGroup;
  private final HeapClass classLoader;
  private final HeapClass reference;
  /** Referrer counts asked for so far: the same hubs come up walk after walk. */
  private final Map<Integer, Integer> referrerCounts = new HashMap<>();

  /** Walks over {@code graph}. */
  public Neighborhood(HeapGraph graph) {
    this.graph = graph;
    this.thread = graph.findClass("java.lang.Thread").orElse(null);
    this.threadGroup = graph.findClass("java.lang.ThreadGroup").orElse(null);
    this.classLoader = graph.findClass("java.lang.ClassLoader").orElse(null);
    this.reference = graph.findClass("java.lang.ref.Reference").orElse(null);
  }

  /**
   * The objects {@code from} reaches within {@code maxDepth} references (itself excluded), nearest
   * first, at most {@code maxVisits}.
   */
  public int[] outbound(int from, int maxDepth, int maxVisits) {
    return walk(from, maxDepth, maxVisits, true);
  }

  /**
   * The objects that reach {@code to} within {@code maxDepth} references (itself excluded),
   * nearest first, at most {@code maxVisits}.
   */
  public int[] inbound(int to, int maxDepth, int maxVisits) {
    return walk(to, maxDepth, maxVisits, false);
  }

  /**
   * The nearest object reaching {@code to} (inbound) or reached from it (outbound) within {@code
   * maxDepth} references that satisfies {@code test}, or -1; stops as soon as one is found.
   */
  public int first(int start, boolean outbound, int maxDepth, int maxVisits, IntPredicate test) {
    int[] found = {-1};
    walk(start, maxDepth, maxVisits, outbound, object -> {
      if (test.test(object)) {
        found[0] = object;
        return true;
      }
      return false;
    });
    return found[0];
  }

  /** Whether the object is a {@code java.lang.Thread}. */
  public boolean isThread(int object) {
    return thread != null && graph.kind(object) == ObjectKind.INSTANCE && graph.classOf(object).isSubclassOf(thread);
  }

  private int[] walk(int start, int maxDepth, int maxVisits, boolean outbound) {
    List<Integer> found = new ArrayList<>();
    walk(start, maxDepth, maxVisits, outbound, object -> {
      found.add(object);
      return false;
    });
    return toArray(found);
  }

  /** Visits objects nearest first until {@code visitor} returns true or the limits are reached. */
  private void walk(int start, int maxDepth, int maxVisits, boolean outbound, IntPredicate visitor) {
    int visits = 0;
    Set<Integer> seen = new HashSet<>();
    seen.add(start);
    List<Integer> level = List.of(start);
    for (int depth = 0; depth < maxDepth && !level.isEmpty(); depth++) {
      List<Integer> next = new ArrayList<>();
      for (int node : level) {
        int[] neighbors = outbound ? graph.outboundReferences(node) : graph.inboundReferences(node);
        for (int neighbor : neighbors) {
          if (visits >= maxVisits) {
            return;
          }
          if (!seen.add(neighbor) || isWeakLink(outbound ? node : neighbor, outbound ? neighbor : node)) {
            continue;
          }
          visits++;
          if (visitor.test(neighbor)) {
            return;
          }
          if (isWalkable(neighbor)) {
            next.add(neighbor);
          }
        }
      }
      level = next;
    }
  }

  /** Whether a walk may go on through {@code object} (see the class comment). */
  boolean isWalkable(int object) {
    if (graph.kind(object) == ObjectKind.CLASS || isThread(object)) {
      return false;
    }
    HeapClass heapClass = graph.classOf(object);
    if ((threadGroup != null && heapClass.isSubclassOf(threadGroup))
        || (classLoader != null && heapClass.isSubclassOf(classLoader))) {
      return false;
    }
    return referrerCounts.computeIfAbsent(object, o -> graph.inboundReferences(o).length) <= HUB_REFERRERS;
  }

  /** Whether {@code from} holds {@code to} only as a weak, soft or phantom reference's referent. */
  boolean isWeakLink(int from, int to) {
    return reference != null && graph.kind(from) == ObjectKind.INSTANCE
        && graph.classOf(from).isSubclassOf(reference) && graph.referenceField(from, "referent") == to;
  }

  private static int[] toArray(List<Integer> list) {
    int[] result = new int[list.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = list.get(i);
    }
    return result;
  }

  /** {@code objects} sorted, each once. */
  public static int[] distinctSorted(int[] objects) {
    int[] copy = objects.clone();
    Arrays.sort(copy);
    return Arrays.stream(copy).distinct().toArray();
  }
}
