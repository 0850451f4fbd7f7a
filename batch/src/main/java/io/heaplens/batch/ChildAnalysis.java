package io.heaplens.batch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Runs one analysis as the {@code analyze} command in a child JVM with a heap of its own. Whatever
 * the child does (exhausts its heap, crashes, is killed), the caller gets an {@link
 * AnalysisOutcome} with a one-line reason, and its own heap is untouched. The child's stdout (the
 * text report) goes to a file in its temporary folder: the report and JSON files are the results,
 * but the JVM writes its out-of-memory exit message there.
 */
public final class ChildAnalysis {
  private static final String OUT_OF_MEMORY = "java.lang.OutOfMemoryError";
  private static final int KEPT_ERROR_LINES = 20;
  private static final int TAIL_BYTES = 4096;

  private final AnalysisLauncher launcher;

  public ChildAnalysis(AnalysisLauncher launcher) {
    this.launcher = launcher;
  }

  /**
   * Runs the job and waits for the child. Interrupting the calling thread kills the child.
   *
   * @throws InterruptedException the calling thread was interrupted; the child was killed
   * @throws IOException the child could not be started or its output directory created
   */
  public AnalysisOutcome run(AnalysisJob job, AnalysisProgress progress) throws IOException, InterruptedException {
    Files.createDirectories(job.outputDirectory());
    Files.createDirectories(job.tempDirectory());
    long start = System.nanoTime();
    Path stdout = job.tempDirectory().resolve("analyze-stdout.txt");
    Process child = new ProcessBuilder(command(job))
        .redirectOutput(stdout.toFile())
        .start();
    Deque<String> errorLines = new ArrayDeque<>();
    Thread reader = new Thread(() -> readErrors(child, progress, errorLines), "heaplens-child-stderr");
    reader.setDaemon(true);
    reader.start();
    int exit;
    try {
      exit = child.waitFor();
      reader.join();
    } catch (InterruptedException e) {
      child.destroyForcibly();
      throw e;
    } finally {
      // Closing our end of its stdin tells a child still running that we are gone.
      child.getOutputStream().close();
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    if (exit == 0 && Files.isRegularFile(job.report()) && Files.isRegularFile(job.json())) {
      return AnalysisOutcome.success(elapsed);
    }
    List<String> lines;
    synchronized (errorLines) {
      lines = new ArrayList<>(errorLines);
    }
    lines.addAll(tail(stdout));
    return AnalysisOutcome.failure(reason(exit, lines, job.heapSize()), elapsed);
  }

  /** The last lines of a file, where -XX:+ExitOnOutOfMemoryError leaves its message. */
  private static List<String> tail(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    long size = Files.size(file);
    try (var channel = Files.newByteChannel(file)) {
      channel.position(Math.max(0, size - TAIL_BYTES));
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) Math.min(size, TAIL_BYTES));
      while (buffer.hasRemaining() && channel.read(buffer) > 0) {
        // reads until the end
      }
      return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).lines()
          .filter(line -> line.contains(OUT_OF_MEMORY)).toList();
    }
  }

  private List<String> command(AnalysisJob job) {
    List<String> jvmOptions = List.of("-Xmx" + job.heapSize(), "-XX:+ExitOnOutOfMemoryError",
        // As the launcher script does: the index's large arrays go straight to the old generation.
        "-XX:+UseSerialGC", "-Xmn32m", "-Djava.io.tmpdir=" + job.tempDirectory());
    List<String> command = new ArrayList<>(launcher.command(jvmOptions));
    command.add("analyze");
    if (job.heapDump() != null) {
      command.add(job.heapDump().toString());
    }
    if (job.recording() != null) {
      command.add(job.recording().toString());
    }
    // No kept index: a scanned or uploaded dump is analyzed once (a rerun skips it, a changed one
    // misses any index), downloads are deleted after their analysis, and a Job's root file system is
    // read-only, so an index would only cost disk and time.
    command.addAll(List.of("-o", job.report().toString(), "--json", job.json().toString(),
        "--temp-dir", job.tempDirectory().toString(), "--no-index-cache", "--" + ChildProtocol.OPTION));
    if (job.redact()) {
      command.add("--redact");
    }
    return command;
  }

  private static void readErrors(Process child, AnalysisProgress progress, Deque<String> errorLines) {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        ChildProtocol.ProgressLine update = ChildProtocol.parseProgress(line);
        if (update != null) {
          progress.update(update.phase(), update.percent());
          continue;
        }
        if (line.isBlank()) {
          continue;
        }
        synchronized (errorLines) {
          errorLines.addLast(line.strip());
          if (errorLines.size() > KEPT_ERROR_LINES) {
            errorLines.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      // The child died mid-line; its exit code tells the rest.
    }
  }

  /** The one line that says why the child failed, with what to do. */
  static String reason(int exit, List<String> errorLines, String heapSize) {
    for (String line : errorLines) {
      if (line.contains(OUT_OF_MEMORY) || line.startsWith("heaplens: ran out of Java heap")) {
        return "the analysis ran out of its " + heapSize + " heap (" + OUT_OF_MEMORY + "); give it more with"
            + " --analysis-heap (for example --analysis-heap " + larger(heapSize) + ")";
      }
    }
    for (int i = errorLines.size() - 1; i >= 0; i--) {
      String line = errorLines.get(i);
      if (line.startsWith("heaplens: ")) {
        return line.substring("heaplens: ".length());
      }
    }
    if (exit > 128) {
      return "the analysis was killed by signal " + (exit - 128)
          + (exit - 128 == 9 ? " (perhaps by the kernel's out-of-memory killer: lower --analysis-heap"
              + " or --parallel, or give the machine more memory)" : "");
    }
    String last = errorLines.isEmpty() ? "no message" : errorLines.get(errorLines.size() - 1);
    return "the analysis exited with code " + exit + ": " + last;
  }

  /** Twice the size, in the same notation ("4g" for "2g"); a hint, not a computation to trust. */
  private static String larger(String heapSize) {
    String digits = heapSize.replaceAll("[^0-9]", "");
    String unit = heapSize.replaceAll("[0-9]", "");
    try {
      return (Long.parseLong(digits) * 2) + unit;
    } catch (NumberFormatException e) {
      return "8g";
    }
  }
}
