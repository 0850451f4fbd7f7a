package io.heaplens.rules;

import io.heaplens.analysis.rules.Evidence;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.Severity;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.jfr.StackTrace;
import io.heaplens.rules.SpecificFindings.Reported;
import io.heaplens.rules.support.ApplicationCode;
import io.heaplens.rules.support.Numbers;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a general finding (a leak suspect, duplicate strings) or a recording finding (a thread
 * storm, large allocations, live-set growth) is the same cause as a specific heap finding ({@link
 * SpecificFindings}), measured on what both are about: the suspect's retained bytes inside the
 * specific finding's objects, the strings among them, the started threads that are its threads, the
 * allocating stacks through its culprit class, the live-set growth its objects account for. When
 * at least {@value SpecificFindings#EXPLAINED_SHARE} of it is, the finding is {@linkplain #fold
 * folded}: kept as low-severity evidence that points at the specific finding, so that one cause
 * raises one alarm.
 */
public final class ExplainedBy {
  /** Steps up the dominator tree at most per object: deeper objects count as not explained. */
  static final int MAX_DEPTH = 1_000;
  /** Objects of a large set examined at most, spread over it. */
  static final int SAMPLE = 2_000;

  /**
   * How much of a finding a specific finding explains.
   *
   * @param by the specific finding that explains the most of it
   * @param share the share explained by all specific findings together, 0 to 1
   * @param what what was measured, with {@code %s} for the finding ("of its retained 45 MB lie in the
   *     objects of %s")
   */
  public record Coverage(Reported by, double share, String what) {}

  private ExplainedBy() {}

  /**
   * The share of {@code retained} bytes (of {@code instances} taken together) that lies in the
   * specific findings' objects: an instance inside one counts whole, an object of one under an
   * instance counts its retained size.
   */
  public static Optional<Coverage> ofRetained(HeapGraph graph, int[] instances, long retained, List<Reported> specific) {
    if (specific.isEmpty() || retained <= 0) {
      return Optional.empty();
    }
    Set<Integer> suspect = new HashSet<>();
    for (int instance : instances) {
      suspect.add(instance);
    }
    Map<Reported, Long> bytes = new LinkedHashMap<>();
    for (Reported reported : specific) {
      Set<Integer> objects = SpecificFindings.objectSet(reported);
      long inside = 0;
      for (int instance : sample(instances)) {
        if (ancestorIn(graph, instance, objects, true)) {
          inside += graph.retainedSize(instance);
        }
      }
      inside = Math.round(inside * scale(instances));
      for (int object : reported.objects()) {
        if (!suspect.contains(object) && !ancestorIn(graph, object, objects, false)
            && ancestorIn(graph, object, suspect, false)) {
          inside += graph.retainedSize(object);
        }
      }
      bytes.put(reported, inside);
    }
    return best(bytes, Math.min(1.0, bytes.values().stream().mapToLong(Long::longValue).sum() / (double) retained),
        "of its retained " + Numbers.bytes(retained) + " lie in the objects of %s");
  }

  /** The share of {@code objects} (a sample of them) that lie inside the specific findings' objects. */
  public static Optional<Coverage> ofObjects(HeapGraph graph, int[] objects, List<Reported> specific, String what) {
    if (specific.isEmpty() || objects.length == 0) {
      return Optional.empty();
    }
    int[] sample = sample(objects);
    Map<Reported, Long> counts = new LinkedHashMap<>();
    long inAny = 0;
    for (Reported reported : specific) {
      counts.put(reported, 0L);
    }
    List<Set<Integer>> sets = specific.stream().map(SpecificFindings::objectSet).toList();
    for (int object : sample) {
      for (int i = 0; i < sets.size(); i++) {
        if (ancestorIn(graph, object, sets.get(i), true)) {
          counts.merge(specific.get(i), 1L, Long::sum);
          inAny++;
          break;
        }
      }
    }
    return best(counts, (double) inAny / sample.length, what);
  }

  /** The share of these recorded threads (Java thread ids) that are the specific findings' live threads. */
  public static Optional<Coverage> ofThreadIds(HeapGraph graph, Collection<Long> tids, List<Reported> specific) {
    if (specific.isEmpty() || tids.isEmpty()) {
      return Optional.empty();
    }
    Map<Reported, Long> counts = new LinkedHashMap<>();
    Set<Long> counted = new HashSet<>();
    for (Reported reported : specific) {
      Set<Long> own = SpecificFindings.threadIds(graph, reported);
      long n = tids.stream().filter(own::contains).count();
      counts.put(reported, n);
      tids.stream().filter(own::contains).forEach(counted::add);
    }
    return best(counts, (double) counted.size() / tids.size(), "of the " + Numbers.count(tids.size())
        + " threads still running at its end are live threads of %s in the dump");
  }

  /**
   * The share of these recorded stacks (weighted) that run through a specific finding's culprit
   * class: the objects that finding holds were allocated there.
   */
  public static Optional<Coverage> ofStacks(Map<StackTrace, Long> weights, List<Reported> specific) {
    long total = weights.values().stream().mapToLong(Long::longValue).sum();
    if (specific.isEmpty() || total <= 0) {
      return Optional.empty();
    }
    Map<Reported, Long> through = new LinkedHashMap<>();
    Set<StackTrace> counted = new HashSet<>();
    for (Reported reported : specific) {
      if (reported.finding().culprit() == null) {
        continue;
      }
      String culpritClass = reported.finding().culprit().className();
      long weight = 0;
      for (Map.Entry<StackTrace, Long> entry : weights.entrySet()) {
        boolean passes = entry.getKey().frames().stream()
            .anyMatch(frame -> ApplicationCode.declaringClass(frame.className()).equals(culpritClass));
        if (passes) {
          weight += entry.getValue();
          counted.add(entry.getKey());
        }
      }
      through.put(reported, weight);
    }
    long inAny = counted.stream().mapToLong(weights::get).sum();
    return best(through, (double) inAny / total, "of these allocations run through the culprit class of %s");
  }

  /** The share of {@code bytes} (a growth of the live set) that the specific findings' objects retain in the dump. */
  public static Optional<Coverage> ofGrowth(HeapGraph graph, long bytes, List<Reported> specific) {
    if (specific.isEmpty() || bytes <= 0) {
      return Optional.empty();
    }
    Map<Reported, Long> retained = new LinkedHashMap<>();
    Set<Integer> union = new HashSet<>();
    for (Reported reported : specific) {
      retained.put(reported, graph.retainedSize(reported.objects()));
      SpecificFindings.objectSet(reported).forEach(union::add);
    }
    long together = graph.retainedSize(union.stream().mapToInt(Integer::intValue).sorted().toArray());
    return best(retained, Math.min(1.0, together / (double) bytes),
        "of the " + Numbers.bytes(bytes) + " the live set grew is retained in the dump by the objects of %s");
  }

  /**
   * The finding folded into the specific one that explains it: at most low, its claim and facts
   * pointing at that finding; unchanged when that finding is less severe than this one (or than
   * high), as folding would then lower the one alarm the cause raises.
   */
  public static Finding fold(Finding finding, Coverage coverage) {
    // Into a weaker finding, the fold would bury the alarm: the finding then stays as it is.
    Severity needed = finding.severity().atLeast(Severity.HIGH) ? Severity.HIGH : finding.severity();
    if (!coverage.by().finding().severity().atLeast(needed)) {
      return finding;
    }
    String pointer = coverage.by().label();
    String claim = finding.claim() + "; " + Numbers.percent(Math.round(coverage.share() * 1000), 1000) + " "
        + coverage.what().formatted(pointer) + ": the same cause, reported there";
    Map<String, String> facts = new LinkedHashMap<>(finding.evidence().facts());
    facts.put("explained by", pointer + ": " + coverage.by().finding().claim());
    Evidence old = finding.evidence();
    Evidence evidence = new Evidence(old.retainedBytes(), old.count(), old.counts(), facts, old.examples(),
        old.holdingThreads(), old.stacks());
    int score = Math.min(finding.score(), Severity.MEDIUM.minimumScore() - 1);
    return new Finding(finding.ruleId(), score, finding.title(), claim, finding.explanation(), evidence,
        finding.culprit(), finding.recommendation());
  }

  /**
   * The coverage when it reaches {@value SpecificFindings#EXPLAINED_SHARE}, naming the most severe
   * finding that explains a part, the one explaining most among equals.
   */
  private static Optional<Coverage> best(Map<Reported, Long> amounts, double share, String what) {
    if (share < SpecificFindings.EXPLAINED_SHARE) {
      return Optional.empty();
    }
    return amounts.entrySet().stream().filter(e -> e.getValue() > 0)
        .max(Comparator.comparingInt((Map.Entry<Reported, Long> e) -> e.getKey().finding().score())
            .thenComparing(Map.Entry.comparingByValue()))
        .map(e -> new Coverage(e.getKey(), share, what));
  }

  /** Whether {@code object} (when {@code self}) or one of its dominators is in {@code set}. */
  private static boolean ancestorIn(HeapGraph graph, int object, Set<Integer> set, boolean self) {
    int at = self ? object : graph.immediateDominator(object);
    for (int step = 0; at >= 0 && step < MAX_DEPTH; step++, at = graph.immediateDominator(at)) {
      if (set.contains(at)) {
        return true;
      }
    }
    return false;
  }

  /** At most {@value #SAMPLE} of the objects, spread evenly. */
  private static int[] sample(int[] objects) {
    if (objects.length <= SAMPLE) {
      return objects;
    }
    int[] sample = new int[SAMPLE];
    for (int i = 0; i < SAMPLE; i++) {
      sample[i] = objects[(int) ((long) i * objects.length / SAMPLE)];
    }
    return sample;
  }

  private static double scale(int[] objects) {
    return objects.length <= SAMPLE ? 1.0 : (double) objects.length / SAMPLE;
  }
}
