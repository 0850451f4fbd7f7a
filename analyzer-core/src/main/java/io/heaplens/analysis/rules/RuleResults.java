package io.heaplens.analysis.rules;

import java.util.List;

/**
 * What a {@link RuleEngine} run produced.
 *
 * @param findings all findings, worst first: by severity, then retained bytes (largest first),
 *     then rule id, then the order the rule gave them
 * @param errors rules that could not be loaded or failed, in rule id order
 * @param runs one entry per rule run, in rule id order
 */
public record RuleResults(List<Finding> findings, List<RuleError> errors, List<RuleRun> runs) {
  public RuleResults {
    findings = List.copyOf(findings);
    errors = List.copyOf(errors);
    runs = List.copyOf(runs);
  }
}
