package io.heaplens.hprof;

import java.util.List;

/**
 * A thread alive in the dump (ROOT THREAD OBJECT), with its stack.
 *
 * @param object dense index of the {@code java.lang.Thread} object
 * @param serial the HPROF thread serial number
 * @param name the thread's name, or null when it could not be read
 * @param state the {@link Thread.State} name decoded from the thread's status field, or null
 * @param daemon whether the thread is a daemon, or null when unknown
 * @param frames the stack, innermost frame first
 */
public record HeapThread(
    int object, int serial, String name, String state, Boolean daemon, List<ThreadFrame> frames) {}
