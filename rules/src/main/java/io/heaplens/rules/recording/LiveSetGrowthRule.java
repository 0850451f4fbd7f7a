package io.heaplens.rules.recording;

import io.heaplens.analysis.Durations;
import io.heaplens.analysis.rules.Evidence;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.RecordedStack;
import io.heaplens.analysis.rules.RecordingRule;
import io.heaplens.analysis.rules.RuleContext;
import io.heaplens.analysis.rules.Scores;
import io.heaplens.analysis.rules.Severity;
import io.heaplens.analysis.rules.Threshold;
import io.heaplens.jfr.Frame;
import io.heaplens.jfr.HeapAfterGc;
import io.heaplens.jfr.LiveSetTrend;
import io.heaplens.jfr.OldObjectSample;
import io.heaplens.jfr.Recording;
import io.heaplens.rules.ExplainedBy;
import io.heaplens.rules.SpecificFindings;
import io.heaplens.rules.support.Numbers;
import io.heaplens.rules.support.RecordedCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A live set (heap in use after GC) that grows steadily through the recording: a leak, with how
 * long until the heap is full, and the leak candidate the JVM's old-object sampler kept.
 *
 * <p>Reported when the trend of the window minima ({@link LiveSetTrend}) rises by at least
 * {@value #MIN_GROWTH_DEFAULT_PERCENT}% of the maximum heap (or {@value #MIN_GROWTH_UNKNOWN_MAX_MB}
 * MB when the maximum is unknown) with a good straight-line fit, and, over at least {@value
 * #WARM_UP_MIN_WINDOWS} windows, still rises in the second half of the recording (a service warming
 * up grows first, then levels off). The score follows the
 * projected time to exhaustion (80 and more within the hour) or the growth's share of the heap,
 * whichever is higher. The leak candidate is the application frame that allocated most of the
 * old-object samples still alive at the end, with the reference chain the JVM recorded. With the
 * dump, growth that the objects of a heap finding retain for the most part is kept at low, pointing
 * at that finding ({@link ExplainedBy}).
 */
public final class LiveSetGrowthRule implements RecordingRule {
  public static final String ID = "gc.live-set-growth";
  static final String MIN_GROWTH_SHARE = "minGrowthShare";
  static final String MIN_FIT = "minFit";
  static final int MIN_GROWTH_DEFAULT_PERCENT = 10;
  static final int MIN_GROWTH_UNKNOWN_MAX_MB = 64;
  private static final double ALARMING_GROWTH_SHARE = 0.5;
  private static final double SECOND_HALF_MIN_PART = 0.2;
  /** With fewer windows, a short recording's second half is too few collections to tell warm-up from growth. */
  private static final int WARM_UP_MIN_WINDOWS = 8;

  private static final List<Threshold> THRESHOLDS = List.of(
      new Threshold(MIN_GROWTH_SHARE, "growth of the live set over the recording, as a share of the maximum heap,"
          + " from which a finding is reported", MIN_GROWTH_DEFAULT_PERCENT / 100.0),
      new Threshold(MIN_FIT, "how well a straight line must fit the live set (r squared, 0-1)", 0.6));

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Live set growing through the recording";
  }

  @Override
  public List<Threshold> thresholds() {
    return THRESHOLDS;
  }

  @Override
  public List<Finding> evaluate(RuleContext context) {
    Recording recording = context.recording();
    LiveSetTrend trend = recording.liveSetTrend();
    List<HeapAfterGc> minima = trend.windows();
    if (minima.size() < LiveSetTrend.MIN_WINDOWS || trend.bytesPerSecond() <= 0
        || trend.rSquared() < context.threshold(this, MIN_FIT)) {
      return List.of();
    }
    long growth = trend.lastBytes() - trend.firstBytes();
    long maxHeap = trend.maxHeapBytes();
    long minGrowth = maxHeap > 0 ? (long) (maxHeap * context.threshold(this, MIN_GROWTH_SHARE))
        : (long) MIN_GROWTH_UNKNOWN_MAX_MB << 20;
    long secondHalfGrowth = trend.lastBytes() - minima.get(minima.size() / 2).usedBytes();
    boolean levelsOff = minima.size() >= WARM_UP_MIN_WINDOWS && secondHalfGrowth < growth * SECOND_HALF_MIN_PART;
    if (growth < minGrowth || levelsOff) {
      return List.of();
    }
    Optional<Duration> exhaustion = trend.timeToExhaustion();
    int score = Math.max(exhaustion.map(LiveSetGrowthRule::scoreOf).orElse(0),
        maxHeap > 0 ? Scores.ofShare((double) growth / maxHeap, ALARMING_GROWTH_SHARE) : 40);
    Duration span = Duration.between(minima.get(0).time(), minima.get(minima.size() - 1).time());
    String perMinute = Numbers.bytes((long) (trend.bytesPerSecond() * 60)) + "/min";
    String claim = "The live set grew from " + Numbers.bytes(trend.firstBytes()) + " to "
        + Numbers.bytes(trend.lastBytes()) + " in " + Durations.format(span.toMillis()) + " (" + perMinute + ")"
        + exhaustion.map(d -> "; at this rate the " + Numbers.bytes(maxHeap) + " heap is full in about " + Durations.format(d.toMillis()))
            .orElse("");
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("growth", "+" + Numbers.bytes(growth) + " over " + Durations.format(span.toMillis()) + ", " + perMinute
        + String.format(Locale.ROOT, " (fit r2 %.2f over %d windows)", trend.rSquared(), minima.size()));
    exhaustion.ifPresent(d -> facts.put("heap full in", "about " + Durations.format(d.toMillis()) + " (maximum heap " + Numbers.bytes(maxHeap) + ")"));
    Optional<Candidate> candidate = leakCandidate(recording.oldObjects());
    List<RecordedStack> stacks = new ArrayList<>();
    candidate.ifPresent(c -> {
      facts.put("leak candidate", c.samples + " of " + recording.oldObjects().size() + " old-object samples: "
          + c.objectClass + " allocated in " + c.frame);
      if (!c.sample.referenceChain().isEmpty()) {
        facts.put("held via", String.join(" -> ", c.sample.referenceChain()));
      }
      stacks.add(RecordedCode.stack("allocated " + c.samples + " sampled objects still alive at the end",
          c.sample.allocationStack()));
    });
    Evidence evidence = new Evidence(0, 0, Map.of(), facts, List.of(), List.of(), stacks);
    Finding finding = new Finding(ID, score, title(), claim,
        "Memory that survives garbage collection keeps growing at a steady rate: something keeps every"
            + " request's or page's objects. When the live set reaches the maximum heap, collections run back"
            + " to back and the JVM throws OutOfMemoryError.",
        evidence, candidate.map(c -> RecordedCode.culprit(c.frame)).orElse(null),
        "Find what holds the growing objects (a heap dump taken late in the growth shows it: run heaplens on"
            + " both the dump and this recording) and bound it: process pages as a stream, evict from caches,"
            + " remove listeners and entries when done.");
    if (context.heap() == null) {
      return List.of(finding);
    }
    // With the dump: growth that a heap finding's objects account for is that finding's cause.
    List<SpecificFindings.Reported> specific = SpecificFindings.all(context, Severity.MEDIUM.minimumScore());
    return List.of(ExplainedBy.ofGrowth(context.heap(), growth, specific)
        .map(coverage -> ExplainedBy.fold(finding, coverage)).orElse(finding));
  }

  /** The leak candidate: the application frame and class with most old-object samples. */
  private record Candidate(Frame frame, String objectClass, int samples, OldObjectSample sample) {}

  private static Optional<Candidate> leakCandidate(List<OldObjectSample> samples) {
    record Key(Frame frame, String objectClass) {}
    Map<Key, List<OldObjectSample>> byKey = new LinkedHashMap<>();
    for (OldObjectSample sample : samples) {
      RecordedCode.applicationFrame(sample.allocationStack()).ifPresent(frame ->
          byKey.computeIfAbsent(new Key(frame, sample.objectClass()), k -> new ArrayList<>()).add(sample));
    }
    return byKey.entrySet().stream()
        .max(Comparator.comparingInt((Map.Entry<Key, List<OldObjectSample>> e) -> e.getValue().size()))
        .map(e -> new Candidate(e.getKey().frame(), e.getKey().objectClass(), e.getValue().size(),
            e.getValue().stream().filter(s -> !s.referenceChain().isEmpty()).findFirst().orElse(e.getValue().get(0))));
  }

  /** 90 within 10 minutes, 80 within the hour, 60 within a day, 40 beyond. */
  private static int scoreOf(Duration exhaustion) {
    if (exhaustion.compareTo(Duration.ofMinutes(10)) <= 0) {
      return 90;
    }
    if (exhaustion.compareTo(Duration.ofHours(1)) <= 0) {
      return 80;
    }
    return exhaustion.compareTo(Duration.ofDays(1)) <= 0 ? 60 : 40;
  }
}
