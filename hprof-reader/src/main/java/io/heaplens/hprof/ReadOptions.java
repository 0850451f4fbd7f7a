package io.heaplens.hprof;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to read a dump.
 *
 * @param lenient when a dump is truncated, index what was read (and say so in {@link DumpInfo})
 *     instead of failing
 * @param progress receives progress of the indexing phases
 * @param tempDirectory where the index file, and a gzip-compressed dump decompressed, are written
 *     (deleted on close)
 * @param indexPlacement where the index's large arrays live
 * @param indexCache where the index of an analysis is kept for the next analysis of the same dump,
 *     if anywhere
 */
public record ReadOptions(boolean lenient, ProgressListener progress, Path tempDirectory,
    IndexPlacement indexPlacement, IndexCache indexCache) {

  /** Where the index's large arrays (references, orderings) live. */
  public enum IndexPlacement {
    /** On the heap when it is large enough for them, else memory-mapped from the index file. */
    AUTOMATIC,
    /** Always on the Java heap. */
    HEAP,
    /** Always memory-mapped from the index file, leaving the heap to the per-phase arrays. */
    MAPPED
  }

  public ReadOptions {
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(tempDirectory, "tempDirectory");
    Objects.requireNonNull(indexPlacement, "indexPlacement");
    Objects.requireNonNull(indexCache, "indexCache");
  }

  /**
   * Strict reading, no progress, the system temporary directory, automatic placement, no kept
   * index.
   */
  public static ReadOptions defaults() {
    return new ReadOptions(false, ProgressListener.NONE, Path.of(System.getProperty("java.io.tmpdir")),
        IndexPlacement.AUTOMATIC, IndexCache.disabled());
  }

  public ReadOptions withLenient(boolean value) {
    return new ReadOptions(value, progress, tempDirectory, indexPlacement, indexCache);
  }

  public ReadOptions withProgress(ProgressListener value) {
    return new ReadOptions(lenient, value, tempDirectory, indexPlacement, indexCache);
  }

  public ReadOptions withTempDirectory(Path value) {
    return new ReadOptions(lenient, progress, value, indexPlacement, indexCache);
  }

  public ReadOptions withIndexPlacement(IndexPlacement value) {
    return new ReadOptions(lenient, progress, tempDirectory, value, indexCache);
  }

  public ReadOptions withIndexCache(IndexCache value) {
    return new ReadOptions(lenient, progress, tempDirectory, indexPlacement, value);
  }
}
