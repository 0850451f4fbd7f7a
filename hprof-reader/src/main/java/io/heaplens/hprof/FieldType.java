package io.heaplens.hprof;

/** HPROF basic types, with their type codes and their sizes in the dump. */
public enum FieldType {
  OBJECT(2, -1, "Object"),
  BOOLEAN(4, 1, "boolean"),
  CHAR(5, 2, "char"),
  FLOAT(6, 4, "float"),
  DOUBLE(7, 8, "double"),
  BYTE(8, 1, "byte"),
  SHORT(9, 2, "short"),
  INT(10, 4, "int"),
  LONG(11, 8, "long");

  private static final FieldType[] BY_CODE = new FieldType[12];

  static {
    for (FieldType type : values()) {
      BY_CODE[type.code] = type;
    }
  }

  private final int code;
  private final int primitiveSize;
  private final String javaName;

  FieldType(int code, int primitiveSize, String javaName) {
    this.code = code;
    this.primitiveSize = primitiveSize;
    this.javaName = javaName;
  }

  /** The HPROF type code. */
  public int code() {
    return code;
  }

  /** Size in bytes of a value in the dump; for OBJECT it is the dump's identifier size. */
  public int sizeInDump(int idSize) {
    return this == OBJECT ? idSize : primitiveSize;
  }

  /** The Java keyword of a primitive type ("int"), or "Object". */
  public String javaName() {
    return javaName;
  }

  /** The type for an HPROF type code, or null if the code is not valid. */
  public static FieldType ofCode(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }
}
