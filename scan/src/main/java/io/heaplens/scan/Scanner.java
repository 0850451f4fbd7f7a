package io.heaplens.scan;

import io.heaplens.analysis.Printable;
import io.heaplens.batch.AnalysisJob;
import io.heaplens.batch.AnalysisOutcome;
import io.heaplens.batch.ChildAnalysis;
import io.heaplens.batch.FleetIndex;
import io.heaplens.batch.ResultRecord;
import io.heaplens.batch.ResultStore;
import io.heaplens.batch.ResultSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Runs a scan: lists the source, plans what this shard has to do, analyzes that with up to {@code
 * parallel} child JVMs at once, publishes each result as it completes (status record last), records
 * the skipped objects, and rebuilds the index from everything in the destination.
 */
public final class Scanner {
  private static final String RUN_FOLDER_PREFIX = "heaplens-scan-";

  private final Source source;
  private final ResultStore store;
  private final ChildAnalysis analysis;
  private final ScanOptions options;
  private final PrintStream err;

  public Scanner(Source source, ResultStore store, ChildAnalysis analysis, ScanOptions options, PrintStream err) {
    this.source = source;
    this.store = store;
    this.analysis = analysis;
    this.options = options;
    this.err = err;
  }

  /**
   * What one run did.
   *
   * @param analyzed analyses that completed in this run
   * @param failed analyses that failed in this run
   * @param alreadyDone results that were already complete
   * @param alreadyFailed inputs that failed before and were not retried
   * @param skipped objects that are neither dumps nor recordings
   * @param index the index rebuilt at the end
   */
  public record Summary(int analyzed, int failed, int alreadyDone, int alreadyFailed, int skipped, FleetIndex index) {}

  /**
   * Scans.
   *
   * @throws IOException the source or destination cannot be read or written
   * @throws InterruptedException the scan was interrupted; running analyses were stopped
   */
  public Summary run() throws IOException, InterruptedException {
    Files.createDirectories(options.tempDirectory());
    removeFoldersOfDeadRuns(options.tempDirectory());
    Path runFolder = options.tempDirectory().resolve(RUN_FOLDER_PREFIX + ProcessHandle.current().pid());
    deleteRecursively(runFolder); // a container's pid repeats from run to run
    Files.createDirectories(runFolder);
    try {
      List<SourceObject> objects = source.list();
      ScanPlan plan = ScanPlan.make(objects, store.all(), options.shard(), options.retryFailed(), source, runFolder,
          options.version());
      err.printf("%s: %d objects%s; %d to analyze, %d already done, %d failed before%s, %d not dumps%n",
          source.describe(), objects.size(), options.shard().count() > 1 ? " (shard " + options.shard().index() + "/"
              + options.shard().count() + " takes its share)" : "", plan.toAnalyze().size(), plan.alreadyDone(),
          plan.alreadyFailed(), plan.alreadyFailed() > 0 && !options.retryFailed() ? " (not retried without --retry-failed)" : "",
          plan.skipped().size());
      store.publishSkipped(options.shard().writerName(), plan.skipped());
      int total = plan.toAnalyze().size() + plan.alreadyDone() + plan.alreadyFailed();
      ScanProgress progress = new ScanProgress(err, total, plan.alreadyDone(), plan.alreadyFailed());
      int[] outcome = analyzeAll(plan.toAnalyze(), runFolder, progress);
      FleetIndex index = FleetIndex.rebuild(store, "heaplens scan of " + source.describe());
      return new Summary(outcome[0], outcome[1], plan.alreadyDone(), plan.alreadyFailed(), plan.skipped().size(), index);
    } finally {
      deleteRecursively(runFolder);
    }
  }

  /** Analyzes the units; returns {analyzed, failed}. */
  private int[] analyzeAll(List<AnalysisUnit> units, Path runFolder, ScanProgress progress)
      throws IOException, InterruptedException {
    AtomicInteger analyzed = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    ExecutorService workers = Executors.newFixedThreadPool(Math.max(1, options.parallel()), runnable -> {
      Thread thread = new Thread(runnable, "heaplens-scan-worker");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<?>> running = new ArrayList<>();
      AtomicInteger sequence = new AtomicInteger();
      for (AnalysisUnit unit : units) {
        running.add(workers.submit(() -> {
          Path work = runFolder.resolve("analysis-" + sequence.incrementAndGet());
          boolean succeeded = analyzeOne(unit, work, progress);
          (succeeded ? analyzed : failed).incrementAndGet();
          deleteRecursively(work);
          return null;
        }));
      }
      for (Future<?> future : running) {
        try {
          future.get();
        } catch (java.util.concurrent.ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof IOException io) {
            throw io;
          }
          if (cause instanceof UncheckedIOException io) {
            throw io.getCause();
          }
          throw new IllegalStateException(cause);
        }
      }
    } finally {
      workers.shutdownNow();
    }
    return new int[] {analyzed.get(), failed.get()};
  }

  /** Downloads, analyzes and publishes one unit; whether it succeeded. */
  private boolean analyzeOne(AnalysisUnit unit, Path work, ScanProgress progress)
      throws IOException, InterruptedException {
    String name = unit.displayName();
    progress.started(name);
    Files.createDirectories(work);
    String analyzedAt;
    AnalysisOutcome outcome;
    AnalysisJob job;
    try {
      Path dump = unit.heapDump() == null ? null : source.fetch(unit.heapDump(), work.resolve("heap-dump"), Long.MAX_VALUE);
      Path recording = unit.recording() == null ? null
          : source.fetch(unit.recording(), work.resolve("recording"), Long.MAX_VALUE);
      job = new AnalysisJob(dump, recording, work.resolve("out"), options.analysisHeap(), work.resolve("tmp"));
      outcome = analysis.run(job, (phase, percent) -> progress.advanced(name, phase, percent));
      analyzedAt = Instant.now().toString();
    } catch (IOException e) {
      // Not recorded as failed: a download that failed (network, object replaced meanwhile) is
      // tried again by the next run.
      err.println("heaplens scan: " + Printable.escape(unit.primary().key() + ": " + e.getMessage()));
      progress.finished(name, false);
      return false;
    }
    ResultRecord record;
    if (outcome.succeeded()) {
      record = ResultRecord.done(unit.resultKey(), unit.inputs(), ResultSummary.read(job.json()), analyzedAt,
          outcome.elapsed().toMillis(), options.version());
      store.publish(record, job.report(), job.json());
    } else {
      String error = inSourceTerms(outcome.error(), job, unit);
      record = ResultRecord.failed(unit.resultKey(), unit.inputs(), error, analyzedAt,
          outcome.elapsed().toMillis(), options.version());
      store.publish(record, null, null);
      err.println("heaplens scan: " + Printable.escape(error));
    }
    progress.finished(name, outcome.succeeded());
    return outcome.succeeded();
  }

  /** The child's message with the downloaded files' paths replaced by the keys they came from. */
  private static String inSourceTerms(String error, AnalysisJob job, AnalysisUnit unit) {
    String text = error;
    if (job.heapDump() != null) {
      text = text.replace(job.heapDump().toString(), unit.heapDump().key());
    }
    if (job.recording() != null) {
      text = text.replace(job.recording().toString(), unit.recording().key());
    }
    return text;
  }

  /** Removes what runs killed before their end left in the temporary folder. */
  private static void removeFoldersOfDeadRuns(Path tempDirectory) throws IOException {
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(tempDirectory, RUN_FOLDER_PREFIX + "*")) {
      for (Path folder : folders) {
        String pid = folder.getFileName().toString().substring(RUN_FOLDER_PREFIX.length());
        Optional<ProcessHandle> owner;
        try {
          owner = ProcessHandle.of(Long.parseLong(pid));
        } catch (NumberFormatException e) {
          continue;
        }
        if (owner.isEmpty() || !owner.get().isAlive()) {
          deleteRecursively(folder);
        }
      }
    }
  }

  static void deleteRecursively(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
