package io.heaplens.cli;

import io.heaplens.analysis.Printable;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Checks where the reports will be written before an analysis that may take minutes starts, and
 * words a failure to write once it has: each message names the file once and gives advice only
 * when the advice fits the cause.
 */
final class OutputPaths {
  private OutputPaths() {}

  /**
   * Why {@code target} cannot take a report, as one line after "heaplens: ", or null when it can
   * (as far as can be told without writing: the directory exists and is writable, and the file
   * itself, if it exists, is a writable file).
   *
   * @param option the option that named it, for the message ({@code --json}, {@code -o})
   */
  static String problem(String option, Path target) {
    String name = option + " " + Printable.escape(target.toString());
    if (Files.isDirectory(target)) {
      return name + ": is a directory; give the name of a file to write";
    }
    if (Files.exists(target)) {
      return Files.isWritable(target) ? null : name + ": the file exists and is not writable";
    }
    Path parent = target.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      return name + ": the directory " + Printable.escape(String.valueOf(parent)) + " does not exist";
    }
    return Files.isWritable(parent) ? null : name + ": the directory " + Printable.escape(parent.toString())
        + " is not writable";
  }

  /** Why writing failed, in words and without the file's name (the caller names it once). */
  static String writeFailure(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "its directory does not exist";
    }
    if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
      return fileSystem.getReason();
    }
    return e.getMessage() == null ? "input/output error" : e.getMessage();
  }
}
