package io.heaplens.hprof;

import java.util.ArrayList;
import java.util.List;

/**
 * Facts about the dump file itself.
 *
 * @param format the header's format string, e.g. {@code JAVA PROFILE 1.0.2}
 * @param idSize the identifier size in bytes (4 or 8)
 * @param timestampMillis when the dump was written (epoch millis, from the header)
 * @param gzipCompressed whether the file was gzip-compressed
 * @param fileBytes size of the file as given
 * @param dumpBytes size of the uncompressed HPROF data
 * @param layout the object layout used for shallow sizes, and whether it was inferred
 * @param truncatedAt when the dump was truncated and read leniently, the offset where reading
 *     stopped; else -1
 * @param warnings things the user should know about how the dump was read
 */
public record DumpInfo(
    String format,
    int idSize,
    long timestampMillis,
    boolean gzipCompressed,
    long fileBytes,
    long dumpBytes,
    ObjectLayout layout,
    long truncatedAt,
    List<String> warnings) {

  /** Whether this is a partial analysis of a truncated dump. */
  public boolean truncated() {
    return truncatedAt >= 0;
  }

  /** The same facts with one more warning. */
  DumpInfo withWarning(String warning) {
    List<String> more = new ArrayList<>(warnings);
    more.add(warning);
    return new DumpInfo(format, idSize, timestampMillis, gzipCompressed, fileBytes, dumpBytes, layout,
        truncatedAt, List.copyOf(more));
  }
}
