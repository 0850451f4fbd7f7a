package io.heaplens.rules.programs;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the test programs share: their command line and how they dump their heap. */
final class HeapDumpOnExit {
  /** The dump's file name in the output directory, as the samples name it. */
  static final String FILE = "heap.hprof";

  private HeapDumpOnExit() {}

  /** The output directory: the first argument. */
  static Path outputDirectory(String[] args) {
    if (args.length == 0) {
      throw new IllegalArgumentException("arguments: <outputDir> [options]");
    }
    return Path.of(args[0]);
  }

  /** Whether an option such as {@code --healthy} is on the command line. */
  static boolean has(String[] args, String option) {
    return List.of(args).contains(option);
  }

  /**
   * Dumps the live heap to {@code <directory>/heap.hprof}. Whatever the caller's frames and fields
   * hold at that moment is in the dump.
   */
  static void dump(Path directory) throws IOException {
    Files.createDirectories(directory);
    Path file = directory.resolve(FILE);
    Files.deleteIfExists(file);
    ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(file.toString(), true);
  }
}
