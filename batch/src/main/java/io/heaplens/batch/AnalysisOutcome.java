package io.heaplens.batch;

import java.time.Duration;

/**
 * How a child analysis ended.
 *
 * @param succeeded whether the child wrote its report and JSON and exited normally
 * @param error the one-line reason it failed (the line {@code analyze} printed, or what killed
 *     it, with advice), or null when it succeeded
 * @param elapsed from start to exit
 */
public record AnalysisOutcome(boolean succeeded, String error, Duration elapsed) {
  static AnalysisOutcome success(Duration elapsed) {
    return new AnalysisOutcome(true, null, elapsed);
  }

  static AnalysisOutcome failure(String error, Duration elapsed) {
    return new AnalysisOutcome(false, error, elapsed);
  }
}
