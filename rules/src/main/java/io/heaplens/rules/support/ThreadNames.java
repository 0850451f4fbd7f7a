package io.heaplens.rules.support;

/**
 * Thread names reduced to the pattern their creator gave them: every run of digits becomes a
 * placeholder, so {@code pool-12-thread-3} and {@code pool-7-thread-1} are both {@code
 * pool-N-thread-M}, {@code Timer-118} is {@code Timer-N}, {@code OkHttp ConnectionPool} stays as
 * it is. Hex runs of 8 or more characters (ids, addresses) count as digits too.
 */
public final class ThreadNames {
  private static final String[] PLACEHOLDERS = {"N", "M", "K", "L"};

  private ThreadNames() {}

  /** The pattern of a thread name; {@code <unnamed>} for null. */
  public static String pattern(String name) {
    if (name == null) {
      return "<unnamed>";
    }
    StringBuilder pattern = new StringBuilder(name.length());
    int runs = 0;
    int i = 0;
    while (i < name.length()) {
      int end = digitRunEnd(name, i);
      if (end > i) {
        pattern.append(PLACEHOLDERS[Math.min(runs, PLACEHOLDERS.length - 1)]);
        runs++;
        i = end;
      } else {
        pattern.append(name.charAt(i));
        i++;
      }
    }
    return pattern.toString();
  }

  /** The end of the run of digits (or long hex id) starting at {@code from}; {@code from} if none. */
  private static int digitRunEnd(String name, int from) {
    int end = from;
    while (end < name.length() && Character.isDigit(name.charAt(end))) {
      end++;
    }
    if (end > from) {
      return end;
    }
    int hexEnd = from;
    while (hexEnd < name.length() && Character.digit(name.charAt(hexEnd), 16) >= 0) {
      hexEnd++;
    }
    boolean wholeToken = (from == 0 || !Character.isLetterOrDigit(name.charAt(from - 1)))
        && (hexEnd == name.length() || !Character.isLetterOrDigit(name.charAt(hexEnd)));
    return hexEnd - from >= 8 && wholeToken ? hexEnd : from;
  }
}
