package io.heaplens.html;

import io.heaplens.analysis.RecordingSummary.FlameNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Frames that are not the application's work, set aside in a flame graph so they are not its widest
 * towers nor the first thing shown: JFR's own ({@code jdk.jfr.}, {@code jdk.internal.event.}) and
 * the JDK's TLS set-up ({@code sun.security.ssl.}, {@code javax.net.ssl.}, with everything they
 * call: the handshake's {@code sun.security.*} and {@code com.sun.crypto.*}). Each such frame is cut
 * from its tower with the frames above it, its weight taken from its callers, and the cut frames
 * are gathered, merged by name, under one labelled frame per kind at the right of the root.
 */
final class FlameNoise {
  /** A kind of frames set aside: the label of its frame, and the packages whose frames belong to it. */
  enum Bucket {
    JFR("JFR itself", List.of("jdk.jfr.", "jdk.internal.event.")),
    TLS("TLS set-up", List.of("sun.security.ssl.", "javax.net.ssl."));

    final String label;
    private final List<String> packages;

    Bucket(String label, List<String> packages) {
      this.label = label;
      this.packages = packages;
    }

    static Bucket of(String frame) {
      if (frame == null) {
        return null;
      }
      for (Bucket bucket : values()) {
        if (bucket.packages.stream().anyMatch(frame::startsWith)) {
          return bucket;
        }
      }
      return null;
    }
  }

  /**
   * The graph with the frames set aside, and what was set aside: each bucket's weight, in {@link
   * Bucket} order; empty when nothing was.
   */
  record SetAside(FlameNode root, Map<Bucket, Long> weights) {}

  private FlameNoise() {}

  /** Whether {@code frame} is the label of a bucket's frame. */
  static boolean isBucket(String frame) {
    for (Bucket bucket : Bucket.values()) {
      if (bucket.label.equals(frame)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code root} with JFR's and the TLS set-up's frames moved under their buckets, after the
   * application's towers; frames deeper than {@code depth} are kept as they are (they are not drawn).
   */
  static SetAside of(FlameNode root, int depth) {
    Map<Bucket, List<FlameNode>> cut = new LinkedHashMap<>();
    FlameNode kept = strip(root, cut, 0, depth);
    if (cut.isEmpty()) {
      return new SetAside(root, Map.of());
    }
    List<FlameNode> children = new ArrayList<>(kept == null || kept.children() == null ? List.of() : kept.children());
    Map<Bucket, Long> weights = new LinkedHashMap<>();
    for (Bucket bucket : Bucket.values()) {
      List<FlameNode> nodes = cut.get(bucket);
      if (nodes == null) {
        continue;
      }
      long weight = nodes.stream().mapToLong(node -> Math.max(0, node.value())).sum();
      weights.put(bucket, weight);
      children.add(new FlameNode(bucket.label, weight, merged(nodes)));
    }
    return new SetAside(new FlameNode(root.frame(), root.value(), children), weights);
  }

  /** {@code node} without the frames of a bucket (added to {@code cut}), or null when nothing is left. */
  private static FlameNode strip(FlameNode node, Map<Bucket, List<FlameNode>> cut, int level, int depth) {
    if (node.children() == null || node.children().isEmpty() || level >= depth) {
      return node;
    }
    long removed = 0;
    List<FlameNode> children = new ArrayList<>(node.children().size());
    for (FlameNode child : node.children()) {
      Bucket bucket = Bucket.of(child.frame());
      if (bucket != null) {
        cut.computeIfAbsent(bucket, b -> new ArrayList<>()).add(child);
        removed += Math.max(0, child.value());
        continue;
      }
      FlameNode kept = strip(child, cut, level + 1, depth);
      removed += Math.max(0, child.value()) - (kept == null ? 0 : Math.max(0, kept.value()));
      if (kept != null) {
        children.add(kept);
      }
    }
    if (removed == 0) {
      return node;
    }
    long value = node.value() - removed;
    if (value <= 0) {
      return null;
    }
    children.sort(Comparator.comparingLong(FlameNode::value).reversed());
    return new FlameNode(node.frame(), value, children);
  }

  /** Frames of one name merged into one, their callees listed heaviest first. */
  private static List<FlameNode> merged(List<FlameNode> nodes) {
    Map<String, FlameNode> byFrame = new LinkedHashMap<>();
    for (FlameNode node : nodes) {
      byFrame.merge(String.valueOf(node.frame()), node, (a, b) -> {
        List<FlameNode> callees = new ArrayList<>(a.children() == null ? List.of() : a.children());
        callees.addAll(b.children() == null ? List.of() : b.children());
        return new FlameNode(a.frame(), a.value() + b.value(), callees);
      });
    }
    List<FlameNode> list = new ArrayList<>(byFrame.values());
    list.sort(Comparator.comparingLong(FlameNode::value).reversed());
    return list;
  }
}
