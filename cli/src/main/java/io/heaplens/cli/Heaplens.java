package io.heaplens.cli;

import io.heaplens.analysis.rules.RuleEngine;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The {@code heaplens} command: {@code heaplens analyze <dump> [<recording>] [options]}. Exit codes: 0 done, 1 a
 * finding at or above {@code --fail-on}, 2 bad input or usage, 3 internal failure.
 */
public final class Heaplens {
  static final int EXIT_OK = 0;
  static final int EXIT_FINDINGS = 1;
  static final int EXIT_BAD_INPUT = 2;
  static final int EXIT_INTERNAL = 3;

  private Heaplens() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, RuleEngine::discover);
  }

  /** As {@link #run(String[], PrintStream, PrintStream)} with the rules {@code rules} gives. */
  static int run(String[] args, PrintStream out, PrintStream err, Supplier<RuleEngine> rules) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      out.print(usage());
      return args.length == 0 ? EXIT_BAD_INPUT : EXIT_OK;
    }
    if (args[0].equals("--list-rules")) {
      return new AnalyzeCommand(out, err, rules).run(args);
    }
    if (args[0].equals("--version")) {
      out.println("heaplens " + Version.get());
      return EXIT_OK;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "analyze":
        return new AnalyzeCommand(out, err, rules).run(rest);
      case "demo":
        return new DemoCommand(out, err, rules).run(rest);
      case "scan":
        return new ScanCommand(out, err).run(rest);
      case "serve":
        return new ServeCommand(out, err).run(rest);
      default:
        err.println("heaplens: unknown command '" + args[0] + "'; run heaplens --help");
        return EXIT_BAD_INPUT;
    }
  }

  static String usage() {
    return String.join(System.lineSeparator(),
        "heaplens " + Version.get() + ": what holds the memory of a Java heap dump, and why",
        "",
        "usage: heaplens <command> [options]",
        "",
        "commands:",
        "  analyze <file>   analyze a heap dump (.hprof or .hprof.gz), a flight recording",
        "                   (.jfr), or one of each: check them for known anti-patterns and",
        "                   print the findings and a summary; heaplens analyze --help lists",
        "                   its options",
        "  scan <source>    analyze every heap dump and recording under a folder or an",
        "                   s3://bucket/prefix/ once, and build one index page across them;",
        "                   heaplens scan --help",
        "  serve            run the upload server: drop a dump in a browser, get the report,",
        "                   keep the history; heaplens serve --help",
        "  demo             run a bundled sample service with a real anti-pattern, capture",
        "                   its heap dump and analyze it; heaplens demo --help",
        "",
        "  --list-rules     list the rules with their thresholds and defaults",
        "  --version        print the version",
        "");
  }
}
