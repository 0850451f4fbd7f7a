package io.heaplens.rules.support;

import io.heaplens.analysis.rules.Culprit;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.hprof.ThreadFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Finds the application code that holds objects: a breadth-first walk over inbound references,
 * nearest holders first, stopping at the first depth where an application object (or an
 * application class's static field) holds the object.
 *
 * <p>The walk does not pass through objects that hold everything and explain nothing (threads,
 * thread groups, class loaders, objects with many referrers, weak links: see {@link
 * Neighborhood}); a thread holding an object is answered from its stack instead. It is bounded by
 * {@link #MAX_DEPTH} and {@link #MAX_VISITS}, so one search costs at most {@value #MAX_VISITS}
 * inbound lookups (a few microseconds each).
 */
final class Owners {
  /** How many objects of a set {@link #culpritOf} examines. */
  static final int SAMPLE = 16;
  /** How many references back the search looks. */
  static final int MAX_DEPTH = 8;
  /** How many objects one search visits at most. */
  static final int MAX_VISITS = 1_500;

  private final HeapGraph graph;
  private final Neighborhood neighborhood;
  private ThreadHolders threads;

  Owners(HeapGraph graph) {
    this.graph = graph;
    this.neighborhood = new Neighborhood(graph);
  }

  /**
   * The culprit for a set of objects; see {@link ApplicationCode#culpritOf}. An answer must come
   * from at least a quarter of the sampled objects: a few objects of the set held by application
   * code do not make it the culprit for the rest.
   */
  Optional<Culprit> culpritOf(int[] objects) {
    return vote(objects, this::culpritOf);
  }

  /**
   * The application class holding a set of application objects, other than their own class (see
   * {@link #externalOwnerOf}), by the same vote as {@link #culpritOf(int[])}.
   */
  Optional<Culprit> externalHolderOf(int[] objects) {
    return vote(objects, object -> {
      int owner = externalOwnerOf(object);
      return owner < 0 ? null : Culprit.ofClass(ApplicationCode.declaringClass(ownerClassName(owner)));
    });
  }

  private Optional<Culprit> vote(int[] objects, IntFunction<Culprit> culpritOfOne) {
    Map<String, Integer> votes = new LinkedHashMap<>();
    Map<String, Culprit> culprits = new HashMap<>();
    int step = Math.max(1, (objects.length + SAMPLE - 1) / SAMPLE);
    int sampled = 0;
    for (int i = 0; i < objects.length; i += step) {
      sampled++;
      Culprit culprit = culpritOfOne.apply(objects[i]);
      if (culprit != null) {
        String key = culprit.className() + "#" + culprit.method();
        votes.merge(key, 1, Integer::sum);
        culprits.putIfAbsent(key, culprit);
      }
    }
    int needed = Math.max(1, (sampled + 3) / 4);
    return votes.entrySet().stream()
        .filter(e -> e.getValue() >= needed)
        .max(Map.Entry.comparingByValue())
        .map(e -> culprits.get(e.getKey()));
  }

  /**
   * The culprit for one object: its nearest application owner, else the application frame of the
   * thread holding it, else the application object nearest to it on its path from a GC root.
   */
  Culprit culpritOf(int object) {
    int owner = ownerOf(object);
    if (owner >= 0) {
      return Culprit.ofClass(ApplicationCode.declaringClass(ownerClassName(owner)));
    }
    Culprit frame = frameCulprit(object);
    if (frame != null) {
      return frame;
    }
    int onPath = ownerOnPath(object);
    return onPath >= 0 ? Culprit.ofClass(ApplicationCode.declaringClass(ownerClassName(onPath))) : null;
  }

  /**
   * The application object nearest to {@code object} on its shortest path from a GC root (beyond
   * the reach of the bounded backward search), or -1. Thread objects on the path do not count: a
   * thread is answered from its stack.
   */
  int ownerOnPath(int object) {
    int[] path = graph.pathFromGcRoot(object);
    for (int i = path.length - 2; i >= 0; i--) {
      if (!neighborhood.isThread(path[i]) && isApplicationObject(path[i])) {
        return path[i];
      }
    }
    return -1;
  }

  /** The nearest application object (or class, for statics) holding {@code object}, or -1. */
  int ownerOf(int object) {
    if (isApplicationObject(object)) {
      return object;
    }
    return search(object, null);
  }

  /**
   * The nearest application object holding {@code object} whose declaring class is not the
   * object's own (so a cache's own timer task or lambda is walked through, not returned), or -1.
   */
  int externalOwnerOf(int object) {
    return search(object, ApplicationCode.declaringClass(ownerClassName(object)));
  }

  private int search(int object, String skipDeclaring) {
    Set<Integer> visited = new HashSet<>();
    visited.add(object);
    List<Integer> level = List.of(object);
    for (int depth = 0; depth < MAX_DEPTH && !level.isEmpty() && visited.size() < MAX_VISITS; depth++) {
      List<Integer> next = new ArrayList<>();
      for (int node : level) {
        for (int referrer : graph.inboundReferences(node)) {
          if (!visited.add(referrer) || isWeakLink(referrer, node)) {
            continue;
          }
          if (isApplicationObject(referrer) && (skipDeclaring == null
              || !skipDeclaring.equals(ApplicationCode.declaringClass(ownerClassName(referrer))))) {
            return referrer;
          }
          if (isWalkable(referrer)) {
            next.add(referrer);
          }
        }
        if (visited.size() >= MAX_VISITS) {
          break;
        }
      }
      level = next;
    }
    return -1;
  }

  /**
   * The application frame responsible for a thread-held object, as a culprit; else null. For an
   * object a frame's locals hold: that frame if it runs application code, else the nearest
   * application frame that called it. For a thread object: the innermost application frame of its
   * stack. A library frame called by no application code (an idle pool worker holding its pool)
   * blames nobody.
   */
  Culprit frameCulprit(int object) {
    if (threads == null) {
      threads = ThreadHolders.of(graph);
    }
    Optional<ThreadHolders.Holder> holder = threads.holderOf(object);
    if (holder.isEmpty()) {
      return null;
    }
    List<ThreadFrame> frames = holder.get().thread().frames();
    int from = holder.get().frame() == null ? 0 : frames.indexOf(holder.get().frame());
    for (int i = Math.max(from, 0); i < frames.size(); i++) {
      ThreadFrame frame = frames.get(i);
      if (ApplicationCode.isApplicationFrame(frame)) {
        return new Culprit(ApplicationCode.declaringClass(frame.className()), frame.methodName(),
            Math.max(frame.lineNumber(), -1));
      }
    }
    return null;
  }

  private String ownerClassName(int owner) {
    return ApplicationCode.ownerClassName(graph, owner);
  }

  private boolean isApplicationObject(int object) {
    return ApplicationCode.isApplication(ownerClassName(object));
  }

  private boolean isWalkable(int object) {
    return neighborhood.isWalkable(object);
  }

  private boolean isWeakLink(int referrer, int target) {
    return neighborhood.isWeakLink(referrer, target);
  }
}
