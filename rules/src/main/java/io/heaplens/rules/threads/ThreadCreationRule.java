package io.heaplens.rules.threads;

import io.heaplens.analysis.rules.Culprit;
import io.heaplens.analysis.rules.Evidence;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.RuleContext;
import io.heaplens.analysis.rules.Scores;
import io.heaplens.analysis.rules.Threshold;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.hprof.ObjectKind;
import io.heaplens.rules.SpecificFindings;
import io.heaplens.rules.http.UnclosedClientRule;
import io.heaplens.rules.support.ApplicationCode;
import io.heaplens.rules.support.Examples;
import io.heaplens.rules.support.InFlightCalls;
import io.heaplens.rules.support.LibraryClasses;
import io.heaplens.rules.support.LiveThreads.ThreadInfo;
import io.heaplens.rules.support.LiveThreads;
import io.heaplens.rules.support.Numbers;
import io.heaplens.rules.support.RecordedOrigins;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Threads and executors created without bound: an executor made per call and never shut down, a
 * thread started per task, or one pool that grows without limit.
 *
 * <p>Evidence is structure and stacks only. Live threads are tied to the executor they work for
 * ({@link LiveThreads}); three shapes are reported:
 * <ul>
 *   <li>at least {@value #MIN_EXECUTORS_DEFAULT} executors of one class with live threads (a pool
 *       per call), unless one object holds most of them (a group's event loops);
 *   <li>at least {@value #MIN_THREADS_PER_PATTERN_DEFAULT} threads with one name pattern that work
 *       for no executor (a thread per task);
 *   <li>one executor with at least {@value #MIN_THREADS_PER_EXECUTOR_DEFAULT} threads (an unbounded
 *       pool).
 * </ul>
 * Threads that belong to what {@code cache.per-request-scheduler} or {@code http.unclosed-client}
 * report (a cache's own timer, a client's selector) are left to those rules, so one cause gives one
 * finding. The score rises with the count (80 at twice the threshold) or with the share of the heap
 * the threads and executors retain (80 at 30%), whichever is higher.
 *
 * <p>Executors are grouped by creator, never merged across creators: their class, thread factory,
 * workers' name pattern and holder ({@link ThreadCreators#creatorKey}).
 *
 * <p>The culprit is the application code holding the executors or running on their threads; for
 * executors made per call and dropped, whose idle workers run library code only, it is the code
 * that calls in flight at the dump run while each holds an executor of its own ({@link
 * InFlightCalls}); failing that, what the dump still points to (the tasks queued on the executors,
 * an application thread factory: {@link ThreadCreators}),
 * the claim saying how it was inferred. With none of these, the claim says the dump does not show
 * the creator, and names no class.
 */
public final class ThreadCreationRule implements SpecificFindings.Specific {
  public static final String ID = "threads.unbounded-creation";
  static final String MIN_EXECUTORS = "minExecutors";
  static final String MIN_THREADS_PER_PATTERN = "minThreadsPerPattern";
  static final String MIN_THREADS_PER_EXECUTOR = "minThreadsPerExecutor";
  static final String ALARMING_HEAP_SHARE = "alarmingHeapShare";
  static final int MIN_EXECUTORS_DEFAULT = 50;
  static final int MIN_THREADS_PER_PATTERN_DEFAULT = 200;
  static final int MIN_THREADS_PER_EXECUTOR_DEFAULT = 1000;

  private static final List<Threshold> THRESHOLDS = List.of(
      new Threshold(MIN_EXECUTORS, "executors of one class with live threads from which a finding is reported "
          + "(twice this scores 80)", MIN_EXECUTORS_DEFAULT),
      new Threshold(MIN_THREADS_PER_PATTERN, "threads with one name pattern working for no executor from which a "
          + "finding is reported (twice this scores 80)", MIN_THREADS_PER_PATTERN_DEFAULT),
      new Threshold(MIN_THREADS_PER_EXECUTOR, "live threads of one executor from which a finding is reported "
          + "(twice this scores 80)", MIN_THREADS_PER_EXECUTOR_DEFAULT),
      new Threshold(ALARMING_HEAP_SHARE, "share of the heap retained by the threads and executors that scores 80",
          0.3));

  /** What a group of threads is: several executors of one class, threads outside executors, one executor. */
  private enum Shape { EXECUTORS, LOOSE_THREADS, ONE_EXECUTOR }

  /** One reported group: the executors (if any) and threads it is about. */
  private record Group(Shape shape, String label, int[] executors, int[] threads, double threshold) {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Threads or executors created without bound";
  }

  @Override
  public List<Threshold> thresholds() {
    return THRESHOLDS;
  }

  @Override
  public List<SpecificFindings.Reported> report(RuleContext context) {
    HeapGraph graph = context.heap();
    LiveThreads live = LiveThreads.of(graph);
    Set<Integer> claimed = threadsReportedElsewhere(context);
    List<SpecificFindings.Reported> reported = new ArrayList<>();
    for (Group group : groups(context, live, claimed)) {
      reported.add(finding(context, graph, live, group));
    }
    return reported;
  }

  /** Threads of the schedulers and HTTP clients the more specific rules report. */
  private static Set<Integer> threadsReportedElsewhere(RuleContext context) {
    Set<Integer> claimed = new HashSet<>();
    for (SchedulerOwners.Group group : new PerRequestSchedulerRule().flaggedGroups(context)) {
      Arrays.stream(group.threadObjects()).forEach(claimed::add);
    }
    Arrays.stream(new UnclosedClientRule().reportedThreads(context)).forEach(claimed::add);
    return claimed;
  }

  private List<Group> groups(RuleContext context, LiveThreads live, Set<Integer> claimed) {
    HeapGraph graph = context.heap();
    double minExecutors = context.threshold(this, MIN_EXECUTORS);
    double minPerPattern = context.threshold(this, MIN_THREADS_PER_PATTERN);
    double minPerExecutor = context.threshold(this, MIN_THREADS_PER_EXECUTOR);

    // Executors of one creator: one class, thread factory, name pattern and holder (never merged across them).
    Map<String, List<Integer>> executorsByCreator = new LinkedHashMap<>();
    List<Group> groups = new ArrayList<>();
    for (Map.Entry<Integer, List<ThreadInfo>> pool : live.byPool().entrySet()) {
      int[] workers = unclaimed(pool.getValue(), claimed);
      if (workers.length == 0) {
        continue;
      }
      executorsByCreator.computeIfAbsent(ThreadCreators.creatorKey(graph, live, pool.getKey()), c -> new ArrayList<>())
          .add(pool.getKey());
      if (workers.length >= minPerExecutor) {
        groups.add(new Group(Shape.ONE_EXECUTOR, graph.classOf(pool.getKey()).name(), new int[] {pool.getKey()},
            workers, minPerExecutor));
      }
    }
    executorsByCreator.forEach((creator, executors) -> {
      if (executors.size() >= minExecutors && !isManagedSet(graph, executors)) {
        int[] threads = executors.stream()
            .flatMapToInt(e -> Arrays.stream(unclaimed(live.workersOf(e), claimed))).toArray();
        groups.add(new Group(Shape.EXECUTORS, graph.classOf(executors.get(0)).name(),
            executors.stream().mapToInt(Integer::intValue).toArray(), threads, minExecutors));
      }
    });
    Map<String, List<ThreadInfo>> looseByPattern = new LinkedHashMap<>();
    for (ThreadInfo thread : live.all()) {
      if (thread.pool() < 0 && !claimed.contains(thread.thread().object())) {
        looseByPattern.computeIfAbsent(thread.pattern(), p -> new ArrayList<>()).add(thread);
      }
    }
    looseByPattern.forEach((pattern, threads) -> {
      if (threads.size() >= minPerPattern) {
        groups.add(new Group(Shape.LOOSE_THREADS, pattern, new int[0], unclaimed(threads, claimed), minPerPattern));
      }
    });
    groups.sort((a, b) -> Integer.compare(b.threads().length, a.threads().length));
    return groups;
  }

  /**
   * Whether one object holds most of these executors: the children of one group (Netty's event
   * loops), made and kept together on purpose. Executors made per call are held by nothing but their
   * own threads, or each by a different object.
   */
  private static boolean isManagedSet(HeapGraph graph, List<Integer> executors) {
    Map<Integer, Integer> holders = new HashMap<>();
    Set<Integer> members = new HashSet<>(executors);
    for (int executor : executors) {
      String ownPrefix = graph.classOf(executor).name() + "$";
      for (int holder : graph.inboundReferences(executor)) {
        String holderClass = graph.classOf(holder).name();
        if (!members.contains(holder) && graph.kind(holder) != ObjectKind.CLASS
            && !holderClass.startsWith(ownPrefix) && !holderClass.equals("java.lang.Thread")
            && !LiveThreads.of(graph).isLive(holder)) {
          holders.merge(holder, 1, Integer::sum);
        }
      }
    }
    return holders.values().stream().anyMatch(n -> n * 2 >= executors.size());
  }

  private static int[] unclaimed(List<ThreadInfo> threads, Set<Integer> claimed) {
    return threads.stream().mapToInt(t -> t.thread().object()).filter(t -> !claimed.contains(t)).toArray();
  }

  private SpecificFindings.Reported finding(RuleContext context, HeapGraph graph, LiveThreads live, Group group) {
    int[] implicated = IntStream.concat(Arrays.stream(group.executors()), Arrays.stream(group.threads()))
        .distinct().sorted().toArray();
    long retained = graph.retainedSize(implicated);
    double share = Numbers.shareOfHeap(graph, retained);
    long idle = live.idleCount(group.threads());
    long counted = group.shape() == Shape.EXECUTORS ? group.executors().length : group.threads().length;

    Optional<Culprit> byReference = group.executors().length > 0
        ? ApplicationCode.culpritOf(graph, group.executors()) : Optional.empty();
    Culprit heldBy = byReference.or(() -> ApplicationCode.culpritOf(graph, group.threads())).orElse(null);
    // Executors dropped by their creator: the ones its in-flight calls still hold show who creates them.
    InFlightCalls inFlight = heldBy == null && group.shape() == Shape.EXECUTORS
        ? InFlightCalls.creatorOf(graph, group.executors()).orElse(null) : null;
    // Nothing holds or runs them: what their queued tasks or thread factory point to.
    ThreadCreators.Inference inferred = heldBy != null || inFlight != null || group.executors().length == 0 ? null
        : ThreadCreators.inferForExecutors(graph, group.executors()).orElse(null);
    Culprit culprit = inFlight != null ? inFlight.culprit() : heldBy != null ? heldBy
        : inferred != null ? inferred.culprit() : null;

    String retainedText = String.format("they retain %s (%s of heap)", Numbers.bytes(retained),
        Numbers.percent(retained, Numbers.reachableBytes(graph)));
    String who = inFlight != null ? "; no application object holds the others; " + inFlight.claim()
        : inferred != null ? "; created by " + inferred.culprit().className() + ", " + inferred.how()
        : culprit == null && group.shape() == Shape.LOOSE_THREADS ? "; the dump does not show who started them:"
            + " no application object holds them and no application code is on their stacks (a recording with"
            + " jdk.ThreadStart events names the starting method)"
        : culprit == null ? "; the dump does not show who created them: no application object holds them, no"
            + " application code runs on their threads, is queued on them or made their thread factory (a"
            + " recording with jdk.ThreadStart events names the creating method)"
        : culprit.method() != null ? "; they run " + culprit.className() + "." + culprit.method()
        : "; held by " + culprit.className();
    String claim = switch (group.shape()) {
      case EXECUTORS -> String.format("%s %s executors are alive with %s threads (%s), %s of them idle%s%s; %s",
          Numbers.count(group.executors().length), group.label(), Numbers.count(group.threads().length),
          live.patternsOf(group.threads(), 2), Numbers.count(idle), runningNote(graph, group.executors()), who,
          retainedText);
      case LOOSE_THREADS -> String.format("%s threads named %s are alive outside any executor, %s of them idle%s; %s",
          Numbers.count(group.threads().length), group.label(), Numbers.count(idle), who, retainedText);
      case ONE_EXECUTOR -> String.format("one %s has %s live threads (%s), %s of them idle%s; %s", group.label(),
          Numbers.count(group.threads().length), live.patternsOf(group.threads(), 2), Numbers.count(idle), who,
          retainedText);
    };

    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("threads", (long) group.threads().length);
    counts.put("idle threads", idle);
    if (group.shape() != Shape.LOOSE_THREADS) {
      counts.put("executors", (long) group.executors().length);
      counts.put("executors of known executor classes",
          (long) LibraryClasses.instancesWithRole(graph, LibraryClasses.Role.THREAD_POOL).length);
    }
    counts.put("live threads in the dump", (long) live.all().size());
    if (inFlight != null) {
      counts.put("in-flight calls holding one", (long) inFlight.calls());
      counts.put("executors held by application code", (long) inFlight.objects());
    }
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("thread names", live.patternsOf(group.threads(), 5));
    facts.put("thread states", states(live, group.threads()));
    if (group.shape() == Shape.EXECUTORS) {
      facts.put("executor sizes", sizes(graph, live, group.executors()));
    }
    if (inFlight != null) {
      facts.put("in-flight calls", String.join("; ", inFlight.holdingFrames()));
    }
    if (group.shape() != Shape.LOOSE_THREADS) {
      facts.put("created by", ThreadCreators.creatorKey(graph, live, group.executors()[0]));
    }
    if (inferred != null) {
      facts.put("culprit", inferred.culprit().className() + ", " + inferred.how() + " ("
          + Numbers.count(inferred.agreeing()) + " agree)");
    }
    int[] exampleObjects = group.executors().length > 0 ? group.executors() : group.threads();
    Evidence evidence = new Evidence(retained, counted, counts, facts,
        Examples.largest(graph, exampleObjects, Examples.DEFAULT_COUNT),
        Examples.threadSummary(graph, group.threads(), Examples.DEFAULT_COUNT));
    int score = Scores.max(Scores.ofCount(counted, (long) (2 * group.threshold())),
        Scores.ofShare(share, context.threshold(this, ALARMING_HEAP_SHARE)));
    Finding finding = new Finding(ID, score, title(), claim, explanation(group.shape()), evidence, culprit,
        recommendation(group.shape()));
    return new SpecificFindings.Reported(finding, implicated, group.threads(),
        run -> RecordedOrigins.ofThreads(run, group.threads()));
  }

  /** ", all still running (never shut down)" when the executors' run state says so. */
  private static String runningNote(HeapGraph graph, int[] executors) {
    long running = Arrays.stream(executors).filter(e -> isRunning(graph, e)).count();
    if (running == 0) {
      return "";
    }
    return running == executors.length ? ", all still running (never shut down)"
        : ", " + Numbers.count(running) + " still running (never shut down)";
  }

  /** A ThreadPoolExecutor's run state: {@code ctl} below zero is RUNNING. */
  private static boolean isRunning(HeapGraph graph, int executor) {
    int ctl = graph.referenceField(executor, "ctl");
    return ctl >= 0 && graph.field(ctl, "value").map(v -> v.asNumber() < 0).orElse(false);
  }

  private static String states(LiveThreads live, int[] threads) {
    Map<String, Integer> states = new LinkedHashMap<>();
    for (int thread : threads) {
      live.of(thread).ifPresent(t -> states.merge(String.valueOf(t.thread().state()), 1, Integer::sum));
    }
    StringBuilder text = new StringBuilder();
    states.forEach((state, n) -> text.append(text.length() == 0 ? "" : ", ").append(state).append(": ")
        .append(Numbers.count(n)));
    return text.toString();
  }

  private static String sizes(HeapGraph graph, LiveThreads live, int[] executors) {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    for (int executor : executors) {
      String core = graph.field(executor, "corePoolSize").map(v -> String.valueOf(v.asNumber())).orElse("?");
      String max = graph.field(executor, "maximumPoolSize").map(v -> String.valueOf(v.asNumber())).orElse("?");
      sizes.merge(live.workersOf(executor).size() + " live threads (core " + core + ", max " + max + ")", 1,
          Integer::sum);
    }
    StringBuilder text = new StringBuilder();
    sizes.forEach((size, n) -> text.append(text.length() == 0 ? "" : "; ").append(Numbers.count(n))
        .append(" with ").append(size));
    return text.toString();
  }

  private static String explanation(Shape shape) {
    return switch (shape) {
      case EXECUTORS -> "An executor is meant to be created once and shared. Each of these was created for one "
          + "call and never shut down: its worker threads are GC roots, wait for tasks that never come and keep "
          + "the executor and what it references alive. Every call adds threads (each with its own stack, about "
          + "1 MB of native memory by default) until the process hits its thread or memory limit.";
      case LOOSE_THREADS -> "These threads were started one per task instead of running on a bounded pool. Their "
          + "number follows the load: a slow dependency or a burst of work makes thousands of them, each with "
          + "its own stack, until the process runs out of memory or threads.";
      case ONE_EXECUTOR -> "This executor has no useful bound on its threads (a cached pool, or a maximum "
          + "pool size far beyond the machine): under load or a slow dependency it creates a thread per waiting "
          + "task, each with its own stack.";
    };
  }

  private static String recommendation(Shape shape) {
    return switch (shape) {
      case EXECUTORS -> "Create the executor once (at start-up, or in the owning component's constructor) and "
          + "reuse it for every call; shut it down when the component closes. If a call really needs its own "
          + "executor, shut it down in a finally block or use try-with-resources (ExecutorService is "
          + "AutoCloseable from Java 19).";
      case LOOSE_THREADS -> "Run these tasks on one shared, bounded pool (Executors.newFixedThreadPool(n) or a "
          + "ThreadPoolExecutor with a bounded queue and a rejection policy) instead of new Thread(...).start() "
          + "per task, and put a timeout on the calls they wait for.";
      case ONE_EXECUTOR -> "Bound the executor: a ThreadPoolExecutor with a fixed maximum pool size and a bounded "
          + "queue (and a rejection policy), and timeouts on what its tasks wait for.";
    };
  }
}
