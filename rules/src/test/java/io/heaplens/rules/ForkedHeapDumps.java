package io.heaplens.rules;

import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.Rule;
import io.heaplens.analysis.rules.RuleContext;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.hprof.HprofFormatException;
import io.heaplens.hprof.HprofReader;
import io.heaplens.hprof.ReadOptions;
import io.heaplens.samples.Capture;
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
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Heap dumps written by programs run in forked JVMs (catalog samples, or the small programs of these
 * tests), with the rules' findings on them.
 *
 * <p>A test class {@linkplain #start starts} the runs it needs up front; they run {@value #PARALLEL}
 * at a time in the background while earlier dumps are analyzed. Each child gets {@link
 * SampleCatalog#MAX_HEAP}, this JVM's classpath, its output in a file, and is killed after {@link
 * #TIMEOUT}. {@link #close} deletes every dump.
 */
public final class ForkedHeapDumps implements AutoCloseable {
  /** Longer than the samples' own watchdog, for a loaded machine. */
  static final Duration TIMEOUT = Duration.ofSeconds(120);
  /** Children running at once. */
  static final int PARALLEL = 2;

  /**
   * One program run.
   *
   * @param label names the run in messages
   * @param mainClass the program's main class
   * @param arguments the command line after the output directory
   */
  public record Run(String label, String mainClass, List<String> arguments) {
    public Run {
      arguments = List.copyOf(arguments);
    }

    /** A catalog sample's problem run of {@code variant}, or its healthy twin. */
    public static Run sample(String sampleId, String variant, boolean healthy) {
      SampleCatalog.Sample sample = SampleCatalog.byId(sampleId);
      List<String> arguments = new ArrayList<>(List.of("--variant", variant, "--no-jfr"));
      if (healthy) {
        arguments.add("--healthy");
      }
      return new Run(sampleId + "/" + variant + (healthy ? "-healthy" : ""), sample.mainClass().getName(), arguments);
    }

    /** One of these tests' programs with these options ({@code --healthy}, ...). */
    public static Run program(Class<?> mainClass, String... options) {
      return new Run(mainClass.getSimpleName() + String.join("", options), mainClass.getName(), List.of(options));
    }
  }

  private final Path root;
  private final ExecutorService pool = Executors.newFixedThreadPool(PARALLEL, task -> {
    Thread thread = new Thread(task, "forked-heap-dump");
    thread.setDaemon(true);
    return thread;
  });
  private final Map<Run, CompletableFuture<Path>> runs = new ConcurrentHashMap<>();

  private ForkedHeapDumps(Path root) {
    this.root = root;
  }

  /** Starts {@code runs} in the background, in order. */
  public static ForkedHeapDumps start(List<Run> runs) {
    try {
      ForkedHeapDumps dumps = new ForkedHeapDumps(Files.createTempDirectory("heaplens-rule-tests-"));
      for (Run run : runs) {
        dumps.runs.put(run, CompletableFuture.supplyAsync(() -> dumps.execute(run), dumps.pool));
      }
      return dumps;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The heap dump of {@code run}, waiting for it. */
  public Path dump(Run run) {
    CompletableFuture<Path> future = runs.computeIfAbsent(run,
        r -> CompletableFuture.supplyAsync(() -> execute(r), pool));
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** The findings of {@code rule} on the dump of {@code run}, and how long the rule took. */
  public Analysis analyze(Run run, Rule rule) {
    return analyze(run, rule, Map.of());
  }

  /** The same, with threshold overrides ({@code <ruleId>.<name>}). */
  public Analysis analyze(Run run, Rule rule, Map<String, Double> overrides) {
    try (HeapGraph graph = HprofReader.open(dump(run), ReadOptions.defaults())) {
      long started = System.nanoTime();
      List<Finding> findings = rule.evaluate(new RuleContext(graph, null, overrides));
      return new Analysis(findings, (System.nanoTime() - started) / 1_000_000);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (HprofFormatException e) {
      throw new IllegalStateException("the dump of " + run.label() + " cannot be read", e);
    }
  }

  /**
   * A rule's findings on one dump.
   *
   * @param findings what it found
   * @param millis how long {@link Rule#evaluate} took
   */
  public record Analysis(List<Finding> findings, long millis) {}

  private Path execute(Run run) {
    try {
      Path directory = Files.createTempDirectory(root, run.label().replaceAll("[^A-Za-z0-9._-]", "_") + "-");
      Path log = directory.resolve("run.log");
      String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          SampleCatalog.MAX_HEAP, "-cp", classpath, run.mainClass(), directory.resolve("out").toString()));
      command.addAll(run.arguments());
      Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      boolean finished = false;
      try {
        finished = child.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } finally {
        if (!finished) {
          child.descendants().forEach(ProcessHandle::destroyForcibly);
          child.destroyForcibly();
        }
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      if (!finished || child.exitValue() != 0) {
        throw new IllegalStateException(run.label() + (finished ? " exited with " + child.exitValue()
            : " was killed after " + TIMEOUT.toSeconds() + " s") + "\noutput:\n" + output);
      }
      Path dump = directory.resolve("out").resolve(Capture.HEAP_DUMP_FILE);
      if (!Files.isRegularFile(dump)) {
        throw new IllegalStateException(run.label() + " wrote no heap dump\noutput:\n" + output);
      }
      return dump;
    } catch (IOException e) {
      throw new UncheckedIOException("running " + run.label(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + run.label(), e);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
    try {
      pool.awaitTermination(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("deleting " + root, e);
    }
  }
}
