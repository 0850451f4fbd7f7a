package io.heaplens.jfr;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the live set (heap in use after GC) grows: a least-squares line through the lowest
 * after-GC value of each of up to {@link #WINDOWS} equal time windows. Young collections leave
 * garbage that the next old collection frees; the window minima follow what really stays alive.
 *
 * @param windows the windows' minima the line was fitted to, in time order
 * @param bytesPerSecond the line's slope; 0 when there are fewer than {@link #MIN_WINDOWS} minima
 * @param rSquared how well the line fits, 0-1 (1: every minimum on the line)
 * @param firstBytes the first window's minimum, or 0 when there is none
 * @param lastBytes the last window's minimum, or 0 when there is none
 * @param maxHeapBytes the maximum heap, or -1 when unknown
 * @param lineTime with {@code lineBytes}, a point the fitted line passes through (the minima's
 *     mean), so that with the slope it can be drawn; the first minimum's time when not fitted, or
 *     null without minima
 * @param lineBytes the fitted line's value at {@code lineTime}
 */
public record LiveSetTrend(
    List<HeapAfterGc> windows, double bytesPerSecond, double rSquared, long firstBytes, long lastBytes,
    long maxHeapBytes, Instant lineTime, double lineBytes) {

  /** The most windows the time range is divided into. */
  public static final int WINDOWS = 20;
  /** The fewest minima a slope is computed from. */
  public static final int MIN_WINDOWS = 4;

  public LiveSetTrend {
    windows = List.copyOf(windows);
  }

  /** The trend of these after-GC values. */
  public static LiveSetTrend of(List<HeapAfterGc> heapAfterGc, long maxHeapBytes) {
    List<HeapAfterGc> minima = windowMinima(heapAfterGc);
    if (minima.isEmpty()) {
      return new LiveSetTrend(minima, 0, 0, 0, 0, maxHeapBytes, null, 0);
    }
    long first = minima.get(0).usedBytes();
    long last = minima.get(minima.size() - 1).usedBytes();
    if (minima.size() < MIN_WINDOWS) {
      return new LiveSetTrend(minima, 0, 0, first, last, maxHeapBytes, minima.get(0).time(), first);
    }
    Instant origin = minima.get(0).time();
    int n = minima.size();
    double sumX = 0;
    double sumY = 0;
    for (HeapAfterGc point : minima) {
      sumX += seconds(origin, point.time());
      sumY += point.usedBytes();
    }
    double meanX = sumX / n;
    double meanY = sumY / n;
    double sxx = 0;
    double sxy = 0;
    double syy = 0;
    for (HeapAfterGc point : minima) {
      double dx = seconds(origin, point.time()) - meanX;
      double dy = point.usedBytes() - meanY;
      sxx += dx * dx;
      sxy += dx * dy;
      syy += dy * dy;
    }
    double slope = sxx == 0 ? 0 : sxy / sxx;
    double r2 = sxx == 0 || syy == 0 ? 0 : (sxy * sxy) / (sxx * syy);
    Instant lineTime = origin.plusNanos((long) (meanX * 1e9));
    return new LiveSetTrend(minima, slope, r2, first, last, maxHeapBytes, lineTime, meanY);
  }

  /**
   * When the live set, growing as fitted, would fill the maximum heap, counted from the last
   * window; empty when it does not grow, the fit is poor (r² below 0.5) or the maximum is unknown.
   */
  public Optional<Duration> timeToExhaustion() {
    if (bytesPerSecond <= 0 || rSquared < 0.5 || maxHeapBytes <= 0 || lastBytes >= maxHeapBytes) {
      return Optional.empty();
    }
    double seconds = (maxHeapBytes - lastBytes) / bytesPerSecond;
    return Optional.of(Duration.ofMillis((long) Math.min(seconds * 1000, Long.MAX_VALUE / 2)));
  }

  private static List<HeapAfterGc> windowMinima(List<HeapAfterGc> points) {
    List<HeapAfterGc> minima = new ArrayList<>();
    if (points.isEmpty()) {
      return minima;
    }
    Instant start = points.get(0).time();
    double span = Math.max(seconds(start, points.get(points.size() - 1).time()), 1e-9);
    HeapAfterGc lowest = null;
    int window = 0;
    for (HeapAfterGc point : points) {
      int at = (int) Math.min(WINDOWS - 1, seconds(start, point.time()) / span * WINDOWS);
      if (at != window && lowest != null) {
        minima.add(lowest);
        lowest = null;
      }
      window = at;
      if (lowest == null || point.usedBytes() < lowest.usedBytes()) {
        lowest = point;
      }
    }
    minima.add(lowest);
    return minima;
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e9;
  }
}
