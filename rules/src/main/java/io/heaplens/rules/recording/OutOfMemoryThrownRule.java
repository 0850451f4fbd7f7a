package io.heaplens.rules.recording;

import io.heaplens.analysis.rules.Evidence;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.RecordedStack;
import io.heaplens.analysis.rules.RecordingRule;
import io.heaplens.analysis.rules.RuleContext;
import io.heaplens.analysis.rules.Threshold;
import io.heaplens.jfr.ThrownError;
import io.heaplens.rules.support.Numbers;
import io.heaplens.rules.support.RecordedCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code OutOfMemoryError}s thrown during the recording ({@code jdk.JavaErrorThrow}): the JVM ran
 * out of heap, metaspace, native threads or direct memory. Always critical; the message tells which
 * memory, the first error's stack where it struck (which is not necessarily what filled it).
 */
public final class OutOfMemoryThrownRule implements RecordingRule {
  public static final String ID = "errors.oom-thrown";
  private static final String OUT_OF_MEMORY = "java.lang.OutOfMemoryError";
  private static final int SCORE = 95;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "OutOfMemoryError thrown";
  }

  @Override
  public List<Threshold> thresholds() {
    return List.of();
  }

  @Override
  public List<Finding> evaluate(RuleContext context) {
    List<ThrownError> errors = context.recording().errors().stream()
        .filter(error -> OUT_OF_MEMORY.equals(error.errorClass())).toList();
    if (errors.isEmpty()) {
      return List.of();
    }
    ThrownError first = errors.get(0);
    Map<String, Long> byMessage = errors.stream()
        .collect(Collectors.groupingBy(error -> error.message() == null ? "null"
                : context.quotable(error.message(), error.message().length()), LinkedHashMap::new,
            Collectors.counting()));
    String messages = byMessage.entrySet().stream()
        .map(entry -> "\"" + entry.getKey() + "\" x" + Numbers.count(entry.getValue()))
        .collect(Collectors.joining(", "));
    String claim = Numbers.count(errors.size()) + " OutOfMemoryError" + (errors.size() == 1 ? "" : "s")
        + " thrown (" + messages + "), the first in thread \"" + first.threadName() + "\""
        + RecordedCode.applicationFrame(first.stack()).map(frame -> " at " + frame).orElse("");
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("first thrown", first.time().toString());
    facts.put("messages", messages);
    List<RecordedStack> stacks = List.of(RecordedCode.stack("where the first one was thrown", first.stack()));
    Evidence evidence = new Evidence(0, errors.size(), Map.of(), facts, List.of(), List.of(), stacks);
    return List.of(new Finding(ID, SCORE, title(), claim,
        "The JVM could not allocate memory. \"Java heap space\" or \"GC overhead limit exceeded\" mean the"
            + " live set filled the heap; \"Metaspace\" too many classes; \"unable to create native thread\""
            + " too many threads; \"Direct buffer memory\" off-heap buffers. Code that catches it keeps running"
            + " in an undefined state.",
        evidence, RecordedCode.applicationFrame(first.stack()).map(RecordedCode::culprit).orElse(null),
        "Find what filled that memory (the heap findings and the live-set trend show it), fix that, and run"
            + " with -XX:+HeapDumpOnOutOfMemoryError -XX:+ExitOnOutOfMemoryError so the next one leaves a"
            + " dump and restarts cleanly."));
  }
}
