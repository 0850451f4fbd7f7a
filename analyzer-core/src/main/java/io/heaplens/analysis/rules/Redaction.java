package io.heaplens.analysis.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What {@code --redact} puts in place of text from the dump or the recording (string values,
 * error messages, JVM arguments), for reports that leave the team: its length and a short hash, so
 * that equal values still look equal and a reader can tell values apart, but not read them. The
 * hash is 32 bits of SHA-256: enough to match a value one already knows, too short to be a useful
 * index of candidate secrets.
 */
public final class Redaction {
  private Redaction() {}

  /** {@code [redacted: 24 chars, #1a2b3c4d]}, or null for null. */
  public static String of(String text) {
    return text == null ? null : of(text, text.length());
  }

  /**
   * As {@link #of(String)} for a value of which only a part was read: {@code length} is the whole
   * value's, the hash is of the part read.
   */
  public static String of(String text, long length) {
    if (text == null) {
      return null;
    }
    return "[redacted: " + length + (length == 1 ? " char" : " chars") + ", #" + shortHash(text) + "]";
  }

  private static String shortHash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
