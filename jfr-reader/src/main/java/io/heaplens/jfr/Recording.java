package io.heaplens.jfr;

import java.util.List;

/**
 * A loaded flight recording: its facts and the views heaplens' rules and reports read. Every list
 * is in time order unless its description says otherwise. Events are aggregated where their
 * number grows with the recording's length (allocations, CPU samples, sockets), so a recording's
 * in-memory size is bounded by its distinct stack traces, not its events.
 *
 * @param facts what the recording is
 * @param allocations allocations by (class, stack), heaviest first
 * @param threadStarts thread starts, with the starting stack when recorded
 * @param threadEnds ends of threads ({@code jdk.ThreadEnd}), by Java thread id
 * @param threadCounts live thread counts over time
 * @param heapAfterGc heap in use after each collection
 * @param gcPauses collections with their pauses
 * @param oldObjects old-object samples, oldest allocation first
 * @param sockets socket activity by remote endpoint, most events first
 * @param errors errors thrown ({@code OutOfMemoryError} and other {@code java.lang.Error}s)
 * @param exceptionsThrown throwables created during the recording ({@code jdk.ExceptionStatistics}),
 *     or -1 when not recorded
 * @param cpuSamples execution samples by stack, most samples first
 * @param jmcRuleResults JDK Mission Control's rule results, in JMC's rule id order
 * @param warnings what could not be read (a truncated last chunk, a JMC rule that timed out), one
 *     line each; empty for a complete recording
 * @param unread the lines of {@code warnings} about data lost (a truncated or corrupt chunk, a cut gzip
 *     stream): what was not analyzed; empty when every chunk was read
 */
public record Recording(
    RecordingFacts facts, List<AllocationSite> allocations, List<ThreadStart> threadStarts,
    List<ThreadEnd> threadEnds, List<ThreadCount> threadCounts, List<HeapAfterGc> heapAfterGc,
    List<GcPause> gcPauses, List<OldObjectSample> oldObjects, List<SocketEndpoint> sockets,
    List<ThrownError> errors, long exceptionsThrown, List<StackSamples> cpuSamples,
    List<JmcRuleResult> jmcRuleResults, List<String> warnings, List<String> unread) {

  public Recording {
    allocations = List.copyOf(allocations);
    threadStarts = List.copyOf(threadStarts);
    threadEnds = List.copyOf(threadEnds);
    threadCounts = List.copyOf(threadCounts);
    heapAfterGc = List.copyOf(heapAfterGc);
    gcPauses = List.copyOf(gcPauses);
    oldObjects = List.copyOf(oldObjects);
    sockets = List.copyOf(sockets);
    errors = List.copyOf(errors);
    cpuSamples = List.copyOf(cpuSamples);
    jmcRuleResults = List.copyOf(jmcRuleResults);
    warnings = List.copyOf(warnings);
    unread = List.copyOf(unread);
  }

  /** The trend of the live set (heap after GC), for leak and time-to-exhaustion estimates. */
  public LiveSetTrend liveSetTrend() {
    return LiveSetTrend.of(heapAfterGc, facts.maxHeapBytes());
  }
}
