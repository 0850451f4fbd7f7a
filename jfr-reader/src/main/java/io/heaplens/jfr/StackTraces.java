package io.heaplens.jfr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
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
      String className = method == null || method.getType() == null ? "?" : method.getType().getFullName();
      String methodName = method == null ? "?" : method.getMethodName();
      Integer line = jmcFrame.getFrameLineNumber();
      Frame frame = new Frame(className, methodName, line == null || line < 0 ? -1 : line);
      result.add(frames.computeIfAbsent(frame, key -> key));
    }
    boolean truncated = trace.getTruncationState() != null && trace.getTruncationState().isTruncated();
    return new StackTrace(result, truncated);
  }
}
