package io.heaplens.rules.threads;

import io.heaplens.analysis.rules.Culprit;
import io.heaplens.analysis.rules.Evidence;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.RuleContext;
import io.heaplens.analysis.rules.Scores;
import io.heaplens.analysis.rules.Threshold;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.rules.SpecificFindings;
import io.heaplens.rules.support.ApplicationCode;
import io.heaplens.rules.support.Examples;
import io.heaplens.rules.support.InFlightCalls;
import io.heaplens.rules.support.LibraryClasses;
import io.heaplens.rules.support.LiveThreads;
import io.heaplens.rules.support.Numbers;
import io.heaplens.rules.support.RecordedOrigins;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Many objects of one class, each owning a timer or scheduled executor of its own whose thread is
 * still alive: a cache (or anything with timed upkeep) created per request or per call and never
 * stopped. The scheduler's thread is a GC root, its scheduled task holds the object, so neither
 * the object, what it caches, nor the thread is ever freed.
 *
 * <p>Evidence is structure only (see {@link SchedulerOwners}): live {@code java.util.Timer}s,
 * {@code ScheduledThreadPoolExecutor}s and other known schedulers, the nearest non-JDK object
 * owning each, grouped by the owner's class. A group of at least {@value #MIN_OWNERS_DEFAULT}
 * owners is reported; the score rises with the count (80 at {@value #ALARMING_OWNERS_DEFAULT}) or
 * with the share of the heap they retain (80 at 30%), whichever is higher.
 *
 * <p>The culprit is the application class holding the owners, else the owners' class when it is
 * application code; when the owners were dropped and only the schedulers' threads keep anything
 * alive (a library cache collected while its executor lives on), it is the code that calls in
 * flight at the dump run while each holds a scheduler of its own ({@link InFlightCalls}).
 */
public final class PerRequestSchedulerRule implements SpecificFindings.Specific {
  public static final String ID = "cache.per-request-scheduler";
  static final String MIN_OWNERS = "minOwners";
  static final String ALARMING_OWNERS = "alarmingOwners";
  static final String ALARMING_HEAP_SHARE = "alarmingHeapShare";
  static final int MIN_OWNERS_DEFAULT = 20;
  static final int ALARMING_OWNERS_DEFAULT = 100;

  private static final List<Threshold> THRESHOLDS = List.of(
      new Threshold(MIN_OWNERS, "objects of one class, each with its own live timer or scheduler thread, "
          + "from which a finding is reported", MIN_OWNERS_DEFAULT),
      new Threshold(ALARMING_OWNERS, "owner count that scores 80 (critical)", ALARMING_OWNERS_DEFAULT),
      new Threshold(ALARMING_HEAP_SHARE, "share of the heap retained by the owners, schedulers and threads "
          + "that scores 80 (critical)", 0.3));

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Caches (or other objects) each running their own timer thread";
  }

  @Override
  public List<Threshold> thresholds() {
    return THRESHOLDS;
  }

  @Override
  public List<SpecificFindings.Reported> report(RuleContext context) {
    HeapGraph graph = context.heap();
    List<SpecificFindings.Reported> reported = new ArrayList<>();
    LiveThreads threads = LiveThreads.of(graph);
    for (SchedulerOwners.Group group : flaggedGroups(context)) {
      reported.add(finding(context, graph, threads, group));
    }
    return reported;
  }

  /** The groups this rule reports: at least {@code minOwners} owners of one class. */
  List<SchedulerOwners.Group> flaggedGroups(RuleContext context) {
    double minOwners = context.threshold(this, MIN_OWNERS);
    HeapGraph graph = context.heap();
    return SchedulerOwners.groups(graph).stream()
        .filter(g -> g.schedulers().size() >= minOwners)
        .filter(g -> !isHttpClient(graph, g))
        .toList();
  }

  /** Clients owning a scheduler each are left to {@code http.unclosed-client}: one cause, one finding. */
  private static boolean isHttpClient(HeapGraph graph, SchedulerOwners.Group group) {
    var ownerClass = graph.classOf(group.schedulers().get(0).owner());
    return LibraryClasses.hasRole(ownerClass, LibraryClasses.Role.HTTP_CLIENT)
        || LibraryClasses.hasRole(ownerClass, LibraryClasses.Role.CONNECTION_POOL);
  }

  private SpecificFindings.Reported finding(RuleContext context, HeapGraph graph, LiveThreads live,
      SchedulerOwners.Group group) {
    int[] owners = group.owners();
    int[] schedulers = group.schedulerObjects();
    int[] threads = group.threadObjects();
    int[] implicated = IntStream.concat(IntStream.concat(Arrays.stream(owners), Arrays.stream(schedulers)),
        Arrays.stream(threads)).distinct().sorted().toArray();
    long retained = graph.retainedSize(implicated);
    double share = Numbers.shareOfHeap(graph, retained);

    Map<String, Long> schedulerKinds = new TreeMap<>();
    for (int scheduler : schedulers) {
      schedulerKinds.merge(graph.classOf(scheduler).name(), 1L, Long::sum);
    }
    String mainKind = schedulerKinds.entrySet().stream().max(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey).orElse("scheduler");
    long idle = live.idleCount(threads);

    String ownerLabel = ownerLabel(graph, group);
    Culprit heldByCode = culprit(graph, group, owners);
    // Owners dropped by their creator: the schedulers its in-flight calls still hold show who creates them.
    InFlightCalls inFlight = heldByCode == null ? InFlightCalls.creatorOf(graph, schedulers).orElse(null) : null;
    Culprit culprit = inFlight != null ? inFlight.culprit() : heldByCode;
    boolean ownersAreCulprit = heldByCode != null
        && heldByCode.className().equals(ApplicationCode.declaringClass(group.ownerClass()));
    String heldBy = heldByCode != null && !ownersAreCulprit ? ", held by " + heldByCode.className()
        : inFlight != null ? "; " + inFlight.claim() : "";
    String retainedText = String.format("together they retain %s (%s of heap)", Numbers.bytes(retained),
        Numbers.percent(retained, Numbers.reachableBytes(graph)));
    String claim = group.held()
        ? String.format("%s %s objects are alive, each owning its own %s with a live thread (%s threads, "
                + "%s idle)%s; %s",
            Numbers.count(owners.length), ownerLabel, mainKind, Numbers.count(threads.length), Numbers.count(idle),
            heldBy, retainedText)
        : String.format("%s %s objects are alive, each with a live thread of its own (%s threads, %s idle) and a "
                + "pending task of a separate %s; nothing else holds them: their owners were dropped without "
                + "stopping them%s; %s",
            Numbers.count(schedulers.length), mainKind, Numbers.count(threads.length), Numbers.count(idle),
            ownerLabel, heldBy, retainedText);

    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("owners", (long) owners.length);
    counts.put("schedulers", (long) schedulers.length);
    counts.put("threads", (long) threads.length);
    counts.put("idle threads", idle);
    schedulerKinds.forEach((kind, n) -> counts.put(kind, n));
    if (inFlight != null) {
      counts.put("in-flight calls holding one", (long) inFlight.calls());
      counts.put("schedulers held by application code", (long) inFlight.objects());
    }
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("owner class", group.ownerClass());
    facts.put("thread names", live.patternsOf(threads, 5));
    if (inFlight != null) {
      facts.put("in-flight calls", String.join("; ", inFlight.holdingFrames()));
    }
    facts.put("retained per owner", Numbers.bytes(owners.length == 0 ? 0 : retained / owners.length) + " on average");
    Evidence evidence = new Evidence(retained, owners.length, counts, facts,
        Examples.largest(graph, owners, Examples.DEFAULT_COUNT),
        Examples.threadSummary(graph, threads, Examples.DEFAULT_COUNT));

    int score = Scores.max(
        Scores.ofCount(owners.length, (long) context.threshold(this, ALARMING_OWNERS)),
        Scores.ofShare(share, context.threshold(this, ALARMING_HEAP_SHARE)));
    Finding finding = new Finding(ID, score, title(), claim, explanation(mainKind), evidence, culprit,
        recommendation(graph, group, mainKind));
    return new SpecificFindings.Reported(finding, implicated, threads, run -> RecordedOrigins.ofThreads(run, threads));
  }

  private static String ownerLabel(HeapGraph graph, SchedulerOwners.Group group) {
    return group.ownerClass() + libraryCache(graph, group).map(library -> " (" + library + " cache)").orElse("");
  }

  /** The caching library when the owners are (or belong to) a library's cache. */
  private static Optional<String> libraryCache(HeapGraph graph, SchedulerOwners.Group group) {
    int sample = group.schedulers().get(0).owner();
    Optional<String> cache = LibraryClasses.roleOf(graph.classOf(sample), LibraryClasses.Role.CACHE);
    String name = group.ownerClass();
    int nested = name.indexOf('$');
    return cache.isPresent() || nested < 0 ? cache
        : LibraryClasses.identify(name.substring(0, nested))
            .filter(k -> k.role() == LibraryClasses.Role.CACHE).map(LibraryClasses.Known::library);
  }

  /**
   * Who to blame: the application class holding the owners, else the owners' class when it is
   * application code, else the application code holding or running them on a thread.
   */
  private static Culprit culprit(HeapGraph graph, SchedulerOwners.Group group, int[] owners) {
    Optional<Culprit> holder = ApplicationCode.holderOf(graph, owners);
    if (holder.isPresent()) {
      return holder.get();
    }
    if (ApplicationCode.isApplication(group.ownerClass())) {
      return Culprit.ofClass(ApplicationCode.declaringClass(group.ownerClass()));
    }
    return ApplicationCode.culpritOf(graph, owners).orElse(null);
  }

  private static String explanation(String schedulerKind) {
    return "Each of these objects started a " + schedulerKind + " of its own, and nothing stopped it. A timer's "
        + "or scheduled executor's thread is a GC root: it holds its scheduled tasks, the tasks hold the object "
        + "that scheduled them, and the object holds everything it caches. The objects were made for one request "
        + "or call and then dropped, but none of them can be collected, so threads and memory grow with traffic "
        + "until the JVM runs out of one or the other.";
  }

  private static String recommendation(HeapGraph graph, SchedulerOwners.Group group, String schedulerKind) {
    if (libraryCache(graph, group).isPresent()) {
      return "Build the cache once at start-up and share it between requests (caches are thread-safe). Do not "
          + "give each cache an executor or scheduler of its own: leave the library's defaults (a shared pool and "
          + "scheduler), or pass one shared ScheduledExecutorService. If a short-lived cache is really needed, "
          + "shut its executor down when the cache is discarded (try-with-resources or finally).";
    }
    String stop = schedulerKind.endsWith("Timer") ? "Timer.cancel()" : "shutdown()";
    return "Create one " + ApplicationCode.declaringClass(group.ownerClass()) + " at start-up and share it between "
        + "requests instead of creating one per request. If it must be short-lived, do not let it start a "
        + schedulerKind + " of its own: schedule its upkeep on one shared ScheduledExecutorService, or make it "
        + "AutoCloseable, stop the scheduler in close() (" + stop + ") and use it in try-with-resources.";
  }
}
