package io.heaplens.analysis;

import io.heaplens.analysis.AnalysisReport.Facts;
import io.heaplens.analysis.AnalysisReport.InputFile;
import io.heaplens.analysis.rules.RuleConfig;
import io.heaplens.analysis.rules.RuleContext;
import io.heaplens.analysis.rules.RuleEngine;
import io.heaplens.analysis.rules.RuleResults;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.hprof.HprofFormatException;
import io.heaplens.hprof.HprofReader;
import io.heaplens.hprof.IndexCache;
import io.heaplens.hprof.ProgressListener;
import io.heaplens.hprof.ReadOptions;
import io.heaplens.jfr.Recording;
import io.heaplens.jfr.RecordingFormatException;
import io.heaplens.jfr.RecordingOptions;
import io.heaplens.jfr.RecordingReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The analysis of one input set: loads the recording, indexes the heap dump, summarizes both, runs
 * the rules on them and returns the {@link AnalysisReport}. Entry points (command line, server) only wire this up and
 * render the report.
 */
public final class Analyzer {
  /**
   * Files up to this size get a SHA-256 in the report (a few seconds at most); larger ones do not,
   * as hashing them would add noticeably to the analysis.
   */
  public static final long CHECKSUM_MAX_BYTES = 2L << 30;

  private final RuleEngine engine;
  private final RuleConfig config;
  private final String heaplensVersion;
  private final boolean redact;

  /**
   * @param engine the rules to run
   * @param config their thresholds, as {@link RuleEngine#loadConfig} read them (or {@link
   *     RuleConfig#none()})
   * @param heaplensVersion recorded in the report
   */
  public Analyzer(RuleEngine engine, RuleConfig config, String heaplensVersion) {
    this(engine, config, heaplensVersion, false);
  }

  /**
   * @param redact whether the report replaces text from the dump and the recording (string values,
   *     error messages, JVM arguments) with its length and a short hash ({@code --redact}); class,
   *     method and thread names stay
   */
  public Analyzer(RuleEngine engine, RuleConfig config, String heaplensVersion, boolean redact) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.config = Objects.requireNonNull(config, "config");
    this.heaplensVersion = Objects.requireNonNull(heaplensVersion, "heaplensVersion");
    this.redact = redact;
  }

  /**
   * Analyzes a heap dump, a recording, or both. Progress goes to {@code heapOptions.progress()}:
   * the reader's phases, "recording" (one unit), then "rules" (one unit per rule) and "checksum"
   * (bytes).
   *
   * @throws HprofFormatException the dump is not HPROF, truncated (unless lenient) or corrupt
   * @throws RecordingFormatException the recording is not JFR, truncated (unless lenient) or corrupt
   * @throws IOException an input cannot be read
   */
  public AnalysisReport analyze(Inputs inputs, ReadOptions heapOptions, RecordingOptions recordingOptions)
      throws IOException, HprofFormatException, RecordingFormatException {
    Instant startedAt = Instant.now();
    long start = System.nanoTime();
    ProgressListener progress = heapOptions.progress();
    Recording recording = null;
    RecordingSummary recordingSummary = null;
    if (inputs.recording() != null) {
      progress.progress("recording", 0, 1);
      recording = RecordingReader.read(inputs.recording(), recordingOptions);
      recordingSummary = RecordingSummarizer.summarize(recording, inputs.recording().toString(),
          Files.size(inputs.recording()));
      if (redact) {
        recordingSummary = RecordingRedaction.redact(recordingSummary);
      }
      progress.progress("recording", 1, 1);
    }
    HeapSummary heapSummary = null;
    RuleResults results;
    if (inputs.heapDump() != null) {
      try (HeapGraph graph = HprofReader.open(inputs.heapDump(), heapOptions)) {
        heapSummary = HeapSummarizer.summarize(graph, inputs.heapDump().toString());
        results = engine.run(new RuleContext(graph, recording, config.overrides(), redact), progress);
      }
    } else {
      results = engine.run(new RuleContext(null, recording, config.overrides(), redact), progress);
    }
    List<InputFile> files = new ArrayList<>();
    if (inputs.heapDump() != null) {
      files.add(heapDumpFile(inputs.heapDump(), heapOptions.indexCache(), progress));
    }
    if (inputs.recording() != null) {
      files.add(inputFile(InputFile.RECORDING, inputs.recording(), progress));
    }
    long wallTimeMillis = (System.nanoTime() - start) / 1_000_000;
    Facts facts = new Facts(heaplensVersion, startedAt, wallTimeMillis, files);
    return new AnalysisReport(facts, heapSummary, recordingSummary, results.findings(), results.errors(),
        results.runs());
  }

  /**
   * The dump as an input file, its SHA-256 remembered by the index cache when it holds the dump's
   * index: computing it takes seconds on a large dump, more than the rest of an analysis from a kept
   * index.
   */
  private static InputFile heapDumpFile(Path file, IndexCache cache, ProgressListener progress)
      throws IOException {
    long bytes = Files.size(file);
    if (bytes > CHECKSUM_MAX_BYTES) {
      return new InputFile(InputFile.HEAP_DUMP, file.toString(), bytes, null);
    }
    String sha256 = cache.rememberedSha256(file);
    if (sha256 == null) {
      sha256 = sha256(file, bytes, progress);
      rememberSha256(cache, file, sha256);
    }
    return new InputFile(InputFile.HEAP_DUMP, file.toString(), bytes, sha256);
  }

  /** Remembers a digest; failing to only costs the next analysis the time to compute it again. */
  private static void rememberSha256(IndexCache cache, Path file, String sha256) {
    try {
      cache.rememberSha256(file, sha256);
    } catch (IOException e) {
      // The report is complete without it; the next analysis of the dump computes it again.
    }
  }

  private static InputFile inputFile(String kind, Path file, ProgressListener progress) throws IOException {
    long bytes = Files.size(file);
    String sha256 = bytes <= CHECKSUM_MAX_BYTES ? sha256(file, bytes, progress) : null;
    return new InputFile(kind, file.toString(), bytes, sha256);
  }

  /** The file's SHA-256 in lower-case hex, read in 1 MB blocks. */
  static String sha256(Path file, long bytes, ProgressListener progress) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    byte[] buffer = new byte[1 << 20];
    long done = 0;
    try (InputStream in = Files.newInputStream(file)) {
      for (int read; (read = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, read);
        done += read;
        progress.progress("checksum", done, bytes);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
