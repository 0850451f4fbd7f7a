package io.heaplens.jfr;

/** A chunk's content is corrupt: JMC could not parse it, or would loop or allocate without bound. */
final class CorruptChunkException extends Exception {
  private static final long serialVersionUID = 1L;

  /** @param message which chunk and why, one line */
  CorruptChunkException(String message, Throwable cause) {
    super(message, cause);
  }
}
