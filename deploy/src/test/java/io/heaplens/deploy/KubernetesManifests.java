package io.heaplens.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The YAML documents of {@code deploy/kubernetes}, read as Kubernetes would see them: plain maps,
 * lists and scalars (SnakeYAML's safe constructor, no custom types).
 */
final class KubernetesManifests {
  private KubernetesManifests() {}

  /** The {@code deploy} directory; Maven runs the tests of this module from it. */
  static Path deployDirectory() {
    Path directory = Path.of("").toAbsolutePath();
    if (!Files.isRegularFile(directory.resolve("Containerfile"))) {
      throw new IllegalStateException("run the tests from the deploy module's directory, not " + directory);
    }
    return directory;
  }

  /** Every document of {@code deploy/kubernetes/<file>}. */
  static List<Map<String, Object>> load(String file) throws IOException {
    List<Map<String, Object>> documents = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(deployDirectory().resolve("kubernetes").resolve(file),
        StandardCharsets.UTF_8)) {
      for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(in)) {
        if (document != null) {
          documents.add(asMap(document, file));
        }
      }
    }
    return documents;
  }

  /** The one document of {@code file}; fails when it holds more or fewer. */
  static Map<String, Object> only(String file) throws IOException {
    List<Map<String, Object>> documents = load(file);
    if (documents.size() != 1) {
      throw new AssertionError(file + " holds " + documents.size() + " documents, expected one");
    }
    return documents.get(0);
  }

  /**
   * The node at {@code path} under {@code node}: map keys, or list positions as integers.
   *
   * @throws AssertionError naming the path when a step is missing
   */
  static Object at(Object node, Object... path) {
    Object current = node;
    StringBuilder walked = new StringBuilder();
    for (Object step : path) {
      walked.append('.').append(step);
      if (step instanceof Integer index && current instanceof List<?> list && index < list.size()) {
        current = list.get(index);
      } else if (step instanceof String key && current instanceof Map<?, ?> map && map.containsKey(key)) {
        current = map.get(key);
      } else {
        throw new AssertionError("no " + walked.substring(1) + " in the manifest");
      }
    }
    return current;
  }

  /** The map at {@code path}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> mapAt(Object node, Object... path) {
    return asMap(at(node, path), String.valueOf(List.of(path)));
  }

  /** The list at {@code path}. */
  static List<?> listAt(Object node, Object... path) {
    Object value = at(node, path);
    if (!(value instanceof List<?> list)) {
      throw new AssertionError(List.of(path) + " is not a list: " + value);
    }
    return list;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value, String where) {
    if (!(value instanceof Map<?, ?>)) {
      throw new AssertionError(where + " is not a mapping: " + value);
    }
    return (Map<String, Object>) value;
  }
}
