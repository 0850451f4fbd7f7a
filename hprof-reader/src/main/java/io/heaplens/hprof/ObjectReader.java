package io.heaplens.hprof;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Random access to one object's record in the dump file. The first pass kept the file offset of
 * every {@link FirstPass#BLOCK}-th object; the others are found by stepping over at most that many
 * records (and over root records and segment headers in between). The file is memory-mapped, so a
 * field read costs no system call (only the pages read count towards the process's memory). Safe
 * for concurrent use.
 */
final class ObjectReader {
  /** Mapped windows start every 1 GB and run 64 KB past the next start, so small reads never straddle. */
  private static final int WINDOW_SHIFT = 30;
  private static final int WINDOW_OVERLAP = 1 << 16;

  private final FileChannel channel;
  private final int idSize;
  private final long[] blockOffsets;
  private final long[] segmentStarts;
  private final long[] segmentEnds;
  private final ByteBuffer[] windows;

  ObjectReader(FileChannel channel, int idSize, long[] blockOffsets, long[] segmentStarts, long[] segmentEnds) {
    this.channel = channel;
    this.idSize = idSize;
    this.blockOffsets = blockOffsets;
    this.segmentStarts = segmentStarts;
    this.segmentEnds = segmentEnds;
    try {
      long size = channel.size();
      windows = new ByteBuffer[(int) ((size >>> WINDOW_SHIFT) + 1)];
      for (int w = 0; w < windows.length; w++) {
        long start = (long) w << WINDOW_SHIFT;
        long length = Math.min(size - start, (1L << WINDOW_SHIFT) + WINDOW_OVERLAP);
        windows[w] = channel.map(FileChannel.MapMode.READ_ONLY, start, Math.max(0, length));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot map the dump for reading", e);
    }
  }

  /** The file offset of an object's sub-record (its tag byte). */
  long offsetOf(int object) {
    long offset = blockOffsets[object / FirstPass.BLOCK];
    int skip = object % FirstPass.BLOCK;
    int segment = segmentOf(offset);
    while (true) {
      if (offset >= segmentEnds[segment]) {
        segment++;
        offset = segmentStarts[segment];
        continue;
      }
      int tag = read(offset, 1).get() & 0xFF;
      boolean isObject = tag == HprofTags.CLASS_DUMP || tag == HprofTags.INSTANCE_DUMP
          || tag == HprofTags.OBJECT_ARRAY_DUMP || tag == HprofTags.PRIMITIVE_ARRAY_DUMP
          || tag == HprofTags.ANDROID_PRIMITIVE_ARRAY_NODATA;
      if (isObject && skip-- == 0) {
        return offset;
      }
      offset += recordLength(offset, tag);
    }
  }

  /** The field data of an instance (this class's fields first, then its superclasses'). */
  ByteBuffer instanceData(int object) {
    long offset = offsetOf(object);
    ByteBuffer head = read(offset + 1 + idSize + 4 + idSize, 4);
    int bytes = head.getInt();
    return read(offset + 1 + idSize + 4 + idSize + 4, bytes);
  }

  /** Up to {@code maxElements} raw elements of a primitive array, big-endian as in the dump. */
  ByteBuffer primitiveArray(int object, int maxElements) {
    long offset = offsetOf(object);
    ByteBuffer head = read(offset + 1 + idSize + 4, 5);
    long length = head.getInt() & 0xFFFFFFFFL;
    FieldType type = FieldType.ofCode(head.get() & 0xFF);
    long elements = Math.min(length, maxElements);
    return read(offset + 1 + idSize + 4 + 5, (int) (elements * type.sizeInDump(idSize)));
  }

  /** The number of elements of an array object. */
  int arrayLength(int object) {
    return read(offsetOf(object) + 1 + idSize + 4, 4).getInt();
  }

  /** The element identifiers of an object array. */
  long[] objectArrayElements(int object) {
    long offset = offsetOf(object);
    ByteBuffer head = read(offset + 1 + idSize + 4, 4);
    int length = head.getInt();
    ByteBuffer data = read(offset + 1 + idSize + 4 + 4 + idSize, length * idSize);
    long[] elements = new long[length];
    for (int i = 0; i < length; i++) {
      elements[i] = idSize == 8 ? data.getLong() : data.getInt() & 0xFFFFFFFFL;
    }
    return elements;
  }

  private long recordLength(long offset, int tag) {
    int fixed = HprofTags.fixedSubRecordBody(tag, idSize);
    if (fixed >= 0) {
      return 1 + fixed;
    }
    switch (tag) {
      case HprofTags.INSTANCE_DUMP: {
        int header = 1 + idSize + 4 + idSize;
        return header + 4 + (read(offset + header, 4).getInt() & 0xFFFFFFFFL);
      }
      case HprofTags.OBJECT_ARRAY_DUMP: {
        int header = 1 + idSize + 4;
        long length = read(offset + header, 4).getInt() & 0xFFFFFFFFL;
        return header + 4 + idSize + length * idSize;
      }
      case HprofTags.PRIMITIVE_ARRAY_DUMP: {
        int header = 1 + idSize + 4;
        ByteBuffer b = read(offset + header, 5);
        long length = b.getInt() & 0xFFFFFFFFL;
        return header + 5 + length * FieldType.ofCode(b.get() & 0xFF).sizeInDump(idSize);
      }
      case HprofTags.CLASS_DUMP:
        return classDumpLength(offset);
      default:
        throw new IllegalStateException("unexpected heap sub-record tag " + tag + " at " + offset);
    }
  }

  private long classDumpLength(long offset) {
    long p = offset + 1 + 7L * idSize + 4 + 4;
    int constants = read(p, 2).getShort() & 0xFFFF;
    p += 2;
    for (int i = 0; i < constants; i++) {
      p += 2;
      p += 1 + FieldType.ofCode(read(p, 1).get() & 0xFF).sizeInDump(idSize);
    }
    int statics = read(p, 2).getShort() & 0xFFFF;
    p += 2;
    for (int i = 0; i < statics; i++) {
      p += idSize;
      p += 1 + FieldType.ofCode(read(p, 1).get() & 0xFF).sizeInDump(idSize);
    }
    int fields = read(p, 2).getShort() & 0xFFFF;
    return p + 2 + (long) fields * (idSize + 1) - offset;
  }

  private int segmentOf(long offset) {
    int index = Arrays.binarySearch(segmentStarts, offset);
    return index >= 0 ? index : -index - 2;
  }

  /** {@code bytes} bytes from {@code offset}, big-endian, positioned at 0. */
  ByteBuffer read(long offset, int bytes) {
    if (bytes <= WINDOW_OVERLAP) {
      ByteBuffer window = windows[(int) (offset >>> WINDOW_SHIFT)];
      int at = (int) (offset & ((1L << WINDOW_SHIFT) - 1));
      if (at + bytes <= window.limit()) {
        return window.slice(at, bytes);
      }
    }
    ByteBuffer buffer = ByteBuffer.allocate(bytes);
    try {
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, offset + buffer.position()) < 0) {
          throw new IOException("unexpected end of dump at offset " + (offset + buffer.position()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.flip();
  }
}
