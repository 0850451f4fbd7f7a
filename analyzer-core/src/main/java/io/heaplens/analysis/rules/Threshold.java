package io.heaplens.analysis.rules;

/**
 * A documented, overridable limit of a rule.
 *
 * @param name its key, unique within the rule ("minClients"); set from a config file as {@code
 *     <ruleId>.<name>}
 * @param description what it limits, for the README and {@code --help}
 * @param defaultValue the value used when the config file does not set it
 */
public record Threshold(String name, String description, double defaultValue) {}
