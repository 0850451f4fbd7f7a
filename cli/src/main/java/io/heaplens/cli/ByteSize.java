package io.heaplens.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as people write them on a command line: {@code 20g}, {@code 512m}, {@code 1.5G}, {@code 4096}. */
final class ByteSize {
  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)i?b?");

  private ByteSize() {}

  /**
   * Bytes in {@code text}: a number with an optional unit k, m, g or t (powers of 1024, with or
   * without a trailing b or ib).
   *
   * @throws IllegalArgumentException the text is not such a size
   */
  static long parse(String text) {
    Matcher matcher = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new IllegalArgumentException("not a size");
    }
    int shift = switch (matcher.group(2)) {
      case "k" -> 10;
      case "m" -> 20;
      case "g" -> 30;
      case "t" -> 40;
      default -> 0;
    };
    double bytes = Double.parseDouble(matcher.group(1)) * (1L << shift);
    if (bytes >= Long.MAX_VALUE) {
      throw new IllegalArgumentException("too large");
    }
    return (long) bytes;
  }
}
