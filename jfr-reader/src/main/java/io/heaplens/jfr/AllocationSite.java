package io.heaplens.jfr;

/**
 * Allocations of one class from one stack trace, summed over the recording.
 *
 * @param objectClass the allocated class, Java name ({@code byte[]})
 * @param stack where it was allocated
 * @param weightBytes the bytes allocated there: the sum of {@code jdk.ObjectAllocationSample}
 *     weights, or, when the recording has no such samples, of the TLAB events' allocation sizes
 * @param events how many weighted events were summed (0 for a site seen only outside TLABs)
 * @param largestBytes the largest single allocation seen among events that carry one (outside-TLAB
 *     events), else 0
 * @param outsideTlabBytes the bytes of all outside-TLAB allocations at this site: exact, as the JVM
 *     records every one when the event is enabled; 0 when it is not
 */
public record AllocationSite(
    String objectClass, StackTrace stack, long weightBytes, long events, long largestBytes, long outsideTlabBytes) {}
