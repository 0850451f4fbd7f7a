package io.heaplens.analysis.rules;

/**
 * The rule configuration the user gave is wrong: a config file key names an unknown rule or
 * threshold, a value is not a number, or a rule selection names an unknown rule. The message is
 * one line meant for the user, naming the offending key or id.
 */
public final class RuleConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public RuleConfigException(String message) {
    super(message);
  }
}
