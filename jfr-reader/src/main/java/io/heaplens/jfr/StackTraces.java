package io.heaplens.jfr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmc.common.IMCFrame;
import org.openjdk.jmc.common.IMCMethod;
import org.openjdk.jmc.common.IMCStackTrace;

/**
 * Converts JMC's stack traces to heaplens' records, one copy of each distinct trace and frame.
 * JMC shares one trace object among the events with that trace, so each is converted once; equal
 * traces of different chunks become the same record, so interned traces can be compared by
 * identity and the views hold each trace once however many sites and samples refer to it.
 */
final class StackTraces {
  /**
   * The run-specific part of a lambda's hidden class name: its number and address, and the suffix
   * JFR adds ({@code Foo$$Lambda$98+0x00007f891000c228.603443293}, {@code Foo$$Lambda/0x...}).
   */
  private static final Pattern HIDDEN_LAMBDA = Pattern.compile("\\$\\$Lambda(\\$\\d+)?[+/]0x[0-9a-fA-F]+(\\.\\d+)?");

  private final Map<IMCStackTrace, StackTrace> converted = new IdentityHashMap<>();
  private final Map<StackTrace, StackTrace> traces = new HashMap<>();
  private final Map<Frame, Frame> frames = new HashMap<>();

  /** The interned trace, {@link StackTrace#NONE} for events recorded without one. */
  StackTrace convert(Object value) {
    if (!(value instanceof IMCStackTrace trace)) {
      return StackTrace.NONE;
    }
    StackTrace known = converted.get(trace);
    if (known == null) {
      known = traces.computeIfAbsent(toRecord(trace), key -> key);
      converted.put(trace, known);
    }
    return known;
  }

  private StackTrace toRecord(IMCStackTrace trace) {
    List<? extends IMCFrame> jmcFrames = trace.getFrames();
    List<Frame> result = new ArrayList<>(jmcFrames.size());
    for (IMCFrame jmcFrame : jmcFrames) {
      IMCMethod method = jmcFrame.getMethod();
      String className = method == null || method.getType() == null ? "?" : readable(method.getType().getFullName());
      String methodName = method == null ? "?" : method.getMethodName();
      Integer line = jmcFrame.getFrameLineNumber();
      Frame frame = new Frame(className, methodName, line == null || line < 0 ? -1 : line);
      result.add(frames.computeIfAbsent(frame, key -> key));
    }
    boolean truncated = trace.getTruncationState() != null && trace.getTruncationState().isTruncated();
    return new StackTrace(result, truncated);
  }

  /**
   * A class name as a report shows it: a lambda's hidden class as {@code Foo$$Lambda}, the same in
   * every run, rather than with the number and address that differ from one JVM to the next.
   */
  static String readable(String className) {
    return className.contains("$$Lambda") ? HIDDEN_LAMBDA.matcher(className).replaceAll("\\$\\$Lambda") : className;
  }
}
