package io.heaplens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.heaplens.analysis.rules.Rule;
import io.heaplens.analysis.rules.RuleEngine;
import io.heaplens.analysis.rules.Threshold;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's rule tables list every rule that {@code --list-rules} prints, and in each row every
 * threshold with its default, in the units a reader expects ({@code 256 KB}, {@code 10%}): a
 * threshold added or changed in code without the README fails here.
 */
class ReadmeRulesTest {
  private static final Path README = Path.of("..", "README.md");
  /** {@code | `rule.id` | what it looks for | thresholds |} */
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z]+\\.[a-z-]+)` \\|.*\\|([^|]*)\\|\\s*$");
  /** {@code `minBufferBytes` 256 KB}, {@code `minShare` 10%}, {@code `maxArrayReads` 100,000} */
  private static final Pattern THRESHOLD = Pattern.compile("`(\\w+)` ([0-9][0-9.,]*)\\s?(%|KB|MB|GB)?");

  @Test
  void everyRuleAndThresholdOfListRulesIsInTheReadmeWithItsDefault() throws IOException {
    Map<String, Map<String, String>> readme = new TreeMap<>();
    Matcher row = ROW.matcher(Files.readString(README));
    while (row.find()) {
      Map<String, String> thresholds = new TreeMap<>();
      Matcher threshold = THRESHOLD.matcher(row.group(2));
      while (threshold.find()) {
        thresholds.put(threshold.group(1), number(value(threshold.group(2), threshold.group(3))));
      }
      readme.put(row.group(1), thresholds);
    }
    Map<String, Map<String, String>> code = new TreeMap<>();
    for (Rule rule : RuleEngine.discover().rules()) {
      Map<String, String> thresholds = new TreeMap<>();
      for (Threshold threshold : rule.thresholds()) {
        thresholds.put(threshold.name(), number(threshold.defaultValue()));
      }
      code.put(rule.id(), thresholds);
    }
    assertThat(code).as("rules with thresholds and defaults").isNotEmpty();
    assertThat(readme).as("the README's rule tables against --list-rules").isEqualTo(code);
  }

  private static double value(String digits, String unit) {
    double number = Double.parseDouble(digits.replace(",", ""));
    if (unit == null) {
      return number;
    }
    return switch (unit) {
      case "%" -> number / 100;
      case "KB" -> number * 1024;
      case "MB" -> number * 1024 * 1024;
      default -> number * 1024 * 1024 * 1024;
    };
  }

  /** Compared as text, so that 0.1 from "10%" and 0.1 from code agree however they were computed. */
  private static String number(double value) {
    return String.format(Locale.ROOT, "%.6g", value);
  }
}
