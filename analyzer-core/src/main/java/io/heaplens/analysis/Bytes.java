package io.heaplens.analysis;

import java.util.Locale;

/** Formats byte counts for people: 1023 B, 1.5 KB, 412.0 MB, 3.2 GB (powers of 1024). */
public final class Bytes {
  private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB"};

  private Bytes() {}

  public static String format(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }
}
