package io.heaplens.jfr;

import java.time.Instant;

/**
 * A thread the recording saw end ({@code jdk.ThreadEnd}).
 *
 * @param time when it ended
 * @param javaThreadId its Java id, or -1 when unknown
 */
public record ThreadEnd(Instant time, long javaThreadId) {}
