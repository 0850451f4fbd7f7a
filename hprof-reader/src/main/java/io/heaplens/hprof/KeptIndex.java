package io.heaplens.hprof;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The contents of a kept index file: everything {@link HeapGraph} answers from without reading the
 * dump again (dump facts, classes, identifiers, classes and sizes per object, outbound references,
 * inbound references, dominator tree, retained sizes, retained sizes by class, GC roots, threads,
 * where object records lie in the dump). Field values are still read from the dump on demand. Writing
 * builds what a first analysis builds only on first use (inbound references, retained sizes by
 * class), since any analysis with the rules asks for both.
 *
 * <p>The references both ways and the dominator tree's preorder, the largest arrays, are memory-mapped from
 * the index file; the per-object arrays the graph keeps on the heap in a first analysis are read onto
 * the heap. Any change to what is written here must change {@link #FORMAT_VERSION}, so that indexes
 * written before are rebuilt rather than misread.
 */
final class KeptIndex {
  static final long MAGIC = 0x48454150_4C494458L; // "HEAPLIDX"
  static final int FORMAT_VERSION = 2;

  private KeptIndex() {}

  /** Writes the graph's index after the header. */
  static void write(HeapGraph graph, IndexOutput out) throws IOException {
    writeDumpInfo(graph.info, out);
    KeptClasses.write(graph.classes, graph.javaLangClass.index(), out);
    graph.ids.writeTo(out);
    out.writeInts(graph.classOf);
    out.writeInts(graph.sizeIn8Bytes);
    out.writeInts(graph.outbound.start);
    out.writeInts(graph.outbound.targets);
    out.writeInts(graph.inbound.start());
    out.writeInts(graph.inbound.targets());
    out.writeInts(graph.dominators.dominator);
    out.writeInts(graph.dominators.preorder);
    out.writeInt(graph.dominators.reachable);
    graph.retained.writeTo(out);
    out.writeLongs(graph.retainedSizeByClass());
    out.writeLongs(graph.classRetainedExact().toLongArray());
    out.writeInt(graph.gcRoots.size());
    for (GcRoot root : graph.gcRoots) {
      out.writeInt(root.object());
      out.writeString(root.kind().name());
      out.writeInt(root.threadSerial());
      out.writeInt(root.frameDepth());
    }
    out.writeInts(graph.rootObjects);
    out.writeInt(graph.reader.idSize);
    out.writeLongs(graph.reader.blockOffsets);
    out.writeLongs(graph.reader.segmentStarts);
    out.writeLongs(graph.reader.segmentEnds);
    writeThreads(graph.threads(), out);
  }

  /**
   * Reads a graph written by {@link #write}, after the header; its field values come from {@code
   * dump}, its inbound references go to {@code spill}.
   */
  static HeapGraph read(IndexInput in, FileChannel dump, SpillFile spill, Runnable onClose)
      throws IOException {
    DumpInfo info = readDumpInfo(in);
    List<HeapClass> classes = new ArrayList<>();
    int javaLangClass = KeptClasses.read(in, classes);
    IdIndex ids = IdIndex.readFrom(in);
    int[] classOf = in.readInts();
    int[] sizeIn8Bytes = in.readInts();
    ReferenceGraph outbound = new ReferenceGraph(in.mapInts(), in.mapInts());
    InboundReferences inbound = new InboundReferences(in.mapInts(), in.mapInts());
    int[] dominator = in.readInts();
    DominatorTree dominators = new DominatorTree(dominator, in.mapInts(), in.readInt());
    RetainedSizes retained = RetainedSizes.readFrom(in);
    long[] retainedByClass = in.readLongs();
    BitSet classRetainedExact = BitSet.valueOf(in.readLongs());
    int rootCount = in.readInt();
    List<GcRoot> roots = new ArrayList<>();
    BitSet isRoot = new BitSet(classOf.length);
    for (int i = 0; i < rootCount; i++) {
      GcRoot root = new GcRoot(in.readInt(), GcRootKind.valueOf(in.readString()), in.readInt(), in.readInt());
      roots.add(root);
      isRoot.set(root.object());
    }
    int[] rootObjects = in.readInts();
    ObjectReader reader = new ObjectReader(dump, in.readInt(), in.readLongs(), in.readLongs(), in.readLongs());
    List<HeapThread> threads = readThreads(in);
    if (!in.atEnd() || sizeIn8Bytes.length != classOf.length || dominator.length != classOf.length
        || outbound.objectCount() != classOf.length || retainedByClass.length != classes.size()) {
      throw new IndexInput.CorruptIndexException("its parts do not fit together");
    }
    HeapGraph graph = new HeapGraph(info, classes, javaLangClass, ids, classOf, sizeIn8Bytes, outbound,
        inbound, dominators, retained, roots, rootObjects, isRoot,
        reader, spill, onClose);
    graph.setThreads(threads);
    graph.setRetainedByClass(retainedByClass, classRetainedExact);
    return graph;
  }

  private static void writeDumpInfo(DumpInfo info, IndexOutput out) throws IOException {
    out.writeString(info.format());
    out.writeInt(info.idSize());
    out.writeLong(info.timestampMillis());
    out.writeBoolean(info.gzipCompressed());
    out.writeLong(info.fileBytes());
    out.writeLong(info.dumpBytes());
    ObjectLayout layout = info.layout();
    out.writeInt(layout.instanceHeaderBytes());
    out.writeInt(layout.referenceBytes());
    out.writeBoolean(layout.wordAlignedArrayBase());
    out.writeString(layout.fieldLayout().name());
    out.writeBoolean(layout.inferred());
    out.writeLong(layout.matchedPairs());
    out.writeLong(layout.examinedPairs());
    out.writeLong(info.truncatedAt());
    out.writeInt(info.warnings().size());
    for (String warning : info.warnings()) {
      out.writeString(warning);
    }
  }

  private static DumpInfo readDumpInfo(IndexInput in) throws IOException {
    String format = in.readString();
    int idSize = in.readInt();
    long timestamp = in.readLong();
    boolean gzip = in.readBoolean();
    long fileBytes = in.readLong();
    long dumpBytes = in.readLong();
    ObjectLayout layout = new ObjectLayout(in.readInt(), in.readInt(), in.readBoolean(),
        FieldLayoutGeneration.valueOf(in.readString()), in.readBoolean(), in.readLong(), in.readLong());
    long truncatedAt = in.readLong();
    int warningCount = in.readInt();
    List<String> warnings = new ArrayList<>();
    for (int i = 0; i < warningCount; i++) {
      warnings.add(in.readString());
    }
    return new DumpInfo(format, idSize, timestamp, gzip, fileBytes, dumpBytes, layout, truncatedAt,
        List.copyOf(warnings));
  }

  private static void writeThreads(List<HeapThread> threads, IndexOutput out) throws IOException {
    out.writeInt(threads.size());
    for (HeapThread thread : threads) {
      out.writeInt(thread.object());
      out.writeInt(thread.serial());
      out.writeString(thread.name());
      out.writeString(thread.state());
      out.writeInt(thread.daemon() == null ? -1 : thread.daemon() ? 1 : 0);
      out.writeInt(thread.frames().size());
      for (ThreadFrame frame : thread.frames()) {
        out.writeString(frame.className());
        out.writeString(frame.methodName());
        out.writeString(frame.signature());
        out.writeString(frame.sourceFile());
        out.writeInt(frame.lineNumber());
        out.writeInts(frame.localObjects());
      }
    }
  }

  private static List<HeapThread> readThreads(IndexInput in) throws IOException {
    int count = in.readInt();
    List<HeapThread> threads = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int object = in.readInt();
      int serial = in.readInt();
      String name = in.readString();
      String state = in.readString();
      int daemon = in.readInt();
      int frameCount = in.readInt();
      List<ThreadFrame> frames = new ArrayList<>();
      for (int f = 0; f < frameCount; f++) {
        frames.add(new ThreadFrame(in.readString(), in.readString(), in.readString(), in.readString(),
            in.readInt(), in.readInts()));
      }
      threads.add(new HeapThread(object, serial, name, state, daemon < 0 ? null : daemon == 1,
          List.copyOf(frames)));
    }
    return List.copyOf(threads);
  }
}
