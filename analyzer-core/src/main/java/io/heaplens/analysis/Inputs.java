package io.heaplens.analysis;

import io.heaplens.hprof.HprofReader;
import io.heaplens.jfr.RecordingReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The files of one analysis: a heap dump, a flight recording, or one of each.
 *
 * @param heapDump the heap dump, or null
 * @param recording the recording, or null
 */
public record Inputs(Path heapDump, Path recording) {
  public Inputs {
    if (heapDump == null && recording == null) {
      throw new IllegalArgumentException("no input: give a heap dump, a recording, or both");
    }
  }

  /**
   * Tells which file is which by content, in any order.
   *
   * @throws InputException a file is missing, of unknown content, or two files are of one kind
   * @throws IOException a file cannot be read
   */
  public static Inputs detect(List<Path> files) throws InputException, IOException {
    if (files.isEmpty() || files.size() > 2) {
      throw new InputException("give one heap dump (.hprof), one recording (.jfr), or one of each; got "
          + files.size() + " files");
    }
    Path heapDump = null;
    Path recording = null;
    for (Path file : files) {
      if (!Files.exists(file)) {
        throw new InputException("no such file: " + file + "; check the path");
      }
      if (Files.isDirectory(file)) {
        throw new InputException(file + " is a directory; give the path of a heap dump or recording file");
      }
      if (Files.size(file) == 0) {
        throw new InputException(file + " is empty (0 bytes): the dump or recording was not written,"
            + " perhaps the process was killed while writing it; capture it again");
      }
      if (HprofReader.isHeapDump(file)) {
        if (heapDump != null) {
          throw new InputException("two heap dumps given (" + heapDump + ", " + file + "); analyze one at a time");
        }
        heapDump = file;
      } else if (RecordingReader.isRecording(file)) {
        if (recording != null) {
          throw new InputException("two recordings given (" + recording + ", " + file + "); give at most one");
        }
        recording = file;
      } else {
        throw new InputException(file + " is neither an HPROF heap dump (it would start with \"JAVA PROFILE\")"
            + " nor a flight recording (\"FLR\"), plain or gzip-compressed; give a file written by"
            + " jcmd GC.heap_dump or JFR.dump");
      }
    }
    return new Inputs(heapDump, recording);
  }

  /** A wrong input set; the message is one line saying what to do. */
  public static final class InputException extends Exception {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
      super(message);
    }
  }
}
