package io.heaplens.rules.support;

import io.heaplens.analysis.rules.Culprit;
import io.heaplens.hprof.HeapClass;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.hprof.ObjectKind;
import io.heaplens.hprof.ThreadFrame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The application code that creates objects of one library kind, shown by the ones still in use:
 * several calls in flight at the moment of the dump, each holding an object of that kind of its own.
 *
 * <p>What a rule reports is often what an application dropped (an executor made per call, a client
 * never closed) and only library threads keep alive (idle workers holding their pool, an evictor or
 * selector thread holding its client): nothing in the dump ties those objects to the code that made
 * them. But a dump is taken while requests are in flight (an OOM, an operator's {@code jcmd}), and
 * the calls running the creating code still hold the object they just made in a local variable.
 * So: among the live objects of the same kind (same class; else, same {@link LibraryClasses} role
 * of the same library), find those that application code holds, nearest first through inbound
 * references (an object of the kind held through another one, a pool's delegate, counts once): a
 * stack frame running application code at or outside the holding frame (its innermost application
 * frame is the location: class and method, with the line), or an application object (its declaring
 * class is the location; the frames holding that object are the in-flight calls).
 *
 * <p>Per location, only holders with an object of their own count: a call (thread) or application
 * object holding an object of the kind that no other holder there holds. One object held by many
 * calls is a shared one, used as it should be; one call holding several (a {@code main} keeping its
 * pools) is one holder. A location is blamed when at least {@value #MIN_HOLDERS} holders each hold
 * their own, the way code making one per call looks while those calls are in flight; the location
 * with the most such holders wins.
 *
 * <p>Cost: per live object of the kind, one inbound walk of at most {@value #MAX_VISITS} objects
 * and {@value #MAX_DEPTH} references (objects kept alive by library threads only end theirs within
 * a few steps, at their thread), plus the thread index of {@link ThreadHolders}.
 *
 * @param culprit the application code: the holding objects' declaring class, or the frames' class,
 *     with method and line when the in-flight frames run in that class
 * @param calls the in-flight calls: distinct threads whose stacks hold an object of their own
 *     (directly, or through the application object holding it)
 * @param objects how many objects of the kind the blamed code holds, each by one holder
 * @param via the holding application objects' declaring class when objects (not frames) hold them,
 *     else null
 * @param location where the calls are, as {@code class.method}, or null when no call holds them
 * @param holdingFrames the in-flight calls as {@code "thread (STATE) at frame"}, at most {@value
 *     #MAX_LINES}
 */
public record InFlightCalls(Culprit culprit, int calls, int objects, String via, String location,
    List<String> holdingFrames) {
  /** Distinct holders (calls or application objects), each with an object of its own, needed to blame. */
  public static final int MIN_HOLDERS = 2;
  static final int MAX_DEPTH = 6;
  static final int MAX_VISITS = 1_000;
  static final int MAX_CLASSES = 4;
  static final int MAX_LINES = 5;

  public InFlightCalls {
    holdingFrames = List.copyOf(holdingFrames);
  }

  /**
   * The code that the in-flight holders of live objects of the same kind as {@code objects} run;
   * empty when fewer than {@value #MIN_HOLDERS} holders, each with its own object, agree.
   */
  public static Optional<InFlightCalls> creatorOf(HeapGraph graph, int[] objects) {
    if (objects.length == 0) {
      return Optional.empty();
    }
    List<HeapClass> kinds = kindClasses(graph, objects);
    Search search = new Search(graph);
    Optional<InFlightCalls> sameClass = search.best(instancesOf(graph, kinds));
    return sameClass.isPresent() ? sameClass : search.best(sameRoleInstances(graph, kinds));
  }

  /**
   * One clause for a finding's claim: {@code "3 in-flight calls in com.example.Orders.enrich show
   * where these are created: each holds one of its own"}.
   */
  public String claim() {
    if (calls == 0) {
      return String.format("%s live %s objects each hold one of their own: they show where these are created",
          Numbers.count(objects), via);
    }
    return String.format("%s in-flight %s in %s %s where these are created: each holds one of its own%s",
        Numbers.count(calls), calls == 1 ? "call" : "calls", location, calls == 1 ? "shows" : "show",
        via != null ? " (through its " + via + ")" : "");
  }

  /** The classes of {@code objects}, most frequent first, at most {@value #MAX_CLASSES}. */
  private static List<HeapClass> kindClasses(HeapGraph graph, int[] objects) {
    Map<HeapClass, Integer> counts = new HashMap<>();
    for (int object : objects) {
      if (graph.kind(object) == ObjectKind.INSTANCE) {
        counts.merge(graph.classOf(object), 1, Integer::sum);
      }
    }
    return counts.entrySet().stream()
        .sorted(Map.Entry.<HeapClass, Integer>comparingByValue().reversed()
            .thenComparing(e -> e.getKey().name()))
        .limit(MAX_CLASSES).map(Map.Entry::getKey).toList();
  }

  private static int[] instancesOf(HeapGraph graph, List<HeapClass> classes) {
    return Neighborhood.distinctSorted(classes.stream()
        .flatMapToInt(c -> Arrays.stream(graph.instancesOf(c, false))).toArray());
  }

  /** Instances of other classes with the same role in the same library as one of {@code classes}. */
  private static int[] sameRoleInstances(HeapGraph graph, List<HeapClass> classes) {
    Set<HeapClass> tried = new HashSet<>(classes);
    List<Integer> result = new ArrayList<>();
    for (HeapClass kind : classes) {
      Optional<LibraryClasses.Known> known = identify(kind);
      if (known.isEmpty()) {
        continue;
      }
      for (int object : LibraryClasses.instancesWithRole(graph, known.get().role())) {
        HeapClass heapClass = graph.classOf(object);
        // The class's own entry, not an inherited one: a scheduled executor is not a plain thread pool.
        if (!tried.contains(heapClass) && identify(heapClass).map(k -> k.role() == known.get().role()
            && k.library().equals(known.get().library())).orElse(false)) {
          result.add(object);
        }
      }
    }
    return Neighborhood.distinctSorted(result.stream().mapToInt(Integer::intValue).toArray());
  }

  private static Optional<LibraryClasses.Known> identify(HeapClass heapClass) {
    for (HeapClass c = heapClass; c != null; c = c.superclass()) {
      Optional<LibraryClasses.Known> known = LibraryClasses.identify(c.name());
      if (known.isPresent()) {
        return known;
      }
    }
    return Optional.empty();
  }

  /**
   * What holds one object of the kind: an application object (with the calls holding that object,
   * for evidence), or the calls holding it.
   *
   * @param applicationObject the application object holding it, or -1
   * @param calls the frames holding it (or holding the application object)
   */
  private record Use(int applicationObject, List<ThreadHolders.Holder> calls) {}

  /**
   * The objects of the kind one piece of code holds: an application class (by its objects) or a
   * method (by its frames), with who holds each object there.
   */
  private static final class Tally {
    final String blamed;
    final boolean viaObjects;
    /** Per object of the kind, its holders here: application objects, or threads. */
    final Map<Integer, Set<Integer>> holdersByObject = new LinkedHashMap<>();
    /** Per holder, the calls showing it (the frames of the holding threads). */
    final Map<Integer, List<ThreadHolders.Holder>> callsByHolder = new HashMap<>();

    Tally(String blamed, boolean viaObjects) {
      this.blamed = blamed;
      this.viaObjects = viaObjects;
    }

    void add(int object, int holder, List<ThreadHolders.Holder> calls) {
      holdersByObject.computeIfAbsent(object, o -> new HashSet<>()).add(holder);
      callsByHolder.computeIfAbsent(holder, h -> new ArrayList<>()).addAll(calls);
    }

    /** The holders holding an object no other holder here holds: one each, as made per call. */
    Set<Integer> ownHolders() {
      Set<Integer> own = new HashSet<>();
      for (Set<Integer> holders : holdersByObject.values()) {
        if (holders.size() == 1) {
          own.addAll(holders);
        }
      }
      return own;
    }

    long ownObjects() {
      return holdersByObject.values().stream().filter(h -> h.size() == 1).count();
    }
  }

  private static final class Search {
    private final HeapGraph graph;
    private final Neighborhood neighborhood;
    private final ThreadHolders threads;

    Search(HeapGraph graph) {
      this.graph = graph;
      this.neighborhood = new Neighborhood(graph);
      this.threads = ThreadHolders.of(graph);
    }

    /**
     * Tallies what holds each candidate by code location (the holding objects' class, or the calls'
     * method) and keeps the location with the most holders that hold an object of their own.
     */
    Optional<InFlightCalls> best(int[] candidates) {
      Set<Integer> kind = new HashSet<>();
      Arrays.stream(candidates).forEach(kind::add);
      Map<String, Tally> byLocation = new LinkedHashMap<>();
      for (int candidate : candidates) {
        Use use = useOf(candidate, kind);
        if (use == null) {
          continue;
        }
        if (use.applicationObject() >= 0) {
          String blamed = ApplicationCode.declaringClass(className(use.applicationObject()));
          byLocation.computeIfAbsent(blamed, b -> new Tally(b, true))
              .add(candidate, use.applicationObject(), use.calls());
          continue;
        }
        for (ThreadHolders.Holder call : use.calls()) {
          ThreadFrame frame = call.applicationFrame().orElseThrow();
          String blamed = ApplicationCode.declaringClass(frame.className());
          byLocation.computeIfAbsent(blamed + "." + frame.methodName(), b -> new Tally(blamed, false))
              .add(candidate, call.thread().object(), List.of(call));
        }
      }
      return byLocation.values().stream()
          .filter(t -> t.ownHolders().size() >= MIN_HOLDERS)
          .max((a, b) -> Integer.compare(a.ownHolders().size(), b.ownHolders().size()))
          .map(this::result);
    }

    private InFlightCalls result(Tally tally) {
      List<ThreadHolders.Holder> calls = new ArrayList<>();
      for (int holder : tally.ownHolders()) {
        calls.addAll(tally.callsByHolder.getOrDefault(holder, List.of()));
      }
      Map<Integer, ThreadHolders.Holder> callByThread = new LinkedHashMap<>();
      calls.forEach(call -> callByThread.putIfAbsent(call.thread().object(), call));
      Map<String, Integer> methods = new LinkedHashMap<>();
      Map<String, ThreadFrame> frameOfMethod = new HashMap<>();
      Map<String, Integer> lines = new LinkedHashMap<>();
      for (ThreadHolders.Holder call : callByThread.values()) {
        ThreadFrame frame = call.applicationFrame().orElseThrow();
        String method = ApplicationCode.declaringClass(frame.className()) + "." + frame.methodName();
        methods.merge(method, 1, Integer::sum);
        frameOfMethod.putIfAbsent(method, frame);
        lines.merge(call.describeAs(ThreadNames.pattern(call.threadName()), frame), 1, Integer::sum);
      }
      String location = methods.entrySet().stream().max(Map.Entry.comparingByValue())
          .map(Map.Entry::getKey).orElse(null);
      ThreadFrame frame = location != null ? frameOfMethod.get(location) : null;
      Culprit culprit = frame != null && ApplicationCode.declaringClass(frame.className()).equals(tally.blamed)
          ? new Culprit(tally.blamed, frame.methodName(), Math.max(frame.lineNumber(), -1))
          : Culprit.ofClass(tally.blamed);
      List<String> holdingFrames = lines.entrySet().stream()
          .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
          .limit(MAX_LINES)
          .map(e -> e.getValue() > 1 ? Numbers.count(e.getValue()) + " x " + e.getKey() : e.getKey())
          .toList();
      return new InFlightCalls(culprit, callByThread.size(), (int) tally.ownObjects(),
          tally.viaObjects ? tally.blamed : null, location, holdingFrames);
    }

    /**
     * The nearest application code holding {@code object}, through inbound references (not through
     * threads, class loaders, hubs or weak links: see {@link Neighborhood}): an application object,
     * or frames of threads whose stacks run application code at or outside the holding frame. Null
     * when nothing does, or when another object of the kind holds it first.
     */
    private Use useOf(int object, Set<Integer> kind) {
      Set<Integer> visited = new HashSet<>();
      visited.add(object);
      List<Integer> level = List.of(object);
      for (int depth = 0; depth <= MAX_DEPTH && !level.isEmpty(); depth++) {
        List<Integer> next = new ArrayList<>();
        for (int node : level) {
          if (neighborhood.isThread(node)) {
            continue; // a thread using the object (its task, its stack) is not a call holding it
          }
          if (node != object && kind.contains(node)) {
            return null; // part of another object of the kind (a pool's delegate), which counts for it
          }
          if (node != object && isApplicationObject(node)) {
            return new Use(node, callsHolding(node));
          }
          List<ThreadHolders.Holder> calls = callsHolding(node);
          if (!calls.isEmpty()) {
            return new Use(-1, calls);
          }
          if (depth == MAX_DEPTH || (node != object && !neighborhood.isWalkable(node))) {
            continue;
          }
          for (int referrer : graph.inboundReferences(node)) {
            if (visited.size() >= MAX_VISITS) {
              break;
            }
            if (visited.add(referrer) && !neighborhood.isWeakLink(referrer, node)) {
              next.add(referrer);
            }
          }
        }
        level = next;
      }
      return null;
    }

    /** The frames holding {@code object} with application code at or outside them. */
    private List<ThreadHolders.Holder> callsHolding(int object) {
      List<ThreadHolders.Holder> calls = new ArrayList<>();
      for (ThreadHolders.Holder holder : threads.frameHoldersOf(object)) {
        if (holder.applicationFrame().isPresent()) {
          calls.add(holder);
        }
      }
      return calls;
    }

    private boolean isApplicationObject(int object) {
      return ApplicationCode.isApplication(className(object));
    }

    private String className(int object) {
      if (graph.kind(object) == ObjectKind.CLASS) {
        HeapClass represented = graph.classRepresentedBy(object);
        return represented != null ? represented.name() : graph.classOf(object).name();
      }
      return graph.classOf(object).name();
    }
  }
}
