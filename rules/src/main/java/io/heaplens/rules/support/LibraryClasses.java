package io.heaplens.rules.support;

import io.heaplens.hprof.HeapClass;
import io.heaplens.hprof.HeapGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What rules know about library classes, as data: which classes of the JDK and of common libraries
 * are timers, executors, HTTP clients, connection pools, connections and sockets.
 *
 * <p>A dump class matches an entry when its name is the entry's name, when it ends with {@code "."}
 * plus the entry's name (a copy relocated under a prefix by shading, {@code
 * com.acme.shaded.okhttp3.OkHttpClient}), or, for entries marked {@code distinctiveSimpleName},
 * when its simple name is the entry's (a copy whose packages were renamed). Generic simple names
 * ({@code Dispatcher}, {@code ConnectionPool}) never match by simple name alone: an application
 * has classes called that too. Subclasses of a matched class are included by {@link
 * #instancesWithRole}.
 *
 * <p>Knowing library classes is what rules may do; deciding that a library object is a problem
 * is left to evidence (counts, sizes, reference structure).
 */
public final class LibraryClasses {

  /** What a library class is for. */
  public enum Role {
    /** Runs timed tasks on a thread of its own: {@code java.util.Timer}, Netty's wheel timer. */
    TIMER,
    /** The thread behind a {@link #TIMER}. */
    TIMER_THREAD,
    /** An executor that runs delayed or periodic tasks. */
    SCHEDULED_EXECUTOR,
    /** A pool of worker threads (scheduled executors are also {@link #SCHEDULED_EXECUTOR}). */
    THREAD_POOL,
    /** A cache of a caching library. */
    CACHE,
    /** A cache library's scheduler wrapper, holding the executor it schedules on. */
    CACHE_SCHEDULER,
    /** An HTTP client meant to be created once and shared (or closed). */
    HTTP_CLIENT,
    /** A pool of HTTP connections owned by one client. */
    CONNECTION_POOL,
    /** One HTTP connection of a client. */
    CONNECTION,
    /** A client's request dispatcher or selector manager (often with threads of its own). */
    CLIENT_DISPATCHER,
    /** A socket or socket channel: one file descriptor. */
    SOCKET,
    /** A thread an HTTP client starts for itself (selector, idle-connection evictor). */
    CLIENT_THREAD
  }

  /**
   * One known class.
   *
   * @param role what it is for
   * @param library the library it belongs to, for reports ("OkHttp 4")
   * @param className its Java name in the library's own packages
   * @param distinctiveSimpleName whether its simple name alone identifies it (so renamed copies match)
   */
  public record Known(Role role, String library, String className, boolean distinctiveSimpleName) {
    /** The simple name: after the last '.', nested names included ({@code HttpClientImpl$SelectorManager}). */
    public String simpleName() {
      return className.substring(className.lastIndexOf('.') + 1);
    }
  }

  private static final String JDK = "JDK";
  private static final String JDK_HTTP = "JDK HttpClient";
  private static final String APACHE5 = "Apache HttpClient 5";
  private static final String APACHE4 = "Apache HttpClient 4";
  private static final String OKHTTP = "OkHttp";
  private static final String NETTY = "Netty";
  private static final String JETTY = "Jetty client";

  private static final List<Known> ALL = List.of(
      // Timers and executors.
      known(Role.TIMER, JDK, "java.util.Timer", false),
      known(Role.TIMER_THREAD, JDK, "java.util.TimerThread", true),
      known(Role.TIMER, NETTY, "io.netty.util.HashedWheelTimer", true),
      known(Role.SCHEDULED_EXECUTOR, JDK, "java.util.concurrent.ScheduledThreadPoolExecutor", true),
      known(Role.THREAD_POOL, JDK, "java.util.concurrent.ThreadPoolExecutor", true),
      known(Role.THREAD_POOL, JDK, "java.util.concurrent.ForkJoinPool", true),
      known(Role.SCHEDULED_EXECUTOR, NETTY, "io.netty.util.concurrent.DefaultEventExecutorGroup", true),
      known(Role.THREAD_POOL, NETTY, "io.netty.channel.nio.NioEventLoopGroup", true),
      known(Role.THREAD_POOL, NETTY, "io.netty.channel.epoll.EpollEventLoopGroup", true),
      known(Role.SCHEDULED_EXECUTOR, "Spring",
          "org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler", true),
      known(Role.SCHEDULED_EXECUTOR, "Jetty", "org.eclipse.jetty.util.thread.ScheduledExecutorScheduler", true),
      known(Role.THREAD_POOL, "Spring", "org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor", true),
      known(Role.CACHE, "Caffeine", "com.github.benmanes.caffeine.cache.BoundedLocalCache", true),
      known(Role.CACHE, "Caffeine", "com.github.benmanes.caffeine.cache.UnboundedLocalCache", true),
      known(Role.CACHE, "Guava", "com.google.common.cache.LocalCache", false),
      known(Role.CACHE_SCHEDULER, "Caffeine", "com.github.benmanes.caffeine.cache.ExecutorServiceScheduler", true),
      known(Role.CACHE_SCHEDULER, "Caffeine", "com.github.benmanes.caffeine.cache.GuardedScheduler", false),
      known(Role.CACHE_SCHEDULER, "Guava",
          "com.google.common.util.concurrent.MoreExecutors$ScheduledListeningDecorator", true),
      // JDK HttpClient (java.net.http): the facade users hold, the implementation its selector thread holds.
      known(Role.HTTP_CLIENT, JDK_HTTP, "jdk.internal.net.http.HttpClientImpl", true),
      known(Role.CLIENT_THREAD, JDK_HTTP, "jdk.internal.net.http.HttpClientImpl$SelectorManager", true),
      known(Role.CONNECTION_POOL, JDK_HTTP, "jdk.internal.net.http.ConnectionPool", false),
      known(Role.CONNECTION, JDK_HTTP, "jdk.internal.net.http.HttpConnection", false),
      // Apache HttpClient 5.
      known(Role.HTTP_CLIENT, APACHE5, "org.apache.hc.client5.http.impl.classic.CloseableHttpClient", false),
      known(Role.HTTP_CLIENT, APACHE5,
          "org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient", false),
      known(Role.CONNECTION_POOL, APACHE5,
          "org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager", false),
      known(Role.CONNECTION_POOL, APACHE5,
          "org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager", false),
      known(Role.CONNECTION_POOL, APACHE5,
          "org.apache.hc.client5.http.impl.io.BasicHttpClientConnectionManager", false),
      known(Role.CONNECTION, APACHE5, "org.apache.hc.core5.http.impl.io.BHttpConnectionBase", false),
      known(Role.CLIENT_THREAD, APACHE5, "org.apache.hc.client5.http.impl.IdleConnectionEvictor", false),
      // Apache HttpClient 4.
      known(Role.HTTP_CLIENT, APACHE4, "org.apache.http.impl.client.CloseableHttpClient", false),
      known(Role.CONNECTION_POOL, APACHE4, "org.apache.http.impl.conn.PoolingHttpClientConnectionManager", false),
      known(Role.CONNECTION_POOL, APACHE4, "org.apache.http.impl.conn.BasicHttpClientConnectionManager", false),
      known(Role.CONNECTION, APACHE4, "org.apache.http.impl.BHttpConnectionBase", false),
      known(Role.CLIENT_THREAD, APACHE4, "org.apache.http.impl.client.IdleConnectionEvictor", false),
      // OkHttp 3 and 4.
      known(Role.HTTP_CLIENT, OKHTTP, "okhttp3.OkHttpClient", true),
      known(Role.CONNECTION_POOL, OKHTTP, "okhttp3.ConnectionPool", false),
      known(Role.CONNECTION_POOL, OKHTTP, "okhttp3.internal.connection.RealConnectionPool", true),
      known(Role.CONNECTION, OKHTTP, "okhttp3.internal.connection.RealConnection", true),
      known(Role.CLIENT_DISPATCHER, OKHTTP, "okhttp3.Dispatcher", false),
      // Jetty and Netty based clients.
      known(Role.HTTP_CLIENT, JETTY, "org.eclipse.jetty.client.HttpClient", false),
      known(Role.HTTP_CLIENT, "Reactor Netty", "reactor.netty.http.client.HttpClient", false),
      known(Role.CONNECTION_POOL, "Reactor Netty", "reactor.netty.resources.PooledConnectionProvider", true),
      // Sockets.
      known(Role.SOCKET, JDK, "java.net.Socket", false),
      known(Role.SOCKET, JDK, "sun.nio.ch.SocketChannelImpl", false),
      known(Role.SOCKET, NETTY, "io.netty.channel.socket.nio.NioSocketChannel", true));

  private static final Map<Role, List<Known>> BY_ROLE = new EnumMap<>(Role.class);

  static {
    for (Known entry : ALL) {
      BY_ROLE.computeIfAbsent(entry.role(), r -> new ArrayList<>()).add(entry);
    }
  }

  private LibraryClasses() {}

  private static Known known(Role role, String library, String className, boolean distinctive) {
    return new Known(role, library, className, distinctive);
  }

  /** Every known class. */
  public static List<Known> all() {
    return ALL;
  }

  /** The known classes with this role. */
  public static List<Known> withRole(Role role) {
    return BY_ROLE.getOrDefault(role, List.of());
  }

  /** The entry a class name matches (exactly, relocated under a prefix, or by distinctive simple name). */
  public static Optional<Known> identify(String className) {
    for (Known entry : ALL) {
      if (matches(className, entry)) {
        return Optional.of(entry);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code className} is this entry's class or a relocated or renamed copy of it. */
  public static boolean matches(String className, Known entry) {
    String name = entry.className();
    if (className.equals(name)) {
      return true;
    }
    if (className.endsWith(name) && className.charAt(className.length() - name.length() - 1) == '.') {
      return true;
    }
    if (!entry.distinctiveSimpleName()) {
      return false;
    }
    String simple = entry.simpleName();
    return className.endsWith(simple) && className.length() > simple.length()
        && className.charAt(className.length() - simple.length() - 1) == '.';
  }

  /** Whether the class, or one of its superclasses, matches an entry with this role. */
  public static boolean hasRole(HeapClass heapClass, Role role) {
    for (HeapClass c = heapClass; c != null; c = c.superclass()) {
      for (Known entry : withRole(role)) {
        if (matches(c.name(), entry)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The library of the entry with this role that the class, or one of its superclasses, matches. */
  public static Optional<String> roleOf(HeapClass heapClass, Role role) {
    for (HeapClass c = heapClass; c != null; c = c.superclass()) {
      for (Known entry : withRole(role)) {
        if (matches(c.name(), entry)) {
          return Optional.of(entry.library());
        }
      }
    }
    return Optional.empty();
  }

  /** The dump's classes matching an entry with this role (not their subclasses); computed once per heap. */
  public static List<HeapClass> classesWithRole(HeapGraph graph, Role role) {
    return PerHeap.get(graph, "classesWithRole." + role, () -> List.copyOf(findClassesWithRole(graph, role)));
  }

  private static List<HeapClass> findClassesWithRole(HeapGraph graph, Role role) {
    List<Known> entries = withRole(role);
    List<HeapClass> result = new ArrayList<>();
    for (HeapClass heapClass : graph.classes()) {
      for (Known entry : entries) {
        if (matches(heapClass.name(), entry)) {
          result.add(heapClass);
          break;
        }
      }
    }
    return result;
  }

  /**
   * Instances of the classes with this role and of their subclasses, sorted, each once. Costs one
   * pass over the class list plus the instances returned, once per heap.
   */
  public static int[] instancesWithRole(HeapGraph graph, Role role) {
    return PerHeap.get(graph, "instancesWithRole." + role, () -> findInstancesWithRole(graph, role)).clone();
  }

  private static int[] findInstancesWithRole(HeapGraph graph, Role role) {
    List<HeapClass> classes = classesWithRole(graph, role);
    List<int[]> parts = new ArrayList<>();
    int total = 0;
    for (HeapClass heapClass : classes) {
      int[] part = graph.instancesOf(heapClass, true);
      parts.add(part);
      total += part.length;
    }
    int[] all = new int[total];
    int at = 0;
    for (int[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    Arrays.sort(all);
    return Arrays.stream(all).distinct().toArray();
  }
}
