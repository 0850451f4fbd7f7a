package io.heaplens.analysis.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a finding rests on, in numbers.
 *
 * <p>Null collections become empty ones. Reports show {@code counts} and {@code facts} in the
 * map's order when it has one ({@link LinkedHashMap}, {@link SortedMap}); other maps (such as
 * {@code Map.of}, whose order changes from run to run) are sorted by key, so that output is the
 * same on every run.
 *
 * @param retainedBytes retained size of the implicated objects taken as one set
 * @param count how many implicated objects (threads, clients, buffers, ...)
 * @param counts further named counts ("threads": 1843, "executors": 1843, "sockets": 400)
 * @param facts further named facts as text ("size distribution": "p50 1.0 MB, max 8.0 MB")
 * @param examples up to a handful of implicated objects with their paths from a GC root
 * @param holdingThreads threads whose stacks hold implicated objects, with the frames
 * @param stacks creating or allocating stack traces from the recording, heaviest first
 */
public record Evidence(
    long retainedBytes, long count, Map<String, Long> counts, Map<String, String> facts,
    List<ExampleObject> examples, List<String> holdingThreads, List<RecordedStack> stacks) {

  public Evidence {
    counts = ordered(counts);
    facts = ordered(facts);
    examples = examples == null ? List.of() : List.copyOf(examples);
    holdingThreads = holdingThreads == null ? List.of() : List.copyOf(holdingThreads);
    stacks = stacks == null ? List.of() : List.copyOf(stacks);
  }

  /** Evidence from the heap dump alone: no recorded stacks. */
  public Evidence(
      long retainedBytes, long count, Map<String, Long> counts, Map<String, String> facts,
      List<ExampleObject> examples, List<String> holdingThreads) {
    this(retainedBytes, count, counts, facts, examples, holdingThreads, List.of());
  }

  /** This evidence with {@code more} facts (after its own) and {@code stacks} in place of its stacks. */
  public Evidence withRecording(Map<String, String> more, List<RecordedStack> recordedStacks) {
    Map<String, String> joined = new LinkedHashMap<>(facts);
    joined.putAll(more);
    return new Evidence(retainedBytes, count, counts, joined, examples, holdingThreads, recordedStacks);
  }

  /** No numbers beyond the claim. */
  public static Evidence none() {
    return new Evidence(0, 0, Map.of(), Map.of(), List.of(), List.of(), List.of());
  }

  /** Retained bytes and a count, nothing more. */
  public static Evidence of(long retainedBytes, long count) {
    return new Evidence(retainedBytes, count, Map.of(), Map.of(), List.of(), List.of(), List.of());
  }

  private static <V> Map<String, V> ordered(Map<String, V> map) {
    if (map == null || map.isEmpty()) {
      return Map.of();
    }
    Map<String, V> copy = map instanceof LinkedHashMap || map instanceof SortedMap
        ? new LinkedHashMap<>(map) : new TreeMap<>(map);
    return Collections.unmodifiableMap(copy);
  }
}
