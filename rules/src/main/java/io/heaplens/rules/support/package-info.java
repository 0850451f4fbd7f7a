/**
 * Helpers every rule shares: telling application code from library code and finding the
 * application code responsible ({@link io.heaplens.rules.support.ApplicationCode}, and {@link
 * io.heaplens.rules.support.InFlightCalls} for what only library threads still hold), example
 * objects with their paths and holding threads ({@link io.heaplens.rules.support.Examples},
 * {@link io.heaplens.rules.support.ThreadHolders}), what library classes are for ({@link
 * io.heaplens.rules.support.LibraryClasses}), thread name patterns ({@link
 * io.heaplens.rules.support.ThreadNames}), the thread and frame that hold an object ({@link
 * io.heaplens.rules.support.HoldingFrames}) and number formatting ({@link
 * io.heaplens.rules.support.Numbers}).
 */
package io.heaplens.rules.support;
