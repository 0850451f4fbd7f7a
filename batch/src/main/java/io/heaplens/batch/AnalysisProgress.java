package io.heaplens.batch;

/** Receives a child analysis's progress, from the thread that reads the child's output. */
@FunctionalInterface
public interface AnalysisProgress {
  /** Ignores progress. */
  AnalysisProgress NONE = (phase, percent) -> {};

  /**
   * @param phase the running phase in words ("reading objects", "dominators", "rules", ...)
   * @param percent how much of that phase is done, 0-100
   */
  void update(String phase, int percent);
}
