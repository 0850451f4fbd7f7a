package io.heaplens.server;

import io.heaplens.batch.AnalysisJob;
import io.heaplens.batch.AnalysisOutcome;
import io.heaplens.batch.ChildAnalysis;
import io.heaplens.batch.ResultStore;
import io.heaplens.batch.ResultSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs queued analyses in child JVMs, at most {@code workers} at a time, oldest first, and writes
 * how each ended to the history. Progress lives in memory only: it changes many times a second and
 * means nothing after a restart, when an interrupted analysis starts again from the beginning.
 */
final class AnalysisQueue implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(AnalysisQueue.class.getName());
  /** How long a cancelled analysis may take to end once its child is killed. */
  private static final long CANCEL_WAIT_SECONDS = 30;

  private final AnalysisHistory history;
  private final DataFolder data;
  private final ChildAnalysis runner;
  private final String analysisHeap;
  private final boolean redact;
  private final Clock clock;
  private final BlockingQueue<Task> waiting = new LinkedBlockingQueue<>();
  private final Map<String, Task> tasks = new ConcurrentHashMap<>();
  private final List<Thread> workers = new ArrayList<>();

  /** Where an analysis is: the phase and percent its child reported last. */
  record Progress(String phase, int percent) {}

  AnalysisQueue(AnalysisHistory history, DataFolder data, ChildAnalysis runner, String analysisHeap, boolean redact,
      int workerCount, Clock clock) {
    this.history = history;
    this.data = data;
    this.runner = runner;
    this.analysisHeap = analysisHeap;
    this.redact = redact;
    this.clock = clock;
    for (int i = 0; i < workerCount; i++) {
      Thread worker = new Thread(this::work, "heaplens-analysis-" + (i + 1));
      worker.setDaemon(true);
      workers.add(worker);
    }
  }

  void start() {
    workers.forEach(Thread::start);
  }

  /** Queues an analysis whose files are in its folder and whose history row says queued. */
  void submit(String id) {
    Task task = new Task(id);
    tasks.put(id, task);
    waiting.add(task);
  }

  /** The progress of a running analysis; empty when it is not running or has reported nothing yet. */
  Optional<Progress> progress(String id) {
    Task task = tasks.get(id);
    return task == null ? Optional.empty() : Optional.ofNullable(task.progress);
  }

  /**
   * Takes an analysis out of the queue, or kills its child when it runs, and returns once it no
   * longer touches its folder.
   */
  void cancel(String id) throws InterruptedException {
    Task task = tasks.remove(id);
    if (task == null) {
      return;
    }
    synchronized (task) {
      task.cancelled = true;
      if (!task.started) {
        waiting.remove(task);
        return;
      }
    }
    Thread runnerThread = task.thread;
    if (runnerThread != null) {
      runnerThread.interrupt();
    }
    if (!task.ended.await(CANCEL_WAIT_SECONDS, TimeUnit.SECONDS)) {
      LOG.warning("analysis " + id + " did not end " + CANCEL_WAIT_SECONDS + " s after it was cancelled");
    }
  }

  /** Stops the workers and kills their children; their analyses stay running in the history and run again next start. */
  @Override
  public void close() throws InterruptedException {
    for (Thread worker : workers) {
      worker.interrupt();
    }
    for (Thread worker : workers) {
      worker.join(TimeUnit.SECONDS.toMillis(CANCEL_WAIT_SECONDS));
    }
  }

  private void work() {
    while (!Thread.currentThread().isInterrupted()) {
      Task task;
      try {
        task = waiting.take();
      } catch (InterruptedException e) {
        return;
      }
      synchronized (task) {
        if (task.cancelled) {
          continue;
        }
        task.thread = Thread.currentThread();
        task.started = true;
      }
      try {
        run(task);
      } catch (InterruptedException e) {
        // Cancelled (the record is being deleted) or the server stops: the history keeps it running,
        // so a restart runs it again.
        Thread.currentThread().interrupt();
      } catch (IOException | SQLException | RuntimeException e) {
        LOG.log(Level.WARNING, "analysis " + task.id + " could not be run", e);
        recordFailure(task.id, "the server could not run the analysis: " + e.getMessage());
      } finally {
        task.thread = null;
        tasks.remove(task.id, task);
        task.ended.countDown();
      }
      if (task.cancelled) {
        // Only this task was meant: the interrupt must not stop the worker.
        Thread.interrupted();
      }
    }
  }

  private void run(Task task) throws IOException, SQLException, InterruptedException {
    String id = task.id;
    Optional<AnalysisEntry> entry = history.find(id);
    if (entry.isEmpty()) {
      return;
    }
    Path folder = data.analysis(id);
    Path heapDump = stored(entry.get(), folder, "heapDump");
    Path recording = stored(entry.get(), folder, "recording");
    history.markRunning(id, clock.instant());
    // A run cut short by a restart may have left a report behind; only this run's may count.
    Files.deleteIfExists(folder.resolve(ResultStore.REPORT));
    Files.deleteIfExists(folder.resolve(ResultStore.JSON));
    AnalysisJob job = new AnalysisJob(heapDump, recording, folder, analysisHeap, data.work(id), redact);
    AnalysisOutcome outcome;
    try {
      outcome = runner.run(job, (phase, percent) -> task.progress = new Progress(phase, percent));
    } finally {
      DataFolder.deleteRecursively(data.work(id));
    }
    if (task.cancelled) {
      return;
    }
    if (outcome.succeeded()) {
      history.markDone(id, ResultSummary.read(job.json()), clock.instant());
    } else {
      history.markFailed(id, outcome.error(), clock.instant());
    }
  }

  private static Path stored(AnalysisEntry entry, Path folder, String kind) {
    return entry.files().stream().filter(file -> file.kind().equals(kind)).findFirst()
        .map(file -> folder.resolve(file.storedAs())).orElse(null);
  }

  private void recordFailure(String id, String error) {
    try {
      history.markFailed(id, error, clock.instant());
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "analysis " + id + " failed and its failure could not be recorded", e);
    }
  }

  /** One queued or running analysis. */
  private static final class Task {
    final String id;
    final CountDownLatch ended = new CountDownLatch(1);
    volatile boolean cancelled;
    volatile boolean started;
    volatile Thread thread;
    volatile Progress progress;

    Task(String id) {
      this.id = id;
    }
  }
}
