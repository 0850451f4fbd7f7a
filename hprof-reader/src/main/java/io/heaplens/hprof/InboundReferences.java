package io.heaplens.hprof;

/**
 * Who references each object, as compressed sparse rows memory-mapped from the index file, so that
 * answering "what holds this?" costs microseconds and no heap. Built on first use, since an
 * analysis may never ask, or read from a kept index.
 */
final class InboundReferences {
  private final ReferenceGraph outbound;
  private final SpillFile file;
  private IntArray start;
  private IntArray targets;

  InboundReferences(ReferenceGraph outbound, SpillFile file) {
    this.outbound = outbound;
    this.file = file;
  }

  /** References already reversed (read from a kept index). */
  InboundReferences(IntArray start, IntArray targets) {
    this((ReferenceGraph) null, null);
    this.start = start;
    this.targets = targets;
  }

  synchronized int[] referencesOf(int object) {
    build();
    int from = start.get(object);
    int[] result = new int[start.get(object + 1) - from];
    for (int i = 0; i < result.length; i++) {
      result[i] = targets.get(from + i);
    }
    return result;
  }

  /** Where each object's references start (object count + 1), building them if needed. */
  synchronized IntArray start() {
    build();
    return start;
  }

  synchronized IntArray targets() {
    build();
    return targets;
  }

  private void build() {
    if (start == null) {
      Transpose.Result reversed = Transpose.build(outbound, null, outbound.objectCount(), file);
      targets = file.map(reversed.targets(), false);
      start = file.map(file.write(reversed.start()), false);
    }
  }
}
