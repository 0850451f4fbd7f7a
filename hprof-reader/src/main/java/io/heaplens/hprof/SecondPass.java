package io.heaplens.hprof;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * The second sequential pass: reads every object's references and resolves them to dense indexes,
 * building the outbound {@link ReferenceGraph}. Objects come in the same order as in the first
 * pass, so an object's dense index is just a counter.
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
  private final IntChunks targets = new IntChunks();
  long unresolvedReferences;

  private SecondPass(FileChannel channel, FirstPass pass, IdIndex ids, int[] classOf, ClassTable table,
      ThreadBoundRoots threadBound, ProgressListener progress) throws IOException {
    this.in = new HprofInput(channel, 0, pass.header.idSize());
    this.idSize = pass.header.idSize();
    this.pass = pass;
    this.ids = ids;
    this.classOf = classOf;
    this.table = table;
    this.threadBound = threadBound;
    this.progress = progress;
    this.start = new int[classOf.length + 1];
  }

  static SecondPass run(FileChannel channel, FirstPass pass, IdIndex ids, int[] classOf, ClassTable table,
      ThreadBoundRoots threadBound, ProgressListener progress) throws IOException {
    SecondPass second = new SecondPass(channel, pass, ids, classOf, table, threadBound, progress);
    second.readSegments();
    return second;
  }

  ReferenceGraph graph() {
    targets.trim();
    return new ReferenceGraph(start, targets);
  }

  private void readSegments() throws IOException {
    int object = 0;
    int n = classOf.length;
    long total = pass.segmentEnds.size() == 0 ? 0 : pass.segmentEnds.get(pass.segmentEnds.size() - 1);
    for (int s = 0; s < pass.segmentStarts.size() && object < n; s++) {
      in.seek(pass.segmentStarts.get(s));
      long end = pass.segmentEnds.get(s);
      progress.progress("reading references", in.offset(), total);
      while (in.offset() < end && object < n) {
        int tag = in.u1();
        switch (tag) {
          case HprofTags.CLASS_DUMP:
            start[object] = targets.size();
            readClassDump(object++);
            break;
          case HprofTags.INSTANCE_DUMP:
            start[object] = targets.size();
            readInstance(object++);
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
    while (object <= n) {
      start[object++] = targets.size();
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

  private void readInstance(int object) throws IOException {
    in.skip(idSize + 4);
    in.id();
    int bytes = in.u4();
    HeapClass heapClass = table.classes.get(classOf[object]);
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
