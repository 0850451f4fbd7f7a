package io.heaplens.jfr;

import java.time.Instant;

/**
 * A thread the recording saw start ({@code jdk.ThreadStart}).
 *
 * @param time when it started
 * @param javaThreadId the started thread's Java id ({@code Thread.getId()}), matching the
 *     {@code tid} field of its {@code java.lang.Thread} object in a heap dump; -1 when unknown
 * @param threadName the started thread's name
 * @param parentThreadName the name of the thread that started it, or null
 * @param stack the stack of the starting thread at {@code Thread.start()}; {@link StackTrace#NONE}
 *     when the recording has no stack traces for this event
 */
public record ThreadStart(Instant time, long javaThreadId, String threadName, String parentThreadName, StackTrace stack) {}
