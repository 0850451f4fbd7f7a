package io.heaplens.rules;

import io.heaplens.samples.SampleCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Heap dumps made by running a program in a new JVM with this test JVM's classpath: a catalog
 * sample ({@code <main> <dir> [--variant NAME] [--healthy] --no-jfr}) or a small test program
 * ({@code <main> <heap dump file>}). Each distinct run happens once per test JVM, at most {@value
 * #PARALLEL_RUNS} at a time, and its result is shared; the files are deleted when the JVM exits.
 */
final class ForkedRuns {
  /** How long one run may take before it is killed and the test fails. */
  static final Duration TIMEOUT = Duration.ofSeconds(90);
  static final int PARALLEL_RUNS = 3;

  private static final Map<String, CompletableFuture<Path>> RUNS = new ConcurrentHashMap<>();
  private static final ExecutorService RUNNER = Executors.newFixedThreadPool(PARALLEL_RUNS, task -> {
    Thread thread = new Thread(task, "forked-run");
    thread.setDaemon(true);
    return thread;
  });
  private static final Path ROOT = createRoot();

  private ForkedRuns() {}

  /** Starts (or joins) the run of a sample variant, problem or healthy twin. */
  static CompletableFuture<Path> sample(String sampleId, String variant, boolean healthy) {
    SampleCatalog.Sample sample = SampleCatalog.byId(sampleId);
    String key = sampleId + "-" + variant + (healthy ? "-healthy" : "");
    return RUNS.computeIfAbsent(key, k -> CompletableFuture.supplyAsync(() -> {
      Path directory = ROOT.resolve(k);
      List<String> arguments = new ArrayList<>(List.of(directory.toString(), "--variant", variant, "--no-jfr"));
      if (healthy) {
        arguments.add("--healthy");
      }
      run(sample.mainClass().getName(), arguments, directory.resolve("run.log"));
      return directory.resolve("heap.hprof");
    }, RUNNER));
  }

  /** Starts (or joins) the run of a test program whose main takes the heap dump file to write. */
  static CompletableFuture<Path> program(Class<?> mainClass, String... extraArguments) {
    String key = mainClass.getName() + String.join("-", extraArguments);
    return RUNS.computeIfAbsent(key, k -> CompletableFuture.supplyAsync(() -> {
      Path directory = ROOT.resolve(mainClass.getSimpleName() + "-" + String.join("-", extraArguments));
      Path dump = directory.resolve("heap.hprof");
      List<String> arguments = new ArrayList<>(List.of(dump.toString()));
      arguments.addAll(List.of(extraArguments));
      run(mainClass.getName(), arguments, directory.resolve("run.log"));
      return dump;
    }, RUNNER));
  }

  private static void run(String mainClass, List<String> arguments, Path log) {
    try {
      Files.createDirectories(log.getParent());
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), SampleCatalog.MAX_HEAP,
          "-cp", testClasspath(), mainClass));
      command.addAll(arguments);
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      boolean finished = process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (!finished) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      if (!finished || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + (finished ? " exited with " + process.exitValue()
            : " was killed after " + TIMEOUT.toSeconds() + " s") + "; output:\n" + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("running " + mainClass, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + mainClass, e);
    }
  }

  /** The classpath of this test JVM: Surefire names it in a property when it runs from a manifest-only jar. */
  private static String testClasspath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }

  private static Path createRoot() {
    try {
      Path root = Files.createTempDirectory("heaplens-rules-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root), "forked-runs-cleanup"));
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      // The JVM is exiting: nobody can act on this but a human reading the log.
      System.err.println("could not delete " + root + ": " + e);
    }
  }
}
