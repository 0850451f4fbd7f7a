/**
 * String rules: {@link io.heaplens.rules.strings.DuplicateStringsRule} (many copies of the same
 * text), with {@link io.heaplens.rules.strings.StringDuplicates}, which groups strings by contents.
 */
package io.heaplens.rules.strings;
