package io.heaplens.rules.memory;

import io.heaplens.hprof.HeapGraph;
import io.heaplens.hprof.ObjectKind;
import io.heaplens.rules.support.Numbers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a suspect's memory accumulates, described for people: the object to show (a collection
 * rather than its backing array or first node), how many elements it holds and of which classes.
 *
 * @param point the accumulation point the dominator walk found
 * @param holder the object to show: the collection owning the point when the point is part of
 *     one, else the point
 * @param elements how many elements the holder has (collection size, else the objects it references
 *     and dominates)
 * @param homogeneous whether one class holds at least {@value #HOMOGENEOUS_SHARE} of the sampled
 *     elements' retained size
 * @param description {@code java.util.ArrayList with 100,000 elements (mostly com.x.Customer)}
 * @param elementMix the sampled elements' classes by share of retained size
 * @param exampleElement the largest sampled element of the main class, or -1
 */
record AccumulationPoint(int point, int holder, long elements, boolean homogeneous, String description,
    String elementMix, int exampleElement) {

  /** The share of the sampled retained size one class must hold for the elements to be alike. */
  static final double HOMOGENEOUS_SHARE = 0.8;

  static AccumulationPoint describe(HeapGraph graph, KnownCollections collections, int point, int sample) {
    int holder = collectionOwning(graph, collections, point);
    long elements;
    int[] sampled;
    if (holder >= 0) {
      sampled = collections.sampleElements(holder, sample);
      elements = collections.size(holder);
      if (elements < 0) {
        elements = sampled.length;
      }
    } else {
      holder = point;
      // What the point holds on its own: shared objects (its class loader, say) are not its memory.
      int[] targets = Arrays.stream(graph.outboundReferences(point))
          .filter(t -> graph.kind(t) != ObjectKind.CLASS && graph.immediateDominator(t) == point).distinct().toArray();
      elements = targets.length;
      sampled = Arrays.copyOf(targets, Math.min(sample, targets.length));
    }
    Map<String, Long> retainedByClass = new HashMap<>();
    long total = 0;
    for (int element : sampled) {
      retainedByClass.merge(graph.classOf(element).name(), graph.retainedSize(element), Long::sum);
      total += graph.retainedSize(element);
    }
    List<Map.Entry<String, Long>> classes = new ArrayList<>(retainedByClass.entrySet());
    classes.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    String main = classes.isEmpty() ? null : classes.get(0).getKey();
    boolean homogeneous = main != null && total > 0 && classes.get(0).getValue() >= HOMOGENEOUS_SHARE * total;
    List<String> mix = new ArrayList<>();
    for (Map.Entry<String, Long> entry : classes.subList(0, Math.min(3, classes.size()))) {
      mix.add(entry.getKey() + " " + Numbers.percent(entry.getValue(), total));
    }
    String elementMix = sampled.length == 0 ? "none"
        : String.join(", ", mix) + " of the retained size of " + Numbers.count(sampled.length) + " sampled";
    int example = -1;
    for (int element : sampled) {
      if (graph.classOf(element).name().equals(main)
          && (example < 0 || graph.retainedSize(element) > graph.retainedSize(example))) {
        example = element;
      }
    }
    if (graph.kind(holder) == ObjectKind.PRIMITIVE_ARRAY) {
      String description = "one " + graph.classOf(holder).name() + " of " + Numbers.bytes(graph.shallowSize(holder));
      return new AccumulationPoint(point, holder, 0, false, description, "none (a primitive array)", -1);
    }
    String description = graph.classOf(holder).name() + " with " + Numbers.count(elements)
        + (collections.isCollection(holder) ? (elements == 1 ? " element" : " elements")
            : (elements == 1 ? " object of its own" : " objects of its own"))
        + (main != null ? " (" + (homogeneous ? "mostly " : "largest: ") + main + ")" : "")
        + " retaining " + Numbers.bytes(graph.retainedSize(holder));
    return new AccumulationPoint(point, holder, elements, homogeneous, description, elementMix, example);
  }

  /** The collection the point is, or whose structure it is part of (two dominator steps up at most); else -1. */
  private static int collectionOwning(HeapGraph graph, KnownCollections collections, int point) {
    int candidate = point;
    for (int step = 0; step < 3 && candidate >= 0; step++) {
      if (collections.isCollection(candidate)) {
        return candidate;
      }
      candidate = graph.immediateDominator(candidate);
    }
    return -1;
  }
}
