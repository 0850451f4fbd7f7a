package io.heaplens.hprof;

/**
 * Who references each object, kept in the index file and read two small ranges per question, so
 * that answering "what holds this?" costs microseconds and no heap. Built on first use, since an
 * analysis may never ask.
 */
final class InboundReferences {
  private final ReferenceGraph outbound;
  private final SpillFile file;
  private SpillFile.Slot start;
  private SpillFile.Slot targets;

  InboundReferences(ReferenceGraph outbound, SpillFile file) {
    this.outbound = outbound;
    this.file = file;
  }

  synchronized int[] referencesOf(int object) {
    if (start == null) {
      Transpose.Result reversed = Transpose.build(outbound, null, outbound.objectCount(), file);
      targets = reversed.targets();
      start = file.write(reversed.start());
    }
    int[] bounds = file.readRange(start, object, 2);
    return file.readRange(targets, bounds[0], bounds[1] - bounds[0]);
  }
}
