package io.heaplens.analysis;

import io.heaplens.analysis.HeapSummary.ClassRow;
import io.heaplens.analysis.HeapSummary.DominatorRow;
import io.heaplens.analysis.HeapSummary.PathStep;
import io.heaplens.analysis.HeapSummary.ThreadRow;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders a {@link HeapSummary} as a one-screen text summary for terminals and logs. */
public final class SummaryText {
  /** Classes listed in the text summary (the JSON holds all). */
  public static final int TOP_CLASSES = 20;
  private static final int TOP_THREADS = 10;
  private static final int NAME_WIDTH = 60;

  private SummaryText() {}

  public static String render(HeapSummary summary) {
    StringBuilder out = new StringBuilder();
    HeapSummary.DumpFacts dump = summary.dump();
    HeapSummary.Counts counts = summary.counts();
    out.append(String.format(Locale.ROOT, "Heap dump %s%n", printable(dump.file())));
    out.append(String.format(Locale.ROOT, "  %s, %d-byte ids, written %s, %s%s%n", dump.format(), dump.idSize(),
        dump.timestamp(), Bytes.format(dump.fileBytes()), dump.gzipCompressed() ? " gzip" : ""));
    out.append(String.format(Locale.ROOT, "  layout: %s%n", dump.layout()));
    if (dump.truncated()) {
      out.append("  PARTIAL ANALYSIS: the dump is truncated; only what was read is shown\n");
    }
    for (String warning : dump.warnings()) {
      out.append("  note: ").append(printable(warning)).append('\n');
    }
    out.append(String.format(Locale.ROOT, "%nHeap: %s in %,d objects (%,d instances, %,d object arrays, %,d"
            + " primitive arrays, %,d classes); %s reachable%n",
        Bytes.format(dump.totalShallowBytes()), counts.objects(), counts.instances(),
        counts.objectArrays(), counts.primitiveArrays(), counts.classes(),
        Bytes.format(dump.reachableBytes())));
    out.append(String.format(Locale.ROOT, "GC roots: %s%n", roots(counts.gcRoots())));

    out.append(String.format(Locale.ROOT, "%nTop classes by retained size (%d of %,d)%n",
        Math.min(TOP_CLASSES, summary.classes().size()), summary.classes().size()));
    out.append(String.format(Locale.ROOT, "  %10s %10s %12s  %s%n", "retained", "shallow", "instances", "class"));
    if (summary.classes().stream().anyMatch(row -> !row.retainedExact())) {
      out.append("  (>= marks a lower bound: the exact set size was not computed for that class)\n");
    }
    for (ClassRow row : summary.classes().subList(0, Math.min(TOP_CLASSES, summary.classes().size()))) {
      String retained = (row.retainedExact() ? "" : ">=") + Bytes.format(row.retainedBytes());
      out.append(String.format(Locale.ROOT, "  %10s %10s %,12d  %s%n", retained,
          Bytes.format(row.shallowBytes()), row.instances(), cut(row.name())));
    }

    out.append(String.format(Locale.ROOT, "%nBiggest objects (top of the dominator tree)%n"));
    int rank = 1;
    for (DominatorRow row : summary.dominators()) {
      out.append(String.format(Locale.ROOT, "  %2d. %10s %5.1f%%  %s @0x%x%n", rank++,
          Bytes.format(row.retainedBytes()), row.percentOfHeap(), cut(row.className()), row.objectId()));
      out.append("      ").append(printable(path(row.pathFromRoot()))).append('\n');
    }

    List<ThreadRow> threads = summary.threads();
    out.append(String.format(Locale.ROOT, "%nThreads (%d, top %d by retained size)%n", threads.size(),
        Math.min(TOP_THREADS, threads.size())));
    for (ThreadRow thread : threads.subList(0, Math.min(TOP_THREADS, threads.size()))) {
      String top = thread.frames().isEmpty() ? "" : "  at " + printable(thread.frames().get(0).frame());
      out.append(String.format(Locale.ROOT, "  %10s  %-13s %s%s%n", Bytes.format(thread.retainedBytes()),
          thread.state() == null ? "?" : thread.state(), cut(String.valueOf(thread.name())), top));
    }
    return out.toString();
  }

  private static String roots(Map<String, Long> byKind) {
    long total = byKind.values().stream().mapToLong(Long::longValue).sum();
    return String.format(Locale.ROOT, "%,d", total) + (byKind.isEmpty() ? "" : " (" + byKind.entrySet().stream()
        .map(e -> e.getKey().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + String.format(Locale.ROOT, "%,d", e.getValue()))
        .collect(Collectors.joining(", ")) + ")");
  }

  /** A path on one line, {@code [root kind] Root -> field: Next -> ...}; not escaped. */
  static String path(List<PathStep> steps) {
    if (steps.isEmpty()) {
      return "(unreachable)";
    }
    StringBuilder text = new StringBuilder();
    for (PathStep step : steps) {
      if (text.length() > 0) {
        text.append(" -> ");
        if (step.via() != null) {
          text.append(step.via()).append(": ");
        }
      } else if (!step.rootKinds().isEmpty()) {
        text.append('[').append(step.rootKinds().get(0).toLowerCase(Locale.ROOT).replace('_', ' ')).append("] ");
      }
      text.append(shortName(step.className()));
    }
    return text.toString();
  }

  private static String shortName(String className) {
    int dot = className.lastIndexOf('.', className.endsWith("[]") ? className.length() - 3 : className.length());
    return dot < 0 ? className : className.substring(dot + 1);
  }

  private static String cut(String text) {
    String clean = printable(text);
    return clean.length() <= NAME_WIDTH ? clean : clean.substring(0, NAME_WIDTH - 3) + "...";
  }

  /** See {@link Printable#escape}. */
  static String printable(String text) {
    return Printable.escape(text);
  }
}
