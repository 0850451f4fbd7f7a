package io.heaplens.server;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as people write them ({@code 32g}, {@code 512m}) and read them ({@code 32 GB}). */
public final class Sizes {
  private static final Pattern SIZE = Pattern.compile("([0-9]+)\\s*([kmgt]?)b?");

  private Sizes() {}

  /**
   * Parses a size in bytes, with an optional unit k, m, g or t (powers of 1024).
   *
   * @throws IllegalArgumentException with a one-line message when it is not a size
   */
  public static long parse(String text) {
    Matcher matcher = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a size; give a number with k, m, g or t, for example 32g");
    }
    int shift = switch (matcher.group(2)) {
      case "k" -> 10;
      case "m" -> 20;
      case "g" -> 30;
      case "t" -> 40;
      default -> 0;
    };
    try {
      long number = Long.parseLong(matcher.group(1));
      if (number > (Long.MAX_VALUE >> shift)) {
        throw new NumberFormatException();
      }
      return number << shift;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is too large a size");
    }
  }

  /** A size in the largest unit that keeps it at least 1, with one decimal ({@code 1.5 GB}). */
  public static String format(long bytes) {
    String[] units = {"bytes", "KB", "MB", "GB", "TB"};
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
