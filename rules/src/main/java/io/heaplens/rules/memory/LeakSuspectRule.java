package io.heaplens.rules.memory;

import io.heaplens.analysis.HeapSummarizer;
import io.heaplens.analysis.rules.Culprit;
import io.heaplens.analysis.rules.Evidence;
import io.heaplens.analysis.rules.ExampleObject;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.Rule;
import io.heaplens.analysis.rules.RuleContext;
import io.heaplens.analysis.rules.Scores;
import io.heaplens.analysis.rules.Severity;
import io.heaplens.analysis.rules.Threshold;
import io.heaplens.hprof.HeapClass;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.hprof.HeapThread;
import io.heaplens.hprof.ObjectKind;
import io.heaplens.rules.ExplainedBy;
import io.heaplens.rules.SpecificFindings;
import io.heaplens.rules.support.ApplicationCode;
import io.heaplens.rules.support.Examples;
import io.heaplens.rules.support.HoldingFrames;
import io.heaplens.rules.support.Numbers;
import io.heaplens.rules.support.RecordedOrigins;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code memory.leak-suspect}, after Eclipse MAT's leak suspects: one object, or the top-level
 * instances of one class together, retaining a large share of the heap, with the accumulation
 * point below it.
 *
 * <p>How it decides: the objects right under the GC roots in the dominator tree (GC roots, threads)
 * are grouped by class. A class whose top-level instances retain at least {@code minShare} of the
 * heap is a suspect: as one object when one instance holds most of it, else as a group. From the
 * suspect (the largest instance of a group) the {@link DominatorWalk} descends to the accumulation
 * point. The score grows with the share; it stays at most medium ({@value #STRUCTURE_MAX_SCORE})
 * when there is no accumulation: neither a group of at least {@code minElements} instances nor an
 * accumulation point with at least {@code minElements} elements mostly of one class (one big object,
 * a thread holding a few unrelated things), and at most low when the suspect retains less than
 * {@code minRetainedBytes}. More specific rules (buffered bodies, unbounded collections, executors
 * or clients made per call) usually explain the same memory better: a suspect whose retained bytes
 * are mostly their findings' objects is kept at low, pointing at that finding ({@link ExplainedBy});
 * this rule names the memory even when none of them knows the shape.
 *
 * <p>Cost: two passes over all objects (top-level dominators, then the children a walk may follow),
 * one set retained-size computation per group suspect, a path query per example.
 */
public final class LeakSuspectRule implements Rule {
  /** The rule's id. */
  public static final String ID = "memory.leak-suspect";
  /** How many suspects are reported at most. */
  static final int MAX_FINDINGS = 5;
  /** Score ceiling when the accumulation point is a normal big structure rather than an accumulation. */
  static final int STRUCTURE_MAX_SCORE = 50;
  /** A group suspect is reported as one object when its largest instance holds this share of it. */
  static final double SINGLE_DOMINANCE = 0.8;
  /** The share of a group's retained size its carrying instances hold. */
  static final double CARRIED_SHARE = 0.8;
  /** Elements sampled at the accumulation point. */
  static final int SAMPLE = 200;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Leak suspect";
  }

  @Override
  public List<Threshold> thresholds() {
    return List.of(
        new Threshold("minShare", "share of the heap an object, or one class's top-level instances, must retain", 0.10),
        new Threshold("alarmingShare", "share of the heap retained by a suspect that scores critical", 0.50),
        new Threshold("bigDropRatio", "the dominator-tree walk follows a child while it keeps this share of its parent",
            0.70),
        new Threshold("minElements", "elements at the accumulation point (or instances of a group suspect) from which"
            + " it counts as an accumulation", 100),
        new Threshold("minRetainedBytes", "suspects retaining less than this are at most low", 10 * 1024 * 1024));
  }

  @Override
  public List<Finding> evaluate(RuleContext context) {
    HeapGraph graph = context.heap();
    double minShare = context.threshold(this, "minShare");
    double alarming = context.threshold(this, "alarmingShare");
    double bigDrop = context.threshold(this, "bigDropRatio");
    long minElements = (long) context.threshold(this, "minElements");
    long minRetained = (long) context.threshold(this, "minRetainedBytes");
    long heapBytes = Numbers.reachableBytes(graph);

    List<Suspect> suspects = suspects(graph, (long) Math.ceil(minShare * heapBytes));
    if (suspects.isEmpty()) {
      return List.of();
    }
    DominatorWalk walk = new DominatorWalk(graph, suspects.stream().mapToInt(s -> s.instances[0]).toArray(), bigDrop);
    KnownCollections collections = new KnownCollections(graph);
    HoldingFrames frames = new HoldingFrames(graph);
    List<SpecificFindings.Reported> specific = SpecificFindings.all(context, Severity.MEDIUM.minimumScore());
    List<Finding> findings = new ArrayList<>();
    for (Suspect suspect : suspects) {
      int point = walk.accumulationPoint(suspect.instances[0]);
      AccumulationPoint at = AccumulationPoint.describe(graph, collections, point, SAMPLE);
      int statics = walk.classOnTheWay(suspect.instances[0]);
      Finding finding = finding(graph, frames, suspect, at, statics, heapBytes, alarming, minElements, minRetained);
      Finding explained = ExplainedBy.ofRetained(graph, suspect.instances, finding.evidence().retainedBytes(), specific)
          .map(coverage -> ExplainedBy.fold(finding, coverage)).orElse(finding);
      findings.add(RecordedOrigins.join(explained, RecordedOrigins.ofGrowth(context, explained)));
    }
    return findings;
  }

  /**
   * Top-level dominators grouped by class, largest first: the suspects. Class objects are not
   * grouped: each holds its own static fields, unrelated to the others'.
   */
  private static List<Suspect> suspects(HeapGraph graph, long minBytes) {
    int classCount = graph.classes().size();
    long[] retainedByClass = new long[classCount];
    List<Suspect> suspects = new ArrayList<>();
    for (int object = 0; object < graph.objectCount(); object++) {
      if (graph.immediateDominator(object) == -1) {
        if (graph.kind(object) == ObjectKind.CLASS) {
          if (graph.retainedSize(object) >= minBytes) {
            suspects.add(new Suspect(graph.classOf(object), new int[] {object}, graph.retainedSize(object)));
          }
        } else {
          retainedByClass[graph.classOf(object).index()] += graph.retainedSize(object);
        }
      }
    }
    Map<Integer, List<Integer>> members = new HashMap<>();
    for (int object = 0; object < graph.objectCount(); object++) {
      int cls = graph.classOf(object).index();
      if (graph.immediateDominator(object) == -1 && graph.kind(object) != ObjectKind.CLASS
          && retainedByClass[cls] >= minBytes && graph.retainedSize(object) > 0) {
        members.computeIfAbsent(cls, c -> new ArrayList<>()).add(object);
      }
    }
    members.forEach((cls, objects) -> {
      objects.sort(Comparator.comparingLong((Integer o) -> graph.retainedSize(o)).reversed());
      long largest = graph.retainedSize(objects.get(0));
      boolean single = objects.size() == 1 || largest >= SINGLE_DOMINANCE * retainedByClass[cls];
      int[] instances = single ? new int[] {objects.get(0)} : objects.stream().mapToInt(Integer::intValue).toArray();
      suspects.add(new Suspect(graph.classes().get(cls), instances, single ? largest : retainedByClass[cls]));
    });
    suspects.sort(Comparator.comparingLong((Suspect s) -> s.sumOfRetained).reversed());
    return suspects.subList(0, Math.min(MAX_FINDINGS, suspects.size()));
  }

  private Finding finding(HeapGraph graph, HoldingFrames frames, Suspect suspect, AccumulationPoint at, int statics,
      long heapBytes, double alarming, long minElements, long minRetained) {
    boolean group = suspect.instances.length > 1;
    long retained = group ? graph.retainedSize(suspect.instances) : graph.retainedSize(suspect.instances[0]);
    double share = (double) retained / Math.max(1, heapBytes);
    // Many alike top-level objects (a thousand threads, say) are an accumulation themselves, when
    // many of them carry the weight (not a few big ones among many small ones).
    boolean manyInstances = group && carriers(graph, suspect) >= minElements;
    boolean accumulation = manyInstances || at.elements() >= minElements && at.homogeneous();
    int score = Scores.ofShare(share, alarming);
    if (!accumulation) {
      score = Math.min(score, STRUCTURE_MAX_SCORE);
    }
    if (retained < minRetained) {
      score = Math.min(score, Severity.MEDIUM.minimumScore() - 1);
    }

    int shown = at.holder();
    // A spread accumulation point (a thread, an object holding a few big things) is blamed through
    // its largest child: what a thread's stack holds is blamed on the frame holding it.
    int blamed = frames.isThread(shown) ? largestDominatedReference(graph, shown) : shown;
    HoldingFrames.Holding holding = frames.of(blamed, graph.pathFromGcRoot(blamed));
    Culprit culprit = holding != null ? holding.culprit() : null;
    if (culprit == null) {
      holding = null;
      culprit = frames.isThread(blamed) ? null : ApplicationCode.culpritOf(graph, new int[] {blamed}).orElse(null);
    }

    String who = group
        ? Numbers.count(suspect.instances.length) + " instances of " + suspect.heapClass.name()
        : describe(graph, suspect.instances[0]);
    String where;
    if (shown == suspect.instances[0] && graph.kind(shown) == ObjectKind.PRIMITIVE_ARRAY) {
      where = (group ? "the largest is " : "it is ") + at.description();
    } else if (shown == suspect.instances[0]) {
      where = (group ? "the largest (" + Numbers.bytes(graph.retainedSize(shown)) + ") has" : "it has")
          + " no single part holding most of its memory (" + at.elementMix() + ")";
    } else {
      where = (group ? "in the largest, memory accumulates in " : "memory accumulates in ") + at.description();
    }
    String staticsOf = statics >= 0 ? " in the static fields of class " + ApplicationCode.ownerClassName(graph, statics) : "";
    where += staticsOf;
    boolean culpritIsStaticsClass = culprit != null && statics >= 0
        && culprit.className().equals(ApplicationCode.declaringClass(ApplicationCode.ownerClassName(graph, statics)));
    String heldBy = culprit != null && !culpritIsStaticsClass ? ", held by " + culprit.className()
        + (culprit.method() != null ? "." + culprit.method() : "") : "";
    String claim = String.format("%s %s %s (%s of heap); %s%s", who, group ? "retain" : "retains",
        Numbers.bytes(retained), Numbers.percent(retained, heapBytes), where, heldBy);

    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("instances", (long) suspect.instances.length);
    counts.put("elements at accumulation point", at.elements());
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("suspect", who);
    facts.put("accumulation point", graph.classOf(shown).name() + " retaining " + Numbers.bytes(graph.retainedSize(shown))
        + " (" + Numbers.percent(graph.retainedSize(shown), heapBytes) + " of heap)");
    facts.put("elements", at.elementMix());
    if (statics >= 0) {
      facts.put("held in", "static fields of class " + ApplicationCode.ownerClassName(graph, statics));
    }
    facts.put("shape", manyInstances ? "accumulation: many alike objects, each held on its own"
        : accumulation ? "accumulation: many alike elements under one object"
        : "big structure: no single accumulation of alike elements");

    List<ExampleObject> examples = new ArrayList<>();
    examples.add(Examples.of(graph, suspect.instances[0]));
    if (shown != suspect.instances[0]) {
      examples.add(new ExampleObject(graph.objectId(shown), graph.classOf(shown).name(), graph.shallowSize(shown),
          graph.retainedSize(shown), HeapSummarizer.path(graph, shown),
          holding != null ? holding.threadName() : null, holding != null ? holding.frameLine() : null));
    }
    if (at.exampleElement() >= 0) {
      examples.add(Examples.of(graph, at.exampleElement()));
    }
    List<String> threads = new ArrayList<>();
    if (holding != null) {
      threads.add(holding.threadName() + " at " + holding.frameLine());
    }
    for (int instance : suspect.instances) {
      if (frames.isThread(instance) && threads.size() < 10) {
        threads.add(frames.describeThread(instance));
      }
    }
    Evidence evidence = new Evidence(retained, suspect.instances.length, counts, facts, examples,
        threads.stream().distinct().toList());
    return new Finding(ID, score, title(), claim, explanation(accumulation, manyInstances), evidence, culprit,
        recommendation(accumulation));
  }

  /** How many of a group's instances, largest first, make up {@value #CARRIED_SHARE} of its retained size. */
  private static int carriers(HeapGraph graph, Suspect suspect) {
    long carried = 0;
    int count = 0;
    for (int instance : suspect.instances) {
      if (carried >= CARRIED_SHARE * suspect.sumOfRetained) {
        break;
      }
      carried += graph.retainedSize(instance);
      count++;
    }
    return count;
  }

  /** The object's largest directly referenced object that it dominates; the object itself if none. */
  private static int largestDominatedReference(HeapGraph graph, int object) {
    int best = object;
    for (int target : graph.outboundReferences(object)) {
      if (graph.immediateDominator(target) == object
          && (best == object || graph.retainedSize(target) > graph.retainedSize(best))) {
        best = target;
      }
    }
    return best;
  }

  /** {@code java.lang.Thread "pool-2-thread-1"}, {@code class com.x.Registry (static fields)}, or the class. */
  private static String describe(HeapGraph graph, int object) {
    if (graph.kind(object) == ObjectKind.CLASS) {
      HeapClass represented = graph.classRepresentedBy(object);
      return "class " + (represented != null ? represented.name() : "?") + " (static fields)";
    }
    for (HeapThread thread : graph.threads()) {
      if (thread.object() == object) {
        return "thread \"" + (thread.name() != null ? thread.name() : "<unnamed>") + "\"";
      }
    }
    if (graph.classOf(object).isSubclassOf(graph.findClass("java.lang.ClassLoader").orElse(null))) {
      return "class loader " + graph.classOf(object).name();
    }
    return "one " + graph.classOf(object).name();
  }

  private static String explanation(boolean accumulation, boolean manyInstances) {
    if (manyInstances) {
      return "Many objects of one class, each held on its own (by its own thread or GC root), together hold"
          + " most of the heap: they are created and kept faster than they are released, the usual shape of"
          + " a thread, timer or connection leak.";
    }
    if (accumulation) {
      return "One place in the heap holds most of the memory, and below it many alike objects pile up in a"
          + " single structure. That is the usual shape of a leak or of unbounded growth: something keeps adding"
          + " and nothing removes.";
    }
    return "One object or one group of objects holds a large share of the heap, but not as a pile of alike"
        + " elements. It may be a normally large structure; check whether its size is expected for this"
        + " workload.";
  }

  private static String recommendation(boolean accumulation) {
    if (accumulation) {
      return "Follow the path to the accumulation point and find the code that adds to it: bound it (maximum"
          + " size, eviction, expiry), remove elements when their work is done, or process data as a stream"
          + " instead of collecting it.";
    }
    return "Check that the structure's size matches the workload (configuration, cache limits, request"
        + " concurrency); if it should be smaller, cap it or release it when done.";
  }

  /** A class's top-level instances as one suspect; {@code instances[0]} is the largest. */
  private record Suspect(HeapClass heapClass, int[] instances, long sumOfRetained) {}
}
