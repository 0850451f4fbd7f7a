package io.heaplens.html;

import static io.heaplens.html.Model.map;

import io.heaplens.analysis.RecordingSummary.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The geometry of a chart over a recording's time, in SVG user units (meant to be drawn about one
 * unit to the pixel, so that labels keep their size): x is the time since the recording started, y
 * a value from 0 up to a round maximum; both axes get a few round ticks with labels.
 */
final class TimeChart {
  /** Room left of the plot for the value labels. */
  static final int LEFT = 72;
  /** Room right of the plot, so the last time label is not cut. */
  static final int RIGHT = 18;
  /** Room above the plot for the top label. */
  static final int TOP = 10;
  /** Room below the plot for the time labels. */
  static final int BOTTOM = 24;
  /** Steps up the value axis, at most. */
  private static final int VALUE_TICKS = 4;
  /** Steps along the time axis, at most. */
  private static final int TIME_TICKS = 8;
  private static final String[] BYTE_UNITS = {"B", "KB", "MB", "GB", "TB"};
  /** Round steps of the time axis, in milliseconds. */
  private static final long[] TIME_STEPS = {
      1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
      3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000, 172_800_000, 604_800_000};

  /** What the values are, for the value axis' labels. */
  enum Unit {
    /** Bytes, labelled in the unit of the maximum: 0, 128 MB, 256 MB. */
    BYTES,
    /** Counts: 0, 500, 1,000. */
    COUNT,
    /** Milliseconds, fractions allowed: 0, 2.5 ms, 5 ms. */
    MILLIS
  }

  private final long durationMillis;
  private final int width;
  private final int height;
  private final Unit unit;
  /** The unit of the value labels: 1, or a power of 1024 for bytes. */
  private final double scale;
  private final double step;
  private final double top;

  /**
   * @param width the chart's width
   * @param height the chart's height
   * @param durationMillis the time the x axis spans, from 0
   * @param maxValue the largest value to show
   * @param unit what the values are
   */
  TimeChart(int width, int height, long durationMillis, double maxValue, Unit unit) {
    this.durationMillis = Math.max(1, durationMillis);
    this.width = width;
    this.height = height;
    this.unit = unit;
    double max = Math.max(maxValue, unit == Unit.MILLIS ? 0.1 : 1);
    this.scale = unit == Unit.BYTES ? byteUnit(max) : 1;
    this.step = valueStep(max / scale, unit) * scale;
    this.top = Math.max(1, Math.ceil(Math.max(maxValue, 0) / step - 1e-9)) * step;
  }

  /** The value at the top of the plot: the maximum rounded up to a tick. */
  double top() {
    return top;
  }

  /** The x of a time, clamped to the plot. */
  double x(long millis) {
    double share = Math.min(1, Math.max(0, millis / (double) durationMillis));
    return LEFT + share * plotWidth();
  }

  /** The y of a value, clamped to the plot. */
  double y(double value) {
    double share = Math.min(1, Math.max(0, value / top));
    return bottom() - share * plotHeight();
  }

  double bottom() {
    return height - BOTTOM;
  }

  double plotWidth() {
    return width - LEFT - RIGHT;
  }

  double plotHeight() {
    return height - TOP - BOTTOM;
  }

  /** An SVG path through the points, in time order. */
  String path(List<Point> points) {
    StringBuilder path = new StringBuilder(points.size() * 14);
    for (Point point : points) {
      path.append(path.length() == 0 ? 'M' : 'L').append(Chart.round(x(point.millis()))).append(' ')
          .append(Chart.round(y(point.value())));
    }
    return path.toString();
  }

  /** An SVG path of the points as steps: each value holds until the next point. */
  String steps(List<Point> points) {
    StringBuilder path = new StringBuilder(points.size() * 24);
    String previousY = null;
    for (Point point : points) {
      String x = Chart.round(x(point.millis()));
      String y = Chart.round(y(point.value()));
      if (previousY == null) {
        path.append('M').append(x).append(' ').append(y);
      } else {
        path.append('L').append(x).append(' ').append(previousY).append('L').append(x).append(' ').append(y);
      }
      previousY = y;
    }
    return path.toString();
  }

  /**
   * The frame the template draws: {@code width}, {@code height}, the plot's {@code left}, {@code
   * right}, {@code top}, {@code bottom}, where labels go ({@code labelX} for values, {@code labelY}
   * for times, {@code tickY} where time ticks end), {@code xTicks} and {@code yTicks} (each {@code
   * at} and {@code label}) and the time axis' {@code timeUnit}.
   */
  Map<String, Object> frame() {
    List<Map<String, Object>> yTicks = new ArrayList<>();
    for (int i = 0; i * step <= top + step / 1000; i++) {
      yTicks.add(map("at", Chart.round(y(i * step)), "label", valueLabel(i * step)));
    }
    long timeStep = timeStep(durationMillis);
    List<Map<String, Object>> xTicks = new ArrayList<>();
    for (long millis = 0; millis <= durationMillis; millis += timeStep) {
      xTicks.add(map("at", Chart.round(x(millis)), "label", Text.clock(millis)));
    }
    return map("width", width, "height", height, "left", LEFT, "right", width - RIGHT,
        "top", TOP, "bottom", Chart.round(bottom()), "labelX", LEFT - 6, "labelY", Chart.round(bottom() + 17), "tickY", Chart.round(bottom() + 4),
        "xTicks", xTicks, "yTicks", yTicks,
        "timeUnit", durationMillis < 3_600_000 ? "min:s" : "h:min:s");
  }

  private static long timeStep(long durationMillis) {
    for (long step : TIME_STEPS) {
      if (durationMillis / step <= TIME_TICKS) {
        return step;
      }
    }
    long weeks = TIME_STEPS[TIME_STEPS.length - 1];
    return (durationMillis / TIME_TICKS / weeks + 1) * weeks;
  }

  /** A round step (1, 2, 2.5 or 5 times a power of ten) giving at most a few ticks up to {@code max}. */
  private static double valueStep(double max, Unit unit) {
    double raw = max / VALUE_TICKS;
    double power = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = power * 10;
    for (double multiple : new double[] {1, 2, 2.5, 5}) {
      if (power * multiple >= raw) {
        step = power * multiple;
        break;
      }
    }
    if (unit == Unit.COUNT) {
      step = Math.max(1, Math.round(step));
    }
    return step;
  }

  /** 1024 to the power that keeps {@code max} at or above 1 in that unit. */
  private static double byteUnit(double max) {
    double unit = 1;
    while (max / unit >= 1024 && unit < 1L << 40) {
      unit *= 1024;
    }
    return unit;
  }

  private String valueLabel(double value) {
    if (value == 0) {
      return "0";
    }
    return switch (unit) {
      case BYTES -> plain(value / scale) + " " + BYTE_UNITS[(int) Math.round(Math.log(scale) / Math.log(1024))];
      case COUNT -> Text.count(Math.round(value));
      case MILLIS -> plain(value) + " ms";
    };
  }

  /** 12, 2.5, 0.25: no trailing zeros. */
  private static String plain(double value) {
    String text = String.format(Locale.ROOT, "%.2f", value);
    return text.replaceAll("\\.?0+$", "");
  }
}
