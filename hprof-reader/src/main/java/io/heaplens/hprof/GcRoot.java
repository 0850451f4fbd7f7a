package io.heaplens.hprof;

/**
 * One GC root record.
 *
 * @param object dense index of the rooted object
 * @param kind the root kind
 * @param threadSerial the HPROF thread serial number for thread-bound roots, else 0
 * @param frameDepth the stack depth for {@link GcRootKind#JAVA_FRAME} and JNI_LOCAL roots, else -1
 */
public record GcRoot(int object, GcRootKind kind, int threadSerial, int frameDepth) {}
