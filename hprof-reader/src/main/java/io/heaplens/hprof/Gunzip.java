package io.heaplens.hprof;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Decompresses a gzip-compressed dump to a temporary file, so that the passes and random access
 * work on plain HPROF. {@code jcmd GC.heap_dump -gz} writes many gzip members one after another;
 * {@link GZIPInputStream} reads them as one stream.
 */
final class Gunzip {
  private Gunzip() {}

  /** Decompresses; returns whether the compressed data was cut short (only when lenient). */
  static boolean decompress(Path source, Path target, ReadOptions options, List<String> warnings)
      throws IOException, HprofFormatException {
    long total = Files.size(source);
    try (CountingInputStream counted = new CountingInputStream(
            new BufferedInputStream(Files.newInputStream(source), 1 << 16));
        OutputStream out = Files.newOutputStream(target)) {
      try (InputStream in = new GZIPInputStream(counted, 1 << 16)) {
        byte[] buffer = new byte[1 << 20];
        long nextProgress = 0;
        for (int read; (read = in.read(buffer)) > 0; ) {
          out.write(buffer, 0, read);
          if (counted.count >= nextProgress) {
            options.progress().progress("decompressing", counted.count, total);
            nextProgress = counted.count + (32L << 20);
          }
        }
        return false;
      } catch (EOFException e) {
        if (!options.lenient()) {
          throw new HprofFormatException("truncated gzip file: the compressed data ends at offset "
              + total + " before the end of the dump; the copy was cut short, rerun with --lenient"
              + " to analyze what was written", total);
        }
        warnings.add("the gzip file is truncated at offset " + total + "; analyzed what was written");
        return true;
      } catch (ZipException e) {
        throw new HprofFormatException("corrupt gzip data near compressed offset " + counted.count
            + " (" + e.getMessage() + "); the file is damaged, copy it again", counted.count);
      }
    }
  }

  /** Counts the compressed bytes consumed, for progress and error offsets. */
  private static final class CountingInputStream extends FilterInputStream {
    long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int read = super.read(b, off, len);
      if (read > 0) {
        count += read;
      }
      return read;
    }
  }
}
