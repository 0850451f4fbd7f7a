package io.heaplens.batch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns a source key (an S3 key, a relative file path, an uploaded file name: untrusted text) into
 * the key of its result: a relative path of safe segments that can name a folder or an S3 prefix
 * and be put in a link. Letters, digits, {@code . _ -} are kept, anything else becomes {@code _};
 * no segment is empty or starts with a dot (so no {@code ..}, and nothing collides with the
 * store's own {@code .heaplens/} folder). When anything had to change, a short hash of the
 * original key is appended, so two keys that differ only in unsafe characters stay apart.
 */
public final class ResultKeys {
  private static final int MAX_SEGMENT = 100;

  private ResultKeys() {}

  /** The result key of a source key. */
  public static String of(String sourceKey) {
    List<String> segments = new ArrayList<>();
    for (String part : sourceKey.split("[/\\\\]")) {
      if (part.isEmpty()) {
        continue;
      }
      StringBuilder safe = new StringBuilder(part.length());
      for (int i = 0; i < part.length() && safe.length() < MAX_SEGMENT; i++) {
        char c = part.charAt(i);
        boolean allowed = c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-');
        safe.append(allowed ? c : '_');
      }
      if (safe.charAt(0) == '.') {
        safe.setCharAt(0, '_');
      }
      segments.add(safe.toString());
    }
    if (segments.isEmpty()) {
      segments.add("_");
    }
    String key = String.join("/", segments);
    if (!key.equals(sourceKey)) {
      int last = segments.size() - 1;
      segments.set(last, segments.get(last) + "-" + shortHash(sourceKey));
      key = String.join("/", segments);
    }
    return key;
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
