package io.heaplens.rules.recording;

import io.heaplens.analysis.rules.Evidence;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.RecordedStack;
import io.heaplens.analysis.rules.RecordingRule;
import io.heaplens.analysis.rules.RuleContext;
import io.heaplens.analysis.rules.Scores;
import io.heaplens.analysis.rules.Severity;
import io.heaplens.analysis.rules.Threshold;
import io.heaplens.jfr.AllocationSite;
import io.heaplens.jfr.Frame;
import io.heaplens.jfr.Recording;
import io.heaplens.jfr.StackTrace;
import io.heaplens.rules.ExplainedBy;
import io.heaplens.rules.SpecificFindings;
import io.heaplens.rules.support.Numbers;
import io.heaplens.rules.support.RecordedCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Allocation pressure of large {@code byte[]}/{@code char[]} buffers from one place in the
 * application: a whole request or response body, an upload or a page of rows copied into memory,
 * seen from the allocation side.
 *
 * <p>Allocations of byte and char arrays are grouped by the innermost application frame of their
 * stack. With {@code jdk.ObjectAllocationOutsideTLAB} events, where the JVM records every large
 * allocation with its size, a group's volume is the bytes it allocated outside TLABs; it is reported
 * when that volume reaches {@value #MIN_SHARE_DEFAULT_PERCENT}% of all (sampled) allocation and its
 * largest single buffer {@value #LARGE_BYTES_DEFAULT_MB} MB. The score follows the share (80 at
 * 15% of all allocation) or the largest buffer's size against the maximum heap (80 at a tenth),
 * whichever is higher. Without outside-TLAB events the buffers' sizes are unknown: a group
 * allocating at least half of all bytes is then reported at low severity, saying so. With the dump,
 * a group whose stacks mostly run through the culprit of a heap finding holding the buffers is kept
 * at low, pointing at that finding ({@link ExplainedBy}).
 */
public final class LargeBufferAllocationRule implements RecordingRule {
  public static final String ID = "alloc.large-buffers";
  static final String MIN_SHARE = "minShare";
  static final String LARGE_BYTES = "largeBytes";
  static final int MIN_SHARE_DEFAULT_PERCENT = 5;
  static final int LARGE_BYTES_DEFAULT_MB = 1;
  private static final double ALARMING_SHARE = 0.15;
  /** One buffer this large a share of the maximum heap scores 80: a few at once fill it. */
  private static final double ALARMING_BUFFER_HEAP_SHARE = 0.1;
  private static final double SIZES_UNKNOWN_MIN_SHARE = 0.5;
  private static final int SIZES_UNKNOWN_MAX_SCORE = 39;
  private static final int STACKS_SHOWN = 2;

  private static final List<Threshold> THRESHOLDS = List.of(
      new Threshold(MIN_SHARE, "share of all allocated bytes that byte/char arrays from one application frame"
          + " must reach to be reported (15% scores 80)", MIN_SHARE_DEFAULT_PERCENT / 100.0),
      new Threshold(LARGE_BYTES, "size of the largest single buffer from which the buffers count as large",
          LARGE_BYTES_DEFAULT_MB << 20));

  /** The byte/char array allocations of one application frame. */
  private static final class Group {
    final Frame frame;
    final Map<String, Long> bytesByClass = new LinkedHashMap<>();
    final List<AllocationSite> sites = new ArrayList<>();
    long sampledBytes;
    long outsideTlabBytes;
    long largest;

    Group(Frame frame) {
      this.frame = frame;
    }

    /** The exact bytes allocated outside TLABs when the recording has them, else the sampled weight. */
    long bytes(boolean sizesKnown) {
      return sizesKnown ? outsideTlabBytes : sampledBytes;
    }
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Large buffers allocated at a high rate";
  }

  @Override
  public List<Threshold> thresholds() {
    return THRESHOLDS;
  }

  @Override
  public List<Finding> evaluate(RuleContext context) {
    Recording recording = context.recording();
    double minShare = context.threshold(this, MIN_SHARE);
    long largeBytes = (long) context.threshold(this, LARGE_BYTES);
    long total = 0;
    boolean sizesKnown = false;
    Map<Frame, Group> groups = new HashMap<>();
    for (AllocationSite site : recording.allocations()) {
      total += site.weightBytes();
      sizesKnown |= site.largestBytes() > 0;
      if (!isBuffer(site.objectClass())) {
        continue;
      }
      RecordedCode.applicationFrame(site.stack()).ifPresent(frame -> {
        Group group = groups.computeIfAbsent(frame, Group::new);
        group.sampledBytes += site.weightBytes();
        group.outsideTlabBytes += site.outsideTlabBytes();
        group.largest = Math.max(group.largest, site.largestBytes());
        group.bytesByClass.merge(site.objectClass(), site.weightBytes(), Long::sum);
        group.sites.add(site);
      });
    }
    if (total == 0) {
      return List.of();
    }
    List<SpecificFindings.Reported> specific = SpecificFindings.all(context, Severity.MEDIUM.minimumScore());
    List<Finding> findings = new ArrayList<>();
    for (Group group : groups.values()) {
      double share = (double) group.bytes(sizesKnown) / total;
      if (sizesKnown && share >= minShare && group.largest >= largeBytes) {
        long maxHeap = recording.facts().maxHeapBytes();
        int score = Scores.max(Scores.ofShare(share, ALARMING_SHARE), maxHeap <= 0 ? 0
            : Scores.ofShare((double) group.largest / maxHeap, ALARMING_BUFFER_HEAP_SHARE));
        findings.add(explained(finding(group, total, score, true), group, specific));
      } else if (!sizesKnown && share >= SIZES_UNKNOWN_MIN_SHARE) {
        findings.add(finding(group, total, Math.min(SIZES_UNKNOWN_MAX_SCORE, Scores.ofShare(share, ALARMING_SHARE)),
            false));
      }
    }
    findings.sort(Comparator.comparingInt(Finding::score).reversed().thenComparing(Finding::claim));
    return findings;
  }

  /**
   * With the dump: buffers allocated through the culprit of a heap finding that holds them (a body
   * buffered whole) are that finding's, which carries this allocating stack; this one is kept at low.
   */
  private static Finding explained(Finding finding, Group group, List<SpecificFindings.Reported> specific) {
    Map<StackTrace, Long> weights = new HashMap<>();
    for (AllocationSite site : group.sites) {
      weights.merge(site.stack(), Math.max(site.weightBytes(), site.outsideTlabBytes()), Long::sum);
    }
    return ExplainedBy.ofStacks(weights, specific).map(coverage -> ExplainedBy.fold(finding, coverage))
        .orElse(finding);
  }

  private static boolean isBuffer(String className) {
    return className.equals("byte[]") || className.equals("char[]");
  }

  private Finding finding(Group group, long total, int score, boolean sizesKnown) {
    Frame frame = group.frame;
    String classes = String.join(" and ", group.bytesByClass.keySet());
    long bytes = group.bytes(sizesKnown);
    String claim = RecordedCode.where(frame) + " allocated " + Numbers.percent(bytes, total) + " of all allocation ("
        + Numbers.bytes(bytes) + " of " + Numbers.bytes(total) + ") as " + classes
        + (sizesKnown ? " buffers of up to " + Numbers.bytes(group.largest) + " each" : " buffers of unknown size");
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("sampled allocation events", group.sites.stream().mapToLong(AllocationSite::events).sum());
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put(sizesKnown ? "allocated here outside TLABs" : "allocated here (sampled)", Numbers.bytes(bytes) + ", "
        + Numbers.percent(bytes, total) + " of all " + Numbers.bytes(total) + " allocated (sampled)");
    facts.put("largest buffer", sizesKnown ? Numbers.bytes(group.largest)
        : "unknown: the recording has no jdk.ObjectAllocationOutsideTLAB events");
    Evidence evidence = new Evidence(0, 0, counts, facts, List.of(), List.of(), stacks(group));
    return new Finding(ID, score, title(), claim,
        "Whole bodies, uploads or pages are copied into arrays as large as the data itself. Each copy is"
            + " allocated outside the thread-local buffers, straight into the old generation when large,"
            + " and a few concurrent large ones can exhaust the heap however small the service's steady"
            + " state is.",
        evidence, RecordedCode.culprit(frame),
        "Stream the data instead of buffering it: pass the InputStream/Reader through (transferTo, a"
            + " streaming JSON writer, a streaming request entity), or cap what is kept (the first KBs for"
            + " logging) and reject bodies over a limit.");
  }

  private static List<RecordedStack> stacks(Group group) {
    return group.sites.stream()
        .sorted(Comparator.comparingLong((AllocationSite site) -> Math.max(site.weightBytes(), site.outsideTlabBytes()))
            .reversed())
        .limit(STACKS_SHOWN)
        .map(site -> RecordedCode.stack("allocated " + Numbers.bytes(Math.max(site.weightBytes(), site.outsideTlabBytes()))
            + " of " + site.objectClass()
            + (site.largestBytes() > 0 ? ", up to " + Numbers.bytes(site.largestBytes()) + " at once" : ""),
            site.stack()))
        .toList();
  }
}
