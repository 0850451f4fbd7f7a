package io.heaplens.html;

import java.util.List;

/**
 * Reading stack frames as the recording writes them ({@code java.util.Timer.<init>:160}, or
 * {@code com.acme.Search.run} in flame graphs): which belong to the JDK, and a short name for tight
 * places.
 */
final class Frames {
  /** Packages of the JDK: frames there are rarely what a team can change. */
  private static final List<String> JDK_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

  private Frames() {}

  /** Whether {@code frame} is a method of the JDK. */
  static boolean isJdk(String frame) {
    return frame != null && JDK_PACKAGES.stream().anyMatch(frame::startsWith);
  }

  /**
   * The frame without its package, {@code Timer.<init>:160} for {@code java.util.Timer.<init>:160}:
   * class and method tell frames apart at a glance; the full name is in the tooltip.
   */
  static String withoutPackage(String frame) {
    int end = frame.length();
    int suffix = indexOfAny(frame, ":(");
    if (suffix >= 0) {
      end = suffix;
    }
    int method = frame.lastIndexOf('.', end - 1);
    if (method <= 0) {
      return frame;
    }
    int type = frame.lastIndexOf('.', method - 1);
    return type < 0 ? frame : frame.substring(type + 1);
  }

  private static int indexOfAny(String text, String characters) {
    for (int i = 0; i < text.length(); i++) {
      if (characters.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }
}
