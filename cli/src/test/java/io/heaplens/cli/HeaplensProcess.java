package io.heaplens.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The {@code heaplens} command as a real process (java on this test's class path), for what only a
 * process shows: its exit code, its child JVMs, and what {@code kill -9} leaves behind.
 */
final class HeaplensProcess {
  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private HeaplensProcess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** Starts {@code heaplens <args>} with {@code environment} added, its output going to files in {@code logs}. */
  static HeaplensProcess start(Path logs, String name, Map<String, String> environment, String... args)
      throws IOException {
    Files.createDirectories(logs);
    List<String> command = new ArrayList<>(List.of(SampleCaptures.javaExecutable(), "-Xmx256m", "-cp",
        SampleCaptures.testClasspath(), Heaplens.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    Path out = logs.resolve(name + ".out");
    Path err = logs.resolve(name + ".err");
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    return new HeaplensProcess(builder.start(), out, err);
  }

  /** Waits for the end; returns the exit code. */
  int waitFor(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("heaplens did not finish in " + seconds + " s; stderr:\n" + err());
    }
    return process.exitValue();
  }

  /** Waits until stderr has a line that matches; false when the process ended first or time ran out. */
  boolean awaitErrLine(Predicate<String> matches, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (err().lines().anyMatch(matches)) {
        return true;
      }
      if (!process.isAlive()) {
        return false;
      }
      Thread.sleep(100);
    }
    return false;
  }

  /** {@code kill -9}: the JDK sends SIGKILL for a forcible destroy on Linux. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  long pid() {
    return process.pid();
  }

  String out() {
    return read(stdout);
  }

  String err() {
    return read(stderr);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
