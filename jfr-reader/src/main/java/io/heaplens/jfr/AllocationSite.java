package io.heaplens.jfr;

/**
 * Allocations of one class from one stack trace, summed over the recording.
 *
 * @param objectClass the allocated class, Java name ({@code byte[]})
 * @param stack where it was allocated
 * @param weightBytes the bytes allocated there: the sum of {@code jdk.ObjectAllocationSample}
 *     weights, or, when the recording has no such samples, of the TLAB events' allocation sizes
 * @param events how many events were summed
 * @param largestBytes the largest single allocation seen among events that carry one (outside-TLAB
 *     events), else 0
 */
public record AllocationSite(String objectClass, StackTrace stack, long weightBytes, long events, long largestBytes) {}
