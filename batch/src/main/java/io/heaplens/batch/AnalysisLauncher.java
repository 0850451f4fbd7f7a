package io.heaplens.batch;

import java.nio.file.Path;
import java.util.List;

/**
 * How to start the {@code analyze} command in a new JVM: the java executable, the class path and
 * the main class. Scan and serve run every analysis this way, so an analysis that exhausts its
 * heap, crashes or hangs ends alone.
 *
 * @param java the java executable
 * @param classPath the class path of the child
 * @param mainClass the class whose main method takes {@code analyze <inputs> [options]}
 */
public record AnalysisLauncher(Path java, String classPath, String mainClass) {
  /** The JVM and class path this process runs with. */
  public static AnalysisLauncher currentJvm(String mainClass) {
    return new AnalysisLauncher(Path.of(System.getProperty("java.home"), "bin", "java"),
        System.getProperty("java.class.path"), mainClass);
  }

  /** The command line that starts the child JVM with {@code jvmOptions}, up to the main class. */
  List<String> command(List<String> jvmOptions) {
    List<String> command = new java.util.ArrayList<>();
    command.add(java.toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath);
    command.add(mainClass);
    return command;
  }
}
