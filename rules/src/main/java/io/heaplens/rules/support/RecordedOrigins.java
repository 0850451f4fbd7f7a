package io.heaplens.rules.support;

import io.heaplens.analysis.Durations;
import io.heaplens.analysis.rules.Culprit;
import io.heaplens.analysis.rules.Evidence;
import io.heaplens.analysis.rules.ExampleObject;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.RecordedStack;
import io.heaplens.analysis.rules.RuleContext;
import io.heaplens.hprof.FieldValue;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.jfr.AllocationSite;
import io.heaplens.jfr.Frame;
import io.heaplens.jfr.LiveSetTrend;
import io.heaplens.jfr.OldObjectSample;
import io.heaplens.jfr.Recording;
import io.heaplens.jfr.StackTrace;
import io.heaplens.jfr.ThreadStart;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the recording says about where a heap finding's objects came from: the stacks that started
 * its threads (joined by Java thread id: a {@code java.lang.Thread}'s {@code tid} field is the
 * recording's {@code javaThreadId}), the sites that allocated its classes, and how fast the live
 * set grew. A heap rule asks for its origin and {@linkplain Origin#joinedTo joins} it to its
 * finding, which then names the creating or allocating method, and line when recorded.
 */
public final class RecordedOrigins {
  private static final int STACKS_SHOWN = 2;

  private RecordedOrigins() {}

  /**
   * The recording's evidence for a finding.
   *
   * @param culprit the application method responsible, or null when the recording shows none
   * @param facts facts to add to the finding's
   * @param stacks creating or allocating stacks, heaviest first
   */
  public record Origin(Culprit culprit, Map<String, String> facts, List<RecordedStack> stacks) {
    /**
     * The finding with this origin's facts and stacks added, and its culprit replaced by the
     * recorded method (the dump's culprit class is kept as a fact when it differs).
     */
    public Finding joinedTo(Finding finding) {
      Map<String, String> more = new LinkedHashMap<>(facts);
      Culprit heapCulprit = finding.culprit();
      if (culprit != null && heapCulprit != null && !heapCulprit.className().equals(culprit.className())) {
        more.put("culprit in the dump", heapCulprit.className()
            + (heapCulprit.method() == null ? "" : "." + heapCulprit.method()));
      }
      Evidence evidence = finding.evidence().withRecording(more, stacks);
      return new Finding(finding.ruleId(), finding.score(), finding.title(), finding.claim(), finding.explanation(),
          evidence, culprit != null ? culprit : heapCulprit, finding.recommendation());
    }
  }

  /** The finding joined with its origin, or as it is when there is no recording or no origin. */
  public static Finding join(Finding finding, Optional<Origin> origin) {
    return origin.map(o -> o.joinedTo(finding)).orElse(finding);
  }

  /** Where the recording saw these threads (objects of the dump) started. */
  public static Optional<Origin> ofThreads(RuleContext context, int[] threadObjects) {
    Recording recording = context.recording();
    if (recording == null || threadObjects.length == 0) {
      return Optional.empty();
    }
    HeapGraph graph = context.heap();
    Set<Long> tids = new HashSet<>();
    for (int thread : threadObjects) {
      graph.field(thread, "tid").map(FieldValue::asLong).ifPresent(tids::add);
    }
    List<ThreadStart> matched = recording.threadStarts().stream()
        .filter(start -> tids.contains(start.javaThreadId())).toList();
    if (matched.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> facts = new LinkedHashMap<>();
    String before = matched.size() < threadObjects.length
        ? "; the other " + Numbers.count(threadObjects.length - matched.size()) + " started before the recording"
        + " or have no start event" : "";
    Optional<Map.Entry<Frame, List<ThreadStart>>> top =
        RecordedCode.largestGroup(RecordedCode.byApplicationMethod(matched, ThreadStart::stack));
    List<ThreadStart> shown = top.map(Map.Entry::getValue).orElse(matched);
    facts.put("started (recording)", Numbers.count(shown.size()) + " of these " + Numbers.count(threadObjects.length)
        + " threads were started" + top.map(e -> " from " + e.getKey()).orElse("") + ", "
        + RecordedCode.rate(shown.size(), shown.get(0).time(), shown.get(shown.size() - 1).time()) + before);
    List<RecordedStack> stacks = RecordedCode.heaviest(RecordedCode.countByStack(shown, ThreadStart::stack),
        STACKS_SHOWN, count -> "started " + Numbers.count(count) + " of these threads");
    return Optional.of(new Origin(top.map(e -> RecordedCode.culprit(e.getKey())).orElse(null), facts, stacks));
  }

  /**
   * Where the recording saw objects of these classes allocated: the application frame that
   * allocated most of them, preferring frames that allocated single objects of at least {@code
   * largeBytes} (when above 0). With {@code culpritClass}, only stacks through that class count and
   * its frame is the one named: the dump already showed which class holds the objects, the recording
   * adds the method and line.
   */
  public static Optional<Origin> ofAllocations(RuleContext context, Predicate<String> classes, long largeBytes,
      String culpritClass) {
    Recording recording = context.recording();
    if (recording == null) {
      return Optional.empty();
    }
    Predicate<Frame> named = culpritClass == null ? RecordedCode::isApplication
        : frame -> ApplicationCode.declaringClass(frame.className()).equals(culpritClass);
    Map<Frame, long[]> byFrame = new HashMap<>();
    Map<Frame, Map<StackTrace, Long>> stacksByFrame = new HashMap<>();
    long total = 0;
    for (AllocationSite site : recording.allocations()) {
      total += site.weightBytes();
      if (!classes.test(site.objectClass())) {
        continue;
      }
      Optional<Frame> frame = site.stack().firstFrame(named);
      if (frame.isPresent()) {
        // Sampled weight and exact outside-TLAB bytes measure one volume two ways: take the larger.
        long volume = Math.max(site.weightBytes(), site.outsideTlabBytes());
        long[] weight = byFrame.computeIfAbsent(frame.get(), f -> new long[2]);
        weight[0] += volume;
        weight[1] = Math.max(weight[1], site.largestBytes());
        stacksByFrame.computeIfAbsent(frame.get(), f -> new HashMap<>()).merge(site.stack(), volume, Long::sum);
      }
    }
    Comparator<Map.Entry<Frame, long[]>> order = Comparator.comparing(
        (Map.Entry<Frame, long[]> e) -> largeBytes > 0 && e.getValue()[1] >= largeBytes)
        .thenComparingLong(e -> e.getValue()[0] + e.getValue()[1])
        .thenComparing(e -> e.getKey().toString(), Comparator.reverseOrder());
    Optional<Map.Entry<Frame, long[]>> top = byFrame.entrySet().stream().max(order);
    if (top.isEmpty()) {
      return Optional.empty();
    }
    Frame frame = top.get().getKey();
    long bytes = top.get().getValue()[0];
    long largest = top.get().getValue()[1];
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("allocated (recording)", frame + " allocated " + Numbers.bytes(bytes) + " of them ("
        + Numbers.percent(bytes, total) + " of all allocation)"
        + (largest > 0 ? ", up to " + Numbers.bytes(largest) + " at once" : ""));
    List<RecordedStack> stacks = RecordedCode.heaviest(stacksByFrame.get(frame), STACKS_SHOWN,
        bytesThere -> "allocated " + Numbers.bytes(bytesThere) + " here");
    return Optional.of(new Origin(RecordedCode.culprit(frame), facts, stacks));
  }

  /**
   * How the live set grew during the recording, and the old-object samples of these classes (or
   * held through them) with the stack that allocated most of them. Names no culprit: where leaked
   * objects were allocated is not what keeps them, which the dump shows.
   */
  public static Optional<Origin> ofGrowth(RuleContext context, Predicate<String> classes) {
    Recording recording = context.recording();
    if (recording == null) {
      return Optional.empty();
    }
    Map<String, String> facts = new LinkedHashMap<>();
    LiveSetTrend trend = recording.liveSetTrend();
    if (trend.windows().size() >= LiveSetTrend.MIN_WINDOWS) {
      facts.put("live set (recording)", Numbers.bytes(trend.firstBytes()) + " -> " + Numbers.bytes(trend.lastBytes())
          + String.format(Locale.ROOT, ", %s%s/min (fit r2 %.2f)", trend.bytesPerSecond() < 0 ? "-" : "+",
              Numbers.bytes((long) Math.abs(trend.bytesPerSecond() * 60)), trend.rSquared())
          + trend.timeToExhaustion().map(d -> "; heap full in about " + Durations.format(d.toMillis())).orElse(""));
    }
    List<OldObjectSample> related = recording.oldObjects().stream()
        .filter(sample -> classes.test(sample.objectClass())
            || sample.referenceChain().stream().anyMatch(step -> classes.test(ownerOf(step))))
        .toList();
    Optional<Map.Entry<Frame, List<OldObjectSample>>> top =
        RecordedCode.largestGroup(RecordedCode.byApplicationFrame(related, OldObjectSample::allocationStack));
    List<RecordedStack> stacks = new ArrayList<>();
    top.ifPresent(e -> {
      OldObjectSample sample = e.getValue().get(0);
      facts.put("old-object samples (recording)", Numbers.count(e.getValue().size()) + " of "
          + Numbers.count(recording.oldObjects().size()) + " samples still alive at the end were allocated in "
          + e.getKey());
      stacks.add(RecordedCode.stack("allocated " + Numbers.count(e.getValue().size())
          + " sampled objects still alive at the end", sample.allocationStack()));
    });
    if (facts.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Origin(null, facts, stacks));
  }

  /**
   * {@link #ofGrowth(RuleContext, Predicate)} for the application classes of the finding: its
   * culprit's, and those of its examples and of their paths from a GC root.
   */
  public static Optional<Origin> ofGrowth(RuleContext context, Finding finding) {
    Set<String> classes = new HashSet<>();
    if (finding.culprit() != null) {
      classes.add(finding.culprit().className());
    }
    for (ExampleObject example : finding.evidence().examples()) {
      classes.add(example.className());
      example.pathFromRoot().forEach(step -> classes.add(step.className()));
    }
    classes.removeIf(ApplicationCode::isLibrary);
    return ofGrowth(context, classes::contains);
  }

  /** {@code java.util.ArrayList} of the chain step {@code java.util.ArrayList.elementData}. */
  private static String ownerOf(String step) {
    int dot = step.lastIndexOf('.');
    return dot > 0 ? step.substring(0, dot) : step;
  }

}
