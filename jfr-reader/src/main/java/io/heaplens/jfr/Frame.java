package io.heaplens.jfr;

/**
 * One frame of a recorded stack trace.
 *
 * @param className the declaring class, Java name ({@code com.acme.SearchLogic})
 * @param methodName the method name ({@code <init>} for constructors)
 * @param lineNumber the source line, or -1 when the recording has none
 */
public record Frame(String className, String methodName, int lineNumber) {
  /** {@code com.acme.SearchLogic.<init>:42}, or without {@code :line} when unknown. */
  @Override
  public String toString() {
    return lineNumber >= 0 ? className + "." + methodName + ":" + lineNumber : className + "." + methodName;
  }
}
