package io.heaplens.jfr;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.flightrecorder.rules.DependsOn;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.IRule;
import org.openjdk.jmc.flightrecorder.rules.ResultProvider;
import org.openjdk.jmc.flightrecorder.rules.ResultToolkit;
import org.openjdk.jmc.flightrecorder.rules.RuleRegistry;
import org.openjdk.jmc.flightrecorder.rules.TypedResult;
import org.openjdk.jmc.flightrecorder.rules.util.RulesToolkit;
import org.openjdk.jmc.flightrecorder.rules.util.RulesToolkit.EventAvailability;

/**
 * Runs JDK Mission Control's own rules on a recording's events: in dependency order, on daemon
 * threads, until a deadline. A rule that throws or is still running at the deadline is left out
 * with a warning; it never fails the load.
 */
final class JmcRuleRunner {
  /**
   * The rules run by default: 55 of JMC's 68, about 2 s together on the benchmark's 250 MB
   * recording of 16 chunks and 6.4 million events. Left out are ApplicationHalts, which builds a
   * tree of every GC phase and safepoint (1 s on that recording; heaplens charts the GC pauses
   * itself, and GcPauseRatio still runs), and those that read the bulk events, which would have to
   * be kept for them at a cost of gigabytes, and whose time grows with them (as measured on a
   * 248 MB recording of 15 million events): allocations (PrimitiveToObjectConversion 5.9 s,
   * Allocations.class 2.0 s, Allocations.thread 1.3 s, GcFreedRatio 1.8 s, TlabAllocationRatio
   * 0.3 s, StringDeduplication), execution samples (MethodProfiling 1.3 s, FewSampledThreads),
   * every event's stack trace (StackdepthSetting 1.8 s) and socket I/O (SocketRead, SocketWrite:
   * a service's recording can hold millions of these, 1.2 GB of items for the benchmark's 4.7
   * million); and JavaBlocking, 11 s on the monitor events of the 248 MB recording. heaplens
   * computes its own allocation, CPU and socket views from the bulk events as they are parsed.
   */
  static final Set<String> DEFAULT_RULE_IDS = Set.of(
      "BufferLost", "BytecodeVerification", "ClassLeak", "ClassLoading", "CodeCache", "CompareCpu",
      "CompressedOops", "ContextSwitch", "DMSIncident", "DebugNonSafepoints", "DiscouragedVmOptions", "DumpReason",
      "DuplicateFlags", "DynamicAgents", "Errors", "Exceptions", "Fatal Errors", "FileForce", "FileRead", "FileWrite",
      "FinalizersRun", "FlightRecordingSupport", "FullGc", "GarbageCollectionInfoRule", "GcInvertedParallelism",
      "GcLocker", "GcOptions", "GcPauseRatio", "GcPauseTargetRule", "GcStall", "HeapContent", "HeapDump",
      "HeapInspectionGc", "HighGc", "HighJvmCpu", "IncreasingLiveSet", "IncreasingMetaSpaceLiveSet",
      "JfrPeriodicEventsFix", "LongGcPause", "LowOnPhysicalMemory", "ManagementAgent", "ManyRunningProcesses",
      "MetaspaceOom", "MultipleAgents", "Options", "OverAggressiveRecordingSetting", "PID1Rule", "PasswordsInArguments",
      "PasswordsInEnvironment", "PasswordsInSystemProperties", "ProcessStarted", "SystemGc", "VMOperations",
      "biasedLockingRevocation", "biasedLockingRevocationPause");

  /**
   * The event types that make up the bulk of a large recording and that none of the default
   * rules reads (checked against the rules' code): allocation and CPU samples and socket I/O,
   * which heaplens sums itself as they are parsed, waits and sleeps, thrown exceptions, and
   * per-thread GC and promotion details. The default rules get every other JDK event type, so that they judge as
   * they would with all events, rare events (a concurrent mode failure) included.
   */
  private static final Set<String> BULK_TYPES = Set.of(
      "jdk.ObjectAllocationSample", "jdk.ObjectAllocationInNewTLAB", "jdk.ObjectAllocationOutsideTLAB",
      "jdk.ExecutionSample", "jdk.NativeMethodSample", "jdk.CPUTimeSample", "jdk.ThreadPark", "jdk.JavaMonitorWait",
      "jdk.ThreadSleep", "jdk.JavaExceptionThrow", "jdk.GCPhaseParallel", "jdk.PromoteObjectInNewPLAB",
      "jdk.PromoteObjectOutsidePLAB", "jdk.TenuringDistribution", "jdk.ThreadCPULoad", "jdk.ThreadAllocationStatistics",
      "jdk.Compilation", "jdk.CompilerInlining", "jdk.Deoptimization", "jdk.SocketRead", "jdk.SocketWrite");

  private final List<IRule> rules;
  private final Predicate<String> readsItemsOf;

  private JmcRuleRunner(List<IRule> rules, Predicate<String> readsItemsOf) {
    this.rules = rules;
    this.readsItemsOf = readsItemsOf;
  }

  /** The runner of the chosen rules, with the dependencies of each. */
  static JmcRuleRunner of(JmcRules which) {
    List<IRule> registered = new ArrayList<>(RuleRegistry.getRules());
    return switch (which) {
      case NONE -> new JmcRuleRunner(List.of(), type -> false);
      case ALL -> new JmcRuleRunner(registered, type -> true);
      case DEFAULT -> {
        Set<IRule> chosen = withDependencies(registered, DEFAULT_RULE_IDS);
        Set<String> required = new HashSet<>();
        List<IRule> ordered = new ArrayList<>();
        // The registry lists rules after the rules they depend on; keep its order.
        for (IRule rule : registered) {
          if (chosen.contains(rule)) {
            ordered.add(rule);
            required.addAll(rule.getRequiredEvents().keySet());
          }
        }
        yield new JmcRuleRunner(
            ordered, type -> required.contains(type) || (type.startsWith("jdk.") && !BULK_TYPES.contains(type)));
      }
    };
  }

  private static Set<IRule> withDependencies(List<IRule> registered, Set<String> ids) {
    Set<IRule> chosen = new HashSet<>();
    List<IRule> pending = new ArrayList<>();
    for (IRule rule : registered) {
      if (ids.contains(rule.getId())) {
        pending.add(rule);
      }
    }
    while (!pending.isEmpty()) {
      IRule rule = pending.remove(pending.size() - 1);
      if (chosen.add(rule)) {
        IRule dependency = dependency(rule, registered);
        if (dependency != null) {
          pending.add(dependency);
        }
      }
    }
    return chosen;
  }

  /** Whether the rules read the events of a type as items. */
  boolean readsItemsOf(String type) {
    return readsItemsOf.test(type);
  }

  /**
   * Runs the rules on the events within the budget.
   *
   * @param warnings receives a line for each rule that failed or did not finish in time
   * @return the results, by rule id
   */
  List<JmcRuleResult> run(LoadedEvents events, Duration budget, List<String> warnings) {
    if (rules.isEmpty()) {
      return List.of();
    }
    IItemCollection items = events.collection();
    AtomicInteger threadNumber = new AtomicInteger();
    int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    ExecutorService executor = Executors.newFixedThreadPool(threads, task -> {
      Thread thread = new Thread(task, "heaplens-jmc-rule-" + threadNumber.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    Map<IRule, CompletableFuture<IResult>> evaluations = new LinkedHashMap<>();
    try {
      for (IRule rule : rules) {
        // Schedule the rule after the rules it depends on, however the registry ordered them.
        List<IRule> chain = new ArrayList<>();
        for (IRule at = rule; at != null && !evaluations.containsKey(at) && !chain.contains(at); at = dependency(at, rules)) {
          chain.add(at);
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
          IRule next = chain.get(i);
          CompletableFuture<IResult> dependencyEvaluation = evaluations.get(dependency(next, rules));
          evaluations.put(next, dependencyEvaluation == null
              ? CompletableFuture.supplyAsync(() -> evaluate(next, items, null), executor)
              : dependencyEvaluation.thenApplyAsync(dependencyResult -> evaluate(next, items, dependencyResult), executor));
        }
      }
      awaitAll(evaluations.values(), budget);
    } finally {
      events.cancel();
      executor.shutdownNow();
    }
    List<JmcRuleResult> results = new ArrayList<>();
    for (Map.Entry<IRule, CompletableFuture<IResult>> entry : evaluations.entrySet()) {
      IRule rule = entry.getKey();
      CompletableFuture<IResult> evaluation = entry.getValue();
      if (!evaluation.isDone()) {
        warnings.add("JMC rule " + rule.getId() + " did not finish within " + seconds(budget) + " s; left out");
        continue;
      }
      try {
        results.add(toResult(rule, evaluation.join()));
      } catch (CompletionException | CancellationException e) {
        Throwable cause = rootCause(e);
        warnings.add(stoppedAtDeadline(e)
            ? "JMC rule " + rule.getId() + " did not finish within " + seconds(budget) + " s; left out"
            : "JMC rule " + rule.getId() + " failed (" + ChunkLoader.oneLine(cause) + "); left out");
      } catch (RuntimeException e) {
        warnings.add("JMC rule " + rule.getId() + " gave a result that cannot be read (" + ChunkLoader.oneLine(e)
            + "); left out");
      }
    }
    results.sort(Comparator.comparing(JmcRuleResult::id));
    return results;
  }

  private static void awaitAll(Iterable<CompletableFuture<IResult>> evaluations, Duration budget) {
    long deadline = System.nanoTime() + budget.toNanos();
    for (CompletableFuture<IResult> evaluation : evaluations) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      try {
        evaluation.get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        return;
      } catch (ExecutionException | CancellationException e) {
        // Reported with the rule's result.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Evaluates a rule as JMC does: not applicable when the recording lacks the events it needs,
   * or when the rule it depends on did not reach the severity it asks for.
   */
  private static IResult evaluate(IRule rule, IItemCollection items, IResult dependencyResult) {
    IPreferenceValueProvider preferences = IPreferenceValueProvider.DEFAULT_VALUES;
    List<String> missing = missingEvents(rule, items);
    if (!missing.isEmpty()) {
      return RulesToolkit.getNotApplicableResult(rule, preferences,
          "The recording lacks the events this rule needs: " + String.join(", ", missing) + ".");
    }
    ResultProvider dependencyResults = new ResultProvider();
    if (dependencyResult != null) {
      DependsOn dependsOn = rule.getClass().getAnnotation(DependsOn.class);
      if (dependencyResult.getSeverity().compareTo(dependsOn.severity()) < 0) {
        return RulesToolkit.getNotApplicableResult(rule, preferences, "Not relevant: rule "
            + dependencyResult.getRule().getId() + " found " + dependencyResult.getSeverity().getLocalizedName() + ".");
      }
      dependencyResults.addResults(dependencyResult);
    }
    RunnableFuture<IResult> evaluation = rule.createEvaluation(items, preferences, dependencyResults);
    evaluation.run();
    try {
      return evaluation.get();
    } catch (ExecutionException e) {
      throw new CompletionException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted");
    }
  }

  private static List<String> missingEvents(IRule rule, IItemCollection items) {
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, EventAvailability> required : rule.getRequiredEvents().entrySet()) {
      if (!RulesToolkit.matchesEventAvailabilityMap(items, Map.of(required.getKey(), required.getValue()))) {
        missing.add(required.getKey());
      }
    }
    missing.sort(null);
    return missing;
  }

  private static IRule dependency(IRule rule, List<IRule> candidates) {
    DependsOn dependsOn = rule.getClass().getAnnotation(DependsOn.class);
    if (dependsOn == null) {
      return null;
    }
    for (IRule candidate : candidates) {
      if (candidate.getClass() == dependsOn.value()) {
        return candidate;
      }
    }
    return null;
  }

  private static JmcRuleResult toResult(IRule rule, IResult result) {
    IQuantity score = result.getResult(TypedResult.SCORE);
    return new JmcRuleResult(
        rule.getId(), rule.getName(), rule.getTopic(), result.getSeverity().name(),
        score == null ? -1 : score.doubleValue(), summary(result), message(result, result.getExplanation()),
        message(result, result.getSolution()));
  }

  private static String summary(IResult result) {
    String summary = PlainText.oneLine(ResultToolkit.populateMessage(result, result.getSummary(), true));
    return summary == null ? "" : summary;
  }

  /** A message with JMC's placeholders filled in, values HTML-escaped so that the tags can be told apart. */
  private static String message(IResult result, String template) {
    return template == null ? null : PlainText.of(ResultToolkit.populateMessage(result, template, true));
  }

  /**
   * Whether the rule was stopped by the deadline (however it wrapped the cancellation), or could
   * not start after it because the rule it depends on finished too late.
   */
  private static boolean stoppedAtDeadline(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof CancellationException || cause instanceof RejectedExecutionException) {
        return true;
      }
    }
    return false;
  }

  private static Throwable rootCause(Throwable e) {
    Throwable cause = e;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static String seconds(Duration duration) {
    return BigDecimal.valueOf(duration.toNanos(), 9).stripTrailingZeros().toPlainString();
  }
}
