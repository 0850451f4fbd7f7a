package io.heaplens.jfr;

/**
 * How often one stack trace was seen by the execution sampler ({@code jdk.ExecutionSample}).
 *
 * @param stack the sampled stack
 * @param samples how many samples had it
 */
public record StackSamples(StackTrace stack, long samples) {}
