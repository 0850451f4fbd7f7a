package io.heaplens.rules.strings;

import io.heaplens.analysis.rules.Culprit;
import io.heaplens.analysis.rules.Evidence;
import io.heaplens.analysis.rules.ExampleObject;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.Rule;
import io.heaplens.analysis.rules.RuleContext;
import io.heaplens.analysis.rules.Scores;
import io.heaplens.analysis.rules.Severity;
import io.heaplens.analysis.rules.Threshold;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.rules.ExplainedBy;
import io.heaplens.rules.SpecificFindings;
import io.heaplens.rules.strings.StringDuplicates.DuplicateValue;
import io.heaplens.rules.support.ApplicationCode;
import io.heaplens.rules.support.Examples;
import io.heaplens.rules.support.Numbers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code strings.duplicates}: many {@code String} objects with the same contents, the memory of
 * all copies but one wasted. Typical sources: values parsed from JSON, CSV or database rows
 * (status codes, country names, categories), keys rebuilt per request.
 *
 * <p>How it decides: strings are grouped by contents (see {@link StringDuplicates}: by value array
 * size first, then a hash of the first {@code prefixChars} characters, confirmed on the whole value
 * up to {@code maxCompareChars} for longer ones). A value held by {@code k} strings over {@code m}
 * distinct arrays wastes {@code (k - 1)} string objects and {@code (m - 1)} arrays (strings sharing
 * one array, as string deduplication leaves them, waste only their headers). Reported when the
 * waste reaches {@code minWasteShare} of the heap or {@code minWasteBytes}. When most copies lie in
 * the objects of a specific finding (rows of an accumulating list, the caches of a per-request
 * scheduler), fixing that finding removes them: the finding is then kept at low, pointing there
 * ({@link ExplainedBy}).
 *
 * <p>Cost: one pass over the strings (their value arrays come from the in-memory reference index),
 * two sorts of one {@code long} per string, and one read of at most {@code prefixChars} characters
 * per value array whose kind and size another array shares, at most {@code maxArrayReads} reads (a
 * deterministic sample beyond that, counts then being estimates); one set retained-size computation.
 */
public final class DuplicateStringsRule implements Rule {
  /** The rule's id. */
  public static final String ID = "strings.duplicates";
  /** How many duplicated values are shown. */
  static final int TOP_VALUES = 10;
  /** How long a shown value may be, in characters. */
  static final int SHOWN_CHARS = 80;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Duplicate strings";
  }

  @Override
  public List<Threshold> thresholds() {
    return List.of(
        new Threshold("minWasteShare", "share of the heap wasted by duplicate strings from which they are reported", 0.05),
        new Threshold("minWasteBytes", "bytes wasted by duplicate strings from which they are reported", 10 * 1024 * 1024),
        new Threshold("alarmingShare", "share of the heap wasted that scores critical", 0.20),
        new Threshold("prefixChars", "characters of each value hashed to group strings", 256),
        new Threshold("maxCompareChars", "characters compared to confirm that long values are equal", 65536),
        new Threshold("maxArrayReads", "value arrays read at most; past that a sample is read and counts are estimated",
            100_000));
  }

  @Override
  public List<Finding> evaluate(RuleContext context) {
    HeapGraph graph = context.heap();
    double minShare = context.threshold(this, "minWasteShare");
    long minBytes = (long) context.threshold(this, "minWasteBytes");
    double alarming = context.threshold(this, "alarmingShare");
    int prefixChars = (int) context.threshold(this, "prefixChars");
    int maxCompare = (int) context.threshold(this, "maxCompareChars");
    int maxReads = (int) context.threshold(this, "maxArrayReads");
    long heapBytes = Numbers.reachableBytes(graph);

    StringDuplicates duplicates = StringDuplicates.find(graph, prefixChars, maxCompare, TOP_VALUES, maxReads);
    long waste = duplicates.wastedBytes();
    if (waste == 0 || waste < minShare * heapBytes && waste < minBytes) {
      return List.of();
    }
    int[] copies = duplicates.copies();
    // With a sample, the copies are the sampled ones: their retained size is scaled like the counts.
    long retained = Math.round(graph.retainedSize(copies) / duplicates.sampledRate());
    int score = Scores.ofShare((double) waste / Math.max(1, heapBytes), alarming);

    String about = duplicates.sampledRate() < 1 ? "about " : "";
    List<DuplicateValue> top = duplicates.top();
    List<String> shownTop = new ArrayList<>();
    Map<String, String> facts = new LinkedHashMap<>();
    Culprit culprit = null;
    List<ExampleObject> examples = new ArrayList<>();
    for (int i = 0; i < top.size(); i++) {
      DuplicateValue value = top.get(i);
      String text = quote(context.quotable(graph.readString(value.example(), SHOWN_CHARS + 1), value.length()));
      Culprit holder = ApplicationCode.culpritOf(graph, value.sampleCopies()).orElse(null);
      if (culprit == null) {
        culprit = holder;
      }
      facts.put("value " + (i + 1), String.format("%s (%s chars) x %s%s, %s wasted%s", text,
          Numbers.count(value.length()), about, Numbers.count(value.strings()), Numbers.bytes(value.wastedBytes()),
          holder != null ? ", held by " + holder.className() : ""));
      if (i < 3) {
        shownTop.add(text + " x " + Numbers.count(value.strings()));
        examples.add(Examples.of(graph, value.example()));
      }
    }
    facts.put("distinct duplicated values", Numbers.count(duplicates.values()));
    facts.put("strings examined", Numbers.count(duplicates.stringsExamined()));
    if (duplicates.sampledRate() < 1) {
      facts.put("sampling", String.format("contents of %.1f%% of the value arrays needing a read were read;"
          + " counts, waste and retained size are estimates scaled from them", 100 * duplicates.sampledRate()));
    }

    String claim = String.format("%s%s duplicate strings (%s distinct values) waste %s (%s of heap); most copied: %s",
        about, Numbers.count(duplicates.duplicateStrings()), Numbers.count(duplicates.values()), Numbers.bytes(waste),
        Numbers.percent(waste, heapBytes), String.join(", ", shownTop));
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("duplicate strings", duplicates.duplicateStrings());
    counts.put("distinct duplicated values", duplicates.values());
    counts.put("wasted bytes", waste);
    int[] sample = Arrays.copyOf(copies, Math.min(copies.length, 64));
    Evidence evidence = new Evidence(retained, duplicates.duplicateStrings(), counts, facts, examples,
        Examples.holdingThreads(graph, sample, 5));
    Finding finding = new Finding(ID, score, title(), claim, explanation(), evidence, culprit, recommendation());
    // Copies kept alive by what a specific finding reports go away with its fix: that is the one alarm.
    List<SpecificFindings.Reported> specific = SpecificFindings.all(context, Severity.MEDIUM.minimumScore());
    return List.of(ExplainedBy.ofObjects(graph, copies, specific, "of the duplicate strings lie in the objects of %s")
        .map(coverage -> ExplainedBy.fold(finding, coverage)).orElse(finding));
  }

  private static String explanation() {
    return "Each copy of the same text costs a String object and, unless the JVM deduplicated it, a byte array"
        + " of its own. Values parsed from JSON, CSV or database rows (statuses, countries, categories, repeated"
        + " keys) are the usual source: every row gets a fresh copy of a value that has only a handful of"
        + " distinct forms.";
  }

  private static String recommendation() {
    return "Canonicalize repeated values where they are created: map low-cardinality fields to enums or to"
        + " shared constants, intern them through a small canonicalizing map (or String.intern() for a bounded"
        + " set), and keep ids instead of copied text. With G1, -XX:+UseStringDeduplication shares the byte"
        + " arrays of long-lived duplicates (the String objects remain).";
  }

  /** The value in quotes, cut to {@value #SHOWN_CHARS} characters, control and non-ASCII characters escaped. */
  static String quote(String value) {
    if (value == null) {
      return "(unreadable)";
    }
    boolean cut = value.length() > SHOWN_CHARS;
    String shown = cut ? value.substring(0, SHOWN_CHARS) : value;
    StringBuilder text = new StringBuilder(shown.length() + 8).append('"');
    for (int i = 0; i < shown.length(); i++) {
      char c = shown.charAt(i);
      switch (c) {
        case '"' -> text.append("\\\"");
        case '\\' -> text.append("\\\\");
        case '\n' -> text.append("\\n");
        case '\r' -> text.append("\\r");
        case '\t' -> text.append("\\t");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            text.append(String.format("\\u%04x", (int) c));
          } else {
            text.append(c);
          }
        }
      }
    }
    return text.append('"').append(cut ? "..." : "").toString();
  }
}
