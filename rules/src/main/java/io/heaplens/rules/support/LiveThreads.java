package io.heaplens.rules.support;

import io.heaplens.hprof.HeapClass;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.hprof.HeapThread;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The live threads of a dump with what rules ask of each: its name pattern ({@link ThreadNames}),
 * the pool it works for, and whether it is idle.
 *
 * <p>The pool is found from structure, not names: a {@code ForkJoinWorkerThread}'s {@code pool};
 * otherwise the thread's task ({@code target}, or {@code holder.task} on JDK 19 and later) when it
 * is an inner-class instance whose {@code this$0} is a library executor (the JDK's {@code
 * ThreadPoolExecutor$Worker}, Tomcat's, Jetty's {@code QueuedThreadPool$Runner}, ...). A thread
 * with neither was started on its own ({@code new Thread(task).start()}) or by a library that
 * hides its pool. Idle means waiting or sleeping with no application frame on the stack: parked
 * in a queue, a timer's wait or a selector, with nothing of the application's to do.
 *
 * <p>Cost: two field reads per thread, once per heap ({@link #of}).
 */
public final class LiveThreads {
  /**
   * One live thread.
   *
   * @param thread the thread, with its stack
   * @param pattern its name with digit runs replaced ({@code pool-N-thread-M})
   * @param pool the executor object it works for, or -1 when it belongs to none that is visible
   * @param idle whether it is waiting or sleeping in library code only
   */
  public record ThreadInfo(HeapThread thread, String pattern, int pool, boolean idle) {}

  private final List<ThreadInfo> threads;
  private final Map<Integer, List<ThreadInfo>> byPool = new HashMap<>();
  private final Map<Integer, ThreadInfo> byObject = new HashMap<>();

  /** The live threads of {@code graph}, read once per heap. */
  public static LiveThreads of(HeapGraph graph) {
    return PerHeap.get(graph, LiveThreads.class.getName(), () -> new LiveThreads(graph));
  }

  private LiveThreads(HeapGraph graph) {
    HeapClass forkJoinWorker = graph.findClass("java.util.concurrent.ForkJoinWorkerThread").orElse(null);
    List<ThreadInfo> list = new ArrayList<>();
    for (HeapThread thread : graph.threads()) {
      int pool = poolOf(graph, thread.object(), forkJoinWorker);
      ThreadInfo info = new ThreadInfo(thread, ThreadNames.pattern(thread.name()), pool, isIdle(thread));
      list.add(info);
      byObject.put(thread.object(), info);
      if (pool >= 0) {
        byPool.computeIfAbsent(pool, p -> new ArrayList<>()).add(info);
      }
    }
    threads = Collections.unmodifiableList(list);
  }

  /** Every live thread, in dump order. */
  public List<ThreadInfo> all() {
    return threads;
  }

  /** The live thread whose {@code java.lang.Thread} object this is. */
  public Optional<ThreadInfo> of(int threadObject) {
    return Optional.ofNullable(byObject.get(threadObject));
  }

  /** Whether the object is the {@code java.lang.Thread} of a live thread. */
  public boolean isLive(int threadObject) {
    return byObject.containsKey(threadObject);
  }

  /**
   * Name patterns of these threads with their counts, most frequent first: {@code "pool-N-thread-M:
   * 902, Timer-N: 3"}; at most {@code max} patterns.
   */
  public String patternsOf(int[] threadObjects, int max) {
    Map<String, Integer> patterns = new HashMap<>();
    for (int object : threadObjects) {
      of(object).ifPresent(t -> patterns.merge(t.pattern(), 1, Integer::sum));
    }
    return patterns.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(max)
        .map(e -> e.getKey() + ": " + Numbers.count(e.getValue()))
        .collect(Collectors.joining(", "));
  }

  /** How many of these threads are idle. */
  public long idleCount(int[] threadObjects) {
    return Arrays.stream(threadObjects).filter(t -> of(t).map(ThreadInfo::idle).orElse(false)).count();
  }

  /** The live threads working for each pool object. */
  public Map<Integer, List<ThreadInfo>> byPool() {
    return Collections.unmodifiableMap(byPool);
  }

  /** The live threads working for {@code pool}; empty if none. */
  public List<ThreadInfo> workersOf(int pool) {
    return byPool.getOrDefault(pool, List.of());
  }

  /** Whether a thread waits or sleeps with only library code on its stack. */
  public static boolean isIdle(HeapThread thread) {
    boolean waiting = "WAITING".equals(thread.state()) || "TIMED_WAITING".equals(thread.state());
    return waiting && thread.frames().stream().noneMatch(ApplicationCode::isApplicationFrame);
  }

  private static int poolOf(HeapGraph graph, int threadObject, HeapClass forkJoinWorker) {
    if (forkJoinWorker != null && graph.classOf(threadObject).isSubclassOf(forkJoinWorker)) {
      return graph.referenceField(threadObject, "pool");
    }
    int task = graph.referenceField(threadObject, "target");
    if (task < 0) {
      int holder = graph.referenceField(threadObject, "holder");
      task = holder >= 0 ? graph.referenceField(holder, "task") : -1;
    }
    if (task < 0 || graph.classOf(task).name().indexOf('$') < 0) {
      return -1;
    }
    int outer = graph.referenceField(task, "this$0");
    // An application's own Runnable with an enclosing instance is a task, not a pool's worker.
    return outer >= 0 && outer != threadObject && ApplicationCode.isLibrary(graph.classOf(outer).name())
        ? outer : -1;
  }
}
