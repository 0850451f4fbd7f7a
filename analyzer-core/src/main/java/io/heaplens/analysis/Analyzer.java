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
import io.heaplens.hprof.ProgressListener;
import io.heaplens.hprof.ReadOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The analysis of one input set: indexes the heap dump, summarizes it, runs the rules on it and
 * returns the {@link AnalysisReport}. Entry points (command line, server) only wire this up and
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

  /**
   * @param engine the rules to run
   * @param config their thresholds, as {@link RuleEngine#loadConfig} read them (or {@link
   *     RuleConfig#none()})
   * @param heaplensVersion recorded in the report
   */
  public Analyzer(RuleEngine engine, RuleConfig config, String heaplensVersion) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.config = Objects.requireNonNull(config, "config");
    this.heaplensVersion = Objects.requireNonNull(heaplensVersion, "heaplensVersion");
  }

  /**
   * Analyzes a heap dump. Progress goes to {@code options.progress()}: the reader's phases, then
   * "rules" (one unit per rule) and "checksum" (bytes).
   *
   * @throws HprofFormatException the dump is not HPROF, truncated (unless lenient) or corrupt
   * @throws IOException the dump cannot be read
   */
  public AnalysisReport analyze(Path heapDump, ReadOptions options) throws IOException, HprofFormatException {
    Instant startedAt = Instant.now();
    long start = System.nanoTime();
    HeapSummary summary;
    RuleResults results;
    try (HeapGraph graph = HprofReader.open(heapDump, options)) {
      summary = HeapSummarizer.summarize(graph, heapDump.toString());
      results = engine.run(new RuleContext(graph, config.overrides()), options.progress());
    }
    long bytes = Files.size(heapDump);
    String sha256 = bytes <= CHECKSUM_MAX_BYTES ? sha256(heapDump, bytes, options.progress()) : null;
    long wallTimeMillis = (System.nanoTime() - start) / 1_000_000;
    Facts facts = new Facts(heaplensVersion, startedAt, wallTimeMillis,
        List.of(new InputFile(InputFile.HEAP_DUMP, heapDump.toString(), bytes, sha256)));
    return new AnalysisReport(facts, summary, results.findings(), results.errors(), results.runs());
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
