package io.heaplens.jfr;

import java.time.Instant;

/**
 * Heap in use right after one garbage collection ({@code jdk.GCHeapSummary}, when "After GC").
 *
 * @param time when the collection ended
 * @param gcId the collection's id
 * @param usedBytes heap in use after it
 * @param committedBytes heap committed after it
 */
public record HeapAfterGc(Instant time, long gcId, long usedBytes, long committedBytes) {}
