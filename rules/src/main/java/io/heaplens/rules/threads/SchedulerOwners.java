package io.heaplens.rules.threads;

import io.heaplens.hprof.HeapClass;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.hprof.ObjectKind;
import io.heaplens.rules.support.ApplicationCode;
import io.heaplens.rules.support.LibraryClasses.Role;
import io.heaplens.rules.support.LibraryClasses;
import io.heaplens.rules.support.LiveThreads;
import io.heaplens.rules.support.Neighborhood;
import io.heaplens.rules.support.PerHeap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Timers and scheduled executors that still have a live thread, each with the object that owns
 * it, grouped by the owner's class: the structure behind {@code cache.per-request-scheduler}, also
 * used by {@code threads.unbounded-creation} to leave these threads to that rule.
 *
 * <p>A scheduler's owner is the nearest object holding it (inbound references, at most {@value
 * #OWNER_DEPTH} deep) that is not scheduling machinery: JDK classes (the executor's workers and
 * tasks, {@code Executors}' wrappers, collections), cache libraries' scheduler wrappers, threads.
 * So a {@code java.util.Timer} in a field of a cache object is owned by that cache, and a
 * Caffeine cache given an executor of its own owns that executor. When nothing but its own threads
 * holds the scheduler, the owner is what its queued tasks work for (at most {@value
 * #SUBJECT_DEPTH} references from it): a cache's cleanup task still queued on an executor whose
 * cache was collected.
 *
 * <p>Cost: per scheduler, one inbound walk of at most {@value #MAX_VISITS} objects and one
 * outbound walk of depth 2 for its threads.
 */
final class SchedulerOwners {
  static final int OWNER_DEPTH = 5;
  static final int SUBJECT_DEPTH = 7;
  static final int MAX_VISITS = 128;
  private static final List<Role> MACHINERY_ROLES =
      List.of(Role.TIMER, Role.SCHEDULED_EXECUTOR, Role.THREAD_POOL, Role.CACHE_SCHEDULER);

  /**
   * A scheduler with live threads.
   *
   * @param scheduler the Timer or executor object
   * @param owner the object owning it, or -1 when neither a holder nor a task's subject was found
   * @param held whether the owner holds the scheduler (else the owner is what its tasks work for)
   * @param threads its live thread objects
   */
  record Scheduler(int scheduler, int owner, boolean held, int[] threads) {}

  /**
   * The schedulers whose owners share one class.
   *
   * @param ownerClass the owners' class (Java name)
   * @param schedulers the schedulers, one per owner
   */
  record Group(String ownerClass, List<Scheduler> schedulers) {
    /** Whether most owners hold their scheduler (rather than being what its queued tasks work for). */
    boolean held() {
      return schedulers.stream().filter(Scheduler::held).count() * 2 >= schedulers.size();
    }

    int[] owners() {
      return schedulers.stream().mapToInt(Scheduler::owner).distinct().toArray();
    }

    int[] schedulerObjects() {
      return schedulers.stream().mapToInt(Scheduler::scheduler).toArray();
    }

    int[] threadObjects() {
      return schedulers.stream().flatMapToInt(s -> Arrays.stream(s.threads())).distinct().toArray();
    }
  }

  private final HeapGraph graph;
  private final LiveThreads threads;
  private final Neighborhood neighborhood;
  /** Per class index: 1 machinery, 2 not, 0 not yet known. */
  private final byte[] machineryByClass;

  private SchedulerOwners(HeapGraph graph, LiveThreads threads) {
    this.graph = graph;
    this.threads = threads;
    this.neighborhood = new Neighborhood(graph);
    this.machineryByClass = new byte[graph.classes().size()];
  }

  /** Every live scheduler with an owner, grouped by owner class, largest group first; once per heap. */
  static List<Group> groups(HeapGraph graph) {
    return PerHeap.get(graph, SchedulerOwners.class.getName(), () -> List.copyOf(findGroups(graph)));
  }

  private static List<Group> findGroups(HeapGraph graph) {
    SchedulerOwners owners = new SchedulerOwners(graph, LiveThreads.of(graph));
    Map<String, List<Scheduler>> byOwnerClass = new LinkedHashMap<>();
    Set<Integer> seenOwners = new HashSet<>();
    for (Scheduler scheduler : owners.liveSchedulers()) {
      if (scheduler.owner() < 0 || !seenOwners.add(scheduler.owner())) {
        continue; // unowned, or a second scheduler of an owner already counted
      }
      byOwnerClass.computeIfAbsent(graph.classOf(scheduler.owner()).name(), c -> new ArrayList<>()).add(scheduler);
    }
    List<Group> groups = new ArrayList<>();
    byOwnerClass.forEach((ownerClass, list) -> groups.add(new Group(ownerClass, list)));
    groups.sort((a, b) -> Integer.compare(b.schedulers().size(), a.schedulers().size()));
    return groups;
  }

  /** Timers and scheduled executors with at least one live thread. */
  private List<Scheduler> liveSchedulers() {
    List<Scheduler> result = new ArrayList<>();
    for (Role role : List.of(Role.TIMER, Role.SCHEDULED_EXECUTOR)) {
      for (int scheduler : LibraryClasses.instancesWithRole(graph, role)) {
        Set<Integer> own = new LinkedHashSet<>();
        threads.workersOf(scheduler).forEach(t -> own.add(t.thread().object()));
        for (int near : graph.outboundReferences(scheduler)) {
          if (threads.isLive(near)) {
            own.add(near); // a Timer's thread field
          }
        }
        if (!own.isEmpty()) {
          int[] ownThreads = own.stream().mapToInt(Integer::intValue).toArray();
          int holder = neighborhood.first(scheduler, false, OWNER_DEPTH, MAX_VISITS, o -> !isMachinery(o));
          int owner = holder >= 0 ? holder
              : neighborhood.first(scheduler, true, SUBJECT_DEPTH, MAX_VISITS, o -> !isMachinery(o));
          result.add(new Scheduler(scheduler, owner < 0 ? -1 : capturedInstance(owner), holder >= 0, ownThreads));
        }
      }
    }
    return result;
  }

  /** For a lambda or anonymous class instance, the captured instance of its declaring class, if any. */
  private int capturedInstance(int object) {
    String name = graph.classOf(object).name();
    String declaring = ApplicationCode.declaringClass(name);
    if (declaring.equals(name)) {
      return object;
    }
    for (int captured : graph.outboundReferences(object)) {
      if (graph.kind(captured) == ObjectKind.INSTANCE && graph.classOf(captured).name().equals(declaring)) {
        return captured;
      }
    }
    return object;
  }

  /**
   * Whether an object is part of the scheduling itself rather than what uses it: threads, class
   * objects, JDK classes (executors' workers, tasks and wrappers, queues, collections), schedulers
   * and cache libraries' scheduler wrappers, and lambdas or anonymous classes of those.
   */
  private boolean isMachinery(int object) {
    if (graph.kind(object) != ObjectKind.INSTANCE || neighborhood.isThread(object)) {
      return true;
    }
    HeapClass heapClass = graph.classOf(object);
    if (machineryByClass[heapClass.index()] == 0) {
      machineryByClass[heapClass.index()] = (byte) (isMachineryClass(heapClass) ? 1 : 2);
    }
    return machineryByClass[heapClass.index()] == 1;
  }

  private static boolean isMachineryClass(HeapClass heapClass) {
    String declaring = ApplicationCode.declaringClass(heapClass.name());
    if (declaring.startsWith("java.") || declaring.startsWith("jdk.") || declaring.startsWith("sun.")) {
      return true;
    }
    for (Role role : MACHINERY_ROLES) {
      if (LibraryClasses.hasRole(heapClass, role)
          || LibraryClasses.identify(declaring).filter(k -> k.role() == role).isPresent()) {
        return true;
      }
    }
    return false;
  }
}
