package io.heaplens.hprof;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The second pass: reads every object's references and resolves them to dense indexes, building
 * the outbound {@link ReferenceGraph} in the index file. Objects come in the same order as in the first pass, so an
 * object's dense index is just a counter; each processor takes a contiguous range of objects.
 *
 * <p>A thread object references the objects its stack frames hold (see {@link ThreadBoundRoots}).
 * An instance also references its class (as the JVM's class pointer keeps it alive), unless the
 * class is a GC root itself: an edge into a root cannot change any dominator, and most classes
 * are roots, so skipping those saves one edge per object.
 */
final class SecondPass {
  private final HprofInput in;
  private final int idSize;
  private final FirstPass pass;
  private final IdIndex ids;
  private final int[] classOf;
  private final ClassTable table;
  private final ThreadBoundRoots threadBound;
  private final ProgressListener progress;
  private final int[] start;
  private final int from;
  private final int to;
  private final IntChunks targets = new IntChunks();
  private long unresolvedReferences;
  private long shortRecordOffset = -1;

  private SecondPass(FileChannel channel, FirstPass pass, IdIndex ids, int[] classOf, ClassTable table,
      ThreadBoundRoots threadBound, int[] start, int from, int to, ProgressListener progress)
      throws IOException {
    this.in = new HprofInput(channel, 0, pass.header.idSize());
    this.idSize = pass.header.idSize();
    this.pass = pass;
    this.ids = ids;
    this.classOf = classOf;
    this.table = table;
    this.threadBound = threadBound;
    this.start = start;
    this.from = from;
    this.to = to;
    this.progress = progress;
  }

  /**
   * The outbound references, how many pointed to objects missing from the dump, and the offset of
   * an instance record shorter than its class declares (-1 if none).
   */
  record Result(ReferenceGraph graph, long unresolvedReferences, long shortRecordOffset) {}

  /**
   * Reads the references of all objects, splitting the objects into one contiguous range per
   * processor (ranges start at objects whose file offset the first pass kept) and concatenating the
   * results.
   */
  static Result run(FileChannel channel, FirstPass pass, IdIndex ids, int[] classOf, ClassTable table,
      ThreadBoundRoots threadBound, SpillFile spill, ReadOptions.IndexPlacement placement,
      ProgressListener progress) throws IOException {
    int n = classOf.length;
    int[] start = new int[n + 1];
    int workers = n < (1 << 16) ? 1 : Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    int perWorker = (n / workers + FirstPass.BLOCK - 1) / FirstPass.BLOCK * FirstPass.BLOCK;
    List<SecondPass> parts = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      int first = Math.min(n, w * perWorker);
      int last = w == workers - 1 ? n : Math.min(n, first + perWorker);
      parts.add(new SecondPass(channel, pass, ids, classOf, table, threadBound, start, first, last,
          w == 0 ? progress : ProgressListener.NONE));
    }
    runAll(parts);
    long total = 0;
    long unresolved = 0;
    long shortRecord = -1;
    for (SecondPass part : parts) {
      total += part.targets.size();
      unresolved += part.unresolvedReferences;
      if (shortRecord < 0) {
        shortRecord = part.shortRecordOffset;
      }
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(String.format(
          "the dump holds %,d references, more than heaplens can index (2^31)", total));
    }
    SpillFile.Slot targets = spill.allocate(total);
    int offset = 0;
    for (SecondPass part : parts) {
      for (int i = part.from; i < part.to; i++) {
        start[i] += offset;
      }
      offset = part.targets.drainInto(spill, targets, offset);
    }
    start[n] = offset;
    spill.keepOffHeap(placement == ReadOptions.IndexPlacement.MAPPED
        || placement == ReadOptions.IndexPlacement.AUTOMATIC && !heapHolds(n, total));
    ReferenceGraph graph = new ReferenceGraph(spill.keep(start), spill.load(targets));
    return new Result(graph, unresolved, shortRecord);
  }

  /**
   * Whether the heap can hold the index's large arrays next to the per-phase ones: the references
   * (4 bytes per object and per reference) and four orderings (16 bytes per object), with the
   * dominator phase's 24 bytes per object, within 80% of the maximum heap.
   */
  private static boolean heapHolds(int objects, long references) {
    long needed = 44L * objects + 4L * references;
    return needed < Runtime.getRuntime().maxMemory() * 0.8;
  }

  private static void runAll(List<SecondPass> parts) throws IOException {
    ExecutorService executor = Executors.newFixedThreadPool(parts.size());
    try {
      List<Future<Void>> futures = new ArrayList<>();
      for (SecondPass part : parts) {
        futures.add(executor.submit(() -> {
          part.readRange();
          return null;
        }));
      }
      for (Future<Void> future : futures) {
        try {
          future.get();
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof IOException io) {
            throw io;
          }
          if (cause instanceof RuntimeException runtime) {
            throw runtime;
          }
          if (cause instanceof Error error) {
            throw error;
          }
          throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while reading references", e);
        }
      }
    } finally {
      executor.shutdownNow();
    }
  }

  private void readRange() throws IOException {
    if (from >= to) {
      return;
    }
    long startOffset = pass.blockOffsets.get(from / FirstPass.BLOCK);
    int segment = 0;
    while (segment + 1 < pass.segmentStarts.size() && pass.segmentStarts.get(segment + 1) <= startOffset) {
      segment++;
    }
    in.seek(startOffset);
    long end = pass.segmentEnds.get(segment);
    long progressEnd = to < classOf.length ? pass.blockOffsets.get(to / FirstPass.BLOCK)
        : pass.segmentEnds.get(pass.segmentEnds.size() - 1);
    long nextProgress = 0;
    int object = from;
    while (object < to) {
      if (in.offset() >= end) {
        segment++;
        in.seek(pass.segmentStarts.get(segment));
        end = pass.segmentEnds.get(segment);
      }
      if (in.offset() >= nextProgress) {
        progress.progress("reading references", in.offset() - startOffset, progressEnd - startOffset);
        nextProgress = in.offset() + (64L << 20);
      }
      int tag = in.u1();
      switch (tag) {
        case HprofTags.CLASS_DUMP:
          start[object] = targets.size();
          readClassDump(object++);
          break;
        case HprofTags.INSTANCE_DUMP:
          start[object] = targets.size();
          readInstance(object++, in.offset() - 1);
          break;
        case HprofTags.OBJECT_ARRAY_DUMP:
          start[object] = targets.size();
          readObjectArray(object++);
          break;
        case HprofTags.PRIMITIVE_ARRAY_DUMP: {
          start[object++] = targets.size();
          in.skip(idSize + 4);
          long length = in.u4() & 0xFFFFFFFFL;
          FieldType type = FieldType.ofCode(in.u1());
          in.skip(length * type.sizeInDump(idSize));
          break;
        }
        case HprofTags.ANDROID_PRIMITIVE_ARRAY_NODATA:
          start[object++] = targets.size();
          in.skip(HprofTags.fixedSubRecordBody(tag, idSize));
          break;
        default:
          in.skip(HprofTags.fixedSubRecordBody(tag, idSize));
          break;
      }
    }
  }

  private void readClassDump(int object) throws IOException {
    in.id();
    in.u4();
    add(object, in.id()); // superclass
    add(object, in.id()); // class loader
    add(object, in.id()); // signers
    add(object, in.id()); // protection domain
    in.id();
    in.id();
    in.u4();
    int constants = in.u2();
    for (int i = 0; i < constants; i++) {
      in.u2();
      in.skip(FieldType.ofCode(in.u1()).sizeInDump(idSize));
    }
    int statics = in.u2();
    for (int i = 0; i < statics; i++) {
      in.id();
      FieldType type = FieldType.ofCode(in.u1());
      long value = in.value(type.sizeInDump(idSize));
      if (type == FieldType.OBJECT) {
        add(object, value);
      }
    }
    int fields = in.u2();
    in.skip((long) fields * (idSize + 1));
  }

  private void readInstance(int object, long recordOffset) throws IOException {
    in.skip(idSize + 4);
    in.id();
    int bytes = in.u4();
    HeapClass heapClass = table.classes.get(classOf[object]);
    if (bytes < heapClass.instanceDataBytes() && shortRecordOffset < 0) {
      shortRecordOffset = recordOffset;
    }
    int[] offsets = heapClass.referenceOffsets();
    int usable = Math.min(bytes, heapClass.instanceDataBytes());
    if (bytes <= HprofInput.maxWindow()) {
      byte[] buffer = in.window(bytes);
      int base = in.bufferPosition();
      for (int offset : offsets) {
        if (offset + idSize <= usable) {
          add(object, idSize == 8 ? readLong(buffer, base + offset) : readInt(buffer, base + offset) & 0xFFFFFFFFL);
        }
      }
      in.advance(bytes);
    } else {
      in.skip(bytes);
    }
    addClassEdge(object, heapClass);
    for (int local : threadBound.localsOf(object)) {
      targets.add(local);
    }
  }

  private void readObjectArray(int object) throws IOException {
    in.skip(idSize + 4);
    int length = in.u4();
    in.id();
    for (int i = 0; i < length; i++) {
      add(object, in.id());
    }
    addClassEdge(object, table.classes.get(classOf[object]));
  }

  private void addClassEdge(int object, HeapClass heapClass) {
    int classObject = heapClass.objectIndex();
    if (classObject >= 0 && !threadBound.dominatorRoots.get(classObject)) {
      targets.add(classObject);
    }
  }

  private void add(int source, long id) {
    if (id == 0) {
      return;
    }
    int target = ids.indexOf(id);
    if (target < 0) {
      unresolvedReferences++;
    } else if (target != source) {
      targets.add(target);
    }
  }

  private static long readLong(byte[] b, int p) {
    return ((long) readInt(b, p) << 32) | (readInt(b, p + 4) & 0xFFFFFFFFL);
  }

  private static int readInt(byte[] b, int p) {
    return (b[p] << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
  }
}
