package io.heaplens.jfr;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Checks the structure of a chunk that JMC's parser trusts: the chain of constant pools, whose
 * offsets JMC follows until a zero delta (a cycle would never end), the sizes of the events it
 * steps through (a negative size would step back forever), and the metadata's string count (JMC
 * allocates an array of that length up front). Reads the chunk through a small window, once.
 */
final class ChunkCheck {
  private static final int WINDOW_BYTES = 1 << 16;
  private static final int CONSTANT_POOL_OFFSET = 16;
  private static final int METADATA_OFFSET = 24;
  private static final int FEATURES_OFFSET = 64;
  private static final long METADATA_EVENT = 0;
  private static final long CONSTANT_POOL_EVENT = 1;

  private final FileChannel channel;
  private final ChunkSpan chunk;
  private final ByteBuffer window = ByteBuffer.allocate(WINDOW_BYTES);
  /** The chunk-relative offset of the window's first byte. */
  private long windowStart = -1;
  private long position;
  private boolean compressedIntegers;

  private ChunkCheck(FileChannel channel, ChunkSpan chunk) {
    this.channel = channel;
    this.chunk = chunk;
  }

  /**
   * Checks the chunk.
   *
   * @throws CorruptChunkException it would make JMC's parser loop or allocate without bound
   */
  static void verify(FileChannel channel, ChunkSpan chunk) throws IOException, CorruptChunkException {
    new ChunkCheck(channel, chunk).verify();
  }

  private void verify() throws IOException, CorruptChunkException {
    compressedIntegers = (int32At(FEATURES_OFFSET) & 1) != 0;
    verifyConstantPools(int64At(CONSTANT_POOL_OFFSET));
    verifyMetadata(int64At(METADATA_OFFSET));
    verifyEvents();
  }

  private void verifyConstantPools(long firstDelta) throws IOException, CorruptChunkException {
    // A pool takes more than 8 bytes, so a chain with more links than that must loop.
    long maxLinks = chunk.size() / 8;
    long offset = 0;
    long links = 0;
    for (long delta = firstDelta; delta != 0; delta = readConstantPoolDelta()) {
      offset += delta;
      if (offset < ChunkLayout.HEADER_BYTES || offset >= chunk.size()) {
        throw corrupt("its constant pool chain points to offset " + offset + ", outside the chunk");
      }
      if (++links > maxLinks) {
        throw corrupt("its constant pool chain loops");
      }
      position = offset;
    }
  }

  /** Reads a constant pool event's header up to the delta to the previous pool. */
  private long readConstantPoolDelta() throws IOException, CorruptChunkException {
    long start = position;
    if (compressedIntegers) {
      readLong();
    } else {
      readInt();
    }
    if (readLong() != CONSTANT_POOL_EVENT) {
      throw corrupt("its constant pool chain points to offset " + start + ", where there is no constant pool");
    }
    readLong();
    readLong();
    return readLong();
  }

  private void verifyMetadata(long offset) throws IOException, CorruptChunkException {
    if (offset < ChunkLayout.HEADER_BYTES || offset >= chunk.size()) {
      throw corrupt("its metadata offset " + offset + " is outside the chunk");
    }
    position = offset;
    int size = readInt();
    if (readLong() != METADATA_EVENT) {
      throw corrupt("there is no metadata at its metadata offset " + offset);
    }
    readLong();
    readLong();
    readLong();
    int strings = readInt();
    // Each string takes at least its encoding byte.
    if (strings < 0 || size < 0 || strings > size || offset + size > chunk.size()) {
      throw corrupt("its metadata declares " + strings + " strings in " + size + " bytes");
    }
  }

  private void verifyEvents() throws IOException, CorruptChunkException {
    long offset = ChunkLayout.HEADER_BYTES;
    while (offset < chunk.size()) {
      position = offset;
      int size = readInt();
      long type = readLong();
      if (size <= 0) {
        throw corrupt("the event at offset " + offset + " declares " + size + " bytes");
      }
      if (type == METADATA_EVENT) {
        return;
      }
      offset += size;
    }
  }

  private int readInt() throws IOException, CorruptChunkException {
    if (compressedIntegers) {
      return (int) readCompressed();
    }
    int value = int32At(position);
    position += 4;
    return value;
  }

  private long readLong() throws IOException, CorruptChunkException {
    if (compressedIntegers) {
      return readCompressed();
    }
    long value = int64At(position);
    position += 8;
    return value;
  }

  /** JFR's variable-length integers: 7 bits a byte, low bits first, a full ninth byte. */
  private long readCompressed() throws IOException, CorruptChunkException {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      byte b = byteAt(position++);
      value += (b & 0x7FL) << (7 * i);
      if (b >= 0) {
        return value;
      }
    }
    return value + ((byteAt(position++) & 0xFFL) << 56);
  }

  private int int32At(long offset) throws IOException, CorruptChunkException {
    int value = 0;
    for (int i = 0; i < 4; i++) {
      value = (value << 8) | (byteAt(offset + i) & 0xFF);
    }
    return value;
  }

  private long int64At(long offset) throws IOException, CorruptChunkException {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (byteAt(offset + i) & 0xFF);
    }
    return value;
  }

  private byte byteAt(long offset) throws IOException, CorruptChunkException {
    if (offset < 0 || offset >= chunk.size()) {
      throw corrupt("its structure runs past the chunk's end");
    }
    if (windowStart < 0 || offset < windowStart || offset >= windowStart + window.limit()) {
      fill(offset);
    }
    return window.get((int) (offset - windowStart));
  }

  private void fill(long offset) throws IOException {
    window.clear();
    window.limit((int) Math.min(WINDOW_BYTES, chunk.size() - offset));
    while (window.hasRemaining()) {
      if (channel.read(window, chunk.offset() + offset + window.position()) < 0) {
        throw new IOException("the file ended inside " + chunk.where());
      }
    }
    window.flip();
    windowStart = offset;
  }

  private CorruptChunkException corrupt(String why) {
    return new CorruptChunkException(chunk.where() + " is corrupt: " + why, null);
  }
}
