package io.heaplens.hprof;

/** Receives coarse progress while a dump is indexed; called from the indexing thread. */
public interface ProgressListener {
  /** A listener that ignores everything. */
  ProgressListener NONE = (phase, done, total) -> {};

  /**
   * @param phase a short human name of the running phase ("reading objects", "dominators", ...)
   * @param done units of work done in this phase
   * @param total units of work of this phase, or 0 when unknown
   */
  void progress(String phase, long done, long total);
}
