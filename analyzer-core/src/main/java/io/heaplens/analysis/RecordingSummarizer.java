package io.heaplens.analysis;

import io.heaplens.analysis.RecordingSummary.AllocatedClass;
import io.heaplens.analysis.RecordingSummary.ErrorRow;
import io.heaplens.analysis.RecordingSummary.FlameNode;
import io.heaplens.analysis.RecordingSummary.JmcRow;
import io.heaplens.analysis.RecordingSummary.LiveSet;
import io.heaplens.analysis.RecordingSummary.Pause;
import io.heaplens.analysis.RecordingSummary.PauseTotals;
import io.heaplens.analysis.RecordingSummary.Point;
import io.heaplens.analysis.RecordingSummary.SocketRow;
import io.heaplens.jfr.AllocationSite;
import io.heaplens.jfr.Frame;
import io.heaplens.jfr.GcPause;
import io.heaplens.jfr.HeapAfterGc;
import io.heaplens.jfr.JmcRuleResult;
import io.heaplens.jfr.LiveSetTrend;
import io.heaplens.jfr.Recording;
import io.heaplens.jfr.RecordingFacts;
import io.heaplens.jfr.SocketEndpoint;
import io.heaplens.jfr.StackSamples;
import io.heaplens.jfr.StackTrace;
import io.heaplens.jfr.ThreadCount;
import io.heaplens.jfr.ThreadEnd;
import io.heaplens.jfr.ThreadStart;
import io.heaplens.jfr.ThrownError;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/** Builds the {@link RecordingSummary} of a loaded recording. */
public final class RecordingSummarizer {
  /** The most points kept of any time series. */
  public static final int MAX_POINTS = 600;
  /** The most nodes kept of a flame graph, heaviest first. */
  public static final int MAX_FLAME_NODES = 1500;
  /** The deepest a flame graph goes, in frames from the outermost. */
  public static final int MAX_FLAME_DEPTH = 64;
  /** Rows of the allocated classes, errors, sockets and event counts. */
  public static final int MAX_ROWS = 20;
  private static final int ERROR_FRAMES = 5;

  private RecordingSummarizer() {}

  /** The summary of {@code recording}, read from {@code file} of {@code fileBytes}. */
  public static RecordingSummary summarize(Recording recording, String file, long fileBytes) {
    RecordingFacts facts = recording.facts();
    Instant origin = facts.start();
    LiveSetTrend trend = recording.liveSetTrend();
    return new RecordingSummary(
        facts(facts, file, fileBytes),
        new LiveSet(trend.bytesPerSecond(), trend.rSquared(), trend.firstBytes(), trend.lastBytes(),
            trend.timeToExhaustion().map(d -> d.toMillis() / 1000.0).orElse(null),
            trend.lineTime() == null ? 0 : millisSince(origin, trend.lineTime()), trend.lineBytes()),
        heapAfterGc(recording.heapAfterGc(), origin),
        pauses(recording.gcPauses(), origin),
        pauseTotals(recording.gcPauses()),
        threadCounts(recording.threadCounts(), recording.threadStarts(), recording.threadEnds(), origin,
            facts.duration()),
        flameGraph(recording.allocations(), AllocationSite::stack, AllocationSite::weightBytes),
        flameGraph(recording.cpuSamples(), StackSamples::stack, StackSamples::samples),
        allocatedClasses(recording.allocations()),
        errors(recording.errors(), origin),
        sockets(recording.sockets()),
        jmcRules(recording.jmcRuleResults()),
        recording.warnings(), recording.unread());
  }

  private static RecordingSummary.RecordingFacts facts(RecordingFacts facts, String file, long fileBytes) {
    String jvm = jvm(facts.jvmName(), facts.jvmVersion());
    Map<String, Long> topEvents = new LinkedHashMap<>();
    facts.eventCounts().entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(MAX_ROWS)
        .forEach(entry -> topEvents.put(entry.getKey(), entry.getValue()));
    return new RecordingSummary.RecordingFacts(file, fileBytes, jvm, facts.jvmArguments(),
        facts.start() == null ? null : facts.start().toString(), facts.duration().toMillis(), facts.chunks(),
        facts.totalEvents(), facts.maxHeapBytes(), facts.collector(), topEvents);
  }

  /**
   * "OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1)": the JVM's version string usually repeats
   * its name and goes on with build details, cut at " for ".
   */
  static String jvm(String name, String version) {
    if (version == null) {
      return name;
    }
    int details = version.indexOf(" for ");
    String shortVersion = details > 0 ? version.substring(0, details) : version;
    return name == null || shortVersion.startsWith(name) ? shortVersion : name + " " + shortVersion;
  }

  private static long millisSince(Instant origin, Instant time) {
    return origin == null ? 0 : Duration.between(origin, time).toMillis();
  }

  /** The series as is when short, else each bucket's lowest and highest value, in time order. */
  static List<Point> thinned(List<Point> points) {
    if (points.size() <= MAX_POINTS) {
      return points;
    }
    int buckets = MAX_POINTS / 2;
    List<Point> kept = new ArrayList<>(MAX_POINTS);
    for (int bucket = 0; bucket < buckets; bucket++) {
      int from = (int) ((long) points.size() * bucket / buckets);
      int to = (int) ((long) points.size() * (bucket + 1) / buckets);
      Point low = points.get(from);
      Point high = points.get(from);
      for (int i = from + 1; i < to; i++) {
        Point point = points.get(i);
        low = point.value() < low.value() ? point : low;
        high = point.value() > high.value() ? point : high;
      }
      if (low == high) {
        kept.add(low);
      } else if (low.millis() <= high.millis()) {
        kept.add(low);
        kept.add(high);
      } else {
        kept.add(high);
        kept.add(low);
      }
    }
    return kept;
  }

  private static List<Point> heapAfterGc(List<HeapAfterGc> series, Instant origin) {
    return thinned(series.stream().map(p -> new Point(millisSince(origin, p.time()), p.usedBytes())).toList());
  }

  /**
   * Live threads over time as the JVM sampled them (about once a second), and one more point at the
   * recording's end when its last sample came earlier: that sample's count plus the threads started
   * after it and less those ended after it, from the same thread start and end events the findings
   * count running threads from, so the chart's last number and a finding's "still running at its end"
   * are taken at the same moment from the same events. Without any thread start or end event (the
   * recording did not enable them) the series ends at its last sample.
   */
  static List<Point> threadCounts(List<ThreadCount> series, List<ThreadStart> starts, List<ThreadEnd> ends,
      Instant origin, Duration duration) {
    List<Point> points = thinned(series.stream().map(p -> new Point(millisSince(origin, p.time()), p.active())).toList());
    if (points.isEmpty() || origin == null || (starts.isEmpty() && ends.isEmpty())) {
      return points;
    }
    ThreadCount last = series.get(series.size() - 1);
    long endMillis = duration.toMillis();
    if (endMillis <= millisSince(origin, last.time())) {
      return points;
    }
    long startedAfter = starts.stream().filter(start -> start.time().isAfter(last.time())).count();
    long endedAfter = ends.stream().filter(end -> end.time().isAfter(last.time())).count();
    List<Point> withEnd = new ArrayList<>(points);
    withEnd.add(new Point(endMillis, Math.max(0, last.active() + startedAfter - endedAfter)));
    return withEnd;
  }

  /** The longest pauses, at most {@link #MAX_POINTS} of them, in time order. */
  private static List<Pause> pauses(List<GcPause> pauses, Instant origin) {
    return pauses.stream()
        .sorted(Comparator.comparing(GcPause::sumOfPauses).reversed())
        .limit(MAX_POINTS)
        .sorted(Comparator.comparing(GcPause::time))
        .map(p -> new Pause(millisSince(origin, p.time()), p.sumOfPauses().toNanos() / 1000, p.collector(), p.cause()))
        .toList();
  }

  private static PauseTotals pauseTotals(List<GcPause> pauses) {
    long totalNanos = 0;
    long longestNanos = 0;
    for (GcPause pause : pauses) {
      totalNanos += pause.sumOfPauses().toNanos();
      longestNanos = Math.max(longestNanos, pause.longestPause().toNanos());
    }
    return new PauseTotals(pauses.size(), totalNanos / 1_000_000, longestNanos / 1000);
  }

  private static List<AllocatedClass> allocatedClasses(List<AllocationSite> sites) {
    Map<String, Long> byClass = new HashMap<>();
    long total = 0;
    for (AllocationSite site : sites) {
      byClass.merge(site.objectClass(), site.weightBytes(), Long::sum);
      total += site.weightBytes();
    }
    double all = Math.max(total, 1);
    return byClass.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(MAX_ROWS)
        .map(entry -> new AllocatedClass(entry.getKey(), entry.getValue(), entry.getValue() * 100.0 / all))
        .toList();
  }

  /**
   * Errors grouped by class and message, leaving out the linkage errors the JDK throws and catches
   * itself while it links method handles and lambdas (every recording has some).
   */
  private static List<ErrorRow> errors(List<ThrownError> errors, Instant origin) {
    record Key(String errorClass, String message) {}
    Map<Key, List<ThrownError>> byKind = new LinkedHashMap<>();
    for (ThrownError error : errors) {
      if (isJdkInternalLinkage(error)) {
        continue;
      }
      byKind.computeIfAbsent(new Key(error.errorClass(), error.message()), key -> new ArrayList<>()).add(error);
    }
    return byKind.entrySet().stream()
        .sorted(Comparator.comparingInt((Map.Entry<Key, List<ThrownError>> e) -> e.getValue().size()).reversed())
        .limit(MAX_ROWS)
        .map(entry -> {
          ThrownError first = entry.getValue().get(0);
          List<String> frames = first.stack().frames().stream().limit(ERROR_FRAMES).map(Frame::toString).toList();
          return new ErrorRow(entry.getKey().errorClass(), entry.getKey().message(), entry.getValue().size(),
              millisSince(origin, first.time()), frames);
        })
        .toList();
  }

  /**
   * A linkage error the JDK throws and catches itself: one whose stack holds JDK code only, or one
   * the method-handle machinery raised while probing for a pregenerated form (thrown, under the
   * error's own constructors, by {@code java.lang.invoke} code such as {@code
   * MethodHandleNatives.resolve}, about {@code DirectMethodHandle$Holder} and its kin). The second kind
   * has the application's frames further down, where a lambda was first linked, yet is no problem.
   */
  static boolean isJdkInternalLinkage(ThrownError error) {
    boolean linkage = error.errorClass().equals("java.lang.NoSuchMethodError")
        || error.errorClass().equals("java.lang.NoSuchFieldError")
        || error.errorClass().equals("java.lang.IncompatibleClassChangeError");
    if (!linkage) {
      return false;
    }
    List<Frame> frames = error.stack().frames();
    boolean jdkOnly = frames.stream().allMatch(frame -> frame.className().startsWith("java.")
        || frame.className().startsWith("jdk.") || frame.className().startsWith("sun."));
    Frame thrower = frames.stream()
        .filter(frame -> !(frame.methodName().equals("<init>") && frame.className().startsWith("java.lang.")))
        .findFirst().orElse(null);
    return jdkOnly || thrower != null && thrower.className().startsWith("java.lang.invoke.");
  }

  private static List<SocketRow> sockets(List<SocketEndpoint> sockets) {
    return sockets.stream()
        .limit(MAX_ROWS)
        .map(s -> new SocketRow(s.host() + ":" + s.port(), s.reads(), s.writes(), s.bytesRead(), s.bytesWritten(),
            s.endOfStreamReads(), s.distinctLocalThreads()))
        .toList();
  }

  private static List<JmcRow> jmcRules(List<JmcRuleResult> results) {
    return results.stream()
        .sorted(Comparator.comparingDouble(JmcRuleResult::score).reversed().thenComparing(JmcRuleResult::id))
        .map(r -> new JmcRow(r.id(), r.name(), r.severity(), Double.isFinite(r.score()) && r.score() >= 0 ? r.score() : null, r.summary(),
            r.explanation(), r.solution()))
        .toList();
  }

  /** A flame graph node while the graph is built: children by frame. */
  private static final class Builder {
    final String frame;
    long value;
    final Map<String, Builder> children = new HashMap<>();

    Builder(String frame) {
      this.frame = frame;
    }
  }

  /**
   * The flame graph of weighted stacks, pruned to the {@link #MAX_FLAME_NODES} heaviest nodes (a
   * node is kept only with its parent, so the heaviest-first expansion keeps the graph connected).
   */
  static <T> FlameNode flameGraph(List<T> weighted, Function<T, StackTrace> stackOf,
      ToLongFunction<T> weightOf) {
    Builder root = new Builder("all");
    for (T item : weighted) {
      long weight = weightOf.applyAsLong(item);
      root.value += weight;
      Builder node = root;
      List<Frame> frames = stackOf.apply(item).frames();
      int depth = 0;
      for (int i = frames.size() - 1; i >= 0 && depth < MAX_FLAME_DEPTH; i--, depth++) {
        Frame frame = frames.get(i);
        node = node.children.computeIfAbsent(frame.className() + "." + frame.methodName(), Builder::new);
        node.value += weight;
      }
    }
    Map<Builder, List<Builder>> kept = new HashMap<>();
    PriorityQueue<Builder> frontier = new PriorityQueue<>(Comparator.comparingLong((Builder b) -> b.value).reversed());
    frontier.add(root);
    int nodes = 0;
    while (!frontier.isEmpty() && nodes < MAX_FLAME_NODES) {
      Builder next = frontier.poll();
      nodes++;
      List<Builder> children = new ArrayList<>();
      kept.put(next, children);
      for (Builder child : next.children.values()) {
        frontier.add(child);
      }
    }
    for (Builder parent : new ArrayList<>(kept.keySet())) {
      for (Builder child : parent.children.values()) {
        if (kept.containsKey(child)) {
          kept.get(parent).add(child);
        }
      }
    }
    return freeze(root, kept);
  }

  /** Recursion depth is bounded by {@link #MAX_FLAME_DEPTH}. */
  private static FlameNode freeze(Builder node, Map<Builder, List<Builder>> kept) {
    List<Builder> children = new ArrayList<>(kept.getOrDefault(node, List.of()));
    children.sort(Comparator.comparingLong((Builder b) -> b.value).reversed().thenComparing(b -> b.frame));
    List<FlameNode> frozen = new ArrayList<>(children.size());
    for (Builder child : children) {
      frozen.add(freeze(child, kept));
    }
    return new FlameNode(node.frame, node.value, List.copyOf(frozen));
  }
}
