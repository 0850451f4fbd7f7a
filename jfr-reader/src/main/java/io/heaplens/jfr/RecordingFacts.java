package io.heaplens.jfr;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a recording is: which JVM, when, how long, with which settings.
 *
 * @param jvmName the JVM's name ({@code OpenJDK 64-Bit Server VM}), or null when not recorded
 * @param jvmVersion the JVM's version string, or null
 * @param jvmArguments the JVM's arguments, or null
 * @param javaArguments the application's main class and arguments, or null
 * @param start the first event's time
 * @param duration from the first event to the last
 * @param chunks the number of chunks read
 * @param maxHeapBytes the maximum heap size ({@code jdk.GCHeapConfiguration}), or -1 when unknown
 * @param collector the young/old collector names ({@code G1New/G1Old}), or null
 * @param eventCounts events per event type id ({@code jdk.ObjectAllocationSample}: 12000), sorted by id
 * @param flags a bounded selection of the JVM's flags as recorded ({@code MaxHeapSize}: "268435456")
 */
public record RecordingFacts(
    String jvmName, String jvmVersion, String jvmArguments, String javaArguments, Instant start,
    Duration duration, int chunks, long maxHeapBytes, String collector, SortedMap<String, Long> eventCounts,
    Map<String, String> flags) {

  public RecordingFacts {
    eventCounts = new TreeMap<>(eventCounts);
    flags = Map.copyOf(flags);
  }

  /** The number of events in the recording. */
  public long totalEvents() {
    return eventCounts.values().stream().mapToLong(Long::longValue).sum();
  }
}
