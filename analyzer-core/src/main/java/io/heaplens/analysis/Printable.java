package io.heaplens.analysis;

/**
 * Makes untrusted text safe to print on one line of a terminal or log. Dump contents (class,
 * thread and field names, strings) are untrusted: control characters (escape sequences, line
 * breaks) are shown as {@code \\uXXXX} so a hostile name cannot forge lines or drive the terminal.
 */
public final class Printable {
  private Printable() {}

  /** {@code text} with every ISO control character escaped; "null" for null. */
  public static String escape(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        if (out == null) {
          out = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        out.append(String.format("\\u%04x", (int) c));
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }
}
