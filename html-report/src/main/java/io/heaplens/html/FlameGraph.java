package io.heaplens.html;

import static io.heaplens.html.Model.map;

import io.heaplens.analysis.RecordingSummary.FlameNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * A flame graph laid out for inline SVG, so the page needs no script to show it: the root ("all")
 * at the bottom, each frame above its caller, as wide as its share of the root's weight, callees
 * left to right heaviest first. Frames narrower than {@link #MIN_SHARE} of the width are left out
 * (and counted): they could show neither a name nor a shape. JFR's own frames and the JDK's TLS
 * set-up are moved after the application's towers, under one frame each ({@link FlameNoise}), and the
 * caption ({@code setAside}) says so.
 */
final class FlameGraph {
  /** Width of the graph: the page's content width, so one unit is about one pixel. */
  static final int WIDTH = 1160;
  /** Height of one level. */
  static final int ROW = 18;
  /** The smallest share of the root a frame is drawn at: 0.3%, three and a half units. */
  static final double MIN_SHARE = 0.003;
  /** Frames narrower than this show no name (the script shows it again when zoomed in). */
  static final int LABEL_WIDTH = 36;
  /** Shades per palette: frames get one by their name, so the same frame looks the same throughout. */
  private static final int APPLICATION_SHADES = 5;
  private static final int JDK_SHADES = 3;

  /** What a flame graph weighs. */
  enum Kind {
    /** Allocated bytes, as the recording's samples estimate them. */
    ALLOCATION,
    /** Execution samples. */
    CPU;

    String weight(long value) {
      return this == ALLOCATION ? Text.bytes(value) : Text.plural(value, "sample", "samples");
    }
  }

  private FlameGraph() {}

  /** A frame waiting to be laid out. */
  private record Pending(FlameNode node, int depth, double x, double maxWidth) {}

  /**
   * The graph's model, or null when it weighs nothing: {@code width}, {@code height}, {@code
   * total} (the root's weight), {@code nodes} (each {@code x}, {@code y}, {@code width}, {@code
   * frame}, {@code label}, {@code weight}, {@code percent}, {@code color} and {@code narrow}, in
   * drawing order: each frame before its callees) and {@code notDrawn} (what was left out, or
   * null).
   */
  static Map<String, Object> of(FlameNode root, Kind kind, Limits limits, Budget text) {
    if (root == null || root.value() <= 0) {
      return null;
    }
    FlameNoise.SetAside aside = FlameNoise.of(root, limits.flameDepth());
    root = aside.root();
    double total = root.value();
    List<Map<String, Object>> nodes = new ArrayList<>();
    List<Integer> depths = new ArrayList<>();
    long narrow = 0;
    long deep = 0;
    long overBudget = 0;
    int maxDepth = 0;
    Deque<Pending> pending = new ArrayDeque<>();
    pending.push(new Pending(root, 0, 0, WIDTH));
    while (!pending.isEmpty()) {
      Pending next = pending.pop();
      FlameNode node = next.node();
      long value = Math.max(0, node.value());
      // A child is never wider than the room its parent has left, whatever the weights say.
      double width = Math.min(next.maxWidth(), WIDTH * value / total);
      if (width < WIDTH * MIN_SHARE) {
        narrow += size(node);
        continue;
      }
      if (next.depth() > limits.flameDepth()) {
        deep += size(node);
        continue;
      }
      if (nodes.size() >= limits.flameNodes() || text.spent()) {
        overBudget += size(node);
        continue;
      }
      String name = node.frame() == null ? "(unknown frame)" : node.frame();
      String frame = text.line(name, Text.NAME);
      String label = next.depth() == 0 ? frame : text.line(Frames.withoutPackage(name), Text.NAME);
      nodes.add(map(
          "x", Chart.round(next.x()),
          "width", Chart.round(width),
          "frame", frame,
          "label", label,
          "weight", kind.weight(value),
          "percent", Text.percent(value * 100 / total),
          "color", color(name, next.depth()),
          "narrow", width < LABEL_WIDTH));
      depths.add(next.depth());
      maxDepth = Math.max(maxDepth, next.depth());
      List<FlameNode> children = node.children() == null ? List.of() : node.children();
      double childX = next.x();
      List<Pending> laidOut = new ArrayList<>(children.size());
      for (FlameNode child : children) {
        double room = next.x() + width - childX;
        laidOut.add(new Pending(child, next.depth() + 1, childX, Math.max(0, room)));
        childX += Math.min(room, WIDTH * Math.max(0, child.value()) / total);
      }
      for (int i = laidOut.size() - 1; i >= 0; i--) {
        pending.push(laidOut.get(i));
      }
    }
    for (int i = 0; i < nodes.size(); i++) {
      nodes.get(i).put("y", (maxDepth - depths.get(i)) * ROW);
    }
    return map("width", WIDTH, "height", (maxDepth + 1) * ROW, "rowHeight", ROW - 1, "textY", ROW / 2 + 4,
        "total", kind.weight(root.value()), "nodes", nodes, "notDrawn", notDrawn(narrow, deep, limits.flameDepth(), overBudget),
        "setAside", setAside(aside.weights(), kind, total));
  }

  /**
   * "Not the application's work, drawn at the right under their own frame: JFR itself, 1.2 GB (12.0%);
   * TLS set-up, 400.0 MB (4.0%).", or null when nothing was set aside.
   */
  private static String setAside(Map<FlameNoise.Bucket, Long> weights, Kind kind, double total) {
    if (weights.isEmpty()) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    weights.forEach((bucket, weight) ->
        parts.add(bucket.label + ", " + kind.weight(weight) + " (" + Text.percent(weight * 100 / total) + ")"));
    return "Not the application's work, so drawn after its stacks, at the right, each under one frame: "
        + String.join("; ", parts) + " (JFR's own frames, and the JDK's TLS handshakes with the crypto they call).";
  }

  /** The palette class: the root, a JDK frame or an application frame, shaded by name. */
  private static String color(String frame, int depth) {
    if (depth == 0) {
      return "root";
    }
    if (FlameNoise.isBucket(frame) && depth == 1) {
      return "j2";
    }
    int hash = frame.hashCode();
    return Frames.isJdk(frame) ? "j" + Math.floorMod(hash, JDK_SHADES) : "a" + Math.floorMod(hash, APPLICATION_SHADES);
  }

  /** The frames at and below {@code node}, counted without recursion: a graph may be deep. */
  private static long size(FlameNode node) {
    long count = 0;
    Deque<FlameNode> left = new ArrayDeque<>();
    left.push(node);
    while (!left.isEmpty()) {
      FlameNode next = left.pop();
      count++;
      if (next.children() != null) {
        next.children().forEach(left::push);
      }
    }
    return count;
  }

  /** "412 frames under 0.3% of the total are not drawn." */
  private static String notDrawn(long narrow, long deep, int levels, long overBudget) {
    List<String> parts = new ArrayList<>();
    if (narrow > 0) {
      parts.add(Text.plural(narrow, "frame", "frames") + " under 0.3% of the total");
    }
    if (deep > 0) {
      parts.add(Text.plural(deep, "frame", "frames") + " more than " + levels + " calls deep");
    }
    if (overBudget > 0) {
      parts.add(Text.plural(overBudget, "frame", "frames") + " beyond what this report shows");
    }
    return parts.isEmpty() ? null : "Not drawn: " + String.join(", ", parts) + "; the JSON output has them.";
  }
}
