package io.heaplens.hprof;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The exact dominator tree of the object graph, with a virtual root above all GC roots, computed
 * with the semi-NCA algorithm (Georgiadis, Tarjan, Werneck: "Finding dominators in practice"):
 * iterative depth-first search, semidominators by path-compressed evaluation, then each immediate
 * dominator as the nearest common ancestor of the parent and the semidominator. Everything is
 * iterative and in int arrays: six of them per reachable object while it runs, plus the inbound
 * references (not the outbound ones, which the caller may put aside after the search), so a linked
 * list of millions of nodes is just a long loop.
 *
 * <p>Objects unreachable from every GC root are not in the tree: their dominator is {@link
 * #UNREACHABLE} and their retained size 0.
 */
final class DominatorTree {
  /** Dominator of GC roots (and of objects reachable only through several roots). */
  static final int VIRTUAL_ROOT = -1;
  /** Dominator value of objects that no GC root reaches. */
  static final int UNREACHABLE = -2;

  /** Immediate dominator per object, or one of the two markers. */
  final int[] dominator;
  /**
   * Reachable objects in depth-first preorder of the dominator tree: every object comes after its
   * dominator, and every dominated subtree is a contiguous range.
   */
  final IntArray preorder;
  /** How many objects are reachable (the length of {@link #preorder}). */
  final int reachable;

  DominatorTree(int[] dominator, IntArray preorder, int reachable) {
    this.dominator = dominator;
    this.preorder = preorder;
    this.reachable = reachable;
  }

  /**
   * Computes the tree. Its phases keep on the heap: the search, three ints per object; the
   * semidominators, five ints per reachable object (the inbound references are streamed from the
   * index file, in the order the phase reads them); the tree, two.
   */
  static DominatorTree compute(int[] gcRoots, ReferenceGraph outbound, BitSet isRoot, SpillFile spill,
      ProgressListener progress) {
    int n = outbound.objectCount();
    int virtualRoot = n;
    int[] numberOf = new int[n + 1];
    Arrays.fill(numberOf, -1);
    int[] vertex = new int[n + 1];
    int[] parent = new int[n + 1];

    // Depth-first search with an explicit stack of (vertex number, next edge to follow).
    progress.progress("dominators: search", 0, n);
    numberOf[virtualRoot] = 0;
    vertex[0] = virtualRoot;
    int count = 1;
    int[] stackVertex = new int[1024];
    int[] stackCursor = new int[1024];
    int top = 0;
    while (top >= 0) {
      int v = stackVertex[top];
      int node = vertex[v];
      int cursor = stackCursor[top];
      int successor;
      if (node == virtualRoot) {
        successor = cursor < gcRoots.length ? gcRoots[cursor] : -1;
      } else {
        int k = outbound.start(node) + cursor;
        successor = k < outbound.end(node) ? outbound.target(k) : -1;
      }
      if (successor < 0) {
        top--;
        continue;
      }
      stackCursor[top] = cursor + 1;
      if (numberOf[successor] < 0) {
        int w = count++;
        numberOf[successor] = w;
        vertex[w] = successor;
        parent[w] = v;
        if (++top == stackVertex.length) {
          stackVertex = Arrays.copyOf(stackVertex, top * 2);
          stackCursor = Arrays.copyOf(stackCursor, top * 2);
        }
        stackVertex[top] = w;
        stackCursor[top] = 0;
      }
    }
    stackVertex = null;
    stackCursor = null;

    // Inbound references in preorder numbers, into the index file; the vertex table waits there.
    progress.progress("dominators: inbound references", 0, count);
    BitSet rootNumbers = new BitSet(count);
    for (int root = isRoot.nextSetBit(0); root >= 0; root = isRoot.nextSetBit(root + 1)) {
      if (numberOf[root] >= 0) {
        rootNumbers.set(numberOf[root]);
      }
    }
    Transpose.Result inbound = Transpose.build(outbound, numberOf, count, spill);
    numberOf = null;
    SpillFile.Slot vertexSlot = spill.write(Arrays.copyOf(vertex, count));
    vertex = null;

    // Semidominators, in reverse preorder. parent doubles as the path-compressed ancestor link.
    progress.progress("dominators: semidominators", 0, count);
    int[] inStart = inbound.start();
    BackwardWindow predecessors = new BackwardWindow(spill, inbound.targets());
    int[] semi = new int[count];
    int[] idom = new int[count];
    int[] label = new int[count];
    for (int i = 0; i < count; i++) {
      semi[i] = i;
      label[i] = i;
      idom[i] = parent[i];
    }
    int[][] stack = {new int[1024]};
    for (int w = count - 1; w >= 1; w--) {
      int best = parent[w];
      if (rootNumbers.get(w)) {
        best = 0;
      } else {
        int from = inStart[w];
        int to = inStart[w + 1];
        int[] window = predecessors.cover(from, to);
        int offset = predecessors.windowStart();
        for (int k = from; k < to; k++) {
          int candidate = semi[eval(window[k - offset], w + 1, parent, label, semi, stack)];
          if (candidate < best) {
            best = candidate;
          }
        }
      }
      semi[w] = best;
    }
    stack = null;
    label = null;
    inStart = null;
    predecessors = null;

    // Immediate dominators: climb from the parent until at or above the semidominator.
    progress.progress("dominators: tree", 0, count);
    for (int w = 1; w < count; w++) {
      int candidate = idom[w];
      while (candidate > semi[w]) {
        candidate = idom[candidate];
      }
      idom[w] = candidate;
    }
    semi = null;
    parent = null;

    vertex = spill.readInts(vertexSlot);
    int[] dominator = new int[n];
    Arrays.fill(dominator, UNREACHABLE);
    for (int w = 1; w < count; w++) {
      dominator[vertex[w]] = idom[w] == 0 ? VIRTUAL_ROOT : vertex[idom[w]];
    }
    idom = null;
    vertex = null;
    return new DominatorTree(dominator, spill.keep(treePreorder(dominator, count - 1)), count - 1);
  }

  /**
   * Streams a range of ints of the index file backwards: the semidominator phase reads each
   * vertex's inbound references in decreasing vertex order, so a window sliding towards the start
   * of the file serves it with one read per window.
   */
  private static final class BackwardWindow {
    private static final int WINDOW = 1 << 20;
    private final SpillFile spill;
    private final SpillFile.Slot slot;
    private int[] window = new int[0];
    private long windowStart;
    private long windowEnd;

    BackwardWindow(SpillFile spill, SpillFile.Slot slot) {
      this.spill = spill;
      this.slot = slot;
    }

    /** A window holding indexes [from, to), indexed from {@link #windowStart()}. */
    int[] cover(int from, int to) {
      if (from >= windowStart && to <= windowEnd) {
        return window;
      }
      long start = Math.max(0, (long) to - Math.max(WINDOW, to - from));
      int length = (int) (to - start);
      if (window.length < length) {
        window = new int[length];
      }
      spill.readInto(slot, start, window, 0, length);
      windowStart = start;
      windowEnd = to;
      return window;
    }

    int windowStart() {
      return (int) windowStart;
    }
  }

  /**
   * The reachable objects in a depth-first preorder of the dominator tree itself, so that every
   * subtree is a contiguous range and a walk can keep the path from the root on a stack.
   */
  private static int[] treePreorder(int[] dominator, int reachable) {
    int n = dominator.length;
    int virtualRoot = n;
    int[] childStart = new int[n + 2];
    for (int object = 0; object < n; object++) {
      if (dominator[object] != UNREACHABLE) {
        childStart[parentOf(dominator[object], virtualRoot) + 1]++;
      }
    }
    for (int i = 0; i <= n; i++) {
      childStart[i + 1] += childStart[i];
    }
    int[] children = new int[reachable];
    // Fill using childStart[p] as a cursor, which leaves it at the old childStart[p + 1]; shift back.
    for (int object = 0; object < n; object++) {
      if (dominator[object] != UNREACHABLE) {
        children[childStart[parentOf(dominator[object], virtualRoot)]++] = object;
      }
    }
    System.arraycopy(childStart, 0, childStart, 1, n + 1);
    childStart[0] = 0;

    int[] preorder = new int[reachable];
    int emitted = 0;
    int[] stack = new int[1024];
    int[] next = new int[1024];
    int top = 0;
    stack[0] = virtualRoot;
    next[0] = childStart[virtualRoot];
    while (top >= 0) {
      int node = stack[top];
      if (next[top] == childStart[node + 1]) {
        top--;
        continue;
      }
      int child = children[next[top]++];
      preorder[emitted++] = child;
      if (++top == stack.length) {
        stack = Arrays.copyOf(stack, top * 2);
        next = Arrays.copyOf(next, top * 2);
      }
      stack[top] = child;
      next[top] = childStart[child];
    }
    return preorder;
  }

  private static int parentOf(int dominator, int virtualRoot) {
    return dominator >= 0 ? dominator : virtualRoot;
  }

  /**
   * The vertex with the smallest semidominator on the path from {@code v} up to the root of its
   * tree in the forest of already processed vertices (those numbered {@code >= lastLinked}),
   * compressing the path on the way.
   */
  private static int eval(int v, int lastLinked, int[] ancestor, int[] label, int[] semi, int[][] stackHolder) {
    if (ancestor[v] < lastLinked) {
      return label[v];
    }
    int[] stack = stackHolder[0];
    int size = 0;
    int x = v;
    do {
      if (size == stack.length) {
        stack = Arrays.copyOf(stack, size * 2);
        stackHolder[0] = stack;
      }
      stack[size++] = x;
      x = ancestor[x];
    } while (ancestor[x] >= lastLinked);
    int p = x;
    int pLabel = label[p];
    int y;
    do {
      y = stack[--size];
      ancestor[y] = ancestor[p];
      if (semi[pLabel] < semi[label[y]]) {
        label[y] = pLabel;
      } else {
        pLabel = label[y];
      }
      p = y;
    } while (size > 0);
    return label[y];
  }

  /** Retained size of every object: its shallow size plus that of everything it dominates. */
  RetainedSizes retainedSizes(int[] sizeIn8Bytes) {
    RetainedSizes retained = new RetainedSizes(sizeIn8Bytes.length);
    for (int i = 0; i < reachable; i++) {
      int node = preorder.get(i);
      retained.set(node, (long) sizeIn8Bytes[node] << 3);
    }
    for (int i = reachable - 1; i >= 0; i--) {
      int node = preorder.get(i);
      int d = dominator[node];
      if (d >= 0) {
        retained.set(d, retained.get(d) + retained.get(node));
      }
    }
    return retained;
  }
}
