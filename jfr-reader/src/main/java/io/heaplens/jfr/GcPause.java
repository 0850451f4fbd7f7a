package io.heaplens.jfr;

import java.time.Duration;
import java.time.Instant;

/**
 * One garbage collection ({@code jdk.GarbageCollection}).
 *
 * @param time when it started
 * @param gcId the collection's id
 * @param collector the collector's name ({@code G1New}, {@code SerialOld}, ...)
 * @param cause why it ran ({@code Allocation Failure}, {@code System.gc()}, ...)
 * @param longestPause its longest stop-the-world pause
 * @param sumOfPauses all its stop-the-world pauses together
 */
public record GcPause(Instant time, long gcId, String collector, String cause, Duration longestPause, Duration sumOfPauses) {}
