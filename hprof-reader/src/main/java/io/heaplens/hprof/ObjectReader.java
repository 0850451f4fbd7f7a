package io.heaplens.hprof;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Random access to one object's record in the dump file. The first pass kept the file offset of
 * every {@link FirstPass#BLOCK}-th object; the others are found by stepping over at most that many
 * records (and over root records and segment headers in between). Each thread reads through its
 * own small window of the file, so finding and reading an object usually costs one read call. The
 * file is read, not memory-mapped: mapped pages would count towards the process's memory, and a
 * rule that reads every string of a 1 GB dump would touch most of it. Safe for concurrent use.
 */
final class ObjectReader {
  private static final int WINDOW_BYTES = 8 << 10;

  private final FileChannel channel;
  final int idSize;
  final long[] blockOffsets;
  final long[] segmentStarts;
  final long[] segmentEnds;
  private final ThreadLocal<Window> windows = ThreadLocal.withInitial(Window::new);

  /** The bytes of the file from {@code start}, as last read by one thread. */
  private static final class Window {
    final ByteBuffer buffer = ByteBuffer.allocate(WINDOW_BYTES);
    long start = -1;
    int length;
  }

  ObjectReader(FileChannel channel, int idSize, long[] blockOffsets, long[] segmentStarts, long[] segmentEnds) {
    this.channel = channel;
    this.idSize = idSize;
    this.blockOffsets = blockOffsets;
    this.segmentStarts = segmentStarts;
    this.segmentEnds = segmentEnds;
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

  /** A copy of {@code bytes} bytes from {@code offset}, big-endian, positioned at 0. */
  ByteBuffer read(long offset, int bytes) {
    ByteBuffer copy = ByteBuffer.allocate(bytes);
    if (bytes <= WINDOW_BYTES) {
      Window window = windows.get();
      if (window.start < 0 || offset < window.start || offset + bytes > window.start + window.length) {
        fill(window, offset);
      }
      if (offset + bytes <= window.start + window.length) {
        return copy.put(0, window.buffer, (int) (offset - window.start), bytes);
      }
    }
    try {
      while (copy.hasRemaining()) {
        if (channel.read(copy, offset + copy.position()) < 0) {
          throw new IOException("unexpected end of dump at offset " + (offset + copy.position()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return copy.flip();
  }

  private void fill(Window window, long offset) {
    window.buffer.clear();
    try {
      while (window.buffer.hasRemaining()
          && channel.read(window.buffer, offset + window.buffer.position()) > 0) {
        // keep reading until the window is full or the file ends
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    window.start = offset;
    window.length = window.buffer.position();
  }
}
