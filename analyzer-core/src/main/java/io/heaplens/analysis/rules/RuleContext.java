package io.heaplens.analysis.rules;

import io.heaplens.hprof.HeapGraph;
import io.heaplens.jfr.Recording;
import java.util.Map;

/**
 * What a rule evaluates: the indexed heap dump, the flight recording, or both, with the
 * thresholds in force.
 */
public final class RuleContext {
  private final HeapGraph heap;
  private final Recording recording;
  private final Map<String, Double> overrides;
  private final boolean redact;

  /**
   * @param heap the heap dump, or null when only a recording was given
   * @param recording the recording, or null when only a heap dump was given
   * @param overrides threshold values by {@code <ruleId>.<name>} from the config file
   */
  public RuleContext(HeapGraph heap, Recording recording, Map<String, Double> overrides) {
    this(heap, recording, overrides, false);
  }

  /**
   * @param redact whether findings must not quote text from the dump or the recording (see {@link
   *     #quotable})
   */
  public RuleContext(HeapGraph heap, Recording recording, Map<String, Double> overrides, boolean redact) {
    this.heap = heap;
    this.recording = recording;
    this.overrides = Map.copyOf(overrides);
    this.redact = redact;
  }

  /**
   * Text from the dump or the recording (a string's value, an error's message) as a finding may
   * quote it: as it is, or under {@code --redact} its {@link Redaction}. Class, method and thread
   * names are not such text: they are quoted as they are.
   *
   * @param length the whole value's length, when {@code text} is only its first part
   */
  public String quotable(String text, long length) {
    return redact ? Redaction.of(text, length) : text;
  }

  /** The heap dump, or null. */
  public HeapGraph heap() {
    return heap;
  }

  /** The flight recording, or null. */
  public Recording recording() {
    return recording;
  }

  /** The value of a rule's threshold: the config file's, else its default. */
  public double threshold(Rule rule, String name) {
    Double value = overrides.get(rule.id() + "." + name);
    if (value != null) {
      return value;
    }
    for (Threshold threshold : rule.thresholds()) {
      if (threshold.name().equals(name)) {
        return threshold.defaultValue();
      }
    }
    throw new IllegalArgumentException("rule " + rule.id() + " has no threshold " + name);
  }
}
