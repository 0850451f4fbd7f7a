package io.heaplens.hprof;

/**
 * One stack frame of a thread, with the objects its locals hold (ROOT JAVA FRAME records).
 *
 * @param className the declaring class, Java style
 * @param methodName the method name
 * @param signature the method's JVM descriptor
 * @param sourceFile the source file name, or null
 * @param lineNumber the line number, or a negative HPROF marker (-1 unknown, -2 compiled, -3
 *     native)
 * @param localObjects dense indexes of the objects this frame's locals reference
 */
public record ThreadFrame(
    String className,
    String methodName,
    String signature,
    String sourceFile,
    int lineNumber,
    int[] localObjects) {

  /** {@code com.example.Foo.bar(Foo.java:42)}, the way Java prints a stack frame. */
  public String toStackTraceLine() {
    String location;
    if (lineNumber == -3) {
      location = "Native Method";
    } else if (sourceFile == null) {
      location = "Unknown Source";
    } else if (lineNumber > 0) {
      location = sourceFile + ":" + lineNumber;
    } else {
      location = sourceFile;
    }
    return className + "." + methodName + "(" + location + ")";
  }
}
