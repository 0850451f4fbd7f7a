package io.heaplens.jfr;

import java.time.Duration;

/**
 * How to read a recording.
 *
 * @param lenient read what a truncated recording has (its complete chunks) and say so in {@link
 *     Recording#warnings()}, instead of failing
 * @param jmcRules which of JDK Mission Control's rules to run
 * @param jmcRuleBudget how long JMC's rules may take together; rules not done by then are reported
 *     in {@link Recording#warnings()} and left out
 */
public record RecordingOptions(boolean lenient, JmcRules jmcRules, Duration jmcRuleBudget) {
  /** Strict, the default JMC rules, 5 seconds for them. */
  public static RecordingOptions defaults() {
    return new RecordingOptions(false, JmcRules.DEFAULT, Duration.ofSeconds(5));
  }
}
