package io.heaplens.analysis;

import java.util.List;
import java.util.Map;

/**
 * The facts of one flight recording that every rendering shows: what was recorded, the live set
 * over time with its trend, GC pauses, thread counts, where memory was allocated and CPU spent
 * (as flame graphs), errors, socket endpoints, and JDK Mission Control's rule results. Series are
 * thinned to at most {@link RecordingSummarizer#MAX_POINTS} points and flame graphs pruned to at
 * most {@link RecordingSummarizer#MAX_FLAME_NODES} nodes, so the summary stays small whatever the
 * recording's length. Serialized as-is to JSON, so its component names are the JSON field names:
 * keep them stable.
 *
 * @param recording facts about the file and the JVM
 * @param liveSet the trend of the heap in use after GC
 * @param heapAfterGc heap in use after GC over time
 * @param gcPauses collections over time with their pauses
 * @param gcTotals pause totals over the whole recording
 * @param threadCounts live threads over time, as sampled, ending at the recording's end when the threads
 *     started and ended after the last sample tell its count there (see {@code RecordingSummarizer})
 * @param allocationFlameGraph allocated bytes by stack, outermost frame at the root
 * @param cpuFlameGraph execution samples by stack, outermost frame at the root
 * @param allocatedClasses the most allocated classes, by bytes
 * @param errors errors thrown, grouped by class and message, most first
 * @param sockets the busiest remote endpoints
 * @param jmcRules JDK Mission Control's rule results, worst score first
 * @param warnings how the recording was read, for the user (partial chunks, rules left out)
 * @param unread the warnings about data lost (a truncated or corrupt chunk, a cut gzip stream): what
 *     of the recording was not analyzed; empty when all of it was
 */
public record RecordingSummary(
    RecordingFacts recording, LiveSet liveSet, List<Point> heapAfterGc, List<Pause> gcPauses,
    PauseTotals gcTotals, List<Point> threadCounts, FlameNode allocationFlameGraph,
    FlameNode cpuFlameGraph, List<AllocatedClass> allocatedClasses, List<ErrorRow> errors,
    List<SocketRow> sockets, List<JmcRow> jmcRules, List<String> warnings, List<String> unread) {

  /**
   * @param file the recording's path as given
   * @param fileBytes its size
   * @param jvm JVM name and version, or null when not recorded
   * @param jvmArguments the JVM's arguments, or null
   * @param start when the first event happened (ISO-8601, UTC)
   * @param durationMillis from the first event to the last
   * @param chunks chunks read
   * @param events events read
   * @param maxHeapBytes the maximum heap, or -1 when unknown
   * @param collector the garbage collectors, or null
   * @param eventCounts the most frequent event types with their counts, most first
   */
  public record RecordingFacts(
      String file, long fileBytes, String jvm, String jvmArguments, String start, long durationMillis,
      int chunks, long events, long maxHeapBytes, String collector, Map<String, Long> eventCounts) {}

  /**
   * @param bytesPerSecond the growth of the live set, fitted over the recording (negative: shrinking)
   * @param rSquared how well a straight line fits it, 0-1
   * @param firstBytes the live set at the start
   * @param lastBytes the live set at the end
   * @param secondsToExhaustion when the live set would fill the maximum heap at this rate, or null
   *     when it does not grow steadily or the maximum is unknown
   * @param lineMillis with {@code lineBytes}, a point the fitted line passes through (time since the
   *     recording's start), for drawing it with its slope
   * @param lineBytes the fitted line's value at {@code lineMillis}
   */
  public record LiveSet(
      double bytesPerSecond, double rSquared, long firstBytes, long lastBytes, Double secondsToExhaustion,
      long lineMillis, double lineBytes) {}

  /**
   * @param millis time since the recording's start
   * @param value bytes, or a count
   */
  public record Point(long millis, long value) {}

  /**
   * @param millis time since the recording's start
   * @param pauseMicros the sum of its pauses
   * @param collector the collector
   * @param cause why it ran
   */
  public record Pause(long millis, long pauseMicros, String collector, String cause) {}

  /**
   * @param collections collections in the recording
   * @param totalPauseMillis their pauses together
   * @param longestPauseMicros the longest single pause
   */
  public record PauseTotals(long collections, long totalPauseMillis, long longestPauseMicros) {}

  /**
   * A node of a flame graph: a frame, with the weight of every stack that passes through it here.
   *
   * @param frame {@code class.method:line}, or "all" at the root
   * @param value the weight (bytes or samples) of the stacks through this node
   * @param children callees, heaviest first; the pruned rest is counted in {@code value} only
   */
  public record FlameNode(String frame, long value, List<FlameNode> children) {}

  /**
   * @param className the class, Java name
   * @param bytes bytes allocated (sampled weight)
   * @param percent share of all allocated bytes
   */
  public record AllocatedClass(String className, long bytes, double percent) {}

  /**
   * @param errorClass the error's class
   * @param message its message, or null
   * @param count how many were thrown
   * @param firstMillis when the first one was, since the recording's start
   * @param topFrames the innermost frames of the first one's stack
   */
  public record ErrorRow(String errorClass, String message, long count, long firstMillis, List<String> topFrames) {}

  /**
   * @param endpoint {@code host:port}
   * @param reads read events
   * @param writes write events
   * @param bytesRead bytes read
   * @param bytesWritten bytes written
   * @param endOfStreamReads reads that found the connection closed by the peer
   * @param threads distinct threads using it
   */
  public record SocketRow(
      String endpoint, long reads, long writes, long bytesRead, long bytesWritten, long endOfStreamReads,
      long threads) {}

  /**
   * @param id JMC's rule id
   * @param name its display name
   * @param severity {@code OK}, {@code INFO}, {@code WARNING}, {@code NA} or {@code IGNORE}
   * @param score 0-100, or null when the rule gave none
   * @param summary one line, placeholders filled
   * @param explanation the longer explanation, or null
   * @param solution what JMC suggests, or null
   */
  public record JmcRow(
      String id, String name, String severity, Double score, String summary, String explanation,
      String solution) {}
}
