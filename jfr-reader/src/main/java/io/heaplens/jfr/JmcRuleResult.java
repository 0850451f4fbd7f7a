package io.heaplens.jfr;

/**
 * The result of one of JDK Mission Control's own rules on the recording.
 *
 * @param id the rule's id ({@code GcFreedRatio})
 * @param name its display name
 * @param topic its topic ({@code garbage_collection}), or null
 * @param severity JMC's severity: {@code OK}, {@code INFO}, {@code WARNING}, {@code NA} (not
 *     applicable) or {@code IGNORE}
 * @param score JMC's score, 0-100, or -1 when the rule gave none
 * @param summary one line, with JMC's placeholders filled in
 * @param explanation a longer explanation, or null
 * @param solution what JMC suggests doing, or null
 */
public record JmcRuleResult(
    String id, String name, String topic, String severity, double score, String summary, String explanation,
    String solution) {}
