package io.heaplens.html;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data model the templates read: plain maps, lists, strings, numbers and booleans, so the
 * templates see exactly what the page shows (already capped, cut and formatted) and nothing else.
 */
final class Model {
  private Model() {}

  /**
   * A map of the given keys and values, in order; a null value leaves its key out, which the
   * templates test with {@code ??}.
   */
  static Map<String, Object> map(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values come in pairs");
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        map.put((String) keysAndValues[i], keysAndValues[i + 1]);
      }
    }
    return map;
  }

  /** The first {@code n} elements of a list (a null list is empty). */
  static <T> List<T> first(List<T> list, int n) {
    if (list == null) {
      return Collections.emptyList();
    }
    return list.size() <= n ? list : list.subList(0, Math.max(0, n));
  }

  /** How many elements of a list {@link #first} leaves out. */
  static int rest(List<?> list, int n) {
    return list == null ? 0 : Math.max(0, list.size() - Math.max(0, n));
  }
}
