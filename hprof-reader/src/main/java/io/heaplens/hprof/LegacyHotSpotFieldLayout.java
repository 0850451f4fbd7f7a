package io.heaplens.hprof;

import java.util.Set;

/**
 * Simulates HotSpot's field layout before JDK 15 ({@code ClassFileParser::layout_fields} with the
 * defaults {@code FieldsAllocationStyle=1} and {@code CompactFields=true}) to find instance and
 * class mirror sizes.
 *
 * <p>A class's fields start where its superclass's fields end, rounded up to the reference size:
 * gaps inside superclasses are never reused. Its own fields follow in groups: longs and doubles
 * (aligned to 8), ints and floats, shorts and chars, bytes and booleans, then references. Only the
 * one alignment gap before the longs is filled: with an int, else shorts, bytes, and a reference if
 * room is left. A few core classes of the boot loader whose field offsets the JVM hard-codes
 * ({@link #REFERENCES_FIRST}) put their references first and fill no gap. The instance size is the
 * end of the fields rounded up to 8 bytes.
 */
final class LegacyHotSpotFieldLayout {
  /**
   * The classes laid out references first, without filling gaps, when the boot loader defines
   * them (their offsets are hard-coded in the JVM); the same list in JDK 8 and 11.
   */
  static final Set<String> REFERENCES_FIRST = Set.of(
      "java.lang.AssertionStatusDirectives", "java.lang.Class", "java.lang.ClassLoader",
      "java.lang.ref.Reference", "java.lang.ref.SoftReference", "java.lang.StackTraceElement",
      "java.lang.String", "java.lang.Throwable", "java.lang.Boolean", "java.lang.Character",
      "java.lang.Float", "java.lang.Double", "java.lang.Byte", "java.lang.Short",
      "java.lang.Integer", "java.lang.Long");

  private static final int LONG_BYTES = 8;
  private static final int INT_BYTES = 4;
  private static final int SHORT_BYTES = 2;

  private LegacyHotSpotFieldLayout() {}

  /** How many fields of one class fall in each of HotSpot's size groups. */
  static final class FieldGroups {
    int longs;
    int ints;
    int shorts;
    int bytes;
    int references;

    /** Counts one field of {@code size} bytes (8, 4, 2 or 1), or a reference. */
    void add(int size, boolean reference) {
      if (reference) {
        references++;
      } else if (size == LONG_BYTES) {
        longs++;
      } else if (size == INT_BYTES) {
        ints++;
      } else if (size == SHORT_BYTES) {
        shorts++;
      } else {
        bytes++;
      }
    }
  }

  /**
   * Lays out one class's own fields.
   *
   * @param start where they start: the header size for a root class, else {@link #fieldsEnd} of
   *     the superclass
   * @param fields this class's own fields (injected ones included)
   * @param referenceBytes the reference size (4 with compressed references)
   * @param referencesFirst whether the class is one of {@link #REFERENCES_FIRST} defined by the
   *     boot loader
   * @return where the fields end, rounded up to the reference size (where a subclass starts)
   */
  static int fieldsEnd(int start, FieldGroups fields, int referenceBytes, boolean referencesFirst) {
    int longs = fields.longs;
    int ints = fields.ints;
    int shorts = fields.shorts;
    int bytes = fields.bytes;
    int references = fields.references;
    int longStart = referencesFirst ? start + references * referenceBytes : start;
    if (longs > 0) {
      int aligned = ObjectLayout.alignUp(longStart, LONG_BYTES);
      int gap = aligned - longStart;
      if (!referencesFirst && gap > 0) {
        if (ints > 0 && gap >= INT_BYTES) {
          ints--;
          gap -= INT_BYTES;
        }
        while (gap >= SHORT_BYTES && shorts > 0) {
          shorts--;
          gap -= SHORT_BYTES;
        }
        while (gap > 0 && bytes > 0) {
          bytes--;
          gap--;
        }
        if (gap >= referenceBytes && references > 0) {
          references--;
        }
      }
      longStart = aligned;
    }
    int end = longStart + longs * LONG_BYTES + ints * INT_BYTES + shorts * SHORT_BYTES + bytes;
    if (!referencesFirst && references > 0) {
      end = ObjectLayout.alignUp(end, referenceBytes) + references * referenceBytes;
    }
    return ObjectLayout.alignUp(end, referenceBytes);
  }

  /** The instance size of a class whose fields end at {@code fieldsEnd}. */
  static int instanceSize(int fieldsEnd) {
    return ObjectLayout.alignUp(fieldsEnd, ObjectLayout.OBJECT_ALIGNMENT);
  }

  /**
   * The size of a class's mirror ({@code java.lang.Class} object): a {@code java.lang.Class}
   * instance followed by the class's static fields, references first, then longs (aligned to 8),
   * ints, shorts and bytes, no gap filled; rounded up to 8 bytes.
   */
  static int mirrorSize(int classInstanceSize, FieldGroups statics, int referenceBytes) {
    int longStart = classInstanceSize + statics.references * referenceBytes;
    if (statics.longs > 0) {
      longStart = ObjectLayout.alignUp(longStart, LONG_BYTES);
    }
    int end = longStart + statics.longs * LONG_BYTES + statics.ints * INT_BYTES
        + statics.shorts * SHORT_BYTES + statics.bytes;
    return ObjectLayout.alignUp(end, ObjectLayout.OBJECT_ALIGNMENT);
  }
}
