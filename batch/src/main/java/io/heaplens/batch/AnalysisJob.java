package io.heaplens.batch;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One analysis to run in a child JVM.
 *
 * @param heapDump the heap dump, or null
 * @param recording the flight recording, or null
 * @param outputDirectory where the child writes {@code report.html} and {@code analysis.json}
 *     (created if missing; a work directory, not the published result)
 * @param heapSize the child's maximum heap, as {@code -Xmx} takes it ({@code 4g})
 * @param tempDirectory where the child writes its index and decompressed copies
 * @param redact replace the dump's and recording's string contents in the documents by their length
 *     and a hash ({@code analyze --redact}), for reports that leave the team
 */
public record AnalysisJob(Path heapDump, Path recording, Path outputDirectory, String heapSize, Path tempDirectory,
    boolean redact) {
  public AnalysisJob {
    if (heapDump == null && recording == null) {
      throw new IllegalArgumentException("an analysis needs a heap dump, a recording, or both");
    }
    Objects.requireNonNull(outputDirectory, "outputDirectory");
    Objects.requireNonNull(heapSize, "heapSize");
    Objects.requireNonNull(tempDirectory, "tempDirectory");
  }

  /** A job whose documents keep the strings of the inputs. */
  public AnalysisJob(Path heapDump, Path recording, Path outputDirectory, String heapSize, Path tempDirectory) {
    this(heapDump, recording, outputDirectory, heapSize, tempDirectory, false);
  }

  /** Where the child writes the HTML report. */
  public Path report() {
    return outputDirectory.resolve(ResultStore.REPORT);
  }

  /** Where the child writes the JSON analysis. */
  public Path json() {
    return outputDirectory.resolve(ResultStore.JSON);
  }
}
