package io.heaplens.jfr;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmc.common.IMCThread;
import org.openjdk.jmc.common.IMCType;
import org.openjdk.jmc.common.item.IAccessorKey;
import org.openjdk.jmc.common.item.IItem;
import org.openjdk.jmc.common.item.IMemberAccessor;
import org.openjdk.jmc.common.item.IType;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.unit.IUnit;
import org.openjdk.jmc.common.unit.UnitLookup;

/**
 * The fields of one event type, found by their JFR field ids ({@code parentThread},
 * {@code heapSpace:committedSize}). JMC's predefined attributes cover only some fields, and their
 * content types must match exactly; looking fields up by id reads every field of every JDK
 * version the same way. A field the type lacks reads as null.
 */
final class Fields {
  private final Map<String, IMemberAccessor<?, IItem>> accessors = new HashMap<>();

  Fields(IType<IItem> type) {
    for (IAccessorKey<?> key : type.getAccessorKeys().keySet()) {
      accessors.put(key.getIdentifier(), type.getAccessor(key));
    }
  }

  /** The accessor of a field, for loops over many events of the type; null when absent. */
  IMemberAccessor<?, IItem> accessor(String fieldId) {
    return accessors.get(fieldId);
  }

  static Object read(IMemberAccessor<?, IItem> accessor, IItem event) {
    return accessor == null ? null : accessor.getMember(event);
  }

  /** A number as a long: quantities in the given unit (null: their own), plain numbers as they are. */
  static long number(Object value, IUnit unit, long missing) {
    if (value instanceof IQuantity quantity) {
      // Most values are already in the wanted unit (timestamps in epoch nanoseconds, sizes in bytes).
      return unit == null || quantity.getUnit() == unit ? quantity.longValue() : quantity.clampedLongValueIn(unit);
    }
    if (value instanceof Number number) {
      return number.longValue();
    }
    return missing;
  }

  static long bytes(Object value, long missing) {
    return number(value, UnitLookup.BYTE, missing);
  }

  static long epochNanos(Object value, long missing) {
    return number(value, UnitLookup.EPOCH_NS, missing);
  }

  /** A timestamp, or null when absent. */
  static Instant instant(Object value) {
    if (!(value instanceof IQuantity)) {
      return null;
    }
    return instantOfNanos(epochNanos(value, 0));
  }

  static Instant instantOfNanos(long epochNanos) {
    return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
  }

  /** A timespan; JFR's "unknown" (the minimum long) and absent values read as zero. */
  static Duration duration(Object value) {
    long nanos = number(value, UnitLookup.NANOSECOND, 0);
    return nanos == Long.MIN_VALUE ? Duration.ZERO : Duration.ofNanos(nanos);
  }

  static String text(Object value) {
    if (value == null) {
      return null;
    }
    String text = value.toString();
    return text.isEmpty() ? null : text;
  }

  static boolean flag(Object value) {
    return value instanceof Boolean bool && bool;
  }

  /** A class's Java name ({@code byte[]}, {@code java.util.HashMap$Node}), or null. */
  static String className(Object value) {
    return value instanceof IMCType type ? type.getFullName() : null;
  }

  static String threadName(Object value) {
    return value instanceof IMCThread thread ? thread.getThreadName() : null;
  }

  /** The thread's Java id ({@code Thread.getId()}), or -1 when unknown. */
  static long javaThreadId(Object value) {
    if (value instanceof IMCThread thread && thread.getThreadId() != null) {
      return thread.getThreadId();
    }
    return -1;
  }
}
