package io.heaplens.jfr;

/**
 * One complete chunk of a recording file.
 *
 * @param number its position in the file, from 1, as messages name it
 * @param offset where it starts in the file
 * @param size its size in bytes, header included
 */
record ChunkSpan(int number, long offset, long size) {
  /** How messages say where the chunk is. */
  String where() {
    return "chunk " + number + " at offset " + offset;
  }
}
