package io.heaplens.analysis.rules;

import java.util.List;

/** A rule for the ServiceLoader test: public, with a public no-argument constructor. */
public class DiscoverableRule implements Rule {
  @Override
  public String id() {
    return "test.discoverable";
  }

  @Override
  public String title() {
    return "A rule found through META-INF/services";
  }

  @Override
  public List<Threshold> thresholds() {
    return List.of(new Threshold("limit", "a limit", 7));
  }

  @Override
  public List<Finding> evaluate(RuleContext context) {
    return List.of();
  }
}
