package io.heaplens.html;

import io.heaplens.analysis.HeapSummary.ThreadRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Threads grouped by name pattern for the thread table: 804 threads named {@code Timer-0} to
 * {@code Timer-803} are one row, {@code Timer-N × 804}, not 804 rows that push the rest of the page
 * away. A pattern is the name with every run of digits replaced by {@code N}; a thread whose pattern
 * no other thread shares keeps its own row and its own name.
 */
final class ThreadGroups {
  private static final Pattern DIGITS = Pattern.compile("\\d+");

  /**
   * @param pattern the name pattern ({@code pool-N-thread-N}), or the thread's own name when alone
   * @param threads the members, largest retained size first
   * @param retainedBytes what they retain together (their sizes summed: threads share nothing they
   *     retain, as each object has one dominator)
   */
  record Group(String pattern, List<ThreadRow> threads, long retainedBytes) {
    /** The thread whose stack stands for the group: the one retaining the most. */
    ThreadRow representative() {
      return threads.get(0);
    }

    /** The members' state when they agree, else null. */
    String commonState() {
      String state = representative().state();
      return threads.stream().allMatch(thread -> java.util.Objects.equals(thread.state(), state)) ? state : null;
    }
  }

  private ThreadGroups() {}

  /** The groups, most retained first (then the larger group, then by pattern). */
  static List<Group> of(List<ThreadRow> threads) {
    Map<String, List<ThreadRow>> byPattern = new LinkedHashMap<>();
    for (ThreadRow thread : threads) {
      byPattern.computeIfAbsent(pattern(thread.name()), key -> new ArrayList<>()).add(thread);
    }
    List<Group> groups = new ArrayList<>();
    byPattern.forEach((pattern, members) -> {
      members.sort(Comparator.comparingLong(ThreadRow::retainedBytes).reversed());
      long retained = members.stream().mapToLong(ThreadRow::retainedBytes).sum();
      groups.add(new Group(members.size() == 1 ? String.valueOf(members.get(0).name()) : pattern, members, retained));
    });
    groups.sort(Comparator.comparingLong(Group::retainedBytes).reversed()
        .thenComparing(Comparator.comparingInt((Group group) -> group.threads().size()).reversed())
        .thenComparing(Group::pattern));
    return groups;
  }

  /** {@code pool-3-thread-12} gives {@code pool-N-thread-N}; a null name gives "?". */
  static String pattern(String name) {
    return name == null ? "?" : DIGITS.matcher(name).replaceAll("N");
  }
}
