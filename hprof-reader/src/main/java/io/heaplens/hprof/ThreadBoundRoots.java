package io.heaplens.hprof;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Roots that live on a thread's stack (Java locals, JNI locals, native stack, thread blocks) are
 * attached to their thread, as Eclipse MAT does: the thread object references them and they are not
 * roots of their own in the dominator tree. A thread's retained size then includes what only its
 * stack holds, and a request's buffers show up under the thread that handles it.
 */
final class ThreadBoundRoots {
  private static final int[] NONE = new int[0];

  /** Objects that are roots of the dominator tree: every root not bound to a known thread. */
  final BitSet dominatorRoots;
  private final Map<Integer, int[]> localsByThread;
  private final BitSet threadsWithLocals = new BitSet();

  private ThreadBoundRoots(BitSet dominatorRoots, Map<Integer, int[]> localsByThread) {
    this.dominatorRoots = dominatorRoots;
    this.localsByThread = localsByThread;
    localsByThread.keySet().forEach(threadsWithLocals::set);
  }

  static ThreadBoundRoots of(List<GcRoot> roots, FirstPass pass, IdIndex ids, int objectCount) {
    Map<Integer, Integer> threadBySerial = new HashMap<>();
    for (int i = 0; i < pass.threadObjectIds.size(); i++) {
      int thread = ids.indexOf(pass.threadObjectIds.get(i));
      if (thread >= 0) {
        threadBySerial.put(pass.threadSerials.get(i), thread);
      }
    }
    BitSet dominatorRoots = new BitSet(objectCount);
    Map<Integer, GrowableInts> locals = new HashMap<>();
    for (GcRoot root : roots) {
      Integer thread = isStackBound(root.kind()) ? threadBySerial.get(root.threadSerial()) : null;
      if (thread == null || thread == root.object()) {
        dominatorRoots.set(root.object());
      } else {
        locals.computeIfAbsent(thread, t -> new GrowableInts(16)).add(root.object());
      }
    }
    for (int thread : threadBySerial.values()) {
      dominatorRoots.set(thread);
    }
    Map<Integer, int[]> localsByThread = new HashMap<>();
    locals.forEach((thread, objects) -> localsByThread.put(thread, objects.toArray()));
    return new ThreadBoundRoots(dominatorRoots, localsByThread);
  }

  /** The objects held by a thread's stack, if {@code object} is a thread; else none. */
  int[] localsOf(int object) {
    return threadsWithLocals.get(object) ? localsByThread.get(object) : NONE;
  }

  private static boolean isStackBound(GcRootKind kind) {
    return kind == GcRootKind.JAVA_FRAME || kind == GcRootKind.JNI_LOCAL
        || kind == GcRootKind.NATIVE_STACK || kind == GcRootKind.THREAD_BLOCK;
  }
}
