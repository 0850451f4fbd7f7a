package io.heaplens.rules.support;

import io.heaplens.analysis.rules.Culprit;
import io.heaplens.analysis.rules.RecordedStack;
import io.heaplens.jfr.Frame;
import io.heaplens.jfr.StackTrace;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

/**
 * Application code in a recording's stack traces: the first frame outside the JDK and well-known
 * libraries ({@link ApplicationCode}), as a culprit or a stack for a finding.
 */
public final class RecordedCode {
  /** Frames of a recorded stack shown in a finding. */
  public static final int STACK_FRAMES = 12;
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
      .withZone(ZoneOffset.UTC);
  /** For spans under a minute, where whole seconds would read "from 00:58:44 to 00:58:44". */
  private static final DateTimeFormatter FINE_CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private RecordedCode() {}

  /** Whether the frame runs application code (a lambda counts as its declaring class). */
  public static boolean isApplication(Frame frame) {
    return !ApplicationCode.isLibrary(frame.className());
  }

  /** The innermost application frame of the stack: the code that called into the libraries. */
  public static Optional<Frame> applicationFrame(StackTrace stack) {
    return stack.firstFrame(RecordedCode::isApplication);
  }

  /** The frame as a culprit: its class (a lambda's declaring class), method and line. */
  public static Culprit culprit(Frame frame) {
    return new Culprit(ApplicationCode.declaringClass(frame.className()), frame.methodName(), frame.lineNumber());
  }

  /** "com.acme.SearchLogic.<init> (line 42)", without the line when unknown or several. */
  public static String where(Frame frame) {
    return frame.className() + "." + frame.methodName()
        + (frame.lineNumber() >= 0 ? " (line " + frame.lineNumber() + ")" : "");
  }

  /** The events grouped by their stack's innermost application frame; events without one are left out. */
  public static <T> Map<Frame, List<T>> byApplicationFrame(List<T> events, Function<T, StackTrace> stackOf) {
    Map<Frame, List<T>> byFrame = new HashMap<>();
    for (T event : events) {
      applicationFrame(stackOf.apply(event))
          .ifPresent(frame -> byFrame.computeIfAbsent(frame, f -> new ArrayList<>()).add(event));
    }
    return byFrame;
  }

  /**
   * The events grouped by the application method of their stack's innermost application frame: the
   * lines of one method are one site (an executor made per call starts its threads from each line
   * that submits to it). A group's key is that frame with its line when all its events share one
   * line, else with line -1 ({@link #lines} lists them). Events without an application frame are
   * left out.
   */
  public static <T> Map<Frame, List<T>> byApplicationMethod(List<T> events, Function<T, StackTrace> stackOf) {
    Map<Frame, List<T>> byMethod = new HashMap<>();
    Map<Frame, Integer> lineOf = new HashMap<>();
    for (T event : events) {
      applicationFrame(stackOf.apply(event)).ifPresent(frame -> {
        Frame method = new Frame(frame.className(), frame.methodName(), -1);
        byMethod.computeIfAbsent(method, f -> new ArrayList<>()).add(event);
        lineOf.merge(method, frame.lineNumber(), (a, b) -> a.equals(b) ? a : -1);
      });
    }
    Map<Frame, List<T>> keyed = new HashMap<>();
    byMethod.forEach((method, list) ->
        keyed.put(new Frame(method.className(), method.methodName(), lineOf.get(method)), list));
    return keyed;
  }

  /** "47: 303, 48: 303, 50: 300": how many of the events were at each line of their application frame. */
  public static <T> String lines(List<T> events, Function<T, StackTrace> stackOf) {
    Map<Integer, Long> byLine = new TreeMap<>();
    for (T event : events) {
      applicationFrame(stackOf.apply(event)).ifPresent(frame -> byLine.merge(frame.lineNumber(), 1L, Long::sum));
    }
    return byLine.entrySet().stream()
        .map(e -> (e.getKey() < 0 ? "unknown" : String.valueOf(e.getKey())) + ": " + Numbers.count(e.getValue()))
        .collect(Collectors.joining(", "));
  }

  /** The group with the most events (ties broken by frame, so the answer does not change run to run). */
  public static <T> Optional<Map.Entry<Frame, List<T>>> largestGroup(Map<Frame, List<T>> byFrame) {
    return byFrame.entrySet().stream()
        .max(Comparator.comparingInt((Map.Entry<Frame, List<T>> e) -> e.getValue().size())
            .thenComparing(e -> e.getKey().toString()));
  }

  /** How many of the events had each stack. */
  public static <T> Map<StackTrace, Long> countByStack(List<T> events, Function<T, StackTrace> stackOf) {
    return events.stream().collect(Collectors.groupingBy(stackOf, Collectors.counting()));
  }

  /** The {@code limit} heaviest stacks, heaviest first, each under the label its weight gives. */
  public static List<RecordedStack> heaviest(Map<StackTrace, Long> weights, int limit, LongFunction<String> label) {
    return weights.entrySet().stream()
        .sorted(Map.Entry.<StackTrace, Long>comparingByValue().reversed()
            .thenComparing(e -> e.getKey().frames().isEmpty() ? "" : e.getKey().frames().get(0).toString()))
        .limit(limit)
        .map(e -> stack(label.apply(e.getValue()), e.getKey()))
        .toList();
  }

  /** The stack's innermost {@link #STACK_FRAMES} frames under {@code label}. */
  public static RecordedStack stack(String label, StackTrace stack) {
    List<String> frames = stack.frames().stream().limit(STACK_FRAMES).map(Frame::toString).toList();
    return new RecordedStack(label, frames);
  }

  /**
   * "12.5/s from 14:02:10 to 14:02:13 UTC" for {@code count} events between the two times; with
   * milliseconds when they are less than a minute apart.
   */
  public static String rate(long count, Instant first, Instant last) {
    double seconds = Math.max(Duration.between(first, last).toNanos() / 1e9, 0.001);
    DateTimeFormatter clock = seconds < 60 ? FINE_CLOCK : CLOCK;
    return String.format(Locale.ROOT, "%,.1f/s from %s to %s UTC", count / seconds, clock.format(first),
        clock.format(last));
  }
}
