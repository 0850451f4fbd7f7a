package io.heaplens.rules.recording;

import io.heaplens.analysis.rules.Evidence;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.RecordedStack;
import io.heaplens.analysis.rules.RecordingRule;
import io.heaplens.analysis.rules.RuleContext;
import io.heaplens.analysis.rules.Scores;
import io.heaplens.analysis.rules.Severity;
import io.heaplens.analysis.rules.Threshold;
import io.heaplens.jfr.Frame;
import io.heaplens.jfr.Recording;
import io.heaplens.jfr.ThreadEnd;
import io.heaplens.jfr.ThreadStart;
import io.heaplens.rules.ExplainedBy;
import io.heaplens.rules.SpecificFindings;
import io.heaplens.rules.support.Numbers;
import io.heaplens.rules.support.RecordedCode;
import io.heaplens.rules.support.ThreadNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Threads started at a high rate from one place in the application, seen in the recording's
 * {@code jdk.ThreadStart} events: a timer, executor, client or plain thread made per request.
 *
 * <p>Starts are grouped by the method of the innermost application frame of the starting stack (the
 * code that called {@code new Timer()}, {@code Executors.newFixedThreadPool}, {@code Thread.start}),
 * whatever its line: an executor made per call starts its threads from each line that submits to
 * it, and those are one cause; a group
 * with at least {@value #MIN_STARTS_DEFAULT} starts is reported. The score follows the count (80 at
 * twice the threshold); threads that also ended during the recording are churn rather than a leak,
 * so a group where fewer than {@value #LEAK_SHARE_PERCENT}% are still running scores at most 59.
 * Starts without an application frame (a library's own background threads) are not grouped. With the
 * dump, a group whose running threads are mostly those of a heap finding (executors, schedulers or
 * clients made per call) is kept at low, pointing there: that finding carries this creating stack.
 */
public final class ThreadStartStormRule implements RecordingRule {
  public static final String ID = "threads.creation-storm";
  static final String MIN_STARTS = "minStarts";
  static final int MIN_STARTS_DEFAULT = 200;
  static final int LEAK_SHARE_PERCENT = 10;
  private static final int CHURN_MAX_SCORE = 59;
  private static final int STACKS_SHOWN = 3;

  private static final List<Threshold> THRESHOLDS = List.of(
      new Threshold(MIN_STARTS, "threads started from one application frame from which a finding is reported"
          + " (twice this scores 80)", MIN_STARTS_DEFAULT));

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Threads started at a high rate from one place";
  }

  @Override
  public List<Threshold> thresholds() {
    return THRESHOLDS;
  }

  @Override
  public List<Finding> evaluate(RuleContext context) {
    Recording recording = context.recording();
    long minStarts = (long) context.threshold(this, MIN_STARTS);
    Map<Frame, List<ThreadStart>> byFrame = RecordedCode.byApplicationMethod(recording.threadStarts(), ThreadStart::stack);
    Set<Long> ended = new HashSet<>();
    for (ThreadEnd end : recording.threadEnds()) {
      ended.add(end.javaThreadId());
    }
    List<SpecificFindings.Reported> specific = SpecificFindings.all(context, Severity.MEDIUM.minimumScore());
    List<Finding> findings = new ArrayList<>();
    byFrame.entrySet().stream()
        .filter(entry -> entry.getValue().size() >= minStarts)
        .sorted(Comparator.comparingInt((Map.Entry<Frame, List<ThreadStart>> e) -> e.getValue().size()).reversed()
            .thenComparing(e -> e.getKey().toString()))
        .forEach(entry -> {
          Finding finding = finding(entry.getKey(), entry.getValue(), ended, minStarts);
          // With the dump, threads still alive in it are what a heap finding reports, with this stack joined.
          List<Long> running = entry.getValue().stream().map(ThreadStart::javaThreadId)
              .filter(tid -> !ended.contains(tid)).toList();
          findings.add(context.heap() == null ? finding : ExplainedBy.ofThreadIds(context.heap(), running, specific)
              .map(coverage -> ExplainedBy.fold(finding, coverage)).orElse(finding));
        });
    return findings;
  }

  private Finding finding(Frame frame, List<ThreadStart> starts, Set<Long> ended, long minStarts) {
    long running = starts.stream().filter(start -> !ended.contains(start.javaThreadId())).count();
    boolean leaking = running * 100 >= (long) starts.size() * LEAK_SHARE_PERCENT;
    int score = Scores.ofCount(starts.size(), 2 * minStarts);
    if (!leaking) {
      score = Math.min(score, CHURN_MAX_SCORE);
    }
    String names = namePatterns(starts);
    String rate = RecordedCode.rate(starts.size(), starts.get(0).time(), starts.get(starts.size() - 1).time());
    String claim = Numbers.count(starts.size()) + " threads (" + names + ") were started from "
        + RecordedCode.where(frame) + " during the recording, " + rate + "; " + Numbers.count(running)
        + " were still running at its end";
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("threads started", (long) starts.size());
    counts.put("still running at the end", running);
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("start rate", rate);
    facts.put("thread names", names);
    if (frame.lineNumber() < 0) {
      facts.put("started at lines", RecordedCode.lines(starts, ThreadStart::stack));
    }
    List<RecordedStack> stacks = RecordedCode.heaviest(RecordedCode.countByStack(starts, ThreadStart::stack),
        STACKS_SHOWN, count -> "started " + Numbers.count(count) + " threads");
    Evidence evidence = new Evidence(0, starts.size(), counts, facts, List.of(), List.of(), stacks);
    String explanation = leaking
        ? "Each call here starts threads that nothing stops: a timer, executor or client created per request"
            + " and never shut down. Every thread holds a stack (up to 1 MB of native memory) and everything"
            + " its task references; at this rate the process runs out of threads or memory."
        : "Each call here starts threads that end soon after: a thread or pool per task instead of a shared"
            + " pool. Starting a thread costs tens of microseconds and a stack, and nothing bounds how many"
            + " run at once when load rises.";
    String recommendation = leaking
        ? "Create the timer, executor or client once (a field of a long-lived object, or injected) and share"
            + " it; if it must be per use, stop it when done (Timer.cancel(), ExecutorService.shutdown(),"
            + " client.close()) in a finally block or try-with-resources."
        : "Submit the work to a shared, bounded executor instead of starting a thread per task.";
    return new Finding(ID, score, title(), claim, explanation, evidence, RecordedCode.culprit(frame),
        recommendation);
  }

  private static String namePatterns(List<ThreadStart> starts) {
    Map<String, Long> patterns = starts.stream()
        .collect(Collectors.groupingBy(start -> ThreadNames.pattern(String.valueOf(start.threadName())),
            Collectors.counting()));
    return patterns.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(3)
        .map(entry -> entry.getKey() + ": " + Numbers.count(entry.getValue()))
        .collect(Collectors.joining(", "));
  }
}
