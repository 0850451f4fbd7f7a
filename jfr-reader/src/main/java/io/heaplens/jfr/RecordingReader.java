package io.heaplens.jfr;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads flight recordings (.jfr, plain or gzip-wrapped, one or many chunks).
 *
 * <p>Chunks are parsed with JDK Mission Control's parser, one per core (at most two at once).
 * As they are parsed, the bulk of the events is counted and summed into the views and dropped;
 * only the event types the views and the chosen JMC rules read are kept as items, so memory is
 * bounded by those, not by the recording's size.
 */
public final class RecordingReader {
  /**
   * JMC reports through java.util.logging, by default to the console; heaplens puts what went
   * wrong in the recording's warnings instead. Held here so that the setting is not lost with a
   * collected logger.
   */
  private static final Logger JMC_LOGGER = Logger.getLogger("org.openjdk.jmc");

  static {
    JMC_LOGGER.setLevel(Level.OFF);
  }

  private RecordingReader() {}

  /** Whether the file starts like a flight recording (the chunk magic, or gzip around it). */
  public static boolean isRecording(Path file) throws IOException {
    return RecordingSource.isRecording(file);
  }

  /**
   * Loads the recording and computes its views.
   *
   * @throws RecordingFormatException not a recording, or truncated/corrupt beyond what {@code
   *     options.lenient()} accepts
   * @throws IOException the file cannot be read
   */
  public static Recording read(Path file, RecordingOptions options) throws IOException, RecordingFormatException {
    try (RecordingSource source = RecordingSource.open(file, options.lenient())) {
      String name = source.decompressed() ? file + " (decompressed)" : file.toString();
      if (source.size() == 0) {
        throw new RecordingFormatException(file + " is gzip-compressed but holds no data: the recording was not"
            + " written into it; compress the .jfr file again");
      }
      List<String> warnings = new ArrayList<>(source.warnings());
      ChunkLayout layout = ChunkLayout.scan(source.channel(), source.size(), name, options.lenient());
      warnings.addAll(layout.warnings());
      // What of the file was lost, as opposed to notes on how it was read (a repeated chunk, a slow JMC rule).
      List<String> unread = new ArrayList<>(source.warnings());
      unread.addAll(layout.unread());
      JmcRuleRunner jmcRules = JmcRuleRunner.of(options.jmcRules());
      List<ChunkSpan> chunks = layout.chunks();
      EventTriage triage;
      ChunkLoader loader;
      while (true) {
        triage = new EventTriage(type -> RecordingViews.ITEM_TYPES.contains(type) || jmcRules.readsItemsOf(type));
        loader = new ChunkLoader(source.channel(), triage);
        Map<ChunkSpan, CorruptChunkException> corrupt = loadChunks(loader, chunks);
        if (corrupt.isEmpty()) {
          break;
        }
        if (!options.lenient()) {
          CorruptChunkException first = corrupt.values().iterator().next();
          throw new RecordingFormatException(
              name + ": " + first.getMessage() + "; rerun with --lenient to analyze the other chunks", first);
        }
        corrupt.values().forEach(e -> warnings.add(e.getMessage() + "; left it out"));
        corrupt.values().forEach(e -> unread.add(e.getMessage() + "; left it out"));
        // A chunk that failed halfway has passed some of its events on: read the others again without it.
        chunks = chunks.stream().filter(chunk -> !corrupt.containsKey(chunk)).toList();
        if (chunks.isEmpty()) {
          throw new RecordingFormatException(name + ": none of its chunks could be parsed ("
              + String.join("; ", warnings) + ")");
        }
      }
      LoadedEvents events;
      try {
        events = new LoadedEvents(loader.events());
      } catch (CorruptChunkException e) {
        throw new RecordingFormatException(name + ": " + e.getMessage() + "; the recording is corrupt", e);
      }
      RecordingViews views = RecordingViews.of(events.collection(), triage, chunks.size());
      List<JmcRuleResult> jmcResults = jmcRules.run(events, options.jmcRuleBudget(), warnings);
      return views.toRecording(jmcResults, warnings, unread);
    }
  }

  /**
   * Parses the chunks on up to two daemon threads (one per core) into the loader.
   *
   * @return the chunks that could not be parsed, in file order, and why
   */
  private static Map<ChunkSpan, CorruptChunkException> loadChunks(ChunkLoader loader, List<ChunkSpan> chunks)
      throws IOException {
    int parallel = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(parallel, task -> {
      Thread thread = new Thread(task, "heaplens-jfr-chunk-" + threadNumber.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    Map<ChunkSpan, CorruptChunkException> corrupt = new LinkedHashMap<>();
    try {
      Map<ChunkSpan, Future<?>> loads = new LinkedHashMap<>();
      for (ChunkSpan chunk : chunks) {
        loads.put(chunk, executor.submit(() -> {
          loader.load(chunk);
          return null;
        }));
      }
      for (Map.Entry<ChunkSpan, Future<?>> load : loads.entrySet()) {
        try {
          await(load.getValue());
        } catch (CorruptChunkException e) {
          corrupt.put(load.getKey(), e);
        }
      }
    } finally {
      executor.shutdownNow();
    }
    return corrupt;
  }

  private static void await(Future<?> load) throws IOException, CorruptChunkException {
    try {
      load.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading the recording", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof CorruptChunkException corrupt) {
        throw corrupt;
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("reading a chunk failed", cause);
    }
  }
}
