package io.heaplens.jfr;

import java.io.IOException;
import java.nio.file.Path;

/** Reads flight recordings (.jfr, plain or gzip-wrapped, one or many chunks). */
public final class RecordingReader {
  private RecordingReader() {}

  /** Whether the file starts like a flight recording (the chunk magic, or gzip around it). */
  public static boolean isRecording(Path file) throws IOException {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * Loads the recording and computes its views.
   *
   * @throws RecordingFormatException not a recording, or truncated/corrupt beyond what {@code
   *     options.lenient()} accepts
   * @throws IOException the file cannot be read
   */
  public static Recording read(Path file, RecordingOptions options) throws IOException, RecordingFormatException {
    throw new UnsupportedOperationException("TODO");
  }
}
