package io.heaplens.rules.http;

import io.heaplens.hprof.HeapClass;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.hprof.ObjectKind;
import io.heaplens.rules.support.ApplicationCode;
import io.heaplens.rules.support.LibraryClasses.Known;
import io.heaplens.rules.support.LibraryClasses.Role;
import io.heaplens.rules.support.LibraryClasses;
import io.heaplens.rules.support.LiveThreads;
import io.heaplens.rules.support.Neighborhood;
import io.heaplens.rules.support.PerHeap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The HTTP clients of a dump as sets of resources: one set per independent connection pool (an
 * Apache connection manager, an OkHttp pool, a JDK or Jetty client, which own theirs), with the
 * live threads, connections and sockets that belong to it; the structure behind {@code
 * http.unclosed-client}, also used by {@code threads.unbounded-creation} to leave these threads to
 * that rule.
 *
 * <p>Pools, not client objects, are counted: clients that share one pool (OkHttp's {@code
 * newBuilder()}, Apache's shared connection manager) cost little, and a client dropped without
 * {@code close()} is often gone from the heap while its pool lives on, held by its own threads.
 * A pool held within two references by another counted pool or client is part of it (OkHttp's
 * {@code ConnectionPool} and its delegate, the JDK client's pool) and not counted again.
 *
 * <p>Belonging: threads that hold the pool within {@value #THREAD_DEPTH} references and run library
 * code only (a selector or evictor thread; a thread running application code holds the client in a
 * local while it makes a call, it is not the client's), or that the pool reaches within as many (its
 * executor's workers); connections
 * and sockets that the pool dominates (what would go with it). Cost: per pool, two walks of at
 * most {@value #MAX_VISITS} objects; per connection and socket, a walk up the dominator tree.
 */
final class ClientResources {
  static final int THREAD_DEPTH = 3;
  static final int MAX_VISITS = 256;
  static final int MAX_DOMINATOR_STEPS = 64;

  /** Clients that own their pool, selector and executor themselves (no separate pool object counted). */
  private static final List<String> SELF_CONTAINED_CLIENTS = List.of(
      "jdk.internal.net.http.HttpClientImpl", "org.eclipse.jetty.client.HttpClient");

  /**
   * One client's resources.
   *
   * @param pool the pool object (or self-contained client)
   * @param library the library, for reports
   * @param threads live threads belonging to it
   * @param connections connection objects it dominates
   * @param sockets socket objects it dominates
   * @param openSockets of those, the ones not marked closed
   */
  record Unit(int pool, String library, int[] threads, int connections, int sockets, int openSockets) {}

  /**
   * The units of one library.
   *
   * @param library the library
   * @param units its units
   * @param liveClients the library's client objects still in the heap
   */
  record LibraryUnits(String library, List<Unit> units, int[] liveClients) {
    int[] poolObjects() {
      return units.stream().mapToInt(Unit::pool).toArray();
    }

    int[] threadObjects() {
      return units.stream().flatMapToInt(u -> Arrays.stream(u.threads())).distinct().toArray();
    }

    long connections() {
      return units.stream().mapToLong(Unit::connections).sum();
    }

    long sockets() {
      return units.stream().mapToLong(Unit::sockets).sum();
    }

    long openSockets() {
      return units.stream().mapToLong(Unit::openSockets).sum();
    }
  }

  private ClientResources() {}

  /** The client resources of the dump by library, most units first; once per heap. */
  static List<LibraryUnits> byLibrary(HeapGraph graph) {
    return PerHeap.get(graph, ClientResources.class.getName(), () -> List.copyOf(findByLibrary(graph)));
  }

  private static List<LibraryUnits> findByLibrary(HeapGraph graph) {
    LiveThreads threads = LiveThreads.of(graph);
    Neighborhood neighborhood = new Neighborhood(graph);
    Map<Integer, String> candidates = new LinkedHashMap<>();
    for (int pool : LibraryClasses.instancesWithRole(graph, Role.CONNECTION_POOL)) {
      candidates.put(pool, libraryOf(graph.classOf(pool)));
    }
    Map<String, List<Integer>> clientsByLibrary = new LinkedHashMap<>();
    for (int client : LibraryClasses.instancesWithRole(graph, Role.HTTP_CLIENT)) {
      String library = libraryOf(graph.classOf(client));
      clientsByLibrary.computeIfAbsent(library, l -> new ArrayList<>()).add(client);
      if (isSelfContained(graph.classOf(client))) {
        candidates.put(client, library);
      }
    }
    Set<Integer> poolSet = candidates.keySet();
    Set<Integer> live = new HashSet<>();
    threads.all().forEach(t -> live.add(t.thread().object()));
    Map<Integer, Unit> units = new LinkedHashMap<>();
    for (Map.Entry<Integer, String> candidate : candidates.entrySet()) {
      int pool = candidate.getKey();
      if (isPartOfAnother(neighborhood, pool, poolSet)) {
        continue;
      }
      units.put(pool, new Unit(pool, candidate.getValue(), threadsOf(neighborhood, threads, live, pool), 0, 0, 0));
    }
    countDominated(graph, units, Role.CONNECTION, false);
    countDominated(graph, units, Role.SOCKET, true);

    Map<String, List<Unit>> byLibrary = new LinkedHashMap<>();
    for (Unit unit : units.values()) {
      byLibrary.computeIfAbsent(unit.library(), l -> new ArrayList<>()).add(unit);
    }
    List<LibraryUnits> result = new ArrayList<>();
    byLibrary.forEach((library, list) -> result.add(new LibraryUnits(library, list,
        clientsByLibrary.getOrDefault(library, List.of()).stream().mapToInt(Integer::intValue).toArray())));
    result.sort((a, b) -> Integer.compare(b.units().size(), a.units().size()));
    return result;
  }

  private static boolean isSelfContained(HeapClass heapClass) {
    for (HeapClass c = heapClass; c != null; c = c.superclass()) {
      Optional<Known> known = LibraryClasses.identify(c.name());
      if (known.isPresent() && SELF_CONTAINED_CLIENTS.contains(known.get().className())) {
        return true;
      }
    }
    return false;
  }

  private static String libraryOf(HeapClass heapClass) {
    for (HeapClass c = heapClass; c != null; c = c.superclass()) {
      Optional<Known> known = LibraryClasses.identify(c.name());
      if (known.isPresent()) {
        return known.get().library();
      }
    }
    return heapClass.name();
  }

  private static boolean isPartOfAnother(Neighborhood neighborhood, int pool, Set<Integer> pools) {
    for (int holder : neighborhood.inbound(pool, 2, MAX_VISITS)) {
      if (holder != pool && pools.contains(holder)) {
        return true;
      }
    }
    return false;
  }

  private static int[] threadsOf(Neighborhood neighborhood, LiveThreads threads, Set<Integer> live, int pool) {
    Set<Integer> own = new LinkedHashSet<>();
    for (int holder : neighborhood.inbound(pool, THREAD_DEPTH, MAX_VISITS)) {
      if (live.contains(holder) && !runsApplicationCode(threads, holder)) {
        own.add(holder);
      }
    }
    for (int reached : neighborhood.outbound(pool, THREAD_DEPTH, MAX_VISITS)) {
      if (live.contains(reached)) {
        own.add(reached);
      }
      threads.workersOf(reached).forEach(t -> own.add(t.thread().object()));
    }
    return own.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Whether a thread has application code on its stack: a call using the client (whose stack holds
   * it in a local), not a thread of the client's own.
   */
  private static boolean runsApplicationCode(LiveThreads threads, int thread) {
    return threads.of(thread)
        .map(t -> t.thread().frames().stream().anyMatch(ApplicationCode::isApplicationFrame))
        .orElse(false);
  }

  /** Adds to each unit the instances of {@code role} it dominates. */
  private static void countDominated(HeapGraph graph, Map<Integer, Unit> units, Role role, boolean sockets) {
    Map<Integer, int[]> counts = new HashMap<>();
    for (int object : LibraryClasses.instancesWithRole(graph, role)) {
      int dominator = object;
      for (int step = 0; step < MAX_DOMINATOR_STEPS && dominator >= 0; step++) {
        dominator = graph.immediateDominator(dominator);
        if (dominator >= 0 && units.containsKey(dominator)) {
          int[] count = counts.computeIfAbsent(dominator, d -> new int[2]);
          count[0]++;
          if (sockets && !isClosed(graph, object)) {
            count[1]++;
          }
          break;
        }
      }
    }
    counts.forEach((pool, count) -> {
      Unit unit = units.get(pool);
      units.put(pool, sockets
          ? new Unit(pool, unit.library(), unit.threads(), unit.connections(), count[0], count[1])
          : new Unit(pool, unit.library(), unit.threads(), count[0], unit.sockets(), unit.openSockets()));
    });
  }

  /**
   * Whether a socket object says it is closed: {@code java.net.Socket.closed} (JDK 17), the
   * closed bit of {@code Socket.state} (later JDKs), or a socket channel's {@code state} 4
   * ({@code ST_CLOSED}).
   */
  static boolean isClosed(HeapGraph graph, int socket) {
    if (graph.kind(socket) != ObjectKind.INSTANCE) {
      return false;
    }
    Optional<Boolean> closed = graph.field(socket, "closed").map(v -> v.asBoolean());
    if (closed.isPresent()) {
      return closed.get();
    }
    return graph.field(socket, "state").map(v -> {
      long state = v.asNumber();
      return graph.classOf(socket).name().endsWith("SocketChannelImpl") ? state == 4 : (state & 0x8) != 0;
    }).orElse(false);
  }
}
