package io.heaplens.analysis.rules;

/**
 * A rule that could not give a result: it threw, returned something invalid, or could not be
 * loaded. The analysis goes on without it; reports list these so that a missing finding is never
 * mistaken for a clean bill of health.
 *
 * @param ruleId the rule's id, or its class name when even the id could not be obtained
 * @param message one line: what went wrong, and where in the rule
 */
public record RuleError(String ruleId, String message) {}
