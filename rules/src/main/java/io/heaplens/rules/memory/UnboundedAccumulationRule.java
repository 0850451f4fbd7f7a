package io.heaplens.rules.memory;

import io.heaplens.analysis.HeapSummarizer;
import io.heaplens.analysis.rules.Culprit;
import io.heaplens.analysis.rules.Evidence;
import io.heaplens.analysis.rules.ExampleObject;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.RuleContext;
import io.heaplens.analysis.rules.Scores;
import io.heaplens.analysis.rules.Threshold;
import io.heaplens.hprof.HeapClass;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.rules.SpecificFindings;
import io.heaplens.rules.support.Examples;
import io.heaplens.rules.support.HoldingFrames;
import io.heaplens.rules.support.Numbers;
import io.heaplens.rules.support.RecordedOrigins;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code collection.unbounded-accumulation}: one collection, or a few with the same owner, holding
 * a large share of the heap in many elements: a job paging through an API or a result set and
 * keeping every page, a registry or history nobody trims.
 *
 * <p>How it decides: every instance of a known collection class (see {@link KnownCollections})
 * retaining at least {@code candidateShare} of the heap is a candidate; of nested candidates, the
 * one where the elements pile up is kept (the inner one when it holds most of the outer one). Candidates are attributed to their owner (the application frame holding them when a
 * thread's stack does, see {@link HoldingFrames}, else the nearest application object holding
 * them) and grouped by owner. A group is reported when it retains at least {@code minShare} of the
 * heap and holds at least {@code minElements} elements, counting the rows inside page-like
 * elements (elements that each hold a collection of their own). The shape of the growth (element
 * class, how alike the elements are, pages of rows) is read from a sample of elements.
 *
 * <p>Cost: one pass over the instances of collection classes, then per candidate a path query, a
 * few field reads and a bounded walk over its structure; one set retained-size computation per
 * reported group.
 */
public final class UnboundedAccumulationRule implements SpecificFindings.Specific {
  /** The rule's id. */
  public static final String ID = "collection.unbounded-accumulation";
  /** How many elements of each collection are sampled to describe them. */
  static final int SAMPLE = 200;
  /** How many groups are reported at most. */
  static final int MAX_FINDINGS = 5;
  /** The share of an outer collection an inner one must hold to be reported instead of it. */
  static final double INNER_SHARE = 0.5;
  /** Score ceiling when no application code holds the collection: a library's own structure. */
  static final int LIBRARY_OWNED_MAX_SCORE = 59;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Collection accumulating without bound";
  }

  @Override
  public List<Threshold> thresholds() {
    return List.of(
        new Threshold("minShare", "share of the heap one owner's collections must retain to be reported", 0.20),
        new Threshold("minElements", "fewest elements (rows, counting those inside page-like elements) reported", 1000),
        new Threshold("candidateShare", "share of the heap a single collection must retain to be examined", 0.05),
        new Threshold("alarmingShare", "share of the heap held by one owner's collections that scores critical", 0.30));
  }

  @Override
  public List<SpecificFindings.Reported> report(RuleContext context) {
    HeapGraph graph = context.heap();
    double minShare = context.threshold(this, "minShare");
    long minElements = (long) context.threshold(this, "minElements");
    double candidateShare = context.threshold(this, "candidateShare");
    double alarming = context.threshold(this, "alarmingShare");
    long heapBytes = Numbers.reachableBytes(graph);

    KnownCollections collections = new KnownCollections(graph);
    Set<Integer> candidates = new HashSet<>();
    for (HeapClass heapClass : collections.classes()) {
      for (int collection : graph.instancesOf(heapClass, false)) {
        if (graph.retainedSize(collection) >= candidateShare * heapBytes && graph.retainedSize(collection) > 0) {
          candidates.add(collection);
        }
      }
    }
    HoldingFrames frames = new HoldingFrames(graph);
    Map<String, List<Accumulation>> groups = new LinkedHashMap<>();
    outermostAccumulations(graph, candidates).stream()
        .sorted(Comparator.comparingLong((Integer c) -> graph.retainedSize(c)).reversed())
        .map(c -> Accumulation.examine(graph, collections, frames, c, SAMPLE))
        .forEach(a -> groups.computeIfAbsent(a.ownerKey(), k -> new ArrayList<>()).add(a));

    List<SpecificFindings.Reported> findings = new ArrayList<>();
    for (List<Accumulation> group : groups.values()) {
      long retainedSum = group.stream().mapToLong(a -> graph.retainedSize(a.collection())).sum();
      long rows = group.stream().mapToLong(Accumulation::rows).sum();
      if (retainedSum >= minShare * heapBytes && rows >= minElements && findings.size() < MAX_FINDINGS) {
        Finding finding = finding(graph, group, heapBytes, alarming);
        int[] accumulating = group.stream().mapToInt(Accumulation::collection).toArray();
        findings.add(new SpecificFindings.Reported(finding, accumulating, new int[0],
            run -> RecordedOrigins.ofGrowth(run, finding)));
      }
    }
    findings.sort(Comparator.comparingLong((SpecificFindings.Reported r) -> r.finding().evidence().retainedBytes())
        .reversed());
    return findings;
  }

  /**
   * The candidates that are accumulations themselves. Of two nested candidates, the inner one is
   * kept when it holds at least {@value #INNER_SHARE} of the outer one (the outer one is a wrapper,
   * or a registry of which one entry grew: a class loader's class list, a map with one huge value),
   * else the outer one (the inner one is one of many elements that together make the outer one big).
   */
  private static Set<Integer> outermostAccumulations(HeapGraph graph, Set<Integer> candidates) {
    Set<Integer> kept = new HashSet<>(candidates);
    for (int candidate : candidates) {
      int outer = graph.immediateDominator(candidate);
      while (outer >= 0 && !candidates.contains(outer)) {
        outer = graph.immediateDominator(outer);
      }
      if (outer >= 0) {
        kept.remove(graph.retainedSize(candidate) >= INNER_SHARE * graph.retainedSize(outer) ? outer : candidate);
      }
    }
    return kept;
  }

  private Finding finding(HeapGraph graph, List<Accumulation> group, long heapBytes, double alarming) {
    int[] objects = group.stream().mapToInt(Accumulation::collection).toArray();
    long retained = graph.retainedSize(objects);
    double share = (double) retained / Math.max(1, heapBytes);
    Accumulation main = group.get(0);
    Culprit culprit = main.culprit();
    int score = Scores.ofShare(share, alarming);
    if (culprit == null) {
      score = Math.min(score, LIBRARY_OWNED_MAX_SCORE);
    }
    long elements = group.stream().mapToLong(Accumulation::elements).sum();
    long rows = group.stream().mapToLong(Accumulation::rows).sum();

    String what = group.size() == 1 ? main.collectionClass()
        : Numbers.count(group.size()) + " collections (largest " + main.collectionClass() + ")";
    String contents = Numbers.count(elements) + " " + main.elementClass()
        + (main.isPaged() ? " pages of about " + Numbers.count(main.rowsPerPage()) + " " + main.rowClass()
            + " each (" + Numbers.count(rows) + " rows)" : elements == 1 ? " element" : " elements");
    String claim = String.format("%s held by %s holds %s and retains %s (%s of heap)", what, main.ownerDescription(),
        contents, Numbers.bytes(retained), Numbers.percent(retained, heapBytes));

    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("collections", (long) group.size());
    counts.put("elements", elements);
    counts.put("rows", rows);
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("element class", main.elementClass() + " (" + main.homogeneity() + ")");
    facts.put("element size", main.elementSizes());
    if (main.isPaged()) {
      facts.put("growth shape", "pages: " + Numbers.count(elements) + " elements each holding about "
          + Numbers.count(main.rowsPerPage()) + " " + main.rowClass() + " rows");
    } else {
      facts.put("growth shape", main.homogeneous() ? "rows: alike elements appended one by one"
          : "mixed elements");
    }
    facts.put("held by", main.ownerDescription());

    List<ExampleObject> examples = new ArrayList<>();
    for (Accumulation a : group.subList(0, Math.min(3, group.size()))) {
      examples.add(new ExampleObject(graph.objectId(a.collection()), graph.classOf(a.collection()).name(),
          graph.shallowSize(a.collection()), graph.retainedSize(a.collection()),
          HeapSummarizer.path(graph, a.collection()),
          a.holding() != null ? a.holding().threadName() : null,
          a.holding() != null ? a.holding().frameLine() : null));
    }
    if (main.exampleElement() >= 0) {
      examples.add(Examples.of(graph, main.exampleElement()));
    }
    List<String> threads = new ArrayList<>();
    for (Accumulation a : group) {
      if (a.holding() != null) {
        String state = a.holding().thread().state() != null ? " (" + a.holding().thread().state() + ")" : "";
        threads.add(a.holding().threadName() + state + " at " + a.holding().frameLine());
      }
    }
    Evidence evidence = new Evidence(retained, elements, counts, facts, examples, threads);
    boolean onStack = main.holding() != null;
    return new Finding(ID, score, title(), claim, explanation(onStack, main.isPaged()), evidence, culprit,
        recommendation(onStack, main.isPaged()));
  }

  private static String explanation(boolean onStack, boolean paged) {
    String shape = paged
        ? "Every page fetched is kept, so memory grows with the size of the whole data set rather than with one"
            + " page."
        : "Every element added is kept, so memory grows with the number of rows processed (or requests served)"
            + " rather than staying bounded.";
    String where = onStack
        ? " The collection is a local of a running method: the job collects everything before it uses any of it,"
            + " and the heap must hold the whole data set at once."
        : " The collection lives in a long-lived object: nothing removes elements, so it grows for the life of"
            + " the process.";
    return shape + where + " A bigger data set or a longer uptime ends in OutOfMemoryError.";
  }

  private static String recommendation(boolean onStack, boolean paged) {
    if (onStack) {
      return (paged ? "Process each page as it arrives (write, aggregate or send it) and keep only the cursor"
          + " for the next one" : "Process rows as they are read (stream the result set or iterator into the"
          + " writer) instead of collecting them first")
          + "; if everything is truly needed at once, spill to disk or a temporary table, and bound the data set"
          + " a single run may load.";
    }
    return "Bound the collection: give it a maximum size and an eviction policy (a cache library such as Caffeine"
        + " with maximumSize/expireAfterWrite), or remove elements when their work is done; keep only what is"
        + " needed (ids or aggregates instead of whole rows).";
  }
}
