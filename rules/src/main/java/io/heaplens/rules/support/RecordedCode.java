package io.heaplens.rules.support;

import io.heaplens.analysis.rules.Culprit;
import io.heaplens.analysis.rules.RecordedStack;
import io.heaplens.jfr.Frame;
import io.heaplens.jfr.StackTrace;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Application code in a recording's stack traces: the first frame outside the JDK and well-known
 * libraries ({@link ApplicationCode}), as a culprit or a stack for a finding.
 */
public final class RecordedCode {
  /** Frames of a recorded stack shown in a finding. */
  public static final int STACK_FRAMES = 12;
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
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

  /** The stack's innermost {@link #STACK_FRAMES} frames under {@code label}. */
  public static RecordedStack stack(String label, StackTrace stack) {
    List<String> frames = stack.frames().stream().limit(STACK_FRAMES).map(Frame::toString).toList();
    return new RecordedStack(label, frames);
  }

  /** "3 h 20 min", "14 min", "42.0 s" */
  public static String duration(Duration duration) {
    if (duration.toHours() > 0) {
      return duration.toHours() + " h " + duration.toMinutesPart() + " min";
    }
    if (duration.toMinutes() > 0) {
      return duration.toMinutes() + " min";
    }
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }

  /** "12.5/s from 14:02:10 to 14:02:13 UTC" for {@code count} events between the two times. */
  public static String rate(long count, Instant first, Instant last) {
    double seconds = Math.max(Duration.between(first, last).toNanos() / 1e9, 0.001);
    return String.format(Locale.ROOT, "%,.1f/s from %s to %s UTC", count / seconds, CLOCK.format(first),
        CLOCK.format(last));
  }
}
