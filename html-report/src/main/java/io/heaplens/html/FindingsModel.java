package io.heaplens.html;

import static io.heaplens.html.Model.first;
import static io.heaplens.html.Model.map;

import io.heaplens.analysis.HeapSummary.PathStep;
import io.heaplens.analysis.rules.Culprit;
import io.heaplens.analysis.rules.Evidence;
import io.heaplens.analysis.rules.ExampleObject;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.RecordedStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The findings part of the model: each finding with its claim, culprit, evidence and fix. */
final class FindingsModel {
  private FindingsModel() {}

  /**
   * One map per shown finding, in report order (worst first). Keys: {@code number}, {@code anchor},
   * {@code severity} (lower case), {@code score}, {@code title}, {@code ruleId}, {@code claim},
   * {@code explanation}, {@code recommendation}, {@code culprit}, {@code retained}, {@code count},
   * {@code counts}, {@code facts}, {@code examples}, {@code holdingThreads}, {@code stacks} (from
   * the recording) and the {@code more*} counts of what was left out.
   */
  static List<Map<String, Object>> findings(List<Finding> findings, long heapBytes, Limits limits,
      Budget budget) {
    List<Map<String, Object>> shown = new ArrayList<>();
    int number = 0;
    for (Finding finding : first(findings, limits.findings())) {
      if (budget.spent()) {
        break;
      }
      number++;
      shown.add(finding(finding, number, heapBytes, limits, budget));
    }
    return shown;
  }

  /** The header's one sentence of a finding. */
  static Map<String, Object> headline(Finding finding, int number) {
    return map("number", number, "anchor", anchor(number), "severity", finding.severity().label(),
        "claim", Text.line(finding.claim(), Text.SENTENCE));
  }

  static String anchor(int number) {
    return "finding-" + number;
  }

  private static Map<String, Object> finding(Finding finding, int number, long heapBytes, Limits limits,
      Budget budget) {
    Evidence evidence = finding.evidence();
    Map<String, Object> model = map(
        "number", number,
        "anchor", anchor(number),
        "severity", finding.severity().label(),
        "score", finding.score(),
        "title", budget.line(finding.title(), Text.NAME),
        "ruleId", budget.line(finding.ruleId(), Text.NAME),
        "claim", budget.line(finding.claim(), Text.SENTENCE),
        "explanation", budget.paragraph(finding.explanation(), Text.PARAGRAPH),
        "recommendation", budget.paragraph(finding.recommendation(), Text.PARAGRAPH),
        "culprit", culprit(finding.culprit(), budget));
    if (evidence == null) {
      return model;
    }
    if (evidence.retainedBytes() > 0) {
      model.put("retained", map(
          "text", Text.bytes(evidence.retainedBytes()),
          "exact", Text.exactBytes(evidence.retainedBytes()),
          "percent", heapBytes > 0 ? Text.percent(Text.share(evidence.retainedBytes(), heapBytes)) : null));
    }
    if (evidence.count() > 0) {
      model.put("count", Text.count(evidence.count()));
    }
    int named = limits.namedValuesPerFinding();
    List<Map<String, Object>> counts = new ArrayList<>();
    for (Map.Entry<String, Long> entry : evidence.counts().entrySet()) {
      if (counts.size() == named || budget.spent()) {
        break;
      }
      counts.add(map("name", budget.line(entry.getKey(), Text.NAME),
          "value", entry.getValue() == null ? "?" : Text.count(entry.getValue())));
    }
    model.put("counts", counts);
    model.put("moreCounts", evidence.counts().size() - counts.size());
    List<Map<String, Object>> facts = new ArrayList<>();
    int factsShown = 0;
    List<Map.Entry<String, String>> entries = new ArrayList<>(evidence.facts().entrySet());
    for (int i = 0; i < entries.size() && factsShown < named && !budget.spent(); ) {
      // A run of numbered facts ("value 1", "value 2", ...) is one row: the first shown, the rest folded.
      int run = numberedRun(entries, i);
      List<String> rest = new ArrayList<>();
      for (Map.Entry<String, String> folded : entries.subList(i + 1, Math.min(i + run, entries.size()))) {
        if (factsShown + 1 + rest.size() == named) {
          break;
        }
        rest.add(budget.line(String.valueOf(folded.getValue()), Text.LINE));
      }
      Map.Entry<String, String> entry = entries.get(i);
      String name = run >= NUMBERED_RUN ? entry.getKey().substring(0, entry.getKey().lastIndexOf(' ')) + "s"
          : entry.getKey();
      facts.add(map("name", budget.line(name, Text.NAME),
          "value", budget.line(String.valueOf(entry.getValue()), Text.LINE), "rest", rest));
      factsShown += 1 + rest.size();
      i += 1 + rest.size();
    }
    model.put("facts", facts);
    model.put("moreFacts", evidence.facts().size() - factsShown);
    List<Map<String, Object>> examples = new ArrayList<>();
    for (ExampleObject example : first(evidence.examples(), limits.examplesPerFinding())) {
      if (budget.spent()) {
        break;
      }
      examples.add(example(example, limits, budget));
    }
    model.put("examples", examples);
    model.put("moreExamples", evidence.examples().size() - examples.size());
    List<String> holders = new ArrayList<>();
    for (String thread : first(evidence.holdingThreads(), limits.holdingThreadsPerFinding())) {
      if (budget.spent()) {
        break;
      }
      holders.add(budget.line(thread, Text.LINE));
    }
    model.put("holdingThreads", holders);
    model.put("moreHoldingThreads", evidence.holdingThreads().size() - holders.size());
    List<Map<String, Object>> stacks = new ArrayList<>();
    for (RecordedStack stack : first(evidence.stacks(), limits.recordedStacksPerFinding())) {
      if (budget.spent()) {
        break;
      }
      stacks.add(stack(stack, finding.culprit(), limits, budget));
    }
    model.put("stacks", stacks);
    model.put("moreStacks", evidence.stacks().size() - stacks.size());
    return model;
  }

  /**
   * A stack from the recording: {@code label}, {@code frames} (innermost first, each {@code frame}
   * and {@code application}: true for the one frame to look at) and {@code moreFrames}.
   */
  private static Map<String, Object> stack(RecordedStack stack, Culprit culprit, Limits limits, Budget budget) {
    List<String> frames = first(stack.frames(), limits.recordedFrames());
    int highlighted = applicationFrame(frames, culprit);
    List<Map<String, Object>> shown = new ArrayList<>();
    for (int i = 0; i < frames.size() && !budget.spent(); i++) {
      shown.add(map("frame", budget.line(frames.get(i), Text.LINE), "application", i == highlighted));
    }
    return map("label", budget.line(stack.label(), Text.LINE), "frames", shown,
        "moreFrames", stack.frames().size() - shown.size());
  }

  /**
   * The frame a reader should look at: the culprit's, else the innermost outside the JDK (the
   * code that called into {@code java.util.Timer} is what can change, not the timer); -1 if none.
   */
  private static int applicationFrame(List<String> frames, Culprit culprit) {
    if (culprit != null && culprit.className() != null) {
      String prefix = culprit.className() + ".";
      for (int i = 0; i < frames.size(); i++) {
        if (frames.get(i) != null && frames.get(i).startsWith(prefix)) {
          return i;
        }
      }
    }
    for (int i = 0; i < frames.size(); i++) {
      if (frames.get(i) != null && !Frames.isJdk(frames.get(i))) {
        return i;
      }
    }
    return -1;
  }

  /** Keys: {@code className}, {@code method} and {@code line} when known. */
  private static Map<String, Object> culprit(Culprit culprit, Budget budget) {
    if (culprit == null || culprit.className() == null) {
      return null;
    }
    return map("className", budget.line(culprit.className(), Text.NAME),
        "method", budget.line(culprit.method(), Text.NAME),
        "line", culprit.line() > 0 ? Text.count(culprit.line()) : null);
  }

  private static Map<String, Object> example(ExampleObject example, Limits limits, Budget budget) {
    return map(
        "className", budget.line(example.className(), Text.NAME),
        "objectId", Text.objectId(example.objectId()),
        "shallow", Text.bytes(example.shallowBytes()),
        "retained", Text.bytes(example.retainedBytes()),
        "retainedExact", Text.exactBytes(example.retainedBytes()),
        "path", path(example.pathFromRoot(), limits, budget),
        "holdingThread", budget.line(example.holdingThread(), Text.NAME),
        "holdingFrame", budget.line(example.holdingFrame(), Text.LINE));
  }

  /**
   * A path from a GC root as the chain the page draws: {@code steps}, each with {@code className},
   * {@code objectId}, {@code retained}, {@code via} and (the root) {@code rootKinds}; a long path
   * shows its first and last steps with one {@code gap} step counting those between. Null for an
   * empty path.
   */
  static Map<String, Object> path(List<PathStep> path, Limits limits, Budget budget) {
    if (path == null || path.isEmpty()) {
      return null;
    }
    int head = limits.pathHead();
    int tail = limits.pathTail();
    List<Map<String, Object>> steps = new ArrayList<>();
    boolean cut = path.size() > head + tail + 1;
    for (int i = 0; i < path.size(); i++) {
      if (cut && i == head) {
        int hidden = path.size() - head - tail;
        steps.add(map("gap", Text.plural(hidden, "step", "steps")));
        i = path.size() - tail - 1;
        continue;
      }
      PathStep step = path.get(i);
      List<String> rootKinds = step.rootKinds() == null ? List.of() : step.rootKinds();
      steps.add(map(
          "className", budget.line(step.className(), Text.NAME),
          "objectId", Text.objectId(step.objectId()),
          "retained", Text.bytes(step.retainedBytes()),
          "via", budget.line(step.via(), Text.LINE),
          "rootKinds", rootKinds.isEmpty() ? null
              : budget.line(String.join(", ", first(rootKinds, 8)), Text.LINE)));
    }
    return map("steps", steps, "length", Text.plural(path.size(), "step", "steps"));
  }

  /** Numbered facts folded into one row from this many on. */
  private static final int NUMBERED_RUN = 3;

  /**
   * How many facts from {@code start} on are named {@code <prefix> 1}, {@code <prefix> 2}, ...
   * in order, when at least {@link #NUMBERED_RUN} are; else 1.
   */
  private static int numberedRun(List<Map.Entry<String, String>> facts, int start) {
    String first = facts.get(start).getKey();
    int space = first.lastIndexOf(' ');
    if (space <= 0 || !first.substring(space + 1).equals("1")) {
      return 1;
    }
    String prefix = first.substring(0, space + 1);
    int run = 1;
    while (start + run < facts.size() && facts.get(start + run).getKey().equals(prefix + (run + 1))) {
      run++;
    }
    return run >= NUMBERED_RUN ? run : 1;
  }
}
