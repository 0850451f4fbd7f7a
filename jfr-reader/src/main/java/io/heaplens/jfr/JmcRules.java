package io.heaplens.jfr;

/** Which of JDK Mission Control's own rules run on a recording. */
public enum JmcRules {
  /** None. */
  NONE,
  /** The rules that stay within the analysis' time budget on large recordings. */
  DEFAULT,
  /** Every rule JMC has, however long they take. */
  ALL
}
