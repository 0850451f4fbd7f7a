package io.heaplens.hprof;

/** Converts JVM class names ({@code [Ljava/lang/Object;}, {@code [B}) to Java ones. */
public final class ClassNames {
  private ClassNames() {}

  /**
   * The Java name of a class as HPROF or the JVM writes it: {@code java/lang/String} and {@code
   * java.lang.String} give {@code java.lang.String}, {@code [B} gives {@code byte[]}, {@code
   * [[Ljava/lang/Object;} gives {@code java.lang.Object[][]}.
   */
  public static String toJavaName(String jvmName) {
    int dimensions = 0;
    while (dimensions < jvmName.length() && jvmName.charAt(dimensions) == '[') {
      dimensions++;
    }
    if (dimensions == 0) {
      return jvmName.replace('/', '.');
    }
    String element = jvmName.substring(dimensions);
    String base;
    if (element.startsWith("L") && element.endsWith(";")) {
      base = element.substring(1, element.length() - 1).replace('/', '.');
    } else if (element.length() == 1) {
      base = primitiveName(element.charAt(0));
    } else {
      base = element.replace('/', '.');
    }
    return base + "[]".repeat(dimensions);
  }

  /** The Java name of the array class whose elements have the given type, e.g. {@code int[]}. */
  static String primitiveArrayName(FieldType type) {
    return type.javaName() + "[]";
  }

  private static String primitiveName(char descriptor) {
    switch (descriptor) {
      case 'Z': return "boolean";
      case 'C': return "char";
      case 'F': return "float";
      case 'D': return "double";
      case 'B': return "byte";
      case 'S': return "short";
      case 'I': return "int";
      case 'J': return "long";
      default: return String.valueOf(descriptor);
    }
  }
}
