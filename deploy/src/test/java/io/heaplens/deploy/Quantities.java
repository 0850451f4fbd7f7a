package io.heaplens.deploy;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kubernetes resource quantities ({@code 4Gi}, {@code 500m}, {@code 1e9}) as numbers. */
final class Quantities {
  private static final Pattern QUANTITY = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)([a-zA-Z]*|[eE][0-9]+)");
  private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
      Map.entry("", BigDecimal.ONE),
      Map.entry("m", new BigDecimal("0.001")),
      Map.entry("k", BigDecimal.TEN.pow(3)),
      Map.entry("M", BigDecimal.TEN.pow(6)),
      Map.entry("G", BigDecimal.TEN.pow(9)),
      Map.entry("T", BigDecimal.TEN.pow(12)),
      Map.entry("Ki", BigDecimal.valueOf(2).pow(10)),
      Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
      Map.entry("Gi", BigDecimal.valueOf(2).pow(30)),
      Map.entry("Ti", BigDecimal.valueOf(2).pow(40)));

  private Quantities() {}

  /** The value of {@code quantity} in base units (bytes for memory, cores for cpu). */
  static BigDecimal parse(Object quantity) {
    String text = String.valueOf(quantity).trim();
    Matcher matcher = QUANTITY.matcher(text);
    if (!matcher.matches()) {
      throw new AssertionError("not a Kubernetes quantity: '" + text + "'");
    }
    BigDecimal number = new BigDecimal(matcher.group(1));
    String suffix = matcher.group(2);
    if (suffix.startsWith("e") || suffix.startsWith("E")) {
      return number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
    }
    BigDecimal unit = SUFFIXES.get(suffix);
    if (unit == null) {
      throw new AssertionError("unknown suffix '" + suffix + "' in the quantity '" + text + "'");
    }
    return number.multiply(unit);
  }

  /** {@code quantity} in bytes, for memory. */
  static long bytes(Object quantity) {
    return parse(quantity).longValueExact();
  }
}
