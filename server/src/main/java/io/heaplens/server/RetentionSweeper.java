package io.heaplens.server;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code --retention}: removes the uploaded files of analyses that ended longer ago than the
 * retention; their reports, JSON and history rows are kept. A dump holds whatever secrets its
 * process held, so it should not outlive its use; the report is what the team reads.
 */
final class RetentionSweeper implements Runnable {
  private static final Logger LOG = Logger.getLogger(RetentionSweeper.class.getName());
  private static final Duration LONGEST_PAUSE = Duration.ofHours(1);
  private static final Duration SHORTEST_PAUSE = Duration.ofSeconds(1);

  private final AnalysisHistory history;
  private final DataFolder data;
  private final Duration retention;
  private final Clock clock;

  RetentionSweeper(AnalysisHistory history, DataFolder data, Duration retention, Clock clock) {
    this.history = history;
    this.data = data;
    this.retention = retention;
    this.clock = clock;
  }

  /** How often to look: a quarter of the retention, between a second and an hour. */
  Duration pause() {
    Duration quarter = retention.dividedBy(4);
    return quarter.compareTo(SHORTEST_PAUSE) < 0 ? SHORTEST_PAUSE
        : quarter.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : quarter;
  }

  @Override
  public void run() {
    Instant now = clock.instant();
    try {
      for (String id : history.finishedBeforeWithInputs(now.minus(retention))) {
        for (String stored : new String[] {DataFolder.HEAP_DUMP, DataFolder.RECORDING}) {
          Files.deleteIfExists(data.analysis(id).resolve(stored));
        }
        history.markInputsRemoved(id, now);
      }
    } catch (SQLException | IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "the retention sweep failed; it runs again in " + pause(), e);
    }
  }
}
