package io.heaplens.rules.threads;

import io.heaplens.analysis.rules.Culprit;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.hprof.ObjectKind;
import io.heaplens.rules.support.ApplicationCode;
import io.heaplens.rules.support.LiveThreads.ThreadInfo;
import io.heaplens.rules.support.LiveThreads;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the dump says about who created executors and threads, when no stack does: the executor's
 * class, its thread factory, its workers' name pattern and what holds it tell creators apart
 * ({@link #creatorKey}), so executors of two creators are never one group; the tasks queued on the
 * executors or an application thread factory name the creator ({@link #inferForExecutors}), saying
 * how it was inferred. (The {@code Runnable} a live thread was started with needs no inference: its
 * frame is on the thread's stack, which names the code directly.)
 *
 * <p>Every inference rests on a reference into application code; without one, there is no culprit
 * rather than a guessed one. Cost: per executor, one read of its factory and direct holders; per
 * inference, a bounded walk of at most {@value #MAX_QUEUE_VISITS} objects from each executor's queue.
 */
final class ThreadCreators {
  static final int MAX_QUEUE_VISITS = 200;
  /** Executors that must agree on an application class for it to be named. */
  static final int MIN_AGREEING = 2;

  /**
   * A culprit inferred from references rather than read from a stack.
   *
   * @param culprit the application class the references point to
   * @param how how it was inferred, for the claim ("inferred from the tasks queued on these executors")
   * @param agreeing how many executors point to it
   */
  record Inference(Culprit culprit, String how, int agreeing) {}

  private ThreadCreators() {}

  /**
   * What tells an executor's creator from another's: its class, its thread factory's class, its
   * workers' commonest name pattern and the class of what holds it ({@code "-"} for each when none).
   */
  static String creatorKey(HeapGraph graph, LiveThreads live, int executor) {
    Map<String, Integer> patterns = new HashMap<>();
    for (ThreadInfo worker : live.workersOf(executor)) {
      patterns.merge(worker.pattern(), 1, Integer::sum);
    }
    String pattern = patterns.entrySet().stream()
        .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .map(Map.Entry::getKey).orElse("-");
    return graph.classOf(executor).name() + " | factory " + factoryClass(graph, executor).orElse("-")
        + " | threads " + pattern + " | held by " + holderClass(graph, live, executor).orElse("-");
  }

  /** The class of the executor's thread factory ({@code threadFactory}, or a fork-join pool's {@code factory}). */
  static Optional<String> factoryClass(HeapGraph graph, int executor) {
    int factory = graph.referenceField(executor, "threadFactory");
    if (factory < 0) {
      factory = graph.referenceField(executor, "factory");
    }
    return factory < 0 ? Optional.empty() : Optional.of(graph.classOf(factory).name());
  }

  /**
   * The application class the executors' evidence points to: the tasks queued on them, else their
   * thread factory when it is application code. Empty when neither points into the application, or
   * fewer than {@value #MIN_AGREEING} executors agree.
   */
  static Optional<Inference> inferForExecutors(HeapGraph graph, int[] executors) {
    Map<String, Integer> byTasks = new HashMap<>();
    Map<String, Integer> byFactory = new HashMap<>();
    for (int executor : executors) {
      for (String taskClass : queuedApplicationClasses(graph, executor)) {
        byTasks.merge(taskClass, 1, Integer::sum);
      }
      factoryClass(graph, executor).filter(ApplicationCode::isApplication)
          .ifPresent(factory -> byFactory.merge(ApplicationCode.declaringClass(factory), 1, Integer::sum));
    }
    return agreed(byTasks, "inferred from the tasks queued on these executors")
        .or(() -> agreed(byFactory, "inferred from the thread factory these executors were built with"));
  }

  /** The class most executors point to, when at least half of those pointing anywhere agree. */
  private static Optional<Inference> agreed(Map<String, Integer> votes, String how) {
    int total = votes.values().stream().mapToInt(Integer::intValue).sum();
    return votes.entrySet().stream()
        .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .filter(e -> e.getValue() >= MIN_AGREEING && 2L * e.getValue() >= total)
        .map(e -> new Inference(Culprit.ofClass(e.getKey()), how, e.getValue()));
  }

  /**
   * The declaring classes of the application objects queued on the executor: reached from its
   * {@code workQueue} (or a scheduled executor's delayed queue) through library objects only (queue
   * nodes, futures, adapters), never through threads or the executor itself.
   */
  private static Set<String> queuedApplicationClasses(HeapGraph graph, int executor) {
    Set<String> classes = new TreeSet<>();
    int queue = graph.referenceField(executor, "workQueue");
    if (queue < 0) {
      return classes;
    }
    Set<Integer> seen = new HashSet<>(List.of(executor, queue));
    ArrayDeque<Integer> pending = new ArrayDeque<>(List.of(queue));
    while (!pending.isEmpty() && seen.size() < MAX_QUEUE_VISITS) {
      int at = pending.poll();
      for (int next : graph.outboundReferences(at)) {
        if (!seen.add(next) || graph.kind(next) == ObjectKind.CLASS || LiveThreads.of(graph).isLive(next)) {
          continue;
        }
        String name = graph.classOf(next).name();
        if (ApplicationCode.isApplication(name)) {
          classes.add(ApplicationCode.declaringClass(name));
        } else if (graph.kind(next) != ObjectKind.PRIMITIVE_ARRAY && !name.startsWith("java.lang.Thread")) {
          pending.add(next);
        }
      }
    }
    return classes;
  }

  /**
   * The application class directly holding the executor, other than its own workers, threads and
   * inner classes; empty when none does (an executor dropped by its creator).
   */
  private static Optional<String> holderClass(HeapGraph graph, LiveThreads live, int executor) {
    String ownPrefix = graph.classOf(executor).name() + "$";
    for (int holder : graph.inboundReferences(executor)) {
      String holderClass = graph.classOf(holder).name();
      if (graph.kind(holder) != ObjectKind.CLASS && !holderClass.startsWith(ownPrefix) && !live.isLive(holder)
          && ApplicationCode.isApplication(holderClass)) {
        return Optional.of(ApplicationCode.declaringClass(holderClass));
      }
    }
    return Optional.empty();
  }
}
