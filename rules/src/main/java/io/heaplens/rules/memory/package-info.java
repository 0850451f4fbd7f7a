/**
 * Memory and collection rules: {@link io.heaplens.rules.memory.LeakSuspectRule} (one object or class
 * retaining a large share of the heap) and {@link io.heaplens.rules.memory.UnboundedAccumulationRule}
 * (collections that keep every row or page), with their helpers: the known collection classes, the
 * walk down the dominator tree to an accumulation point, and what an accumulation holds.
 */
package io.heaplens.rules.memory;
