package io.heaplens.hprof;

/**
 * The file is not a readable HPROF heap dump: empty, not HPROF, truncated, or corrupt.
 *
 * <p>The message is one line meant for the user: what is wrong, at which byte offset and in which
 * record, and what to do about it.
 */
public final class HprofFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  private final long offset;

  /**
   * @param message what is wrong, in one line
   * @param offset the byte offset (in the uncompressed dump) where the problem was found, or -1
   */
  public HprofFormatException(String message, long offset) {
    super(message);
    this.offset = offset;
  }

  /** The byte offset in the (uncompressed) dump where the problem was found, or -1 if unknown. */
  public long offset() {
    return offset;
  }
}
