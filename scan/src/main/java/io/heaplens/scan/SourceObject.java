package io.heaplens.scan;

/**
 * One object under the scanned source.
 *
 * @param key its path under the source (folder or prefix), with {@code /} separators
 * @param bytes its size
 * @param version what identifies this version of it: {@code etag:<ETag>} on S3, {@code
 *     mtime:<epoch millis>} for files; with the size, a change means analyze again
 */
public record SourceObject(String key, long bytes, String version) {
  private static final String[] KNOWN_SUFFIXES = {".hprof.gz", ".hprof", ".jfr.gz", ".jfr"};

  /**
   * The key without its dump or recording suffix: {@code app-7} for {@code app-7.hprof}, {@code
   * app-7.hprof.gz} and {@code app-7.jfr}. A dump and a recording of the same stem are analyzed
   * together, and shards are chosen by stem so that they stay together.
   */
  public String stem() {
    for (String suffix : KNOWN_SUFFIXES) {
      if (key.length() > suffix.length() && key.regionMatches(true, key.length() - suffix.length(), suffix, 0,
          suffix.length())) {
        return key.substring(0, key.length() - suffix.length());
      }
    }
    return key;
  }
}
