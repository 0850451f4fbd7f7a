package io.heaplens.hprof;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to read a dump.
 *
 * @param lenient when a dump is truncated, index what was read (and say so in {@link DumpInfo})
 *     instead of failing
 * @param progress receives progress of the indexing phases
 * @param tempDirectory where a gzip-compressed dump is decompressed to (deleted on close)
 */
public record ReadOptions(boolean lenient, ProgressListener progress, Path tempDirectory) {
  public ReadOptions {
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(tempDirectory, "tempDirectory");
  }

  /** Strict reading, no progress, the system temporary directory. */
  public static ReadOptions defaults() {
    return new ReadOptions(false, ProgressListener.NONE, Path.of(System.getProperty("java.io.tmpdir")));
  }

  public ReadOptions withLenient(boolean value) {
    return new ReadOptions(value, progress, tempDirectory);
  }

  public ReadOptions withProgress(ProgressListener value) {
    return new ReadOptions(lenient, value, tempDirectory);
  }
}
