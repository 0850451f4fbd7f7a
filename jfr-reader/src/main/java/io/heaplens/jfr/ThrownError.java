package io.heaplens.jfr;

import java.time.Instant;

/**
 * A {@code java.lang.Error} thrown during the recording ({@code jdk.JavaErrorThrow}), such as an
 * {@code OutOfMemoryError}.
 *
 * @param time when it was constructed
 * @param errorClass its class, Java name
 * @param message its message, or null
 * @param threadName the thread that created it, or null
 * @param stack where it was created
 */
public record ThrownError(Instant time, String errorClass, String message, String threadName, StackTrace stack) {}
