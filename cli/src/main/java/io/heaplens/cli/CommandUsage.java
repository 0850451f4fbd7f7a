package io.heaplens.cli;

import io.heaplens.analysis.Printable;
import java.io.PrintStream;
import java.io.PrintWriter;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * How one {@code heaplens} command is called, so that every command parses, answers {@code --help}
 * and words its usage errors the same way: {@code heaplens scan: <what is wrong>; run heaplens scan
 * --help}, with control characters from the arguments escaped.
 *
 * @param command the command's name ({@code scan})
 * @param syntax the help page's first line
 * @param description what the command does, under the syntax
 * @param footer the help page's last paragraph (the exit codes), or empty
 */
record CommandUsage(String command, String syntax, String description, String footer) {
  private static final int WIDTH = 100;

  /**
   * The parsed command line, or the exit code when parsing already ended the command.
   *
   * @param line the options and arguments, or null when the command is over
   * @param exitCode the code to exit with when {@code line} is null
   */
  record Parsed(CommandLine line, int exitCode) {}

  /** Parses {@code args}; prints the help page for {@code --help}, or the usage error for a mistake. */
  Parsed parse(Options options, String[] args, PrintStream out, PrintStream err) {
    CommandLine line;
    try {
      line = new DefaultParser().parse(options, args);
    } catch (ParseException e) {
      return new Parsed(null, error(err, e.getMessage()));
    }
    if (line.hasOption("help")) {
      new HelpFormatter().printHelp(new PrintWriter(out, true), WIDTH, syntax, description, options, 2, 2, footer);
      return new Parsed(null, Heaplens.EXIT_OK);
    }
    return new Parsed(line, Heaplens.EXIT_OK);
  }

  /** Prints a usage error in one line; returns the exit code for bad usage. */
  int error(PrintStream err, String message) {
    err.println("heaplens " + command + ": " + Printable.escape(message) + "; run heaplens " + command + " --help");
    return Heaplens.EXIT_BAD_INPUT;
  }
}
