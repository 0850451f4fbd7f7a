package io.heaplens.hprof;

/**
 * A field's value read from the dump.
 *
 * @param type the field's type
 * @param bits the raw value: the identifier for references, the bits of primitives (floats and
 *     doubles as their IEEE bits)
 * @param object for references, the dense index of the referenced object, or -1 for null or an
 *     object missing from the dump
 */
public record FieldValue(FieldType type, long bits, int object) {

  /** Whether this is a reference that points to no object of the dump. */
  public boolean isNull() {
    return type == FieldType.OBJECT && object < 0;
  }

  public int asInt() {
    return (int) bits;
  }

  public long asLong() {
    return bits;
  }

  public boolean asBoolean() {
    return bits != 0;
  }

  public char asChar() {
    return (char) bits;
  }

  public float asFloat() {
    return Float.intBitsToFloat((int) bits);
  }

  public double asDouble() {
    return type == FieldType.FLOAT ? asFloat() : Double.longBitsToDouble(bits);
  }

  /** Integral primitives sign-extended to long (byte, short, int, long, char as unsigned). */
  public long asNumber() {
    switch (type) {
      case BYTE: return (byte) bits;
      case SHORT: return (short) bits;
      case INT: return (int) bits;
      default: return bits;
    }
  }
}
