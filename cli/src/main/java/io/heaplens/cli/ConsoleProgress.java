package io.heaplens.cli;

import io.heaplens.hprof.ProgressListener;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Shows indexing progress as one progress bar per phase on stderr. */
final class ConsoleProgress implements ProgressListener, AutoCloseable {
  private static final long SCALE = 1 << 20;

  private final PrintStream err;
  private ProgressBar bar;
  private String phase;

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
      bar = new ProgressBarBuilder()
          .setTaskName(newPhase)
          .setInitialMax(Math.max(1, total / SCALE))
          .setStyle(ProgressBarStyle.ASCII)
          .setConsumer(new ConsoleProgressBarConsumer(err))
          .hideEta()
          .build();
    }
    if (bar != null) {
      bar.stepTo(done / SCALE);
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
