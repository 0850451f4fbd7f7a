package io.heaplens.rules.support;

import io.heaplens.hprof.HeapGraph;
import io.heaplens.hprof.HeapThread;
import io.heaplens.hprof.ThreadFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which thread holds which object: the objects each stack frame's locals reference (ROOT JAVA
 * FRAME), and the thread objects themselves. Built once per heap ({@link #of}) from {@link
 * HeapGraph#threads()}: O(threads + frame locals), a few bytes per held object.
 */
public final class ThreadHolders {
  /**
   * A thread and the frame of its stack that holds an object.
   *
   * @param thread the thread
   * @param frame the innermost frame holding the object, or null when the object is the thread
   *     itself
   */
  public record Holder(HeapThread thread, ThreadFrame frame) {
    /** The thread's name, or {@code <unnamed thread>}. */
    public String threadName() {
      return thread.name() != null ? thread.name() : "<unnamed thread>";
    }

    /** The holding frame as Java prints it, or null. */
    public String frameLine() {
      return frame != null ? frame.toStackTraceLine() : null;
    }

    /**
     * The application frame responsible for what the holding frame holds: that frame if it runs
     * application code, else the nearest application frame that called it; for the thread itself
     * ({@code frame} null), the innermost application frame. Empty when only library code runs at
     * or outside the holding frame (an idle pool worker holding its pool).
     */
    public Optional<ThreadFrame> applicationFrame() {
      List<ThreadFrame> frames = thread.frames();
      int from = 0;
      if (frame != null) {
        from = -1;
        for (int i = 0; i < frames.size() && from < 0; i++) {
          if (frames.get(i) == frame) {
            from = i;
          }
        }
      }
      for (int i = Math.max(from, 0); i < frames.size(); i++) {
        if (ApplicationCode.isApplicationFrame(frames.get(i))) {
          return Optional.of(frames.get(i));
        }
      }
      return Optional.empty();
    }

    /** {@code "name (STATE) at frame"}: the thread, under {@code name}, and a frame as a line of evidence. */
    public String describeAs(String name, ThreadFrame shown) {
      String state = thread.state() != null ? " (" + thread.state() + ")" : "";
      return name + state + (shown != null ? " at " + shown.toStackTraceLine() : "");
    }
  }

  private final Map<Integer, Holder> byObject = new HashMap<>();
  /** Holders beyond the first of objects that several frames hold (most objects have one). */
  private final Map<Integer, List<Holder>> moreByObject = new HashMap<>();
  private final Map<Integer, HeapThread> byThreadObject = new HashMap<>();

  /** The threads of {@code graph}, indexed once per heap. */
  public static ThreadHolders of(HeapGraph graph) {
    return PerHeap.get(graph, ThreadHolders.class.getName(), () -> new ThreadHolders(graph));
  }

  /** Indexes the threads of {@code graph}; {@link #of} shares one index per heap. */
  public ThreadHolders(HeapGraph graph) {
    for (HeapThread thread : graph.threads()) {
      byThreadObject.put(thread.object(), thread);
      List<ThreadFrame> frames = thread.frames();
      // Innermost frame first: the first frame found holding an object is the one kept.
      for (ThreadFrame frame : frames) {
        for (int local : frame.localObjects()) {
          Holder holder = new Holder(thread, frame);
          Holder first = byObject.putIfAbsent(local, holder);
          if (first != null && first.thread() != thread) {
            List<Holder> more = moreByObject.computeIfAbsent(local, o -> new ArrayList<>(2));
            if (more.stream().noneMatch(h -> h.thread() == thread)) {
              more.add(holder); // the innermost holding frame of each further thread
            }
          }
        }
      }
    }
  }

  /** The thread whose {@code java.lang.Thread} object this is, if it is alive in the dump. */
  public Optional<HeapThread> threadOf(int threadObject) {
    return Optional.ofNullable(byThreadObject.get(threadObject));
  }

  /**
   * The thread holding {@code object}: the thread itself when {@code object} is a live thread's
   * object, else the innermost frame whose locals reference it.
   */
  public Optional<Holder> holderOf(int object) {
    HeapThread thread = byThreadObject.get(object);
    if (thread != null) {
      return Optional.of(new Holder(thread, null)); // a thread holds itself, whatever its frames say
    }
    return Optional.ofNullable(byObject.get(object));
  }

  /**
   * Every thread whose stack holds {@code object} in a frame, each with its innermost holding
   * frame; the thread object itself does not count. Empty when no frame holds it.
   */
  public List<Holder> frameHoldersOf(int object) {
    Holder first = byObject.get(object);
    if (first == null) {
      return List.of();
    }
    List<Holder> more = moreByObject.get(object);
    if (more == null) {
      return List.of(first);
    }
    List<Holder> all = new ArrayList<>(more.size() + 1);
    all.add(first);
    all.addAll(more);
    return all;
  }

  /**
   * The thread holding the object nearest to the end of {@code path} (a path from a GC root, root
   * first): what holds the object itself, else what holds the closest object before it.
   */
  public Optional<Holder> holderOnPath(int[] path) {
    for (int i = path.length - 1; i >= 0; i--) {
      Optional<Holder> holder = holderOf(path[i]);
      if (holder.isPresent()) {
        return holder;
      }
    }
    return Optional.empty();
  }
}
