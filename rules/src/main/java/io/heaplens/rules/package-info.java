/**
 * The rule catalog, one package per family: {@link io.heaplens.rules.http} (bodies buffered whole,
 * HTTP clients never closed), {@link io.heaplens.rules.threads} (executors, schedulers and threads
 * made without bound), {@link io.heaplens.rules.memory} (leak suspects, accumulating collections),
 * {@link io.heaplens.rules.strings} (duplicate strings) and {@link io.heaplens.rules.recording}
 * (what only a flight recording shows). In each, the classes named {@code ...Rule} are the rules
 * (listed in {@code META-INF/services}); the others are their helpers. {@link
 * io.heaplens.rules.support} holds what several families share.
 *
 * <p>This package itself holds what keeps one cause to one finding across families: {@link
 * io.heaplens.rules.SpecificFindings}, the heap findings that name a specific cause with the objects
 * they are about, and {@link io.heaplens.rules.ExplainedBy}, which folds the other rules' views of
 * those objects into them.
 */
package io.heaplens.rules;
