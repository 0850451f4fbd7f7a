package io.heaplens.analysis.rules;

/**
 * The shared curves rules turn evidence into a 0-100 score with, so scores mean the same across
 * rules: a rule picks the curve for its kind of evidence and the point where it becomes alarming.
 */
public final class Scores {
  private Scores() {}

  /**
   * A score from a share of the heap (0..1): 0 at none, {@code alarming} (e.g. 0.3) maps to 80
   * (critical), rising slowly to 100.
   */
  public static int ofShare(double share, double alarming) {
    return ofRatio(share / alarming);
  }

  /**
   * A score from a count against the count where it becomes alarming: half the alarming count
   * scores 40 (medium), the alarming count 80 (critical).
   */
  public static int ofCount(long count, long alarming) {
    return ofRatio((double) count / alarming);
  }

  /** 0 at ratio 0, 40 at 0.5, 80 at 1, approaching 100 beyond. */
  public static int ofRatio(double ratio) {
    if (ratio <= 0 || Double.isNaN(ratio)) {
      return 0;
    }
    if (ratio <= 1) {
      return (int) Math.round(80 * ratio);
    }
    return (int) Math.round(100 - 20 / ratio);
  }

  /** The larger of two scores. */
  public static int max(int a, int b) {
    return Math.max(a, b);
  }
}
