package io.heaplens.html;

import java.util.Locale;

/** The geometry of the report's inline SVG charts, in SVG user units. */
final class Chart {
  /** Width of every chart. */
  static final int WIDTH = 760;
  /** Where bars start; labels end left of it. */
  static final int BAR_X = 300;
  /** The longest bar; room for the value is left after it. */
  static final int BAR_WIDTH = 360;
  /** Height of one bar with its spacing. */
  static final int ROW_HEIGHT = 24;
  /** Characters of a class name that fit left of the bars (its end is shown). */
  static final int LABEL_CHARS = 44;
  /** Dominators shown as their own segment of the heap bar. */
  static final int SHARE_SEGMENTS = 6;

  private Chart() {}

  /** A coordinate with one decimal, as SVG reads it. */
  static String round(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
