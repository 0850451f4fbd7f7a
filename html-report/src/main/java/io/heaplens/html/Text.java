package io.heaplens.html;

import io.heaplens.analysis.Bytes;
import java.util.Locale;

/**
 * Turns untrusted text from a dump into text fit for the page, and numbers into what people read.
 *
 * <p>HTML escaping is not done here: the templates auto-escape every value (Freemarker's HTML
 * output format). This class handles what escaping cannot: length (a class name or a string can be
 * megabytes long, and the report has a size bound), characters that HTML cannot show or that
 * mislead (control characters, bidirectional overrides that reorder what is displayed, line
 * separators), and lone UTF-16 surrogates, which no encoder can write as UTF-8.
 */
final class Text {
  /** Class, thread and rule names. */
  static final int NAME = 240;
  /** One line: a stack frame, a reference's description, a fact's value. */
  static final int LINE = 400;
  /** A claim. */
  static final int SENTENCE = 1_200;
  /** An explanation or a recommendation. */
  static final int PARAGRAPH = 4_000;

  private Text() {}

  /**
   * {@code text} made safe to show on one line and cut to {@code maxCodePoints}; null for null.
   * Control, bidirectional-formatting and line-separator characters are shown as {@code \\uXXXX}.
   */
  static String line(String text, int maxCodePoints) {
    return clean(text, maxCodePoints, false);
  }

  /** Like {@link #line}, but line breaks and tabs are kept: explanations have paragraphs. */
  static String paragraph(String text, int maxCodePoints) {
    return clean(text, maxCodePoints, true);
  }

  private static String clean(String text, int maxCodePoints, boolean keepLineBreaks) {
    if (text == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), maxCodePoints + 8) + 16);
    int shown = 0;
    int i = 0;
    while (i < text.length()) {
      if (shown == maxCodePoints) {
        int rest = text.codePointCount(i, text.length());
        out.append("\u2026 (").append(count(rest)).append(rest == 1 ? " more character)" : " more characters)");
        break;
      }
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append(c).append(text.charAt(i + 1));
        i += 2;
      } else {
        if (Character.isSurrogate(c)) {
          out.append('\uFFFD');
        } else if ((c == '\n' || c == '\t') && keepLineBreaks) {
          out.append(c);
        } else if (c == '\r' && keepLineBreaks) {
          // dropped: \r\n is one line break
        } else if (misleading(c)) {
          out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
        } else {
          out.append(c);
        }
        i++;
      }
      shown++;
    }
    return out.toString();
  }

  /**
   * Characters shown escaped: ISO controls, and the bidirectional embeddings, overrides and
   * isolates that can make a name read as another ("Trojan Source"), and U+2028/U+2029.
   */
  private static boolean misleading(char c) {
    return Character.isISOControl(c)
        || (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2066' && c <= '\u2069')
        || c == '\u200E' || c == '\u200F' || c == '\u061C'
        || c == '\u2028' || c == '\u2029';
  }

  /**
   * The end of a long class name, for places with little room (chart labels): the simple name and
   * inner classes matter more than the package.
   */
  static String tail(String text, int maxChars) {
    if (text == null || text.length() <= maxChars) {
      return text;
    }
    int start = text.length() - (maxChars - 1);
    if (Character.isLowSurrogate(text.charAt(start))) {
      start++;
    }
    return "\u2026" + text.substring(start);
  }

  /** 1,843 */
  static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  /** 412.0 MB */
  static String bytes(long value) {
    return Bytes.format(value);
  }

  /** 123,456,789 bytes, for tooltips. */
  static String exactBytes(long value) {
    return count(value) + (value == 1 ? " byte" : " bytes");
  }

  /** 61.2% */
  static String percent(double value) {
    return String.format(Locale.ROOT, "%.1f%%", value);
  }

  /** The share {@code part / whole} in percent, 0 when whole is 0. */
  static double share(long part, long whole) {
    return whole <= 0 ? 0 : part * 100.0 / whole;
  }

  /** 0x7f3a1c20 */
  static String objectId(long id) {
    return "0x" + Long.toHexString(id);
  }

  /** A rough duration for forecasts: 40 s, 14 min, 3 h, 12 days. */
  static String roughDuration(double seconds) {
    if (seconds < 90) {
      return Math.round(seconds) + " s";
    }
    if (seconds < 90 * 60) {
      return Math.round(seconds / 60) + " min";
    }
    if (seconds < 48 * 3_600) {
      return Math.round(seconds / 3_600) + " h";
    }
    return count(Math.round(seconds / 86_400)) + " days";
  }

  /** A time since the recording started, as a clock reads: 0:00, 12:30, 1:05:00. */
  static String clock(long millis) {
    long seconds = Math.max(0, millis) / 1000;
    if (seconds < 3_600) {
      return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3_600, seconds / 60 % 60, seconds % 60);
  }

  /** 850 µs, 23.4 ms, 1.25 s: a GC pause. */
  static String pause(long micros) {
    if (micros < 1_000) {
      return micros + " \u00b5s";
    }
    if (micros < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }
    return String.format(Locale.ROOT, "%.2f s", micros / 1e6);
  }

  /** "1 thread", "2 threads" */
  static String plural(long n, String one, String many) {
    return count(n) + " " + (n == 1 ? one : many);
  }
}
