package io.heaplens.rules.http;

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
import io.heaplens.rules.support.LiveThreads;
import io.heaplens.rules.support.Numbers;
import io.heaplens.rules.support.RecordedOrigins;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Many HTTP clients of one library alive at once, each with its own connection pool (and often its
 * own threads and sockets): clients created per request or per call and never closed.
 *
 * <p>Evidence is structure only (see {@link ClientResources}): independent connection pools of the
 * known client libraries (Apache HttpClient 4 and 5, OkHttp, the JDK's {@code java.net.http}, Jetty,
 * Reactor Netty), with the live threads, connections and sockets that belong to each. At least
 * {@value #MIN_CLIENTS_DEFAULT} pools of one library are reported; the score rises with the count
 * (80 at {@value #ALARMING_CLIENTS_DEFAULT}) or with the share of the heap they retain (80 at 30%),
 * whichever is higher.
 *
 * <p>The culprit is the application code holding the pools (or, when they are a fair share of
 * them, the client objects); for clients dropped without close(), whose pools only the library's
 * own threads hold, it is the code that calls in flight at the dump run while each holds a client
 * of its own ({@link InFlightCalls}).
 */
public final class UnclosedClientRule implements SpecificFindings.Specific {
  public static final String ID = "http.unclosed-client";
  static final String MIN_CLIENTS = "minClients";
  static final String ALARMING_CLIENTS = "alarmingClients";
  static final String ALARMING_HEAP_SHARE = "alarmingHeapShare";
  static final int MIN_CLIENTS_DEFAULT = 10;
  static final int ALARMING_CLIENTS_DEFAULT = 50;

  private static final List<Threshold> THRESHOLDS = List.of(
      new Threshold(MIN_CLIENTS, "independent connection pools (clients) of one HTTP library from which a "
          + "finding is reported", MIN_CLIENTS_DEFAULT),
      new Threshold(ALARMING_CLIENTS, "client count that scores 80 (critical)", ALARMING_CLIENTS_DEFAULT),
      new Threshold(ALARMING_HEAP_SHARE, "share of the heap retained by the clients' pools and threads that "
          + "scores 80 (critical)", 0.3));

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "HTTP clients created per call and never closed";
  }

  @Override
  public List<Threshold> thresholds() {
    return THRESHOLDS;
  }

  @Override
  public List<SpecificFindings.Reported> report(RuleContext context) {
    HeapGraph graph = context.heap();
    LiveThreads threads = LiveThreads.of(graph);
    List<SpecificFindings.Reported> reported = new ArrayList<>();
    for (ClientResources.LibraryUnits library : flaggedLibraries(context)) {
      reported.add(finding(context, graph, threads, library));
    }
    return reported;
  }

  /**
   * The live threads of the clients this rule reports (their selectors, evictors, workers): other
   * rules leave them to it, so that one cause gives one finding.
   */
  public int[] reportedThreads(RuleContext context) {
    return flaggedLibraries(context).stream().flatMapToInt(library -> Arrays.stream(library.threadObjects()))
        .distinct().toArray();
  }

  /** The libraries this rule reports: at least {@code minClients} independent pools. */
  List<ClientResources.LibraryUnits> flaggedLibraries(RuleContext context) {
    double minClients = context.threshold(this, MIN_CLIENTS);
    return ClientResources.byLibrary(context.heap()).stream()
        .filter(l -> l.units().size() >= minClients)
        .toList();
  }

  /** {@code okhttp3.internal.connection} of {@code okhttp3.internal.connection.RealConnectionPool}. */
  private static String packageOf(String className) {
    int dot = className.lastIndexOf('.');
    return dot > 0 ? className.substring(0, dot) : "";
  }

  private SpecificFindings.Reported finding(RuleContext context, HeapGraph graph, LiveThreads live,
      ClientResources.LibraryUnits library) {
    int[] pools = library.poolObjects();
    int[] threads = library.threadObjects();
    int[] implicated = IntStream.concat(IntStream.concat(Arrays.stream(pools), Arrays.stream(threads)),
        Arrays.stream(library.liveClients())).distinct().sorted().toArray();
    long retained = graph.retainedSize(implicated);
    double share = Numbers.shareOfHeap(graph, retained);
    String poolClass = mostFrequentClass(graph, pools);
    long idle = live.idleCount(threads);

    // The client objects answer for the pools only when they are a fair share of them: a few clients
    // still in use do not say who holds the others.
    Culprit heldBy = ApplicationCode.culpritOf(graph, pools)
        .or(() -> library.liveClients().length * 4 >= pools.length
            ? ApplicationCode.culpritOf(graph, library.liveClients()) : Optional.empty())
        .orElse(null);
    // Clients dropped by their creator: the ones its in-flight calls still hold show who creates them.
    InFlightCalls inFlight = heldBy == null ? InFlightCalls.creatorOf(graph, pools).orElse(null) : null;
    Culprit culprit = inFlight != null ? inFlight.culprit() : heldBy;
    StringBuilder claim = new StringBuilder();
    claim.append(String.format("%s %s clients are alive, each with its own connection pool (%s)",
        Numbers.count(pools.length), library.library(), poolClass));
    List<String> parts = new ArrayList<>();
    if (threads.length > 0) {
      parts.add(Numbers.count(threads.length) + " threads (" + live.patternsOf(threads, 2) + ")");
    }
    if (library.connections() > 0) {
      parts.add(Numbers.count(library.connections()) + " connections");
    }
    if (library.sockets() > 0) {
      parts.add(Numbers.count(library.sockets()) + " sockets, " + Numbers.count(library.openSockets()) + " not closed");
    }
    if (!parts.isEmpty()) {
      claim.append(" holding ").append(String.join(", ", parts));
    }
    if (heldBy != null) {
      claim.append("; held by ").append(heldBy.className());
    } else if (library.liveClients().length < pools.length) {
      claim.append(library.liveClients().length == 0 ? "; no client object is left: "
          : "; only " + Numbers.count(library.liveClients().length) + " client objects are left: ");
      claim.append("the clients were dropped without being closed");
    }
    if (inFlight != null) {
      claim.append("; ").append(inFlight.claim());
    }
    claim.append(String.format("; together they retain %s (%s of heap)", Numbers.bytes(retained),
        Numbers.percent(retained, Numbers.reachableBytes(graph))));

    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("connection pools", (long) pools.length);
    counts.put("client objects", (long) library.liveClients().length);
    counts.put("threads", (long) threads.length);
    counts.put("idle threads", idle);
    counts.put("connections", library.connections());
    counts.put("sockets", library.sockets());
    counts.put("sockets not closed", library.openSockets());
    if (inFlight != null) {
      counts.put("in-flight calls holding one", (long) inFlight.calls());
      counts.put("connection pools held by application code", (long) inFlight.objects());
    }
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("library", library.library());
    facts.put("pool class", poolClass);
    if (threads.length > 0) {
      facts.put("thread names", live.patternsOf(threads, 5));
    }
    if (inFlight != null) {
      facts.put("in-flight calls", String.join("; ", inFlight.holdingFrames()));
    }
    if (library.openSockets() > 0) {
      facts.put("sockets", "sockets the client has not closed stay open until its pool evicts them; if the "
          + "server closed its end first they sit in CLOSE_WAIT, each holding a file descriptor");
    }
    Evidence evidence = new Evidence(retained, pools.length, counts, facts,
        Examples.largest(graph, pools, Examples.DEFAULT_COUNT),
        Examples.threadSummary(graph, threads, Examples.DEFAULT_COUNT));
    int score = Scores.max(
        Scores.ofCount(pools.length, (long) context.threshold(this, ALARMING_CLIENTS)),
        Scores.ofShare(share, context.threshold(this, ALARMING_HEAP_SHARE)));
    Finding finding = new Finding(ID, score, title(), claim.toString(), explanation(), evidence, culprit,
        recommendation(library.library()));
    // Without threads of their own (OkHttp shares one TaskRunner), clients show in the recording as
    // the library's objects their creating method allocates.
    Set<String> libraryPackages = Arrays.stream(pools).mapToObj(p -> packageOf(graph.classOf(p).name()))
        .collect(Collectors.toSet());
    String culpritClass = culprit == null ? null : culprit.className();
    return new SpecificFindings.Reported(finding, implicated, threads, run -> RecordedOrigins.ofThreads(run, threads)
        .or(() -> RecordedOrigins.ofAllocations(run, c -> libraryPackages.contains(packageOf(c)), 0, culpritClass)));
  }

  private static String mostFrequentClass(HeapGraph graph, int[] objects) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (int object : objects) {
      counts.merge(graph.classOf(object).name(), 1, Integer::sum);
    }
    return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElseThrow();
  }

  private static String explanation() {
    return "An HTTP client is meant to be created once and shared: each one owns a connection pool, and most own "
        + "threads (a selector, an idle-connection evictor, a dispatcher) and sockets. A client created for one "
        + "call and dropped without close() keeps all of that: its threads are GC roots that hold the pool, and "
        + "its sockets stay open until evicted. Every call adds one more, so memory, threads and file "
        + "descriptors grow with traffic, and connections are never reused.";
  }

  private static String recommendation(String library) {
    String shared = "Create one client at start-up and share it between calls (clients are thread-safe); ";
    if (library.startsWith("Apache")) {
      return shared + "if a client must be made per call, close it with try-with-resources. A client built "
          + "with evictIdleConnections or evictExpiredConnections starts an evictor thread that only close() "
          + "stops.";
    }
    if (library.startsWith("OkHttp")) {
      return shared + "derive per-call variants with sharedClient.newBuilder()...build(), which share the "
          + "connection pool and dispatcher. To discard a client, call dispatcher().executorService().shutdown() "
          + "and connectionPool().evictAll().";
    }
    if (library.startsWith("JDK")) {
      return shared + "each java.net.http.HttpClient owns a selector thread, an executor and a connection "
          + "pool that live until the client is unreachable and its selector notices. On JDK 21 and later, "
          + "close it (HttpClient is AutoCloseable) when it must be short-lived.";
    }
    return shared + "if a client must be made per call, close it (try-with-resources) when the call ends.";
  }
}
