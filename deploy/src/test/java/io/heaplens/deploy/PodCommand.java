package io.heaplens.deploy;

import static io.heaplens.deploy.KubernetesManifests.at;
import static io.heaplens.deploy.KubernetesManifests.listAt;
import static io.heaplens.deploy.KubernetesManifests.mapAt;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one container of a Job's pod: its command, and the environment Kubernetes gives it (literal
 * values, keys of the ConfigMaps it names, its own resource limits through the downward API).
 * Secrets are left out: their values are not in the repository.
 *
 * @param container the container's manifest
 * @param environment its environment variables, in the order Kubernetes sets them
 */
record PodCommand(Map<String, Object> container, Map<String, String> environment) {

  /** The container of {@code job}, with the ConfigMaps among {@code configMaps} it reads. */
  static PodCommand of(Map<String, Object> job, List<Map<String, Object>> configMaps) {
    List<?> containers = listAt(job, "spec", "template", "spec", "containers");
    if (containers.size() != 1) {
      throw new AssertionError("the Job's pod has " + containers.size() + " containers, expected one");
    }
    Map<String, Object> container = mapAt(containers, 0);
    Map<String, String> environment = new LinkedHashMap<>();
    if (container.containsKey("envFrom")) {
      for (Object source : listAt(container, "envFrom")) {
        Map<String, Object> from = mapAt(source);
        if (from.containsKey("configMapRef")) {
          environment.putAll(configMap(configMaps, String.valueOf(at(from, "configMapRef", "name"))));
        }
      }
    }
    if (container.containsKey("env")) {
      for (Object variable : listAt(container, "env")) {
        Map<String, Object> entry = mapAt(variable);
        String name = String.valueOf(at(entry, "name"));
        if (entry.containsKey("value")) {
          environment.put(name, String.valueOf(entry.get("value")));
        } else if (mapAt(entry, "valueFrom").containsKey("resourceFieldRef")) {
          environment.put(name, resourceField(container, mapAt(entry, "valueFrom", "resourceFieldRef")));
        }
      }
    }
    return new PodCommand(container, environment);
  }

  /** The container's command followed by its args. */
  List<String> command() {
    List<String> command = new ArrayList<>();
    for (Object word : listAt(container, "command")) {
      command.add(String.valueOf(word));
    }
    if (container.containsKey("args")) {
      for (Object word : listAt(container, "args")) {
        command.add(String.valueOf(word));
      }
    }
    return command;
  }

  /** The container's memory request and limit, in bytes: {@code [request, limit]}. */
  long[] memory() {
    return new long[] {Quantities.bytes(at(container, "resources", "requests", "memory")),
        Quantities.bytes(at(container, "resources", "limits", "memory"))};
  }

  /**
   * Runs the command on this machine with the pod's environment plus {@code extra}, with {@code
   * bin} first on the PATH (where a test puts programs that stand in for the image's), and returns
   * the lines it printed on stdout.
   */
  List<String> run(Path bin, Map<String, String> extra) throws IOException, InterruptedException {
    Path output = Files.createTempFile(bin, "stdout", ".txt");
    int exit = exitCode(bin, extra, output);
    if (exit != 0) {
      throw new AssertionError("the container's command exited with " + exit + ": " + Files.readString(
          output.resolveSibling(output.getFileName() + ".err"), StandardCharsets.UTF_8));
    }
    return Files.readAllLines(output, StandardCharsets.UTF_8);
  }

  /**
   * Runs the command as {@link #run} does and returns its exit code: the pod's, which decides
   * whether Kubernetes counts the pod as succeeded. Stdout goes to {@code output}, stderr next to it.
   */
  int exitCode(Path bin, Map<String, String> extra, Path output) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command());
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.environment().putAll(extra);
    builder.environment().put("PATH", bin + ":/usr/bin:/bin");
    Path errors = output.resolveSibling(output.getFileName() + ".err");
    Process process = builder.redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the container's command did not finish in 30 s: " + command());
    }
    return process.exitValue();
  }

  private static Map<String, String> configMap(List<Map<String, Object>> configMaps, String name) {
    for (Map<String, Object> configMap : configMaps) {
      if ("ConfigMap".equals(configMap.get("kind")) && name.equals(at(configMap, "metadata", "name"))) {
        Map<String, String> data = new LinkedHashMap<>();
        mapAt(configMap, "data").forEach((key, value) -> data.put(key, String.valueOf(value)));
        return data;
      }
    }
    throw new AssertionError("the ConfigMap " + name + " is not among the manifests");
  }

  /** The downward API's value: the container's request or limit divided by the divisor, rounded up. */
  private static String resourceField(Map<String, Object> container, Map<String, Object> reference) {
    if (!at(reference, "containerName").equals(at(container, "name"))) {
      throw new AssertionError("resourceFieldRef names the container " + reference.get("containerName")
          + ", not " + container.get("name"));
    }
    String[] resource = String.valueOf(at(reference, "resource")).split("\\.");
    BigDecimal value = Quantities.parse(at(container, "resources", resource[0], resource[1]));
    BigDecimal divisor = Quantities.parse(reference.getOrDefault("divisor", "1"));
    return value.divide(divisor, 0, RoundingMode.CEILING).toPlainString();
  }

  @Override
  public String toString() {
    return String.join(" ", command()) + " with " + Arrays.toString(environment.keySet().toArray());
  }
}
