package io.heaplens.rules.support;

import io.heaplens.analysis.rules.Culprit;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.hprof.HeapThread;
import io.heaplens.hprof.ObjectKind;
import io.heaplens.hprof.ThreadFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stack frame responsible for an object that a thread's stack holds.
 *
 * <p>An object on a stack is usually held by several frames at once: the method that obtained it
 * and every callee it was passed to (a store, a logger, a latch). The responsible one is the
 * outermost application frame holding the object or one of its near holders (a wrapper, an entity,
 * a response): callees received it, that frame produced it or asked a library for it. When only
 * library frames hold it, the nearest application frame further out (the caller that asked the
 * library) is taken.
 *
 * <p>Cost per object: one shortest-path query and a bounded backward search of at most {@value
 * #MAX_NEAR_HOLDERS} objects, {@value #NEAR_HOLDER_DEPTH} references deep.
 */
public final class HoldingFrames {
  /** How many references a frame's local may be from the object for the frame to hold it. */
  static final int MAX_STEPS_FROM_LOCAL = 3;
  /** How many references back from the object its near holders are looked for. */
  static final int NEAR_HOLDER_DEPTH = 3;
  /** How many near holders are collected at most. */
  static final int MAX_NEAR_HOLDERS = 64;

  /**
   * A thread and the frame of its stack responsible for an object.
   *
   * @param thread the holding thread
   * @param frame the responsible frame (application code when the stack has any), or null
   * @param holdingFrames all frames of the stack that hold the object or a near holder, innermost
   *     first
   * @param nearHolders the object, the objects on its path below the thread, and its near holders
   */
  public record Holding(HeapThread thread, ThreadFrame frame, List<ThreadFrame> holdingFrames, Set<Integer> nearHolders) {
    /** The thread's name, or {@code <unnamed thread>}. */
    public String threadName() {
      return thread.name() != null ? thread.name() : "<unnamed thread>";
    }

    /** The responsible frame as Java prints it, or null. */
    public String frameLine() {
      return frame != null ? frame.toStackTraceLine() : null;
    }

    /** The responsible frame as a culprit, or null when there is no application frame. */
    public Culprit culprit() {
      if (frame == null || !ApplicationCode.isApplicationFrame(frame)) {
        return null;
      }
      return new Culprit(ApplicationCode.declaringClass(frame.className()), methodName(frame),
          frame.lineNumber() > 0 ? frame.lineNumber() : -1);
    }
  }

  private final HeapGraph graph;
  private final Map<Integer, HeapThread> threadsByObject = new HashMap<>();

  public HoldingFrames(HeapGraph graph) {
    this.graph = graph;
    for (HeapThread thread : graph.threads()) {
      threadsByObject.put(thread.object(), thread);
    }
  }

  /** Whether the object is a live thread's {@code java.lang.Thread}. */
  public boolean isThread(int object) {
    return threadsByObject.containsKey(object);
  }

  /** {@code name (STATE) at <first application frame, else top frame>} for a thread object. */
  public String describeThread(int threadObject) {
    HeapThread thread = threadsByObject.get(threadObject);
    String name = thread.name() != null ? thread.name() : "<unnamed thread>";
    String state = thread.state() != null ? " (" + thread.state() + ")" : "";
    ThreadFrame frame = ApplicationCode.firstApplicationFrame(thread)
        .orElse(thread.frames().isEmpty() ? null : thread.frames().get(0));
    return name + state + (frame != null ? " at " + frame.toStackTraceLine() : "");
  }

  /**
   * Who on a stack holds {@code object}, given its path from a GC root: null unless the path starts
   * at a thread and goes on through a local of one of its frames (not through the thread's fields),
   * at most {@value #MAX_STEPS_FROM_LOCAL} references from that local to the object. A longer path
   * runs through a long-lived structure (a server, a registry) that the frame merely has in hand.
   */
  public Holding of(int object, int[] path) {
    if (path.length < 2 || path.length - 2 > MAX_STEPS_FROM_LOCAL) {
      return null;
    }
    HeapThread thread = threadsByObject.get(path[0]);
    if (thread == null || !isLocal(thread, path[1])) {
      return null;
    }
    Set<Integer> near = nearHolders(object, path);
    List<ThreadFrame> frames = thread.frames();
    int innermost = -1;
    int outermostApplication = -1;
    List<ThreadFrame> holding = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      if (holds(frames.get(i), near)) {
        holding.add(frames.get(i));
        if (innermost < 0) {
          innermost = i;
        }
        if (ApplicationCode.isApplicationFrame(frames.get(i))) {
          outermostApplication = i;
        }
      }
    }
    ThreadFrame frame = null;
    if (outermostApplication >= 0) {
      frame = frames.get(outermostApplication);
    } else if (innermost >= 0) {
      for (int i = innermost; i < frames.size() && frame == null; i++) {
        if (ApplicationCode.isApplicationFrame(frames.get(i))) {
          frame = frames.get(i);
        }
      }
    }
    if (frame == null) {
      frame = ApplicationCode.firstApplicationFrame(thread).orElse(innermost >= 0 ? frames.get(innermost) : null);
    }
    return new Holding(thread, frame, holding, near);
  }

  /** {@code lambda$archive$0} is {@code archive}; other names stay as they are. */
  public static String methodName(ThreadFrame frame) {
    String name = frame.methodName();
    if (name != null && name.startsWith("lambda$")) {
      int end = name.indexOf('$', "lambda$".length());
      if (end > "lambda$".length()) {
        return name.substring("lambda$".length(), end);
      }
    }
    return name;
  }

  private boolean isLocal(HeapThread thread, int object) {
    for (ThreadFrame frame : thread.frames()) {
      for (int local : frame.localObjects()) {
        if (local == object) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean holds(ThreadFrame frame, Set<Integer> objects) {
    for (int local : frame.localObjects()) {
      if (objects.contains(local)) {
        return true;
      }
    }
    return false;
  }

  /** The object, its path below the thread, and what references it a few steps back. */
  private Set<Integer> nearHolders(int object, int[] path) {
    Set<Integer> near = new HashSet<>();
    for (int i = 1; i < path.length; i++) {
      near.add(path[i]);
    }
    near.add(object);
    List<Integer> level = List.of(object);
    for (int depth = 0; depth < NEAR_HOLDER_DEPTH && !level.isEmpty(); depth++) {
      List<Integer> next = new ArrayList<>();
      for (int node : level) {
        for (int referrer : graph.inboundReferences(node)) {
          if (near.size() >= MAX_NEAR_HOLDERS + path.length) {
            return near;
          }
          if (threadsByObject.containsKey(referrer) || graph.kind(referrer) == ObjectKind.CLASS) {
            continue;
          }
          if (near.add(referrer)) {
            next.add(referrer);
          }
        }
      }
      level = next;
    }
    return near;
  }
}
