package io.heaplens.rules.support;

import io.heaplens.hprof.HeapGraph;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * Facts derived from one heap that several rules need (the live threads, which classes have a
 * library role, the heap's reachable size), computed once per heap and shared. Rules stay
 * stateless: what is kept here is a pure function of the heap, immutable, and dropped with it.
 */
public final class PerHeap {
  private static final Map<HeapGraph, Map<String, Object>> FACTS = new WeakHashMap<>();

  private PerHeap() {}

  /**
   * The value stored for {@code key} on this heap, computing it the first time. The supplier must
   * return an immutable value that depends on the heap alone; it may call back into this method for
   * other keys.
   */
  @SuppressWarnings("unchecked")
  public static <T> T get(HeapGraph graph, String key, Supplier<T> compute) {
    synchronized (FACTS) {
      Object known = FACTS.getOrDefault(graph, Map.of()).get(key);
      if (known != null) {
        return (T) known;
      }
    }
    T value = compute.get(); // outside the lock: computing may take a while and ask for other keys
    synchronized (FACTS) {
      Map<String, Object> facts = FACTS.computeIfAbsent(graph, g -> new HashMap<>());
      Object raced = facts.putIfAbsent(key, value);
      return raced != null ? (T) raced : value;
    }
  }
}
