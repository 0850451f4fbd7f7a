package io.heaplens.cli;

import static org.assertj.core.api.Assertions.catchThrowable;

import io.heaplens.analysis.rules.RuleEngine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One run of the {@code heaplens} command in this JVM, with what it printed and anything it threw.
 *
 * @param exitCode the exit code, {@link Integer#MIN_VALUE} when it threw
 * @param out standard output
 * @param err standard error
 * @param thrown what escaped the command, or null
 */
record CliRun(int exitCode, String out, String err, Throwable thrown) {
  /** A class name ending in Exception or Error: what a clean error message never shows. */
  static final Pattern EXCEPTION_NAME = Pattern.compile("\\b\\w*(Exception|Error)\\b");

  /** Runs the command with the rules installed on the class path. */
  static CliRun of(String... args) {
    return with(RuleEngine::discover, args);
  }

  /** Runs the command with these rules. */
  static CliRun with(Supplier<RuleEngine> rules, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int[] exit = {Integer.MIN_VALUE};
    Throwable thrown;
    try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      thrown = catchThrowable(() -> exit[0] = Heaplens.run(args, outStream, errStream, rules));
    }
    return new CliRun(exit[0], out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), thrown);
  }

  List<String> errLines() {
    return err.isEmpty() ? List.of() : Arrays.asList(err.split("\\R"));
  }
}
