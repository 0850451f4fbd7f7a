package io.heaplens.jfr;

import java.time.Instant;
import java.util.List;

/**
 * An object the JVM sampled at allocation that was still alive when the recording was dumped
 * ({@code jdk.OldObjectSample}): a leak candidate.
 *
 * @param time when the sample was emitted (at the end of the recording)
 * @param allocationTime when the object was allocated
 * @param objectClass the object's class, Java name
 * @param arrayElements its length when it is an array, else -1
 * @param allocationStack where it was allocated
 * @param referenceChain the chain from a GC root to the object as the JVM recorded it, root
 *     first, one entry per object ({@code java.util.ArrayList.elementData}); empty when the
 *     recording was made without {@code cutoff} (path-to-gc-roots off)
 * @param root a description of the GC root, or null when unknown
 * @param lastKnownHeapUsageBytes the heap in use at the last GC before the sample was emitted
 */
public record OldObjectSample(
    Instant time, Instant allocationTime, String objectClass, long arrayElements, StackTrace allocationStack,
    List<String> referenceChain, String root, long lastKnownHeapUsageBytes) {

  public OldObjectSample {
    referenceChain = List.copyOf(referenceChain);
  }
}
