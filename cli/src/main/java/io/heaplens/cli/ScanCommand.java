package io.heaplens.cli;

import java.io.PrintStream;

/** {@code heaplens scan}: being written. */
final class ScanCommand {
  private final PrintStream err;

  ScanCommand(PrintStream out, PrintStream err) {
    this.err = err;
  }

  int run(String[] args) {
    err.println("heaplens scan: not available in this build");
    return Heaplens.EXIT_INTERNAL;
  }
}
