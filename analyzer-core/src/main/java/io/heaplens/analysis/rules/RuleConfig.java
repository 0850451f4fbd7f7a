package io.heaplens.analysis.rules;

import io.heaplens.analysis.Printable;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Threshold overrides chosen by the user, checked against the rules that exist.
 *
 * <p>The file format is Java properties (UTF-8), one threshold per line:
 *
 * <pre>
 * # comments start with # or !
 * http.unclosed-client.minClients = 20
 * cache.per-request.alarmingShare = 0.25
 * threads.unbounded.alarmingCount = 1_000
 * </pre>
 *
 * <p>A key is a rule id, a dot, and the name of one of that rule's thresholds (rule ids contain
 * dots, threshold names do not). A value is a non-negative decimal number ({@code 20}, {@code
 * 0.25}, {@code 1e6}; {@code _} may separate digits). A key naming an unknown rule or threshold, or
 * a value that is not such a number, is an error: a typo must not silently leave a default in force.
 */
public final class RuleConfig {
  private static final RuleConfig NONE = new RuleConfig(Map.of(), null);
  private static final Pattern NUMBER =
      Pattern.compile("(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern DIGIT_SEPARATOR = Pattern.compile("(?<=\\d)_+(?=\\d)");

  private final Map<String, Double> overrides;
  private final String source;

  private RuleConfig(Map<String, Double> overrides, String source) {
    this.overrides = Collections.unmodifiableMap(new TreeMap<>(overrides));
    this.source = source;
  }

  /** No overrides: every threshold at its default. */
  public static RuleConfig none() {
    return NONE;
  }

  /**
   * Reads and checks a config file.
   *
   * @param rules the rules whose thresholds may be set (all known rules, not only those selected
   *     to run, so one file serves every selection)
   * @throws IOException the file cannot be read
   * @throws RuleConfigException a key or value is wrong; the message names the file and the key
   */
  public static RuleConfig load(Path file, Collection<? extends Rule> rules)
      throws IOException, RuleConfigException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(reader, file.toString(), rules);
    } catch (java.nio.charset.MalformedInputException e) {
      throw new RuleConfigException(Printable.escape(file.toString())
          + ": not a text file in UTF-8; expected lines <ruleId>.<threshold>=<number>");
    }
  }

  /**
   * Parses and checks properties text.
   *
   * @param source what to call the text in messages (the file name)
   */
  public static RuleConfig parse(Reader reader, String source, Collection<? extends Rule> rules)
      throws IOException, RuleConfigException {
    Properties properties = new Properties();
    try {
      properties.load(reader);
    } catch (IllegalArgumentException e) {
      // Properties rejects a malformed backslash-u escape this way.
      throw new RuleConfigException(Printable.escape(source) + ": " + Printable.escape(e.getMessage()));
    }
    Map<String, String> raw = new TreeMap<>();
    for (String key : properties.stringPropertyNames()) {
      raw.put(key, properties.getProperty(key));
    }
    return check(raw, source, rules);
  }

  /** Overrides given in code (tests, a server's form), checked like a file's. */
  public static RuleConfig of(Map<String, ? extends Number> overrides, Collection<? extends Rule> rules)
      throws RuleConfigException {
    Map<String, String> raw = new TreeMap<>();
    overrides.forEach((key, value) -> raw.put(key, String.valueOf(value)));
    return check(raw, null, rules);
  }

  /** Threshold values by {@code <ruleId>.<name>}, sorted by key; what {@link RuleContext} takes. */
  public Map<String, Double> overrides() {
    return overrides;
  }

  /** The file the overrides came from, or null. */
  public String source() {
    return source;
  }

  private static RuleConfig check(Map<String, String> raw, String source,
      Collection<? extends Rule> rules) throws RuleConfigException {
    Map<String, List<String>> thresholdsByRule = new TreeMap<>();
    for (Rule rule : rules) {
      List<String> names = new ArrayList<>();
      for (Threshold threshold : rule.thresholds()) {
        names.add(threshold.name());
      }
      thresholdsByRule.put(rule.id(), names);
    }
    Map<String, Double> values = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> entry : raw.entrySet()) {
      String problem = problem(entry.getKey(), entry.getValue(), thresholdsByRule, values);
      if (problem != null) {
        problems.add(problem);
      }
    }
    if (!problems.isEmpty()) {
      String more = problems.size() == 1 ? "" : " (and " + (problems.size() - 1) + " more "
          + (problems.size() == 2 ? "problem" : "problems") + ")";
      String where = source == null ? "" : Printable.escape(source) + ": ";
      throw new RuleConfigException(where + problems.get(0) + more);
    }
    return new RuleConfig(values, source);
  }

  /** What is wrong with one entry, or null after adding its value to {@code values}. */
  private static String problem(String key, String value, Map<String, List<String>> thresholdsByRule,
      Map<String, Double> values) {
    String shownKey = "'" + Printable.escape(key) + "'";
    int dot = key.lastIndexOf('.');
    if (dot <= 0 || dot == key.length() - 1) {
      return "key " + shownKey + " is not <ruleId>.<threshold>";
    }
    String ruleId = key.substring(0, dot);
    String name = key.substring(dot + 1);
    List<String> names = thresholdsByRule.get(ruleId);
    if (names == null) {
      return "unknown rule '" + Printable.escape(ruleId) + "' in key " + shownKey
          + suggestion(ruleId, thresholdsByRule.keySet());
    }
    if (!names.contains(name)) {
      String known = names.isEmpty() ? "it has no thresholds" : "its thresholds: " + String.join(", ", names);
      return "rule " + ruleId + " has no threshold '" + Printable.escape(name) + "' (key " + shownKey
          + "; " + known + ")";
    }
    String text = value == null ? "" : value.trim();
    String shownValue = "'" + Printable.escape(text) + "'";
    if (text.isEmpty()) {
      return "no value for " + shownKey + "; expected a number";
    }
    String plain = DIGIT_SEPARATOR.matcher(text.startsWith("+") ? text.substring(1) : text).replaceAll("");
    if (plain.startsWith("-") && NUMBER.matcher(plain.substring(1)).matches()) {
      return "value of " + shownKey + " must not be negative: " + shownValue;
    }
    if (!NUMBER.matcher(plain).matches()) {
      return "value of " + shownKey + " is not a number: " + shownValue;
    }
    double number = Double.parseDouble(plain);
    if (Double.isInfinite(number)) {
      return "value of " + shownKey + " is too large: " + shownValue;
    }
    values.put(key, number);
    return null;
  }

  /** " (did you mean x?)" when one known id is a likely typo of {@code given}, else "". */
  static String suggestion(String given, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int distance = distance(given.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best != null && bestDistance <= Math.max(2, given.length() / 5) ? " (did you mean " + best + "?)" : "";
  }

  /** Levenshtein distance; ids are short. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  @Override
  public String toString() {
    return "RuleConfig" + overrides + (source == null ? "" : " from " + source);
  }
}
