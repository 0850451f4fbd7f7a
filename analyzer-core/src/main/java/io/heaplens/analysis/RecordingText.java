package io.heaplens.analysis;

import io.heaplens.analysis.RecordingSummary.AllocatedClass;
import io.heaplens.analysis.RecordingSummary.ErrorRow;
import io.heaplens.analysis.RecordingSummary.JmcRow;
import io.heaplens.analysis.RecordingSummary.LiveSet;
import io.heaplens.analysis.RecordingSummary.PauseTotals;
import io.heaplens.analysis.RecordingSummary.SocketRow;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link RecordingSummary} as a short text summary for terminals and logs: the
 * recording's facts, the live-set trend, GC pauses, the most allocated classes, errors, socket
 * endpoints and JMC's warnings. Strings from the recording are escaped with {@link Printable}.
 */
public final class RecordingText {
  private static final int TOP = 5;
  /** JMC's scores from which its own UI shows a warning. */
  private static final double JMC_WARNING_SCORE = 75;

  private RecordingText() {}

  public static String render(RecordingSummary summary) {
    StringBuilder out = new StringBuilder();
    RecordingSummary.RecordingFacts facts = summary.recording();
    line(out, "Recording %s", Printable.escape(facts.file()));
    line(out, "  %s, %,d chunks, %,d events over %s, %s", facts.jvm() == null ? "JVM unknown" : Printable.escape(facts.jvm()),
        facts.chunks(), facts.events(), Durations.format(facts.durationMillis()), Bytes.format(facts.fileBytes()));
    for (String warning : summary.warnings()) {
      line(out, "  note: %s", Printable.escape(warning));
    }
    LiveSet live = summary.liveSet();
    if (!summary.heapAfterGc().isEmpty()) {
      String trend = String.format(Locale.ROOT, "Live set (heap after GC): %s -> %s, %s/min (fit r2 %.2f)",
          Bytes.format(live.firstBytes()), Bytes.format(live.lastBytes()), signed(live.bytesPerSecond() * 60),
          live.rSquared());
      if (live.secondsToExhaustion() != null) {
        trend += ", the maximum heap (" + Bytes.format(facts.maxHeapBytes()) + ") is reached in about "
            + Durations.format((long) (live.secondsToExhaustion() * 1000));
      }
      line(out, "%s", trend);
    }
    PauseTotals pauses = summary.gcTotals();
    if (pauses.collections() > 0) {
      line(out, "GC: %,d collections, %s paused in all, longest pause %.1f ms", pauses.collections(),
          Durations.format(pauses.totalPauseMillis()), pauses.longestPauseMicros() / 1000.0);
    }
    List<AllocatedClass> allocated = summary.allocatedClasses();
    if (!allocated.isEmpty()) {
      line(out, "Most allocated:");
      for (AllocatedClass row : allocated.subList(0, Math.min(TOP, allocated.size()))) {
        line(out, "  %10s %5.1f%%  %s", Bytes.format(row.bytes()), row.percent(), Printable.escape(row.className()));
      }
    }
    for (ErrorRow error : summary.errors().subList(0, Math.min(TOP, summary.errors().size()))) {
      line(out, "Thrown: %,d x %s%s", error.count(), Printable.escape(error.errorClass()),
          error.message() == null ? "" : ": " + Printable.escape(error.message()));
    }
    List<SocketRow> sockets = summary.sockets();
    if (!sockets.isEmpty()) {
      line(out, "Busiest socket endpoints:");
      for (SocketRow socket : sockets.subList(0, Math.min(TOP, sockets.size()))) {
        line(out, "  %s: %,d reads (%,d at end of stream), %,d writes, %,d threads",
            Printable.escape(socket.endpoint()), socket.reads(), socket.endOfStreamReads(), socket.writes(),
            socket.threads());
      }
    }
    List<JmcRow> warnings = summary.jmcRules().stream()
        .filter(rule -> rule.score() != null && rule.score() >= JMC_WARNING_SCORE).toList();
    if (!warnings.isEmpty()) {
      line(out, "JDK Mission Control's rules warn:");
      for (JmcRow rule : warnings) {
        line(out, "  [%.0f] %s: %s", rule.score(), Printable.escape(rule.name()), Printable.escape(rule.summary()));
      }
    }
    return out.toString();
  }

  private static String signed(double bytes) {
    return (bytes < 0 ? "-" : "+") + Bytes.format((long) Math.abs(bytes));
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
