package io.heaplens.hprof;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The first sequential pass: names, classes, stack traces and GC roots, and for every object its
 * identifier, class, array length and (every {@link #BLOCK} objects) its file offset. Object
 * contents are skipped. Costs about 17 bytes per object.
 */
final class FirstPass {
  /** Objects per recorded file offset; random access scans at most this many records. */
  static final int BLOCK = 8;

  /** Marks, in {@link #classSlots}, an object that is a class (its class is java.lang.Class). */
  static final int CLASS_OBJECT = -100;

  private static final int MAX_NAME_BYTES = 1 << 20;

  final HprofHeader header;
  final Map<Long, String> strings = new HashMap<>();
  final Map<Long, Long> classNameIds = new HashMap<>();
  final Map<Integer, Long> classIdBySerial = new HashMap<>();
  final Map<Long, long[]> frames = new HashMap<>();
  final Map<Integer, long[]> traces = new HashMap<>();
  final Map<Integer, Integer> traceThread = new HashMap<>();

  final LongIntMap slotByClassId = new LongIntMap(1024);
  final GrowableLongs classIdBySlot = new GrowableLongs(1024);
  final List<ClassRecord> classRecords = new ArrayList<>();

  final LongChunks ids = new LongChunks();
  final IntChunks classSlots = new IntChunks();
  final IntChunks arrayLengths = new IntChunks();
  final LongChunks blockOffsets = new LongChunks();

  final GrowableInts rootTags = new GrowableInts(1024);
  final GrowableLongs rootIds = new GrowableLongs(1024);
  final GrowableInts rootThreadSerials = new GrowableInts(1024);
  final GrowableInts rootFrameDepths = new GrowableInts(1024);
  final GrowableLongs threadObjectIds = new GrowableLongs(64);
  final GrowableInts threadSerials = new GrowableInts(64);
  final GrowableInts threadTraceSerials = new GrowableInts(64);

  final GrowableLongs segmentStarts = new GrowableLongs(64);
  final GrowableLongs segmentEnds = new GrowableLongs(64);
  final List<String> warnings = new ArrayList<>();
  long truncatedAt = -1;

  private final HprofInput in;
  private final int idSize;
  private final boolean lenient;
  private final ProgressListener progress;
  private int dumpsSeen;
  private boolean inDump;
  private boolean ignoringLaterDumps;

  private FirstPass(FileChannel channel, HprofHeader header, boolean lenient, ProgressListener progress)
      throws IOException {
    this.header = header;
    this.idSize = header.idSize();
    this.in = new HprofInput(channel, header.length(), idSize);
    this.lenient = lenient;
    this.progress = progress;
  }

  static FirstPass run(FileChannel channel, HprofHeader header, boolean lenient, ProgressListener progress)
      throws IOException, HprofFormatException {
    FirstPass pass = new FirstPass(channel, header, lenient, progress);
    pass.readRecords();
    return pass;
  }

  int objectCount() {
    return ids.size();
  }

  private void readRecords() throws IOException, HprofFormatException {
    long fileSize = in.fileSize();
    long nextProgress = 0;
    while (!in.atEnd()) {
      long recordOffset = in.offset();
      if (recordOffset >= nextProgress) {
        progress.progress("reading objects", recordOffset, fileSize);
        nextProgress = recordOffset + (64L << 20);
      }
      int tag;
      long length;
      try {
        tag = in.u1();
        in.u4();
        length = in.u4() & 0xFFFFFFFFL;
      } catch (EOFException e) {
        if (stopAtTruncation(recordOffset, "a record header")) {
          return;
        }
        throw HprofInput.truncated("the record header", recordOffset, fileSize);
      }
      String recordName = HprofTags.topLevelName(tag);
      if (!HprofTags.isKnownTopLevel(tag)) {
        throw new HprofFormatException(String.format(
            "corrupt dump: unknown record tag 0x%02X at offset %d; the file is damaged or not a"
                + " complete HPROF dump, take a new one", tag, recordOffset), recordOffset);
      }
      long bodyStart = in.offset();
      long bodyEnd = bodyStart + length;
      if (bodyEnd > fileSize) {
        if (isHeapRecord(tag) && stopAtTruncation(recordOffset, recordName)) {
          if (!ignoringLaterDumps) {
            readHeapRecordLeniently(bodyStart, fileSize);
          }
          return;
        }
        if (isHeapRecord(tag)) {
          throw HprofInput.truncated(recordName + " record (declared length " + length + ")",
              recordOffset, fileSize);
        }
        throw new HprofFormatException("corrupt or truncated dump: " + recordName
            + " record at offset " + recordOffset + " declares " + length + " bytes but only "
            + (fileSize - bodyStart) + " remain; the file is damaged, take a new dump", recordOffset);
      }
      try {
        readRecord(tag, length, bodyStart, bodyEnd, recordOffset);
      } catch (EOFException e) {
        throw HprofInput.truncated(recordName + " record", recordOffset, fileSize);
      }
      in.seek(bodyEnd);
    }
    if (inDump && !ignoringLaterDumps) {
      // Segments were still coming: the file stops between two of them.
      if (!stopAtTruncation(fileSize, "the heap dump (no HEAP DUMP END record)")) {
        throw new HprofFormatException("truncated dump: the heap dump has no HEAP DUMP END record"
            + " before the end of the file at offset " + fileSize + "; the dump was cut short,"
            + " rerun with --lenient to analyze what was written", fileSize);
      }
    }
    progress.progress("reading objects", fileSize, fileSize);
  }

  private boolean isHeapRecord(int tag) {
    return tag == HprofTags.HEAP_DUMP || tag == HprofTags.HEAP_DUMP_SEGMENT;
  }

  private boolean stopAtTruncation(long offset, String what) {
    if (!lenient) {
      return false;
    }
    truncatedAt = offset;
    warnings.add("the dump is truncated: " + what + " at offset " + offset
        + " runs past the end of the file; analyzed what was read before it");
    return true;
  }

  private void readRecord(int tag, long length, long bodyStart, long bodyEnd, long recordOffset)
      throws IOException, HprofFormatException {
    switch (tag) {
      case HprofTags.UTF8:
        readUtf8(length, recordOffset);
        break;
      case HprofTags.LOAD_CLASS: {
        int serial = in.u4();
        long classId = in.id();
        in.u4();
        long nameId = in.id();
        classIdBySerial.put(serial, classId);
        classNameIds.put(classId, nameId);
        break;
      }
      case HprofTags.FRAME: {
        long frameId = in.id();
        long methodName = in.id();
        long signature = in.id();
        long sourceFile = in.id();
        long classSerial = in.u4() & 0xFFFFFFFFL;
        long line = in.u4();
        frames.put(frameId, new long[] {methodName, signature, sourceFile, classSerial, line});
        break;
      }
      case HprofTags.TRACE: {
        int serial = in.u4();
        int threadSerial = in.u4();
        long count = in.u4() & 0xFFFFFFFFL;
        if (count * idSize > length - 12) {
          throw corrupt("STACK TRACE", recordOffset, "declares " + count + " frames in "
              + length + " bytes");
        }
        long[] frameIds = new long[(int) count];
        for (int i = 0; i < count; i++) {
          frameIds[i] = in.id();
        }
        traces.put(serial, frameIds);
        traceThread.put(serial, threadSerial);
        break;
      }
      case HprofTags.HEAP_DUMP:
      case HprofTags.HEAP_DUMP_SEGMENT:
        if (!inDump) {
          dumpsSeen++;
          inDump = tag == HprofTags.HEAP_DUMP_SEGMENT;
          if (dumpsSeen == 2) {
            ignoringLaterDumps = true;
            warnings.add("the file holds more than one heap dump; analyzed the first one");
          }
        }
        if (!ignoringLaterDumps) {
          segmentStarts.add(bodyStart);
          segmentEnds.add(bodyEnd);
          readHeapRecord(bodyEnd);
        }
        break;
      case HprofTags.HEAP_DUMP_END:
        inDump = false;
        break;
      default:
        break;
    }
  }

  private void readUtf8(long length, long recordOffset) throws IOException, HprofFormatException {
    if (length < idSize) {
      throw corrupt("UTF8", recordOffset, "is shorter than an identifier");
    }
    long id = in.id();
    int bytes = (int) Math.min(length - idSize, MAX_NAME_BYTES);
    byte[] text = new byte[bytes];
    in.readFully(text, bytes);
    strings.put(id, new String(text, StandardCharsets.UTF_8));
  }

  /** Reads a heap record cut by the end of the file, keeping the objects read whole. */
  private void readHeapRecordLeniently(long bodyStart, long fileSize) throws IOException {
    segmentStarts.add(bodyStart);
    lastObjectEnd = bodyStart;
    try {
      readHeapRecord(fileSize);
    } catch (EOFException | HprofFormatException e) {
      // Objects are added only once read whole, so everything before the cut is consistent.
    }
    segmentEnds.add(lastObjectEnd);
  }

  private long lastObjectEnd;

  private void readHeapRecord(long end) throws IOException, HprofFormatException {
    while (in.offset() < end) {
      long offset = in.offset();
      int tag = in.u1();
      switch (tag) {
        case HprofTags.CLASS_DUMP:
          readClassDump(offset);
          break;
        case HprofTags.INSTANCE_DUMP: {
          long id = in.id();
          in.u4();
          long classId = in.id();
          long bytes = in.u4() & 0xFFFFFFFFL;
          checkWithin(offset, in.offset() + bytes, end, tag);
          in.skip(bytes);
          addObject(offset, id, slotOf(classId), 0);
          break;
        }
        case HprofTags.OBJECT_ARRAY_DUMP: {
          long id = in.id();
          in.u4();
          long length = in.u4() & 0xFFFFFFFFL;
          long classId = in.id();
          checkWithin(offset, in.offset() + length * idSize, end, tag);
          in.skip(length * idSize);
          addObject(offset, id, slotOf(classId), (int) length);
          break;
        }
        case HprofTags.PRIMITIVE_ARRAY_DUMP:
        case HprofTags.ANDROID_PRIMITIVE_ARRAY_NODATA: {
          long id = in.id();
          in.u4();
          long length = in.u4() & 0xFFFFFFFFL;
          int typeCode = in.u1();
          FieldType type = FieldType.ofCode(typeCode);
          if (type == null || type == FieldType.OBJECT) {
            throw corrupt(HprofTags.subRecordName(tag), offset, "has element type " + typeCode);
          }
          long bytes = tag == HprofTags.PRIMITIVE_ARRAY_DUMP ? length * type.sizeInDump(idSize) : 0;
          checkWithin(offset, in.offset() + bytes, end, tag);
          in.skip(bytes);
          if (length > Integer.MAX_VALUE) {
            throw corrupt(HprofTags.subRecordName(tag), offset, "declares " + length + " elements");
          }
          addObject(offset, id, -typeCode, (int) length);
          break;
        }
        default:
          readFixedSubRecord(tag, offset, end);
          break;
      }
      lastObjectEnd = in.offset();
    }
  }

  private void readFixedSubRecord(int tag, long offset, long end) throws IOException, HprofFormatException {
    int body = HprofTags.fixedSubRecordBody(tag, idSize);
    if (body < 0) {
      throw new HprofFormatException(String.format(
          "corrupt dump: unknown heap sub-record tag 0x%02X at offset %d; the file is damaged, take"
              + " a new dump", tag, offset), offset);
    }
    checkWithin(offset, in.offset() + body, end, tag);
    GcRootKind kind = GcRootKind.ofTag(tag);
    if (kind == null) {
      in.skip(body);
      return;
    }
    long id = in.id();
    int threadSerial = 0;
    int depth = -1;
    switch (kind) {
      case JNI_GLOBAL:
        in.id();
        break;
      case JNI_LOCAL:
      case JAVA_FRAME:
      case JNI_MONITOR:
        threadSerial = in.u4();
        depth = in.u4();
        break;
      case NATIVE_STACK:
      case THREAD_BLOCK:
        threadSerial = in.u4();
        break;
      case THREAD_OBJECT: {
        threadSerial = in.u4();
        int traceSerial = in.u4();
        threadObjectIds.add(id);
        threadSerials.add(threadSerial);
        threadTraceSerials.add(traceSerial);
        break;
      }
      default:
        break;
    }
    rootTags.add(tag);
    rootIds.add(id);
    rootThreadSerials.add(threadSerial);
    rootFrameDepths.add(depth);
  }

  private void readClassDump(long offset) throws IOException, HprofFormatException {
    long id = in.id();
    in.u4();
    long superId = in.id();
    long loaderId = in.id();
    long signersId = in.id();
    long protectionDomainId = in.id();
    in.id();
    in.id();
    in.u4();
    int constants = in.u2();
    for (int i = 0; i < constants; i++) {
      in.u2();
      in.skip(sizeOf(in.u1(), offset));
    }
    int statics = in.u2();
    long[] staticNames = new long[statics];
    byte[] staticTypes = new byte[statics];
    long[] staticValues = new long[statics];
    for (int i = 0; i < statics; i++) {
      staticNames[i] = in.id();
      int type = in.u1();
      staticTypes[i] = (byte) type;
      staticValues[i] = in.value(sizeOf(type, offset));
    }
    int fields = in.u2();
    long[] fieldNames = new long[fields];
    byte[] fieldTypes = new byte[fields];
    for (int i = 0; i < fields; i++) {
      fieldNames[i] = in.id();
      int type = in.u1();
      sizeOf(type, offset);
      fieldTypes[i] = (byte) type;
    }
    int slot = slotOf(id);
    while (classRecords.size() <= slot) {
      classRecords.add(null);
    }
    classRecords.set(slot, new ClassRecord(id, superId, loaderId, signersId, protectionDomainId,
        staticNames, staticTypes, staticValues, fieldNames, fieldTypes));
    addObject(offset, id, CLASS_OBJECT, 0);
  }

  private int sizeOf(int typeCode, long recordOffset) throws HprofFormatException {
    FieldType type = FieldType.ofCode(typeCode);
    if (type == null) {
      throw corrupt("CLASS DUMP", recordOffset, "has field type " + typeCode);
    }
    return type.sizeInDump(idSize);
  }

  private void addObject(long offset, long id, int classSlot, int arrayLength) {
    if ((ids.size() % BLOCK) == 0) {
      blockOffsets.add(offset);
    }
    ids.add(id);
    classSlots.add(classSlot);
    arrayLengths.add(arrayLength);
  }

  /** The slot of a class identifier, assigned on first sight (classes may be dumped after use). */
  int slotOf(long classId) {
    int slot = slotByClassId.get(classId, -1);
    if (slot < 0) {
      slot = classIdBySlot.size();
      slotByClassId.put(classId, slot);
      classIdBySlot.add(classId);
    }
    return slot;
  }

  private void checkWithin(long recordOffset, long recordEnd, long segmentEnd, int tag)
      throws HprofFormatException, EOFException {
    if (recordEnd > segmentEnd) {
      if (segmentEnd >= in.fileSize() && recordEnd > in.fileSize()) {
        throw new EOFException();
      }
      throw corrupt(HprofTags.subRecordName(tag), recordOffset,
          "runs " + (recordEnd - segmentEnd) + " bytes past the end of its heap dump record");
    }
  }

  private static HprofFormatException corrupt(String record, long offset, String problem) {
    return new HprofFormatException("corrupt dump: " + record + " at offset " + offset + " "
        + problem + "; the file is damaged, take a new dump", offset);
  }
}
