package io.heaplens.jfr;

/**
 * The file is not a flight recording, or is truncated or corrupt. The message is one line: what
 * is wrong, where, and what to do.
 */
public final class RecordingFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public RecordingFormatException(String message) {
    super(message);
  }

  public RecordingFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
