package io.heaplens.rules;

import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.Rule;
import io.heaplens.analysis.rules.RuleContext;
import io.heaplens.analysis.rules.Severity;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.hprof.HprofReader;
import io.heaplens.hprof.ReadOptions;
import io.heaplens.rules.http.UnclosedClientRule;
import io.heaplens.rules.threads.PerRequestSchedulerRule;
import io.heaplens.rules.threads.ThreadCreationRule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Runs this module's thread, scheduler and client rules on a dump, timing each. */
final class RuleRuns {
  /** The rules under test, in the order they run. */
  static List<Rule> rules() {
    return List.of(new ThreadCreationRule(), new PerRequestSchedulerRule(), new UnclosedClientRule());
  }

  /**
   * What the rules found on one dump.
   *
   * @param findings every finding, in rule order
   * @param millisByRule how long each rule's evaluate took
   */
  record Result(List<Finding> findings, Map<String, Long> millisByRule) {
    /** Findings of one rule. */
    List<Finding> of(String ruleId) {
      return findings.stream().filter(f -> f.ruleId().equals(ruleId)).toList();
    }

    /** Findings at or above a severity. */
    List<Finding> atLeast(Severity severity) {
      return findings.stream().filter(f -> f.severity().atLeast(severity)).toList();
    }

    /** One line per finding, for assertion messages. */
    String describe() {
      return findings.stream().map(f -> f.ruleId() + " " + f.severity() + " " + f.score() + ": " + f.claim()
          + " [culprit " + f.culprit() + "]").collect(Collectors.joining("\n"));
    }
  }

  private RuleRuns() {}

  static Result evaluate(Path dump) throws Exception {
    try (HeapGraph graph = HprofReader.open(dump, ReadOptions.defaults())) {
      RuleContext context = new RuleContext(graph, null, Map.of());
      List<Finding> findings = new ArrayList<>();
      Map<String, Long> millis = new LinkedHashMap<>();
      for (Rule rule : rules()) {
        long started = System.nanoTime();
        findings.addAll(rule.evaluate(context));
        millis.put(rule.id(), (System.nanoTime() - started) / 1_000_000);
      }
      return new Result(findings, millis);
    }
  }
}
