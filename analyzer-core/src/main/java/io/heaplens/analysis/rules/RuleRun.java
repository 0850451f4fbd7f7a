package io.heaplens.analysis.rules;

import java.util.Locale;

/**
 * How one rule's evaluation went, so that a report can say what was checked.
 *
 * @param ruleId the rule's id
 * @param title the rule's title
 * @param outcome what came of it
 * @param findings how many findings it gave (0 unless {@link Outcome#FOUND})
 * @param millis how long it ran
 */
public record RuleRun(String ruleId, String title, Outcome outcome, int findings, long millis) {

  /** What came of one rule's evaluation. */
  public enum Outcome {
    /** It ran and found the anti-pattern. */
    FOUND,
    /** It ran and found nothing. */
    CLEAN,
    /** It needs inputs that were not given (e.g. a recording). */
    NOT_APPLICABLE,
    /** It threw or returned something invalid; see the matching {@link RuleError}. */
    FAILED;

    /** The lower-case name used in JSON ("not-applicable"). */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }
}
