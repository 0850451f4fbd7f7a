package io.heaplens.jfr;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmc.flightrecorder.CouldNotLoadRecordingException;
import org.openjdk.jmc.flightrecorder.internal.EventArrays;
import org.openjdk.jmc.flightrecorder.internal.IChunkLoader;
import org.openjdk.jmc.flightrecorder.internal.parser.Chunk;
import org.openjdk.jmc.flightrecorder.internal.parser.LoaderContext;
import org.openjdk.jmc.flightrecorder.internal.parser.v1.ChunkLoaderV1;
import org.openjdk.jmc.flightrecorder.parser.IParserExtension;
import org.openjdk.jmc.flightrecorder.parser.ParserExtensionRegistry;

/**
 * Parses chunks with JMC's chunk parser into one shared loader context, as JMC's own loader
 * does, but on the caller's threads: chunks of one recording then share event types and JMC
 * merges each type's events of all chunks into one array, as its rules expect.
 */
final class ChunkLoader {
  private static final int MAGIC_BYTES = 4;

  private final FileChannel channel;
  private final LoaderContext context;

  /** @param triage sees every event first; JMC makes items only of what it passes on */
  ChunkLoader(FileChannel channel, EventTriage triage) {
    this.channel = channel;
    // JMC's own extensions (synthetic attributes) first; the last extension is the innermost,
    // so the triage sees events as JMC's items would hold them.
    List<IParserExtension> extensions = new ArrayList<>(ParserExtensionRegistry.getParserExtensions());
    extensions.add(triage);
    this.context = new LoaderContext(extensions, false);
  }

  /**
   * Parses one chunk into the context; safe to call for several chunks at once.
   *
   * @throws CorruptChunkException the chunk cannot be parsed
   */
  void load(ChunkSpan chunk) throws IOException, CorruptChunkException {
    ChunkCheck.verify(channel, chunk);
    try (InputStream in = new ChunkInputStream(channel, chunk.offset() + MAGIC_BYTES, chunk.size() - MAGIC_BYTES)) {
      // The magic was checked when the chunks were found; JMC's chunk reader starts after it.
      Chunk input = new Chunk(new DataInputStream(in), MAGIC_BYTES, new byte[0]);
      IChunkLoader loader = ChunkLoaderV1.create(input, context);
      loader.call();
    } catch (IOException e) {
      if (!channel.isOpen()) {
        throw e;
      }
      throw corrupt(chunk, e);
    } catch (CouldNotLoadRecordingException | RuntimeException e) {
      throw corrupt(chunk, e);
    } catch (StackOverflowError e) {
      // Cyclic references among a corrupt chunk's constants can make JMC's resolution recurse without end.
      throw new CorruptChunkException(chunk.where() + " is corrupt: its constants refer to each other in a cycle", e);
    } catch (OutOfMemoryError e) {
      // A garbled count makes JMC allocate an array of that length at once; the heap itself is fine.
      throw new CorruptChunkException(chunk.where() + " is corrupt or too large for the heap: JMC ran out of memory"
          + " parsing it (" + oneLine(e) + "); if the recording is intact, give the JVM more heap (-Xmx)", e);
    } catch (Exception e) {
      throw corrupt(chunk, e);
    }
  }

  /** The parsed events of all chunks loaded, each event type's in one array. */
  EventArrays events() throws CorruptChunkException {
    try {
      return context.buildEventArrays();
    } catch (CouldNotLoadRecordingException e) {
      throw new CorruptChunkException("the recording's events could not be assembled (" + oneLine(e) + ")", e);
    }
  }

  private static CorruptChunkException corrupt(ChunkSpan chunk, Throwable e) {
    return new CorruptChunkException(chunk.where() + " is corrupt: JMC could not parse it (" + oneLine(e) + ")", e);
  }

  /** An exception as one line: its type and the first line of its message. */
  static String oneLine(Throwable e) {
    String message = e.getMessage();
    String type = e.getClass().getSimpleName();
    if (message == null || message.isBlank()) {
      return type;
    }
    return type + ": " + message.strip().lines().findFirst().orElse("");
  }

  /** The chunk's bytes, read at absolute positions so that chunks can be read in parallel. */
  private static final class ChunkInputStream extends InputStream {
    private final FileChannel channel;
    private long position;
    private final long end;

    ChunkInputStream(FileChannel channel, long offset, long size) {
      this.channel = channel;
      this.position = offset;
      this.end = offset + size;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int from, int length) throws IOException {
      if (position >= end) {
        return -1;
      }
      int wanted = (int) Math.min(length, end - position);
      int n = channel.read(ByteBuffer.wrap(buffer, from, wanted), position);
      if (n < 0) {
        throw new IOException("the file ended at " + position + " while reading a chunk up to " + end);
      }
      position += n;
      return n;
    }

    @Override
    public long skip(long n) {
      long skipped = Math.max(0, Math.min(n, end - position));
      position += skipped;
      return skipped;
    }

    /** The channel belongs to the reader. */
    @Override
    public void close() {}
  }
}
