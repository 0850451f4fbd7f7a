package io.heaplens.analysis.rules;

import java.util.List;

/**
 * A check for one anti-pattern. Implementations are stateless, have a public no-argument
 * constructor and are registered in {@code META-INF/services/io.heaplens.analysis.rules.Rule}.
 * Rules decide from evidence in the inputs (counts, sizes, reference structure, thread stacks),
 * never from the application's class or package names; knowing library classes (which classes are
 * HTTP clients, timers, executors) is fine.
 */
public interface Rule {
  /** The stable id, e.g. {@code http.buffered-body}. */
  String id();

  /** A short title for reports. */
  String title();

  /** The limits this rule uses, with their defaults. */
  List<Threshold> thresholds();

  /** Whether the rule can run on these inputs (e.g. it needs a heap dump). */
  default boolean appliesTo(RuleContext context) {
    return context.heap() != null;
  }

  /** The findings on these inputs; empty when the anti-pattern is absent. */
  List<Finding> evaluate(RuleContext context);
}
