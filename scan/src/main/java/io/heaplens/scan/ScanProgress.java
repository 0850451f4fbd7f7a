package io.heaplens.scan;

import io.heaplens.analysis.Printable;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The scan's progress on stderr, one line per change and at most one a second while analyses only
 * advance: {@code 12/340 analyzed, 3 failed, 1 running (app-7.hprof, dominators 41%)}. Thread-safe: the
 * analyses report from their own threads.
 */
final class ScanProgress {
  private static final long QUIET_NANOS = 1_000_000_000L;

  private final PrintStream err;
  private final int total;
  private final Map<String, String> running = new LinkedHashMap<>();
  private int analyzed;
  private int failed;
  private long lastPrinted;
  private String lastLine = "";

  ScanProgress(PrintStream err, int total, int analyzedBefore, int failedBefore) {
    this.err = err;
    this.total = total;
    this.analyzed = analyzedBefore;
    this.failed = failedBefore;
  }

  synchronized void started(String name) {
    running.put(name, "starting");
    print(true);
  }

  synchronized void advanced(String name, String phase, int percent) {
    running.put(name, phase + " " + percent + "%");
    print(false);
  }

  synchronized void finished(String name, boolean succeeded) {
    running.remove(name);
    if (succeeded) {
      analyzed++;
    } else {
      failed++;
    }
    print(true);
  }

  private void print(boolean always) {
    long now = System.nanoTime();
    if (!always && now - lastPrinted < QUIET_NANOS) {
      return;
    }
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%d/%d analyzed, %d failed, %d running",
        analyzed, total, failed, running.size()));
    if (!running.isEmpty()) {
      line.append(" (");
      // Keys come from a bucket: control characters must not reach the terminal.
      running.forEach((name, state) -> line.append(Printable.escape(name)).append(", ").append(state).append("; "));
      line.setLength(line.length() - 2);
      line.append(')');
    }
    String text = line.toString();
    if (!text.equals(lastLine)) {
      err.println(text);
      lastLine = text;
      lastPrinted = now;
    }
  }
}
