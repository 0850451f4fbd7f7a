package io.heaplens.html;

/**
 * How many bytes of text from the dump one part of the report may still show, counted as they will
 * be written: HTML-escaped ({@code "} becomes six bytes) and in UTF-8. The caps of {@link Limits}
 * bound how many items a list shows and {@link Text} how long one string is; a budget bounds their
 * product, so that a dump whose every name is long and full of characters that escape long still
 * gives a report of a few megabytes. A list stops growing once its part's budget is spent and
 * counts the rest as not shown; ordinary dumps never get near a budget.
 */
final class Budget {
  private long remaining;

  Budget(long bytes) {
    this.remaining = bytes;
  }

  /** Whether this part has shown all the text it may. */
  boolean spent() {
    return remaining <= 0;
  }

  /** {@link Text#line}, charged to this budget. */
  String line(String text, int maxCodePoints) {
    return charge(Text.line(text, maxCodePoints));
  }

  /** {@link Text#paragraph}, charged to this budget. */
  String paragraph(String text, int maxCodePoints) {
    return charge(Text.paragraph(text, maxCodePoints));
  }

  private String charge(String shown) {
    if (shown != null) {
      remaining -= writtenBytes(shown);
    }
    return shown;
  }

  /** The bytes {@code text} takes in the page: HTML-escaped, in UTF-8. */
  static long writtenBytes(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> bytes += 6; // &quot;
        case '&', '\'' -> bytes += 5; // &amp; &#39;
        case '<', '>' -> bytes += 4; // &lt; &gt;
        default -> bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
      }
    }
    return bytes;
  }
}
