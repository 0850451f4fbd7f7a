package io.heaplens.hprof;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The exact dominator tree of the object graph, with a virtual root above all GC roots, computed
 * with the semi-NCA algorithm (Georgiadis, Tarjan, Werneck: "Finding dominators in practice"):
 * iterative depth-first search, semidominators by path-compressed evaluation, then each immediate
 * dominator as the nearest common ancestor of the parent and the semidominator. Everything is
 * iterative and in int arrays: six of them per reachable object while it runs, so a linked list
 * of millions of nodes is just a long loop.
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
  /** Reachable objects in depth-first preorder: every object comes after its dominator. */
  final int[] preorder;

  private DominatorTree(int[] dominator, int[] preorder) {
    this.dominator = dominator;
    this.preorder = preorder;
  }

  static DominatorTree compute(int[] gcRoots, ReferenceGraph outbound, ReferenceGraph inbound,
      BitSet isRoot, ProgressListener progress) {
    int n = outbound.objectCount();
    int virtualRoot = n;
    int[] numberOf = new int[n + 1];
    Arrays.fill(numberOf, -1);
    int[] vertex = new int[n + 1];
    int[] parent = new int[n + 1];
    int[] semi = new int[n + 1];
    int[] idom = new int[n + 1];

    // Depth-first search; idom serves as the stack and semi as each entry's edge cursor for now.
    progress.progress("dominators: search", 0, n);
    numberOf[virtualRoot] = 0;
    vertex[0] = virtualRoot;
    int count = 1;
    int top = 0;
    idom[0] = 0;
    semi[0] = 0;
    while (top >= 0) {
      int v = idom[top];
      int node = vertex[v];
      int cursor = semi[v];
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
      semi[v] = cursor + 1;
      if (numberOf[successor] < 0) {
        int w = count++;
        numberOf[successor] = w;
        vertex[w] = successor;
        parent[w] = v;
        semi[w] = 0;
        idom[++top] = w;
      }
    }

    // Semidominators, in reverse preorder. parent doubles as the path-compressed ancestor link.
    progress.progress("dominators: semidominators", 0, count);
    int[] label = new int[count];
    for (int i = 0; i < count; i++) {
      semi[i] = i;
      label[i] = i;
      idom[i] = parent[i];
    }
    int[] stack = new int[Math.max(16, count)];
    for (int w = count - 1; w >= 1; w--) {
      int node = vertex[w];
      int best = parent[w];
      if (isRoot.get(node)) {
        best = 0;
      } else {
        for (int k = inbound.start(node), end = inbound.end(node); k < end; k++) {
          int v = numberOf[inbound.target(k)];
          if (v < 0) {
            continue;
          }
          int candidate = semi[eval(v, w + 1, parent, label, semi, stack)];
          if (candidate < best) {
            best = candidate;
          }
        }
      }
      semi[w] = best;
    }
    stack = null;
    label = null;

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

    int[] dominator = new int[n];
    Arrays.fill(dominator, UNREACHABLE);
    int[] preorder = new int[count - 1];
    for (int w = 1; w < count; w++) {
      int node = vertex[w];
      preorder[w - 1] = node;
      dominator[node] = idom[w] == 0 ? VIRTUAL_ROOT : vertex[idom[w]];
    }
    return new DominatorTree(dominator, preorder);
  }

  /**
   * The vertex with the smallest semidominator on the path from {@code v} up to the root of its
   * tree in the forest of already processed vertices (those numbered {@code >= lastLinked}),
   * compressing the path on the way.
   */
  private static int eval(int v, int lastLinked, int[] ancestor, int[] label, int[] semi, int[] stack) {
    if (ancestor[v] < lastLinked) {
      return label[v];
    }
    int size = 0;
    int x = v;
    do {
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
  long[] retainedSizes(ShallowSizes sizes) {
    long[] retained = new long[dominator.length];
    for (int node : preorder) {
      retained[node] = sizes.of(node);
    }
    for (int i = preorder.length - 1; i >= 0; i--) {
      int node = preorder[i];
      int d = dominator[node];
      if (d >= 0) {
        retained[d] += retained[node];
      }
    }
    return retained;
  }

  /** Shallow size by object index. */
  interface ShallowSizes {
    long of(int object);
  }
}
