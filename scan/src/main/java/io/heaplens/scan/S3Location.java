package io.heaplens.scan;

import java.util.Locale;

/**
 * An {@code s3://bucket/prefix/} address. The prefix is empty or ends with {@code /}, so that
 * {@code s3://b/dumps} and {@code s3://b/dumps/} name the same folder and never {@code dumps-old/}.
 *
 * @param bucket the bucket
 * @param prefix the key prefix, empty or ending with {@code /}
 */
public record S3Location(String bucket, String prefix) {
  private static final String SCHEME = "s3://";

  /** Whether {@code text} is an S3 address rather than a local path. */
  public static boolean isS3(String text) {
    return text.toLowerCase(Locale.ROOT).startsWith(SCHEME);
  }

  /**
   * Parses {@code s3://bucket[/prefix]}.
   *
   * @throws IllegalArgumentException with a one-line message when there is no bucket
   */
  public static S3Location parse(String text) {
    String rest = text.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    if (bucket.isEmpty()) {
      throw new IllegalArgumentException("'" + text + "' names no bucket; write s3://bucket/prefix/");
    }
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix += "/";
    }
    return new S3Location(bucket, prefix);
  }

  /** The full key of {@code relativeKey} under the prefix. */
  public String key(String relativeKey) {
    return prefix + relativeKey;
  }

  @Override
  public String toString() {
    return SCHEME + bucket + "/" + prefix;
  }
}
