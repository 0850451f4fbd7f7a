/**
 * Small runnable services that reproduce, with the libraries people really use, the problems
 * heaplens must find in a heap dump and a flight recording, each next to a healthy twin doing the
 * same work correctly.
 *
 * <p>{@link io.heaplens.samples.SampleCatalog} lists them with the rule each must trigger and the
 * class to blame. Every sample is a {@code main} taking {@link io.heaplens.samples.SampleOptions#USAGE},
 * talks to loopback servers only, runs a few seconds in {@value io.heaplens.samples.SampleCatalog#MAX_HEAP},
 * captures once at the moment its problem is visible ({@link io.heaplens.samples.Capture}) and exits.
 *
 * <p>The application classes are written as a service team would write them: their names and
 * comments describe what they do, not what is wrong with them, so that an analysis can only find
 * the problem from counts, sizes, reference structure and stacks.
 */
package io.heaplens.samples;
