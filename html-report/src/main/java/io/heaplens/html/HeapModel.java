package io.heaplens.html;

import static io.heaplens.html.Model.first;
import static io.heaplens.html.Model.map;

import io.heaplens.analysis.HeapSummary;
import io.heaplens.analysis.HeapSummary.ClassRow;
import io.heaplens.analysis.HeapSummary.DominatedObject;
import io.heaplens.analysis.HeapSummary.DominatorRow;
import io.heaplens.analysis.HeapSummary.FrameRow;
import io.heaplens.analysis.HeapSummary.HeldObject;
import io.heaplens.analysis.HeapSummary.ThreadRow;
import io.heaplens.analysis.rules.Evidence;
import io.heaplens.analysis.rules.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The heap overview part of the model: top dominators, the class histogram, the threads. */
final class HeapModel {
  /** Members of a thread group listed by name when it is expanded. */
  private static final int GROUP_MEMBERS_SHOWN = 20;

  private HeapModel() {}

  /**
   * The top dominators, each with {@code className}, {@code objectId}, {@code shallow}, {@code
   * retained}, {@code percent}, {@code path} and {@code children} (the same keys, recursively, a
   * bounded number of levels and nodes deep).
   */
  static List<Map<String, Object>> dominators(List<DominatorRow> rows, List<Finding> findings, Limits limits,
      Budget text) {
    int[] nodes = {limits.dominatorNodes()};
    List<Map<String, Object>> shown = new ArrayList<>();
    for (DominatorRow row : first(rows, limits.dominators())) {
      if (text.spent()) {
        break;
      }
      Map<String, Object> node = node(row.className(), row.objectId(), row.shallowBytes(), row.retainedBytes(),
          row.percentOfHeap(), text);
      node.put("finding", findingOf(row.objectId(), findings, text));
      node.put("path", FindingsModel.path(row.pathFromRoot(), limits, text));
      children(node, row.children(), 1, nodes, limits, text);
      shown.add(node);
    }
    return shown;
  }

  /**
   * The first finding (its number, anchor and rule) one of whose example objects is this object or
   * lies below it on its path from a GC root, or null: which finding a top dominator belongs to.
   */
  private static Map<String, Object> findingOf(long objectId, List<Finding> findings, Budget text) {
    for (int i = 0; i < findings.size(); i++) {
      Evidence evidence = findings.get(i).evidence();
      boolean holds = evidence != null && evidence.examples().stream().anyMatch(example ->
          example.objectId() == objectId || example.pathFromRoot().stream().anyMatch(step -> step.objectId() == objectId));
      if (holds) {
        return map("number", i + 1, "anchor", FindingsModel.anchor(i + 1),
            "ruleId", text.line(findings.get(i).ruleId(), Text.NAME));
      }
    }
    return null;
  }

  private static Map<String, Object> node(String className, long objectId, long shallow, long retained,
      double percent, Budget text) {
    return map(
        "className", text.line(className, Text.NAME),
        "objectId", Text.objectId(objectId),
        "shallow", Text.bytes(shallow),
        "retained", Text.bytes(retained),
        "retainedExact", Text.exactBytes(retained),
        "percent", Text.percent(percent));
  }

  /** Adds {@code children} and {@code moreChildren}; depth is bounded by the limits, not the dump. */
  private static void children(Map<String, Object> parent, List<DominatedObject> children, int depth,
      int[] nodes, Limits limits, Budget text) {
    List<Map<String, Object>> shown = new ArrayList<>();
    int allowed = depth > limits.dominatorDepth() ? 0 : limits.dominatorChildren();
    for (DominatedObject child : first(children, allowed)) {
      if (nodes[0] <= 0 || text.spent()) {
        break;
      }
      nodes[0]--;
      Map<String, Object> node = node(child.className(), child.objectId(), child.shallowBytes(),
          child.retainedBytes(), child.percentOfHeap(), text);
      children(node, child.children(), depth + 1, nodes, limits, text);
      shown.add(node);
    }
    parent.put("children", shown);
    parent.put("moreChildren", (children == null ? 0 : children.size()) - shown.size());
  }

  /**
   * The class histogram: {@code rows} (largest retained first) each with {@code name}, {@code
   * instances}, {@code shallow}, {@code retained}, {@code exact}, their raw values for sorting and
   * {@code share} (of the heap, for the inline bar); {@code rest} sums what is not shown; {@code
   * total} sums all; {@code anyLowerBound} says whether some shown retained size is a lower bound.
   */
  static Map<String, Object> histogram(List<ClassRow> classes, long heapBytes, Limits limits, Budget text) {
    List<ClassRow> sorted = byRetained(classes);
    List<Map<String, Object>> rows = new ArrayList<>();
    boolean anyLowerBound = false;
    for (ClassRow row : first(sorted, limits.histogramRows())) {
      if (text.spent()) {
        break;
      }
      anyLowerBound |= !row.retainedExact();
      rows.add(map(
          "name", text.line(row.name(), Text.NAME),
          "instances", Text.count(row.instances()),
          "instancesValue", row.instances(),
          "shallow", Text.bytes(row.shallowBytes()),
          "shallowExact", Text.exactBytes(row.shallowBytes()),
          "shallowValue", row.shallowBytes(),
          "retained", (row.retainedExact() ? "" : ">= ") + Text.bytes(row.retainedBytes()),
          "retainedExact", (row.retainedExact() ? "" : "at least ") + Text.exactBytes(row.retainedBytes()),
          "retainedValue", row.retainedBytes(),
          "lowerBound", !row.retainedExact(),
          "share", String.format(java.util.Locale.ROOT, "%.1f",
              Math.min(100, Text.share(row.retainedBytes(), heapBytes)))));
    }
    Map<String, Object> model = map("rows", rows, "anyLowerBound", anyLowerBound);
    List<ClassRow> hidden = sorted.subList(rows.size(), sorted.size());
    if (!hidden.isEmpty()) {
      model.put("rest", sums(hidden, "and " + Text.count(hidden.size()) + (hidden.size() == 1 ? " more class"
          : " more classes")));
    }
    model.put("total", sums(sorted, "All " + Text.plural(sorted.size(), "class", "classes")));
    return model;
  }

  private static Map<String, Object> sums(List<ClassRow> rows, String label) {
    long instances = 0;
    long shallow = 0;
    for (ClassRow row : rows) {
      instances += row.instances();
      shallow += row.shallowBytes();
    }
    return map("label", label, "instances", Text.count(instances),
        "shallow", Text.bytes(shallow), "shallowExact", Text.exactBytes(shallow));
  }

  private static List<ClassRow> byRetained(List<ClassRow> classes) {
    List<ClassRow> sorted = new ArrayList<>(classes == null ? List.of() : classes);
    sorted.sort(Comparator.comparingLong(ClassRow::retainedBytes).reversed()
        .thenComparing(Comparator.comparingLong(ClassRow::shallowBytes).reversed()));
    return sorted;
  }

  /**
   * The chart of the classes retaining most: {@code bars} with {@code label} (the end of the
   * name), {@code name}, {@code value}, {@code y} and {@code width} in the SVG's units.
   */
  static Map<String, Object> classChart(List<ClassRow> classes, Limits limits) {
    List<ClassRow> top = first(byRetained(classes), limits.chartBars()).stream()
        .filter(row -> row.retainedBytes() > 0).toList();
    if (top.isEmpty()) {
      return null;
    }
    long max = top.get(0).retainedBytes();
    List<Map<String, Object>> bars = new ArrayList<>();
    int y = 0;
    for (ClassRow row : top) {
      long width = Math.max(1, Math.round(Chart.BAR_WIDTH * (double) row.retainedBytes() / max));
      String name = Text.line(row.name(), Text.NAME);
      bars.add(map("label", Text.tail(name, Chart.LABEL_CHARS), "name", name,
          "value", (row.retainedExact() ? "" : ">= ") + Text.bytes(row.retainedBytes()),
          "y", y, "width", width, "valueX", Chart.BAR_X + width + 6));
      y += Chart.ROW_HEIGHT;
    }
    return map("bars", bars, "height", y, "width", Chart.WIDTH, "barX", Chart.BAR_X,
        "labelX", Chart.BAR_X - 8, "barHeight", Chart.ROW_HEIGHT - 6, "textY", Chart.ROW_HEIGHT / 2);
  }

  /**
   * The heap as one bar: the top dominators' shares, then the rest. {@code segments} with {@code
   * x}, {@code width} (of {@link Chart#WIDTH}), {@code color} (a palette index), {@code name} and
   * {@code percent}.
   */
  static Map<String, Object> dominatorShare(List<DominatorRow> rows, Limits limits) {
    List<Map<String, Object>> segments = new ArrayList<>();
    double x = 0;
    int color = 0;
    for (DominatorRow row : first(rows, Chart.SHARE_SEGMENTS)) {
      double percent = Math.max(0, Math.min(100 - x * 100 / Chart.WIDTH, row.percentOfHeap()));
      double width = Chart.WIDTH * percent / 100;
      if (width < 0.5) {
        break;
      }
      segments.add(map("x", Chart.round(x), "width", Chart.round(width), "color", color++,
          "name", Text.line(row.className(), Text.NAME), "percent", Text.percent(percent),
          "retained", Text.bytes(row.retainedBytes())));
      x += width;
    }
    if (segments.isEmpty()) {
      return null;
    }
    return map("segments", segments, "restX", Chart.round(x), "restWidth", Chart.round(Chart.WIDTH - x),
        "restPercent", Text.percent(100 - x * 100 / Chart.WIDTH), "width", Chart.WIDTH);
  }

  /**
   * The threads, largest retained first: {@code rows} with {@code name}, {@code state}, {@code
   * daemon}, {@code objectId}, {@code retained} (and raw values), {@code frames} (each {@code frame}
   * and {@code locals}) and {@code moreFrames}; {@code more} counts threads not shown, {@code
   * framesCut} whether the report's frame budget cut some stacks.
   */
  static Map<String, Object> threads(List<ThreadRow> threads, Limits limits, Budget text) {
    List<ThreadRow> all = threads == null ? List.of() : threads;
    List<ThreadGroups.Group> groups = ThreadGroups.of(all);
    int framesLeft = limits.frames();
    int[] localsLeft = {limits.locals()};
    boolean framesCut = false;
    int shownThreads = 0;
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ThreadGroups.Group group : first(groups, limits.threads())) {
      if (text.spent()) {
        break;
      }
      ThreadRow thread = group.representative();
      List<FrameRow> frames = thread.frames() == null ? List.of() : thread.frames();
      int allowed = Math.min(frames.size(), limits.framesPerThread());
      List<Map<String, Object>> frameModels = new ArrayList<>();
      for (FrameRow frame : frames.subList(0, Math.min(allowed, framesLeft))) {
        if (text.spent()) {
          break;
        }
        frameModels.add(frame(frame, localsLeft, limits, text));
      }
      int shownFrames = frameModels.size();
      framesCut |= shownFrames < allowed;
      framesLeft -= shownFrames;
      int size = group.threads().size();
      List<Map<String, Object>> members = new ArrayList<>();
      if (size > 1) {
        for (ThreadRow member : first(group.threads(), GROUP_MEMBERS_SHOWN)) {
          members.add(map("name", text.line(member.name(), Text.NAME), "state", text.line(member.state(), Text.NAME),
              "objectId", Text.objectId(member.objectId()), "retained", Text.bytes(member.retainedBytes())));
        }
      }
      String state = group.commonState();
      shownThreads += size;
      rows.add(map(
          "name", text.line(group.pattern(), Text.NAME),
          "count", size,
          "members", members,
          "moreMembers", size > 1 ? size - members.size() : 0,
          "state", state != null ? text.line(state, Text.NAME) : "mixed",
          "daemon", thread.daemon() == null ? null : thread.daemon() ? "daemon" : "",
          "objectId", Text.objectId(thread.objectId()),
          "retained", Text.bytes(group.retainedBytes()),
          "retainedExact", Text.exactBytes(group.retainedBytes()),
          "retainedValue", group.retainedBytes(),
          "frameCount", frames.size(),
          "frames", frameModels,
          "moreFrames", frames.size() - shownFrames));
    }
    return map("rows", rows, "more", all.size() - shownThreads, "framesCut", framesCut,
        "total", Text.plural(all.size(), "thread", "threads") + (rows.size() < all.size()
            ? " in " + Text.plural(groups.size(), "name pattern", "name patterns") : ""));
  }

  private static Map<String, Object> frame(FrameRow frame, int[] localsLeft, Limits limits, Budget text) {
    List<HeldObject> held = frame.localObjects() == null ? List.of() : frame.localObjects();
    String line = text.line(frame.frame(), Text.LINE);
    List<Map<String, Object>> locals = new ArrayList<>();
    for (HeldObject object : first(held, Math.min(limits.localsPerFrame(), localsLeft[0]))) {
      if (text.spent()) {
        break;
      }
      locals.add(map("className", text.line(object.className(), Text.NAME),
          "objectId", Text.objectId(object.objectId()), "retained", Text.bytes(object.retainedBytes())));
    }
    localsLeft[0] -= locals.size();
    return map("frame", line, "locals", locals, "moreLocals", held.size() - locals.size());
  }

  /** Objects by kind and GC roots by kind, as label/value pairs. */
  static List<Map<String, Object>> counts(HeapSummary.Counts counts) {
    List<Map<String, Object>> rows = new ArrayList<>();
    rows.add(map("label", "objects", "value", Text.count(counts.objects())));
    rows.add(map("label", "instances", "value", Text.count(counts.instances())));
    rows.add(map("label", "object arrays", "value", Text.count(counts.objectArrays())));
    rows.add(map("label", "primitive arrays", "value", Text.count(counts.primitiveArrays())));
    rows.add(map("label", "classes", "value", Text.count(counts.classes())));
    rows.add(map("label", "unreachable objects", "value", Text.count(counts.unreachableObjects())));
    rows.add(map("label", "references", "value", Text.count(counts.references())));
    return rows;
  }

  /** GC roots by kind, most first. */
  static List<Map<String, Object>> gcRoots(Map<String, Long> roots) {
    List<Map<String, Object>> rows = new ArrayList<>();
    if (roots == null) {
      return rows;
    }
    roots.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.nullsFirst(Comparator.naturalOrder())).reversed())
        .limit(50)
        .forEach(entry -> rows.add(map("label", Text.line(entry.getKey(), Text.NAME),
            "value", Text.count(entry.getValue() == null ? 0 : entry.getValue()))));
    return rows;
  }
}
