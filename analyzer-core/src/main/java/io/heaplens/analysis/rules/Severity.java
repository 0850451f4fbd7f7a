package io.heaplens.analysis.rules;

import java.util.Locale;

/**
 * How bad a finding is, derived in one place from its 0-100 score so that all rules agree on what
 * "high" means: 80 and above critical, 60 high, 40 medium, 20 low, below that info.
 */
public enum Severity {
  CRITICAL(80),
  HIGH(60),
  MEDIUM(40),
  LOW(20),
  INFO(0);

  private final int minimumScore;

  Severity(int minimumScore) {
    this.minimumScore = minimumScore;
  }

  /** The severity of a score (clamped to 0-100). */
  public static Severity ofScore(int score) {
    for (Severity severity : values()) {
      if (score >= severity.minimumScore) {
        return severity;
      }
    }
    return INFO;
  }

  /** The lowest score with this severity. */
  public int minimumScore() {
    return minimumScore;
  }

  /** Whether this severity is at least as bad as {@code other}. */
  public boolean atLeast(Severity other) {
    return ordinal() <= other.ordinal();
  }

  /** The lower-case name used in JSON and on the command line ("high"). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The severity for a lower-case or upper-case name. */
  public static Severity parse(String name) {
    return valueOf(name.trim().toUpperCase(Locale.ROOT));
  }
}
