package io.heaplens.hprof;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Assembles threads from ROOT THREAD OBJECT records, their STACK TRACE and STACK FRAME records, and
 * the ROOT JAVA FRAME records that tie locals to frames; names and states come from the Thread
 * objects' fields ({@code name}, {@code threadStatus}, {@code daemon}, in {@code Thread} or, since
 * JDK 19, in its {@code holder}).
 */
final class ThreadReader {
  private static final int MAX_NAME_CHARS = 500;

  private ThreadReader() {}

  static List<HeapThread> read(HeapGraph graph, FirstPass pass) {
    Map<Long, List<Integer>> localsByThreadFrame = new HashMap<>();
    for (GcRoot root : graph.gcRoots()) {
      if (root.kind() == GcRootKind.JAVA_FRAME && root.frameDepth() >= 0) {
        localsByThreadFrame.computeIfAbsent(key(root.threadSerial(), root.frameDepth()),
            k -> new ArrayList<>()).add(root.object());
      }
    }
    List<HeapThread> threads = new ArrayList<>();
    for (int i = 0; i < pass.threadObjectIds.size(); i++) {
      int object = graph.indexOf(pass.threadObjectIds.get(i));
      if (object < 0) {
        continue;
      }
      int serial = pass.threadSerials.get(i);
      long[] frameIds = pass.traces.getOrDefault(pass.threadTraceSerials.get(i), new long[0]);
      List<ThreadFrame> frames = new ArrayList<>(frameIds.length);
      for (int depth = 0; depth < frameIds.length; depth++) {
        List<Integer> locals = localsByThreadFrame.getOrDefault(key(serial, depth), List.of());
        frames.add(frame(pass, frameIds[depth], locals.stream().mapToInt(Integer::intValue).toArray()));
      }
      int holder = graph.referenceField(object, "holder");
      int stateObject = holder >= 0 ? holder : object;
      String name = readName(graph, object);
      String state = graph.field(stateObject, "threadStatus").map(v -> state(v.asInt())).orElse(null);
      Boolean daemon = graph.field(stateObject, "daemon").map(FieldValue::asBoolean).orElse(null);
      threads.add(new HeapThread(object, serial, name, state, daemon, List.copyOf(frames)));
    }
    return List.copyOf(threads);
  }

  private static String readName(HeapGraph graph, int thread) {
    Optional<FieldValue> name = graph.field(thread, "name");
    if (name.isEmpty() || name.get().object() < 0) {
      return null;
    }
    return graph.readString(name.get().object(), MAX_NAME_CHARS);
  }

  private static ThreadFrame frame(FirstPass pass, long frameId, int[] locals) {
    long[] frame = pass.frames.get(frameId);
    if (frame == null) {
      return new ThreadFrame("unknown", "unknown", "", null, -1, locals);
    }
    Long classId = pass.classIdBySerial.get((int) frame[3]);
    Long classNameId = classId == null ? null : pass.classNameIds.get(classId);
    String className = classNameId == null ? "unknown" : ClassNames.toJavaName(
        pass.strings.getOrDefault(classNameId, "unknown"));
    return new ThreadFrame(className, pass.strings.getOrDefault(frame[0], "unknown"),
        pass.strings.getOrDefault(frame[1], ""), pass.strings.get(frame[2]), (int) frame[4], locals);
  }

  /** The {@link Thread.State} for a JVMTI thread status, as {@code jdk.internal.misc.VM} maps it. */
  static String state(int status) {
    if ((status & 0x4) != 0) {
      return "RUNNABLE";
    } else if ((status & 0x400) != 0) {
      return "BLOCKED";
    } else if ((status & 0x10) != 0) {
      return "WAITING";
    } else if ((status & 0x20) != 0) {
      return "TIMED_WAITING";
    } else if ((status & 0x2) != 0) {
      return "TERMINATED";
    } else if ((status & 0x1) == 0) {
      return "NEW";
    }
    return "RUNNABLE";
  }

  private static long key(int threadSerial, int depth) {
    return ((long) threadSerial << 32) | (depth & 0xFFFFFFFFL);
  }
}
