package io.heaplens.rules.memory;

import io.heaplens.analysis.rules.Culprit;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.rules.support.ApplicationCode;
import io.heaplens.rules.support.HoldingFrames;
import io.heaplens.rules.support.Numbers;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One large collection as {@link UnboundedAccumulationRule} sees it: who holds it, how many
 * elements it has, and what they look like.
 *
 * @param collection the collection object
 * @param collectionClass its class name
 * @param holding the stack holding it, or null when it is held through the heap only
 * @param culprit the application code holding it, or null when only library code does
 * @param ownerDescription how it is held ({@code com.x.Job.run}, {@code field items of com.x.Registry})
 * @param elements its element count (entries for maps)
 * @param elementClass the class of most sampled elements (by retained size)
 * @param homogeneity which share of the sampled elements have that class, as text
 * @param homogeneous whether at least 90% of the sampled elements have that class
 * @param elementSizes the sampled elements' retained sizes, as text
 * @param rowsPerPage for page-like elements, the mean element count of the collection each holds; else 0
 * @param rowClass for page-like elements, the class of their rows; else null
 * @param exampleElement one sampled element of the main class, or -1
 */
record Accumulation(int collection, String collectionClass, HoldingFrames.Holding holding, Culprit culprit,
    String ownerDescription, long elements, String elementClass, String homogeneity, boolean homogeneous,
    String elementSizes, long rowsPerPage, String rowClass, int exampleElement) {

  /** Page-like elements must hold collections of at least this many rows on average. */
  static final int MIN_ROWS_PER_PAGE = 10;
  /** How many elements are inspected for pages. */
  static final int PAGE_SAMPLE = 20;

  /** The key collections are grouped by. */
  String ownerKey() {
    return culprit != null ? culprit.className() + "#" + culprit.method() : "library:" + ownerDescription;
  }

  boolean isPaged() {
    return rowsPerPage > 0;
  }

  /** Rows: the elements, or the rows inside them when they are pages. */
  long rows() {
    return isPaged() ? elements * rowsPerPage : elements;
  }

  /** Examines one collection, sampling up to {@code sample} of its elements. */
  static Accumulation examine(HeapGraph graph, KnownCollections collections, HoldingFrames frames, int collection,
      int sample) {
    int[] path = graph.pathFromGcRoot(collection);
    HoldingFrames.Holding holding = frames.of(collection, path);
    Culprit culprit = holding != null ? holding.culprit() : null;
    String ownerDescription;
    if (culprit != null) {
      ownerDescription = culprit.className() + "." + culprit.method();
    } else {
      holding = null;
      int owner = ApplicationCode.owner(graph, collection);
      if (owner >= 0 && owner != collection) {
        String ownerClass = ApplicationCode.ownerClassName(graph, owner);
        culprit = Culprit.ofClass(ApplicationCode.declaringClass(ownerClass));
        ownerDescription = fieldOf(graph, path, owner) + ownerClass;
      } else if (owner == collection) {
        culprit = Culprit.ofClass(ApplicationCode.declaringClass(graph.classOf(collection).name()));
        ownerDescription = graph.classOf(collection).name();
      } else {
        ownerDescription = libraryHolder(graph, path);
      }
    }

    long size = collections.size(collection);
    int[] sampled = collections.sampleElements(collection, sample);
    if (size < 0) {
      size = sampled.length;
    }
    Map<String, long[]> byClass = new HashMap<>(); // class -> {count, retained}
    for (int element : sampled) {
      long[] totals = byClass.computeIfAbsent(graph.classOf(element).name(), k -> new long[2]);
      totals[0]++;
      totals[1] += graph.retainedSize(element);
    }
    String elementClass = byClass.entrySet().stream().max((a, b) -> Long.compare(a.getValue()[1], b.getValue()[1]))
        .map(Map.Entry::getKey).orElse("(none sampled)");
    long[] main = byClass.getOrDefault(elementClass, new long[2]);
    double mainShare = sampled.length == 0 ? 0 : (double) main[0] / sampled.length;
    long[] sizes = Arrays.stream(sampled).filter(e -> graph.classOf(e).name().equals(elementClass))
        .mapToLong(graph::retainedSize).sorted().toArray();
    String elementSizes = sizes.length == 0 ? "none sampled" : String.format("retained per element: p50 %s, max %s (%s sampled)",
        Numbers.bytes(sizes[sizes.length / 2]), Numbers.bytes(sizes[sizes.length - 1]), Numbers.count(sizes.length));
    String homogeneity = Math.round(mainShare * 100) + "% of " + Numbers.count(sampled.length) + " sampled elements";
    int example = Arrays.stream(sampled).filter(e -> graph.classOf(e).name().equals(elementClass)).findFirst().orElse(-1);

    long rowsPerPage = 0;
    String rowClass = null;
    int pages = 0;
    long rowTotal = 0;
    int inspected = 0;
    for (int element : sampled) {
      if (inspected == PAGE_SAMPLE || !graph.classOf(element).name().equals(elementClass)) {
        continue;
      }
      inspected++;
      int inner = innerCollection(graph, collections, element);
      if (inner >= 0) {
        long rows = collections.size(inner);
        if (rows > 0) {
          pages++;
          rowTotal += rows;
          if (rowClass == null) {
            rowClass = dominantClass(graph, collections.sampleElements(inner, 50));
          }
        }
      }
    }
    if (inspected > 0 && pages * 2 >= inspected && rowTotal / pages >= MIN_ROWS_PER_PAGE) {
      rowsPerPage = rowTotal / pages;
    } else {
      rowClass = null;
    }
    return new Accumulation(collection, graph.classOf(collection).name(), holding, culprit, ownerDescription, size,
        elementClass, homogeneity, mainShare >= 0.9, elementSizes, rowsPerPage, rowClass, example);
  }

  /** The largest collection an element references directly (a page's item list), or -1. */
  private static int innerCollection(HeapGraph graph, KnownCollections collections, int element) {
    int best = -1;
    for (int target : graph.outboundReferences(element)) {
      if (collections.isCollection(target) && (best < 0 || graph.retainedSize(target) > graph.retainedSize(best))) {
        best = target;
      }
    }
    return best;
  }

  private static String dominantClass(HeapGraph graph, int[] objects) {
    Map<String, Integer> counts = new HashMap<>();
    for (int object : objects) {
      counts.merge(graph.classOf(object).name(), 1, Integer::sum);
    }
    return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("?");
  }

  /** {@code "field items of "} when the owner is on the path and references the next step by a field. */
  private static String fieldOf(HeapGraph graph, int[] path, int owner) {
    for (int i = 0; i + 1 < path.length; i++) {
      if (path[i] == owner) {
        String via = graph.describeReference(owner, path[i + 1]);
        if (via != null && !via.startsWith("<")) {
          return via.startsWith("static ") ? "static field " + via.substring(7) + " of " : "field " + via + " of ";
        }
      }
    }
    return "";
  }

  /** The nearest non-JDK holder on the path, else the root, for collections no application code holds. */
  private static String libraryHolder(HeapGraph graph, int[] path) {
    for (int i = path.length - 2; i >= 0; i--) {
      String name = ApplicationCode.ownerClassName(graph, path[i]);
      if (!name.startsWith("java.") && !name.startsWith("jdk.") && !name.startsWith("sun.")) {
        return name;
      }
    }
    return path.length > 0 ? ApplicationCode.ownerClassName(graph, path[0]) : "(unreachable)";
  }
}
