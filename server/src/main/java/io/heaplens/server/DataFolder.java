package io.heaplens.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The layout of the data folder (see the package description). Every path in it is made here from
 * an analysis id the server generated and checked ({@link #isAnalysisId}) and fixed file names;
 * no name that came with an upload is ever part of a path.
 */
final class DataFolder {
  /** The stored name of an uploaded heap dump: fixed, whatever the upload called it. */
  static final String HEAP_DUMP = "heap-dump.hprof";
  /** The stored name of an uploaded recording. */
  static final String RECORDING = "recording.jfr";
  private static final Pattern ANALYSIS_ID = Pattern.compile("[0-9a-f]{20}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path root;

  DataFolder(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** Creates the folders, and removes what a server killed mid-upload left behind. */
  void prepare(Set<String> knownAnalyses) throws IOException {
    Files.createDirectories(uploads());
    Files.createDirectories(analyses());
    try (DirectoryStream<Path> partials = Files.newDirectoryStream(uploads())) {
      for (Path partial : partials) {
        deleteRecursively(partial);
      }
    }
    // An upload is moved into its folder before its history row is written: a folder without a
    // row is an upload that never completed.
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(analyses())) {
      for (Path folder : folders) {
        if (!knownAnalyses.contains(folder.getFileName().toString())) {
          deleteRecursively(folder);
        }
      }
    }
  }

  Path root() {
    return root;
  }

  Path database() {
    return root.resolve("heaplens.db");
  }

  Path tokenHash() {
    return root.resolve("token.sha256");
  }

  Path uploads() {
    return root.resolve("uploads");
  }

  Path analyses() {
    return root.resolve("analyses");
  }

  /** A new analysis id: 80 random bits in hex, so ids cannot be guessed from one another. */
  static String newAnalysisId() {
    byte[] bytes = new byte[10];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  static boolean isAnalysisId(String text) {
    return text != null && ANALYSIS_ID.matcher(text).matches();
  }

  /** The folder of an analysis. */
  Path analysis(String id) {
    if (!isAnalysisId(id)) {
      throw new IllegalArgumentException("not an analysis id: " + id);
    }
    return analyses().resolve(id);
  }

  /** Where the child analysis keeps its index and decompressed copies; removed when it ends. */
  Path work(String id) {
    return analysis(id).resolve("work");
  }

  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> files = Files.walk(path)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
