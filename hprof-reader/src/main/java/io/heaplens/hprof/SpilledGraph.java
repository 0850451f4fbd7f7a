package io.heaplens.hprof;

/**
 * A {@link ReferenceGraph} kept in a {@link SpillFile}: loaded back whole, or queried one object at
 * a time straight from the file (two small reads), which is how inbound references are served
 * after indexing without holding them in memory.
 */
final class SpilledGraph {
  private final SpillFile file;
  private final SpillFile.Slot start;
  private final SpillFile.Slot targets;

  private SpilledGraph(SpillFile file, SpillFile.Slot start, SpillFile.Slot targets) {
    this.file = file;
    this.start = start;
    this.targets = targets;
  }

  static SpilledGraph spill(ReferenceGraph graph, SpillFile file) {
    return new SpilledGraph(file, file.write(graph.startArray()), file.write(graph.targetArray()));
  }

  ReferenceGraph load() {
    return new ReferenceGraph(file.readInts(start), file.readInts(targets));
  }

  int[] referencesOf(int object) {
    int[] bounds = file.readRange(start, object, 2);
    return file.readRange(targets, bounds[0], bounds[1] - bounds[0]);
  }
}
