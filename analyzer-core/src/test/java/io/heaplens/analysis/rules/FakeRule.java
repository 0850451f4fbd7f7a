package io.heaplens.analysis.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A rule for tests: its id, thresholds and behaviour are given; it applies without a heap dump. */
class FakeRule implements Rule {
  private final String id;
  private final List<Threshold> thresholds;
  private final Function<RuleContext, List<Finding>> evaluate;

  FakeRule(String id, List<Threshold> thresholds, Function<RuleContext, List<Finding>> evaluate) {
    this.id = id;
    this.thresholds = thresholds;
    this.evaluate = evaluate;
  }

  /** A rule giving one finding per score, each retaining the paired bytes. */
  static FakeRule finding(String id, int score, long retainedBytes) {
    return new FakeRule(id, List.of(), context -> List.of(finding(id, score, retainedBytes, "claim of " + id)));
  }

  /** A rule that records its id in {@code order} when evaluated and finds nothing. */
  static FakeRule recording(String id, List<String> order) {
    return new FakeRule(id, List.of(), context -> {
      order.add(id);
      return new ArrayList<>();
    });
  }

  static Finding finding(String ruleId, int score, long retainedBytes, String claim) {
    return new Finding(ruleId, score, "title of " + ruleId, claim, "why it matters",
        new Evidence(retainedBytes, 3, Map.of("things", 3L), Map.of(), List.of(), List.of()),
        Culprit.ofClass("com.example.Culprit"), "what to change");
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String title() {
    return "title of " + id;
  }

  @Override
  public List<Threshold> thresholds() {
    return thresholds;
  }

  @Override
  public boolean appliesTo(RuleContext context) {
    return true;
  }

  @Override
  public List<Finding> evaluate(RuleContext context) {
    return evaluate.apply(context);
  }
}
