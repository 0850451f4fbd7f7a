package io.heaplens.cli;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * The {@code heaplens} command: {@code heaplens analyze <dump> [options]}. Exit codes: 0 done, 2
 * bad input or usage, 3 internal failure.
 */
public final class Heaplens {
  static final int EXIT_OK = 0;
  static final int EXIT_BAD_INPUT = 2;
  static final int EXIT_INTERNAL = 3;

  private Heaplens() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      out.print(usage());
      return args.length == 0 ? EXIT_BAD_INPUT : EXIT_OK;
    }
    if (args[0].equals("--version")) {
      out.println("heaplens " + Version.get());
      return EXIT_OK;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "analyze":
        return new AnalyzeCommand(out, err).run(rest);
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
        "  analyze <dump>   index a heap dump (.hprof or .hprof.gz) and print a summary;",
        "                   heaplens analyze --help lists its options",
        "",
        "  --version        print the version",
        "");
  }
}
