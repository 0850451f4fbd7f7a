package io.heaplens.jfr;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A recorded stack trace, innermost frame first. Equal traces are equal records, so traces can
 * be used as keys when grouping events.
 *
 * @param frames the frames, top (innermost) first
 * @param truncated whether the JVM cut the trace at its stack depth limit
 */
public record StackTrace(List<Frame> frames, boolean truncated) {
  /** The trace of events recorded without one. */
  public static final StackTrace NONE = new StackTrace(List.of(), false);

  public StackTrace {
    frames = List.copyOf(frames);
  }

  /** The innermost frame that matches, e.g. the first application frame. */
  public Optional<Frame> firstFrame(Predicate<Frame> matching) {
    for (Frame frame : frames) {
      if (matching.test(frame)) {
        return Optional.of(frame);
      }
    }
    return Optional.empty();
  }
}
