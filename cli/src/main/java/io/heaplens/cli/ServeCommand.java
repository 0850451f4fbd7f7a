package io.heaplens.cli;

import java.io.PrintStream;

/** {@code heaplens serve}: being written. */
final class ServeCommand {
  private final PrintStream err;

  ServeCommand(PrintStream out, PrintStream err) {
    this.err = err;
  }

  int run(String[] args) {
    err.println("heaplens serve: not available in this build");
    return Heaplens.EXIT_INTERNAL;
  }
}
