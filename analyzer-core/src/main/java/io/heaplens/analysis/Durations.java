package io.heaplens.analysis;

import java.util.Locale;

/** Formats durations for people: 850 ms, 12.3 s, 3 min 20 s, 2 h 05 min. */
public final class Durations {
  private Durations() {}

  public static String format(long millis) {
    if (millis < 1_000) {
      return millis + " ms";
    }
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    long seconds = millis / 1000;
    if (seconds < 3_600) {
      return seconds / 60 + " min " + seconds % 60 + " s";
    }
    return String.format(Locale.ROOT, "%d h %02d min", seconds / 3_600, seconds / 60 % 60);
  }
}
