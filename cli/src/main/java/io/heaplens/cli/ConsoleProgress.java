package io.heaplens.cli;

import io.heaplens.hprof.ProgressListener;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows progress as one progress bar per phase on stderr. Phases counted in bytes (or millions of
 * anything) are shown in units of 2^20; small counts (rules) as they are.
 */
final class ConsoleProgress implements ProgressListener, AutoCloseable {
  private static final long MEGA = 1 << 20;

  private final PrintStream err;
  private ProgressBar bar;
  private String phase;
  private long scale = 1;

  ConsoleProgress(PrintStream err) {
    this.err = err;
  }

  @Override
  public void progress(String newPhase, long done, long total) {
    if (!newPhase.equals(phase)) {
      close();
      phase = newPhase;
      if (newPhase.equals("done")) {
        return;
      }
      scale = total >= MEGA ? MEGA : 1;
      bar = new ProgressBarBuilder()
          .setTaskName(newPhase)
          .setInitialMax(Math.max(1, total / scale))
          .setStyle(ProgressBarStyle.ASCII)
          .setConsumer(new ConsoleProgressBarConsumer(err))
          .hideEta()
          .build();
    }
    if (bar != null) {
      bar.stepTo(done / scale);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.stepTo(bar.getMax());
      bar.close();
      bar = null;
    }
  }
}
