package io.heaplens.rules.programs;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Services that each make an executor per call and never shut it down, in ways the dump tells
 * apart without a recording: {@link Reconciling} makes a pool of one {@code reconcile-N} thread per
 * call and leaves a task of its own queued on it; {@link Auditing} makes a pool of one {@code
 * audit-N} thread whose factory is a lambda of its own, its task done; {@link Pricing} makes a default pool
 * ({@code pool-N-thread-M}) whose tasks are done, so nothing in the dump points back at it. {@code
 * --healthy} gives each service one executor for all calls.
 */
public final class ExecutorCreatorsProgram {
  /** Reconciliation calls, each leaving an executor behind. */
  public static final int RECONCILIATIONS = 60;
  /** Audit calls, each leaving an executor behind. */
  public static final int AUDITS = 55;
  /** Pricing calls, each leaving an executor behind. */
  public static final int QUOTES = 80;

  /**
   * Reconciles an order on a pool of one thread per call: the thread is held up in library code (a
   * proxy parking it, as a blocking client call would), the reconciliation waits in the queue.
   */
  static final class Reconciling {
    private final ExecutorService shared;
    private final Runnable parkInLibraryCode;

    Reconciling(ExecutorService shared) throws ReflectiveOperationException {
      this.shared = shared;
      MethodHandle park = MethodHandles.lookup().findStatic(LockSupport.class, "park", MethodType.methodType(void.class));
      this.parkInLibraryCode = MethodHandleProxies.asInterfaceInstance(Runnable.class, park);
    }

    void reconcile(int order) {
      ExecutorService pool = shared != null ? shared
          : Executors.newFixedThreadPool(1, task -> NamedThreads.daemon(task, "reconcile-" + order));
      pool.execute(parkInLibraryCode);
      pool.execute(() -> Integer.toString(order).hashCode());
    }
  }

  /** Writes an audit line per call on a pool of its own, whose threads its own thread factory (a lambda) names. */
  static final class Auditing {
    private final ExecutorService shared;

    Auditing(ExecutorService shared) {
      this.shared = shared;
    }

    void audit(int order) throws Exception {
      ExecutorService pool = shared != null ? shared
          : Executors.newFixedThreadPool(1, task -> NamedThreads.daemon(task, "audit-" + order));
      pool.submit(() -> Integer.toString(order).length()).get();
    }
  }

  /** Names threads with a prefix and a number. */
  static final class NamedThreads implements ThreadFactory {
    private final AtomicInteger next = new AtomicInteger();
    private final String prefix;

    NamedThreads(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable task) {
      return daemon(task, prefix + next.incrementAndGet());
    }

    static Thread daemon(Runnable task, String name) {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    }
  }

  /** Prices an order on a default pool per call; the pool's tasks finish, the pool is dropped. */
  static final class Pricing {
    private final ExecutorService shared;

    Pricing(ExecutorService shared) {
      this.shared = shared;
    }

    int quote(int order) throws Exception {
      ExecutorService pool = shared != null ? shared : Executors.newFixedThreadPool(2);
      Future<Integer> base = pool.submit(() -> order * 3);
      Future<Integer> tax = pool.submit(() -> order % 7);
      return base.get() + tax.get();
    }
  }

  private ExecutorCreatorsProgram() {}

  public static void main(String[] args) throws Exception {
    Path out = HeapDumpOnExit.outputDirectory(args);
    boolean healthy = HeapDumpOnExit.has(args, "--healthy");
    Reconciling reconciling = new Reconciling(healthy ? Executors.newFixedThreadPool(1, new NamedThreads("reconcile-")) : null);
    Auditing auditing = new Auditing(healthy ? Executors.newFixedThreadPool(1, new NamedThreads("audit-")) : null);
    Pricing pricing = new Pricing(healthy ? Executors.newFixedThreadPool(2) : null);
    for (int order = 0; order < RECONCILIATIONS; order++) {
      reconciling.reconcile(order);
    }
    for (int order = 0; order < AUDITS; order++) {
      auditing.audit(order);
    }
    for (int order = 0; order < QUOTES; order++) {
      pricing.quote(order);
    }
    HeapDumpOnExit.dump(out);
    System.exit(0);
  }
}
