package io.heaplens.analysis.rules;

/**
 * The application code responsible for a finding.
 *
 * @param className the class that creates or holds the implicated objects (Java name)
 * @param method the method, when known (from a stack frame or a recording), else null
 * @param line the source line, when known, else -1
 */
public record Culprit(String className, String method, int line) {
  /** A culprit known by class only. */
  public static Culprit ofClass(String className) {
    return new Culprit(className, null, -1);
  }
}
