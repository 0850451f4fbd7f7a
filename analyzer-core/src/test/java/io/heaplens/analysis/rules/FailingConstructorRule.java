package io.heaplens.analysis.rules;

/** A registered rule whose constructor throws, as one missing an optional library would. */
public class FailingConstructorRule extends DiscoverableRule {
  public FailingConstructorRule() {
    throw new IllegalStateException("needs okhttp on the class path");
  }
}
