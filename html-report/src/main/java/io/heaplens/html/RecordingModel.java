package io.heaplens.html;

import static io.heaplens.html.Model.first;
import static io.heaplens.html.Model.map;
import static io.heaplens.html.Model.rest;

import io.heaplens.analysis.Durations;
import io.heaplens.analysis.RecordingSummary;
import io.heaplens.analysis.RecordingSummary.AllocatedClass;
import io.heaplens.analysis.RecordingSummary.ErrorRow;
import io.heaplens.analysis.RecordingSummary.JmcRow;
import io.heaplens.analysis.RecordingSummary.LiveSet;
import io.heaplens.analysis.RecordingSummary.Pause;
import io.heaplens.analysis.RecordingSummary.PauseTotals;
import io.heaplens.analysis.RecordingSummary.Point;
import io.heaplens.analysis.RecordingSummary.RecordingFacts;
import io.heaplens.analysis.RecordingSummary.SocketRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The recording part of the model: the facts for the header, and the overview: heap after GC with
 * the live-set trend, GC pauses, live threads, the allocation and CPU flame graphs, the most
 * allocated classes, errors thrown, socket endpoints and JDK Mission Control's rule results.
 */
final class RecordingModel {
  /** The rule whose decision the live-set banner shows. */
  static final String LIVE_SET_RULE = "gc.live-set-growth";
  /**
   * Fewer execution samples than this (the JVM takes one per running thread every 10 or 20 ms) make
   * a CPU flame graph whose widths are noise, and whose few stacks are often JFR's own threads.
   */
  static final long MIN_CPU_SAMPLES = 200;

  /** The heap-after-GC chart spans the page. */
  static final int HEAP_CHART_WIDTH = 1120;
  static final int HEAP_CHART_HEIGHT = 280;
  /** The GC pause and thread charts stand side by side. */
  static final int SMALL_CHART_WIDTH = 540;
  static final int SMALL_CHART_HEIGHT = 200;
  /** Palette colors for collectors; further collectors share the last. */
  private static final int COLLECTOR_COLORS = 6;
  /** Collector names and causes are short; a GC pause's tooltip cuts them here. */
  private static final int GC_NAME = 60;
  /**
   * A live set that changes less than this share over the recording, or that a line fits poorly
   * (r² below {@link #STEADY_FIT}, as the analysis' own forecast requires), is called stable.
   */
  private static final double NOTABLE_CHANGE = 0.05;
  private static final double STEADY_FIT = 0.5;
  /** JMC's own severities, as the badges name them. */
  private static final Map<String, String> JMC_SEVERITIES = Map.of(
      "WARNING", "warning", "INFO", "info", "OK", "ok", "NA", "n/a", "IGNORE", "ignored");

  private RecordingModel() {}

  /**
   * Keys: {@code facts} (for the header), {@code warnings}, {@code moreWarnings}, {@code heap} (the
   * heap-after-GC chart, or null), {@code liveSet} ({@code sentence} and {@code trend}: grows,
   * shrinks, stable or unsteady), {@code pauses}, {@code threads}, {@code allocationFlame}, {@code cpuFlame},
   * {@code allocatedClasses}, {@code errors}, {@code sockets}, {@code eventTypes} and {@code jmc}.
   */
  /**
   * @param liveSetFinding the anchor of the finding of {@value #LIVE_SET_RULE}, or null when that
   *     rule reported nothing: the trend banner follows the rule's decision instead of making its own
   */
  static Map<String, Object> of(RecordingSummary summary, Limits limits, String liveSetFinding) {
    Budget text = new Budget(limits.recordingText());
    RecordingFacts facts = summary.recording();
    long duration = duration(summary);
    Map<String, Object> model = map("facts", facts(summary, text));
    List<String> warnings = new ArrayList<>();
    for (String warning : first(summary.warnings(), limits.warnings())) {
      if (text.spent()) {
        break;
      }
      warnings.add(text.line(warning, Text.LINE));
    }
    model.put("warnings", warnings);
    model.put("moreWarnings", (summary.warnings() == null ? 0 : summary.warnings().size()) - warnings.size());
    List<Point> heapAfterGc = first(summary.heapAfterGc(), limits.seriesPoints());
    model.put("liveSet", liveSet(summary.liveSet(), heapAfterGc, facts.maxHeapBytes(), duration, liveSetFinding));
    model.put("heap", heapChart(heapAfterGc, summary.liveSet(), facts.maxHeapBytes(), duration));
    model.put("threads", threadChart(first(summary.threadCounts(), limits.seriesPoints()), duration));
    model.put("allocationFlame", FlameGraph.of(summary.allocationFlameGraph(), FlameGraph.Kind.ALLOCATION, limits,
        new Budget(limits.flameText())));
    model.put("cpuFlame", FlameGraph.of(summary.cpuFlameGraph(), FlameGraph.Kind.CPU, limits,
        new Budget(limits.flameText())));
    long cpuSamples = summary.cpuFlameGraph() == null ? 0 : summary.cpuFlameGraph().value();
    if (cpuSamples > 0 && cpuSamples < MIN_CPU_SAMPLES) {
      model.put("cpuFlameTooFew", "Not drawn: the recording holds only " + Text.plural(cpuSamples, "execution sample",
          "execution samples") + " (a flame graph needs a few hundred for its widths to mean much; record longer).");
    }
    model.put("allocatedClasses", allocatedClasses(summary.allocatedClasses(), limits, text));
    model.put("errors", errors(summary.errors(), limits, text));
    model.put("sockets", sockets(summary.sockets(), limits, text));
    model.put("eventTypes", eventTypes(facts.eventCounts(), limits, text));
    model.put("pauses", pauseChart(summary.gcPauses(), summary.gcTotals(), duration, limits, text));
    model.put("jmc", jmc(summary.jmcRules(), limits, new Budget(limits.jmcText())));
    return model;
  }

  /** The time the charts span: the recording's duration, or the last point's time if later. */
  private static long duration(RecordingSummary summary) {
    long duration = summary.recording().durationMillis();
    for (List<Point> series : List.of(nonNull(summary.heapAfterGc()), nonNull(summary.threadCounts()))) {
      if (!series.isEmpty()) {
        duration = Math.max(duration, series.get(series.size() - 1).millis());
      }
    }
    List<Pause> pauses = nonNull(summary.gcPauses());
    if (!pauses.isEmpty()) {
      duration = Math.max(duration, pauses.get(pauses.size() - 1).millis());
    }
    return Math.max(1, duration);
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }

  /** The header's facts. */
  private static Map<String, Object> facts(RecordingSummary summary, Budget text) {
    RecordingFacts facts = summary.recording();
    LiveSet live = summary.liveSet();
    PauseTotals pauses = summary.gcTotals();
    return map(
        "file", text.line(facts.file(), Text.LINE),
        "fileBytes", Text.bytes(facts.fileBytes()),
        "fileBytesExact", Text.exactBytes(facts.fileBytes()),
        "jvm", text.line(facts.jvm(), Text.NAME),
        "jvmArguments", text.line(facts.jvmArguments(), Text.LINE),
        "start", ReportModel.timestamp(facts.start()),
        "duration", Durations.format(facts.durationMillis()),
        "chunks", Text.count(facts.chunks()),
        "events", Text.count(facts.events()),
        "maxHeap", facts.maxHeapBytes() > 0 ? Text.bytes(facts.maxHeapBytes()) : "unknown",
        "maxHeapExact", facts.maxHeapBytes() > 0 ? Text.exactBytes(facts.maxHeapBytes()) : null,
        "liveSet", live == null || nonNull(summary.heapAfterGc()).isEmpty() ? null : Text.bytes(live.lastBytes()),
        "liveSetExact", live == null ? null : Text.exactBytes(live.lastBytes()),
        "gc", pauses == null || pauses.collections() == 0 ? null
            : Durations.format(pauses.totalPauseMillis()) + " in " + Text.plural(pauses.collections(), "pause", "pauses"),
        "collector", text.line(facts.collector(), Text.NAME));
  }

  /**
   * The live-set trend in words: {@code sentence}, and {@code trend} ("grows", "shrinks", "stable"
   * or "unsteady") for its style; null without heap-after-GC events.
   */
  private static Map<String, Object> liveSet(LiveSet live, List<Point> heapAfterGc, long maxHeap, long duration,
      String finding) {
    if (live == null || heapAfterGc.isEmpty()) {
      return null;
    }
    String range = Text.bytes(live.firstBytes()) + " \u2192 " + Text.bytes(live.lastBytes());
    double change = live.bytesPerSecond() * duration / 1000;
    boolean notable = Math.abs(change) >= NOTABLE_CHANGE * Math.max(1, Math.max(live.firstBytes(), live.lastBytes()));
    if (!notable) {
      return map("sentence", "Live set stable: about " + Text.bytes(live.lastBytes()) + " after GC (" + range + ").",
          "trend", "stable");
    }
    if (live.rSquared() < STEADY_FIT) {
      return map("sentence", String.format(Locale.ROOT, "Live set changes without a steady trend: %s (fit r\u00b2 %.2f).",
          range, live.rSquared()), "trend", "unsteady");
    }
    String rate = String.format(Locale.ROOT, "%s/min (%s, fit r\u00b2 %.2f)", signedBytes(live.bytesPerSecond() * 60),
        range, live.rSquared());
    if (live.bytesPerSecond() < 0) {
      return map("sentence", "Live set shrinks " + rate + ".", "trend", "shrinks");
    }
    String sentence = "Live set grows " + rate;
    if (finding == null) {
      // One decision, shown once: the rule weighed growth and fit against its thresholds and found no problem.
      return map("sentence", sentence + ", below the thresholds of " + LIVE_SET_RULE + ": not reported as a problem.",
          "trend", "grows-unreported");
    }
    if (live.secondsToExhaustion() != null && maxHeap > 0) {
      sentence += "; at this rate the " + Text.bytes(maxHeap) + " heap is full in about "
          + Text.roughDuration(live.secondsToExhaustion()) + " after the recording ended.";
    } else if (maxHeap <= 0) {
      sentence += "; the maximum heap is not in the recording.";
    } else {
      sentence += ".";
    }
    return map("sentence", sentence, "trend", "grows", "finding", finding);
  }

  /** +12.0 MB, -512.0 KB */
  private static String signedBytes(double bytes) {
    return (bytes < 0 ? "\u2212" : "+") + Text.bytes(Math.round(Math.abs(bytes)));
  }

  /**
   * Heap after GC over time: {@code frame} (see {@link TimeChart#frame}), {@code path}, {@code
   * points}, the fitted {@code trend} line ({@code x1 y1 x2 y2 label}) and the {@code maxHeap}
   * line ({@code y label}) when the maximum is near enough to show.
   */
  private static Map<String, Object> heapChart(List<Point> points, LiveSet live, long maxHeap, long duration) {
    if (points.isEmpty()) {
      return null;
    }
    long highest = points.stream().mapToLong(Point::value).max().orElse(0);
    // The maximum heap is drawn when it is not so far above the data that it would flatten it.
    boolean showMaxHeap = maxHeap > 0 && maxHeap <= 2 * highest;
    TimeChart chart = new TimeChart(HEAP_CHART_WIDTH, HEAP_CHART_HEIGHT, duration,
        showMaxHeap ? Math.max(maxHeap, highest) : highest, TimeChart.Unit.BYTES);
    Map<String, Object> model = map("frame", chart.frame(), "path", chart.path(points),
        "points", Text.plural(points.size(), "collection", "collections"));
    if (showMaxHeap) {
      model.put("maxHeap", map("y", Chart.round(chart.y(maxHeap)), "label", "max heap " + Text.bytes(maxHeap)));
    }
    if (live != null && points.size() >= 2 && live.rSquared() > 0) {
      model.put("trend", trendLine(points, live, chart));
    }
    return model;
  }

  /** The fitted live-set line across the points' time, through the point the analysis gives. */
  private static Map<String, Object> trendLine(List<Point> points, LiveSet live, TimeChart chart) {
    long start = points.get(0).millis();
    long end = points.get(points.size() - 1).millis();
    double bytesPerSecond = live.bytesPerSecond();
    double lineMillis = live.lineMillis();
    double lineBytes = live.lineBytes();
    double perMilli = bytesPerSecond / 1000;
    // The line, clipped to the plot: from where it enters the range 0..top to where it leaves it.
    double from = start;
    double to = end;
    if (perMilli != 0) {
      double atZero = lineMillis - lineBytes / perMilli;
      double atTop = lineMillis + (chart.top() - lineBytes) / perMilli;
      from = Math.max(from, Math.min(atZero, atTop));
      to = Math.min(to, Math.max(atZero, atTop));
    }
    if (to <= from) {
      return null;
    }
    double fromValue = lineBytes + perMilli * (from - lineMillis);
    double toValue = lineBytes + perMilli * (to - lineMillis);
    return map("x1", Chart.round(chart.x((long) from)), "y1", Chart.round(chart.y(fromValue)),
        "x2", Chart.round(chart.x((long) to)), "y2", Chart.round(chart.y(toValue)),
        "label", "trend " + signedBytes(bytesPerSecond * 60) + "/min");
  }

  /**
   * GC pauses over time, one bar each: {@code frame}, {@code bars} ({@code x y width height color
   * title}), {@code collectors} (the legend: {@code name}, {@code color}), {@code totals} (a
   * sentence) and {@code shown} (a note when the chart shows only the longest); null without
   * collections.
   */
  private static Map<String, Object> pauseChart(List<Pause> pauses, PauseTotals totals, long duration,
      Limits limits, Budget text) {
    List<Pause> shown = first(pauses, limits.seriesPoints());
    if (shown.isEmpty()) {
      return null;
    }
    long longest = shown.stream().mapToLong(Pause::pauseMicros).max().orElse(0);
    TimeChart chart = new TimeChart(SMALL_CHART_WIDTH, SMALL_CHART_HEIGHT, duration, longest / 1000.0,
        TimeChart.Unit.MILLIS);
    Map<String, Integer> colors = new LinkedHashMap<>();
    List<Map<String, Object>> bars = new ArrayList<>();
    double barWidth = Math.max(1.5, Math.min(6, chart.plotWidth() / shown.size() * 0.6));
    for (Pause pause : shown) {
      String collector = pause.collector() == null ? "GC" : Text.line(pause.collector(), GC_NAME);
      int color = colors.computeIfAbsent(collector, name -> Math.min(colors.size(), COLLECTOR_COLORS - 1));
      double y = Math.min(chart.y(pause.pauseMicros() / 1000.0), chart.bottom() - 1);
      String title = Text.clock(pause.millis()) + " " + Text.pause(pause.pauseMicros());
      if (!text.spent()) {
        title += " " + text.line(collector, GC_NAME)
            + (pause.cause() == null ? "" : " (" + text.line(pause.cause(), GC_NAME) + ")");
      }
      bars.add(map("x", Chart.round(chart.x(pause.millis()) - barWidth / 2), "y", Chart.round(y),
          "width", Chart.round(barWidth), "height", Chart.round(chart.bottom() - y), "color", color, "title", title));
    }
    List<Map<String, Object>> legend = new ArrayList<>();
    colors.entrySet().stream().limit(COLLECTOR_COLORS)
        .forEach(entry -> legend.add(map("name", text.line(entry.getKey(), GC_NAME), "color", entry.getValue())));
    String sentence = null;
    if (totals != null && totals.collections() > 0) {
      sentence = Text.plural(totals.collections(), "collection", "collections") + " paused the application for "
          + Durations.format(totals.totalPauseMillis()) + " in all ("
          + Text.percent(Text.share(totals.totalPauseMillis(), duration)) + " of the recording); longest pause "
          + Text.pause(totals.longestPauseMicros()) + ".";
    }
    long collections = totals == null ? shown.size() : Math.max(totals.collections(), shown.size());
    return map("frame", chart.frame(), "bars", bars, "collectors", legend, "totals", sentence,
        "shown", collections > shown.size() ? "The chart shows the " + Text.count(shown.size())
            + " longest pauses of " + Text.count(collections) + "." : null);
  }

  /** Live threads over time: {@code frame}, {@code path} and a {@code sentence}; null without counts. */
  private static Map<String, Object> threadChart(List<Point> points, long duration) {
    if (points.isEmpty()) {
      return null;
    }
    long highest = points.stream().mapToLong(Point::value).max().orElse(0);
    TimeChart chart = new TimeChart(SMALL_CHART_WIDTH, SMALL_CHART_HEIGHT, duration, highest, TimeChart.Unit.COUNT);
    Point firstSample = points.get(0);
    Point lastSample = points.get(points.size() - 1);
    // The JVM samples the thread count about once a second, so the last sample may come well before
    // the recording's end: say when each number was taken, or it seems to contradict the thread starts.
    // The summary ends the series at the recording's end when the thread start and end events after the
    // last sample tell the count there: the same events a finding's "still running at its end" counts.
    String last = lastSample.millis() >= duration && points.size() > 1
        ? " at its end (" + Durations.format(lastSample.millis()) + "; the last sample's count with the threads"
            + " started and ended after it, as the findings count running threads)"
        : " at " + Durations.format(lastSample.millis()) + " (the last sample; the recording lasted "
            + Durations.format(duration) + ")";
    String sentence = Text.plural(firstSample.value(), "live thread", "live threads") + " "
        + Durations.format(firstSample.millis()) + " into the recording, " + Text.count(lastSample.value()) + last
        + ", at most " + Text.count(highest) + ".";
    return map("frame", chart.frame(), "path", chart.steps(points), "sentence", sentence);
  }

  /** The most allocated classes: {@code rows} ({@code name bytes exact value percent share}) and {@code more}. */
  private static Map<String, Object> allocatedClasses(List<AllocatedClass> classes, Limits limits, Budget text) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (AllocatedClass row : first(classes, limits.recordingRows())) {
      if (text.spent()) {
        break;
      }
      double percent = Math.max(0, Math.min(100, row.percent()));
      rows.add(map("name", text.line(row.className(), Text.NAME), "bytes", Text.bytes(row.bytes()),
          "exact", Text.exactBytes(row.bytes()), "value", row.bytes(), "percent", Text.percent(percent),
          "share", String.format(Locale.ROOT, "%.1f", percent)));
    }
    return map("rows", rows, "more", rest(classes, rows.size()));
  }

  /** Errors thrown: {@code rows} ({@code errorClass message count first frames moreFrames}) and {@code more}. */
  private static Map<String, Object> errors(List<ErrorRow> errors, Limits limits, Budget text) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ErrorRow error : first(errors, limits.recordingRows())) {
      if (text.spent()) {
        break;
      }
      List<String> frames = new ArrayList<>();
      for (String frame : first(error.topFrames(), limits.errorFrames())) {
        frames.add(text.line(frame, Text.LINE));
      }
      rows.add(map("errorClass", text.line(error.errorClass(), Text.NAME),
          "message", text.line(error.message(), Text.LINE),
          "count", Text.count(error.count()), "countValue", error.count(),
          "first", Text.clock(error.firstMillis()), "firstValue", error.firstMillis(),
          "frames", frames, "moreFrames", rest(error.topFrames(), frames.size())));
    }
    return map("rows", rows, "more", rest(errors, rows.size()));
  }

  /** Socket endpoints: {@code rows} with each count formatted and raw, and {@code more}. */
  private static Map<String, Object> sockets(List<SocketRow> sockets, Limits limits, Budget text) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (SocketRow socket : first(sockets, limits.recordingRows())) {
      if (text.spent()) {
        break;
      }
      rows.add(map("endpoint", text.line(socket.endpoint(), Text.NAME),
          "reads", Text.count(socket.reads()), "readsValue", socket.reads(),
          "endOfStream", Text.count(socket.endOfStreamReads()), "endOfStreamValue", socket.endOfStreamReads(),
          "writes", Text.count(socket.writes()), "writesValue", socket.writes(),
          "bytesRead", Text.bytes(socket.bytesRead()), "bytesReadValue", socket.bytesRead(),
          "bytesWritten", Text.bytes(socket.bytesWritten()), "bytesWrittenValue", socket.bytesWritten(),
          "threads", Text.count(socket.threads()), "threadsValue", socket.threads()));
    }
    return map("rows", rows, "more", rest(sockets, rows.size()));
  }

  /** The most frequent event types: {@code name} and {@code count}. */
  private static List<Map<String, Object>> eventTypes(Map<String, Long> counts, Limits limits, Budget text) {
    List<Map<String, Object>> rows = new ArrayList<>();
    if (counts == null) {
      return rows;
    }
    for (Map.Entry<String, Long> entry : counts.entrySet()) {
      if (rows.size() == limits.recordingRows() || text.spent()) {
        break;
      }
      rows.add(map("name", text.line(entry.getKey(), Text.NAME),
          "count", Text.count(entry.getValue() == null ? 0 : entry.getValue())));
    }
    return rows;
  }

  /**
   * JDK Mission Control's rule results, highest score first (no score last): {@code findings}
   * (warnings and infos), {@code quiet} (the rest: OK, not applicable, ignored) and {@code more};
   * each row has {@code name id severity label score scoreValue summary explanation solution}.
   */
  private static Map<String, Object> jmc(List<JmcRow> rules, Limits limits, Budget text) {
    List<JmcRow> sorted = new ArrayList<>(nonNull(rules));
    sorted.sort(Comparator.comparing(JmcRow::score, Comparator.nullsLast(Comparator.reverseOrder())));
    List<Map<String, Object>> findings = new ArrayList<>();
    List<Map<String, Object>> quiet = new ArrayList<>();
    for (JmcRow rule : first(sorted, limits.jmcRules())) {
      if (text.spent()) {
        break;
      }
      String severity = rule.severity() == null ? "" : rule.severity().toUpperCase(Locale.ROOT);
      String label = JMC_SEVERITIES.get(severity);
      Map<String, Object> row = map(
          "name", text.line(rule.name() == null ? rule.id() : rule.name(), Text.NAME),
          "id", text.line(rule.id(), Text.NAME),
          "severity", label == null ? "other" : severity.toLowerCase(Locale.ROOT),
          "label", label == null ? text.line(rule.severity() == null ? "none" : rule.severity(), 20) : label,
          "score", rule.score() == null ? "\u2013" : String.format(Locale.ROOT, "%.0f", rule.score()),
          "scoreValue", rule.score() == null ? null : String.format(Locale.ROOT, "%.2f", rule.score()),
          "summary", text.line(rule.summary(), Text.SENTENCE),
          "explanation", text.paragraph(rule.explanation(), Text.PARAGRAPH),
          "solution", text.paragraph(rule.solution(), Text.PARAGRAPH));
      boolean speaks = "WARNING".equals(severity) || "INFO".equals(severity);
      (speaks ? findings : quiet).add(row);
    }
    return map("findings", findings, "quiet", quiet, "more", sorted.size() - findings.size() - quiet.size());
  }
}
