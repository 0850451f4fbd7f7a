package io.heaplens.jfr;

import java.time.Instant;

/**
 * The JVM's thread counts at one moment ({@code jdk.JavaThreadStatistics}).
 *
 * @param time when sampled
 * @param active live threads
 * @param daemon live daemon threads
 * @param accumulated threads started since the JVM started
 * @param peak the most live threads at once since the JVM started
 */
public record ThreadCount(Instant time, long active, long daemon, long accumulated, long peak) {}
