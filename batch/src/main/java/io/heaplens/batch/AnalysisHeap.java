package io.heaplens.batch;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The heap each child analysis gets. By default a share of the memory this machine (or container:
 * the JVM reads cgroup limits) has, split between the analyses that run at once, leaving room for
 * the parent and the operating system.
 */
public final class AnalysisHeap {
  private static final Pattern SIZE = Pattern.compile("[1-9][0-9]*[kKmMgG]?");
  private static final long MINIMUM_MB = 256;
  private static final double SHARE_OF_MEMORY = 0.6;

  private AnalysisHeap() {}

  /** The default heap for one of {@code parallel} analyses at once, as {@code -Xmx} takes it. */
  public static String defaultFor(int parallel) {
    long physical = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getTotalMemorySize();
    long megabytes = (long) (physical * SHARE_OF_MEMORY / Math.max(1, parallel)) >> 20;
    return Math.max(MINIMUM_MB, megabytes) + "m";
  }

  /**
   * Checks a size given by the user ({@code 4g}, {@code 512m}).
   *
   * @throws IllegalArgumentException with a one-line message when it is not a size
   */
  public static String parse(String size) {
    String trimmed = size.trim().toLowerCase(Locale.ROOT);
    if (!SIZE.matcher(trimmed).matches()) {
      throw new IllegalArgumentException("'" + size + "' is not a heap size; give a number with k, m or g,"
          + " for example 4g");
    }
    return trimmed;
  }
}
