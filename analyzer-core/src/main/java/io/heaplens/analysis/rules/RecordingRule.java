package io.heaplens.analysis.rules;

/** A rule on the flight recording: it runs whenever a recording was given, with or without a dump. */
public interface RecordingRule extends Rule {
  @Override
  default boolean appliesTo(RuleContext context) {
    return context.recording() != null;
  }
}
