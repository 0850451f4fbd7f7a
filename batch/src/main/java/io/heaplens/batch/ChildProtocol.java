package io.heaplens.batch;

import io.heaplens.hprof.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The two sides of talking to a child analysis. The child is the ordinary {@code analyze} command
 * with {@link #OPTION}: it prints progress as tab-separated lines on stderr, which {@link
 * ChildAnalysis} reads, and it exits as soon as its standard input closes, which happens when the
 * parent dies (even by {@code kill -9}), so no orphan keeps analyzing for nobody.
 */
public final class ChildProtocol {
  /** The {@code analyze} option that turns this protocol on. */
  public static final String OPTION = "as-child";
  /** Exit code of a child whose parent went away. */
  public static final int EXIT_ORPHANED = 4;
  static final String PROGRESS_PREFIX = "heaplens-progress\t";

  private ChildProtocol() {}

  /** A listener that prints each change of phase or percent as one line on {@code err}. */
  public static ProgressListener progressWriter(PrintStream err) {
    return new ProgressListener() {
      private String lastPhase;
      private int lastPercent = -1;

      @Override
      public void progress(String phase, long done, long total) {
        int percent = total <= 0 ? 0 : (int) Math.min(100, done * 100 / total);
        if (phase.equals(lastPhase) && percent == lastPercent) {
          return;
        }
        lastPhase = phase;
        lastPercent = percent;
        err.printf(Locale.ROOT, "%s%s\t%d%n", PROGRESS_PREFIX, phase.replace('\t', ' '), percent);
        err.flush();
      }
    };
  }

  /**
   * Starts a daemon thread that halts this JVM when standard input reaches its end: the parent
   * holds the other end of the pipe, and the operating system closes it when the parent exits.
   */
  public static void exitWhenParentDies(InputStream stdin) {
    Thread watcher = new Thread(() -> {
      try {
        while (stdin.read() >= 0) {
          // The parent never writes; anything it sends is ignored.
        }
      } catch (IOException e) {
        // A broken pipe means the same as its end: the parent is gone.
      }
      Runtime.getRuntime().halt(EXIT_ORPHANED);
    }, "heaplens-parent-watch");
    watcher.setDaemon(true);
    watcher.start();
  }

  /** The phase and percent of a progress line, or null for any other line. */
  static ProgressLine parseProgress(String line) {
    if (!line.startsWith(PROGRESS_PREFIX)) {
      return null;
    }
    String[] parts = line.substring(PROGRESS_PREFIX.length()).split("\t");
    if (parts.length != 2) {
      return null;
    }
    try {
      return new ProgressLine(parts[0], Integer.parseInt(parts[1].trim()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** One progress line of the child. */
  record ProgressLine(String phase, int percent) {}
}
